#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "sabot/formats/Base64.h"
#include "sabot/formats/JsonEscape.h"
#include "sabot/formats/JsonParser.h"

namespace sabot::formats {
namespace {

bool parses(std::string_view text) {
  JsonParser parser;
  JsonTape tape;
  JsonSyntaxError error;
  return parser.parse(text, tape, error);
}

bool nlohmannAccepts(std::string_view text) {
  return nlohmann::json::accept(text.begin(), text.end());
}

// nlohmann::json is the oracle for what is and is not JSON.
TEST(JsonParserTest, AgreesWithNlohmannOnValidity) {
  const std::vector<std::string> inputs = {
      "{}",
      "[]",
      "null",
      "true",
      "false",
      "0",
      "-0",
      "1.5",
      "-1e10",
      "1E+2",
      "1e-2",
      "\"\"",
      R"({"a":[1,{"b":null}],"c":"\u00e9\ud83d\ude00\n"})",
      " { \"a\" : 1 } ",
      "[1,2,3]",
      "01",
      "1.",
      ".5",
      "+1",
      "-",
      "1e",
      "1e+",
      "[1,]",
      "{\"a\":1,}",
      "{a:1}",
      "{'a':1}",
      "[",
      "{",
      "\"abc",
      "\"\\x\"",
      "\"\\u12\"",
      "\"\\ud800\"",
      "\"\\udc00\"",
      "\"\\ud800\\u0041\"",
      "\"\t\"",
      "tru",
      "nul",
      "truex",
      "[1 2]",
      "{\"a\" 1}",
      "1 2",
      "\"\xff\"",
      "\"\xc0\xaf\"",
      "\"\xed\xa0\x80\"",
      "\"\xf4\x90\x80\x80\"",
      "\"\xe2\x82\xac\"",
      "NaN",
      "Infinity",
      "[-]",
      "{\"a\":}",
      "",
  };
  for (const auto& input : inputs) EXPECT_EQ(parses(input), nlohmannAccepts(input)) << input;
}

TEST(JsonParserTest, TapeLayout) {
  JsonParser parser;
  JsonTape tape;
  JsonSyntaxError error;
  ASSERT_TRUE(parser.parse(R"({"a":[1,2.5],"b\n":"x\"y"})", tape, error));
  ASSERT_EQ(tape.nodes.size(), 7u);
  EXPECT_EQ(tape.nodes[0].kind, JsonKind::kObject);
  EXPECT_EQ(tape.nodes[0].count, 2u);
  EXPECT_EQ(tape.nodes[0].end, 7u);
  EXPECT_EQ(tape.string(1), "a");
  EXPECT_EQ(tape.nodes[2].kind, JsonKind::kArray);
  EXPECT_EQ(tape.raw(2), "[1,2.5]");
  EXPECT_EQ(tape.nodes[2].end, 5u);
  EXPECT_TRUE(tape.nodes[3].integer);
  EXPECT_FALSE(tape.nodes[4].integer);
  EXPECT_EQ(tape.raw(4), "2.5");
  EXPECT_EQ(tape.string(5), "b\n");
  EXPECT_EQ(tape.string(6), "x\"y");
  EXPECT_EQ(tape.raw(6), R"("x\"y")");
}

TEST(JsonEscapeTest, EscapesAndRoundTripsThroughNlohmann) {
  std::string all;
  for (int c = 1; c < 128; ++c) all += static_cast<char>(c);
  all += "é€😀";
  std::string out;
  ASSERT_TRUE(appendJsonString(out, all));
  EXPECT_EQ(nlohmann::json::parse(out).get<std::string>(), all);
  out.clear();
  EXPECT_FALSE(appendJsonString(out, "\xff"));
  out.clear();
  appendJsonStringLossy(out, "a\xffz");
  EXPECT_EQ(out, "\"a\xEF\xBF\xBDz\"");
}

TEST(Base64Test, EncodesAndDecodes) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", ""},        {"f", "Zg=="},        {"fo", "Zm8="},
      {"foo", "Zm9v"}, {"foob", "Zm9vYg=="}, {"\xfb\xff", "+/8="}};
  for (const auto& [plain, encoded] : cases) {
    std::string out;
    appendBase64(out, plain);
    EXPECT_EQ(out, encoded);
    std::string decoded;
    EXPECT_TRUE(decodeBase64(encoded, decoded)) << encoded;
    EXPECT_EQ(decoded, plain);
  }
  std::string decoded;
  EXPECT_TRUE(decodeBase64("Zm8", decoded));  // padding is optional
  EXPECT_EQ(decoded, "fo");
  for (const std::string bad : {"Z", "Zm9v!", "Zh==", "Zm=", "====", "Z==="}) {
    std::string ignored;
    EXPECT_FALSE(decodeBase64(bad, ignored)) << bad;
  }
}

}  // namespace
}  // namespace sabot::formats
