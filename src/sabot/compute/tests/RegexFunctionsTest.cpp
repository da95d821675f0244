#include "sabot/compute/RegexFunctions.h"

#include <gtest/gtest.h>

#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/compute/Expression.h"
#include "sabot/compute/tests/ArrayMatchers.h"

namespace sabot::compute {
namespace {

using columnar::makeStringArray;
using testing::expectArrayEquals;

constexpr auto N = std::nullopt;
constexpr const char* kChannelId = "(&|^)channel_id=([^&]*)";

TEST(RegexFunctionsTest, ExtractsNexmarkChannelIds) {
  const Array urls = makeStringArray({"https://www.nexmark.com/a/b/c/item.htm?query=1&channel_id=1234",
                                      "https://www.nexmark.com/a/b/c/item.htm?query=1", N,
                                      "channel_id=7&x=1", "https://x/item.htm?query=1&channel_id=&y", ""});
  expectArrayEquals(*regexpExtract(urls, kChannelId, 2), makeStringArray({"1234", N, N, "7", "", N}));
  // Group 0: the whole match; group 1: the '&' or nothing ('^').
  expectArrayEquals(*regexpExtract(urls.slice(3, 1), kChannelId, 0), makeStringArray({"channel_id=7"}));
  expectArrayEquals(*regexpExtract(urls.slice(3, 1), kChannelId, 1), makeStringArray({""}));
  expectArrayEquals(*regexpExtract(urls.slice(0, 1), kChannelId, 1), makeStringArray({"&"}));
}

TEST(RegexFunctionsTest, GroupsThatDidNotTakePartAreNull) {
  const Array values = makeStringArray({"ab", "b"});
  expectArrayEquals(*regexpExtract(values, "(a)?b", 1), makeStringArray({"a", N}));
  // The first match wins.
  expectArrayEquals(*regexpExtract(makeStringArray({"x1y22z333"}), "[0-9]+"), makeStringArray({"1"}));
}

TEST(RegexFunctionsTest, BadPatternsAndGroupsAreErrors) {
  const Array values = makeStringArray({"a"});
  auto unclosed = regexpExtract(values, "(a", 1);
  ASSERT_FALSE(unclosed.ok());
  EXPECT_EQ(unclosed.status().code(), StatusCode::kInvalid);
  EXPECT_NE(unclosed.status().message().find("'(a'"), std::string::npos) << unclosed.status().toString();
  EXPECT_EQ(regexpExtract(values, "(a)", 2).status().code(), StatusCode::kInvalid);
  EXPECT_EQ(regexpExtract(values, "(a)", -1).status().code(), StatusCode::kInvalid);
  EXPECT_EQ(regexpExtract(columnar::makeBoolArray({true}), "a").status().code(), StatusCode::kTypeError);
}

TEST(RegexFunctionsTest, RegisteredAndCheckedAtBind) {
  auto schema = columnar::schema({columnar::field("url", columnar::utf8())});
  auto batch = *columnar::RecordBatch::make(schema, {makeStringArray({"q=1&channel_id=42", "q=2"})});
  auto bound = bind(call("regexp_extract", {col("url"), lit(kChannelId), lit(2)}), *schema);
  ASSERT_TRUE(bound.ok()) << bound.status().toString();
  expectArrayEquals(*evaluate(*bound, *batch), makeStringArray({"42", N}));
  EXPECT_EQ(bind(call("regexp_extract", {col("url"), lit("(x")}), *schema).status().code(), StatusCode::kInvalid);
  EXPECT_EQ(bind(call("regexp_extract", {col("url"), lit("x"), lit(1)}), *schema).status().code(),
            StatusCode::kInvalid);
  EXPECT_EQ(bind(call("regexp_extract", {col("url"), col("url")}), *schema).status().code(), StatusCode::kTypeError);
}

}  // namespace
}  // namespace sabot::compute
