#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>

#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/formats/CsvWriter.h"
#include "sabot/formats/JsonLinesWriter.h"

namespace sabot::formats {
namespace {

using namespace columnar;

RecordBatchPtr makeBatch(std::vector<FieldPtr> fields, std::vector<Array> columns) {
  return RecordBatch::make(schema(std::move(fields)), std::move(columns)).valueOrDie();
}

Array makeDecimals(const DataTypePtr& type, const std::vector<std::optional<__int128>>& values) {
  Decimal128Builder builder(type);
  for (const auto& value : values)
    SABOT_CHECK_OK(value ? builder.append(*value) : builder.appendNull());
  return builder.finish().valueOrDie();
}

Array makeIntLists(const std::vector<std::optional<std::vector<std::optional<int64_t>>>>& lists) {
  ListBuilder builder(list(int64()), std::make_unique<NumericBuilder<int64_t>>(int64()));
  auto* values = static_cast<NumericBuilder<int64_t>*>(builder.valueBuilder());
  for (const auto& entry : lists) {
    if (!entry) {
      SABOT_CHECK_OK(builder.appendNull());
      continue;
    }
    SABOT_CHECK_OK(builder.append());
    for (const auto& value : *entry) SABOT_CHECK_OK(values->append(value));
  }
  return builder.finish().valueOrDie();
}

TEST(CsvWriterTest, QuotesOnlyWhatNeedsIt) {
  auto batch = makeBatch({field("id", int64()), field("text", utf8())},
                         {makeArray<int64_t>(int64(), {1, 2, 3, 4, 5, 6, 7, std::nullopt}),
                          makeStringArray({"plain", "a,b", "say \"hi\"", "two\nlines", "", "NULL",
                                           std::nullopt, "cr\r"})});
  auto text = CsvWriter::toString(*batch);
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(*text,
            "id,text\n"
            "1,plain\n"
            "2,\"a,b\"\n"
            "3,\"say \"\"hi\"\"\"\n"
            "4,\"two\nlines\"\n"
            "5,\"\"\n"
            "6,\"NULL\"\n"
            "7,\n"
            ",\"cr\r\"\n");
}

TEST(CsvWriterTest, Options) {
  auto batch =
      makeBatch({field("a b", utf8()), field("n", float64())},
                {makeStringArray({"x;y", "z"}), makeArray<double>(float64(), {std::nullopt, 2.5})});
  CsvWriteOptions options;
  options.delimiter = ';';
  options.quote = '\'';
  options.nullString = "NA";
  options.lineTerminator = "\r\n";
  options.quoteAllText = true;
  EXPECT_EQ(*CsvWriter::toString(*batch, options), "'a b';'n'\r\n'x;y';NA\r\n'z';2.5\r\n");
  options = {};
  options.header = false;
  EXPECT_EQ(*CsvWriter::toString(*batch, options), "x;y,\nz,2.5\n");
}

TEST(CsvWriterTest, LeadingByteOrderMarkIsQuoted) {
  auto batch = makeBatch({field("\xEF\xBB\xBF"
                                "a",
                                utf8())},
                         {makeStringArray({"\xEF\xBB\xBFx"})});
  EXPECT_EQ(*CsvWriter::toString(*batch),
            "\"\xEF\xBB\xBF"
            "a\"\n\xEF\xBB\xBFx\n");
  CsvWriteOptions options;
  options.header = false;
  EXPECT_EQ(*CsvWriter::toString(*batch, options), "\"\xEF\xBB\xBFx\"\n");
}

TEST(CsvWriterTest, OneColumnNullsStayVisible) {
  auto batch =
      makeBatch({field("a", int64())}, {makeArray<int64_t>(int64(), {1, std::nullopt, 3})});
  EXPECT_EQ(*CsvWriter::toString(*batch), "a\n1\nNULL\n3\n");
}

TEST(CsvWriterTest, EveryType) {
  auto batch = makeBatch(
      {field("b", boolean()), field("i8", int8()), field("u64", uint64()), field("f32", float32()),
       field("f64", float64()), field("bin", binary()),
       field("ts", timestamp(TimeUnit::kMilli, "UTC")), field("ts_s", timestamp(TimeUnit::kSecond)),
       field("d", date32()), field("dec", decimal128(10, 3)),
       field("dict", dictionary(int32(), utf8())), field("l", list(int64())),
       field("st", struct_({field("x", int64()), field("s", utf8())}))},
      {makeBoolArray({true, false}), makeArray<int8_t>(int8(), {-128, 127}),
       makeArray<uint64_t>(uint64(), {std::numeric_limits<uint64_t>::max(), 0}),
       makeArray<float>(float32(), {0.1f, -std::numeric_limits<float>::infinity()}),
       makeArray<double>(float64(), {1.0, std::nan("")}), makeStringArray({"a,\x01", ""}, binary()),
       makeArray<int64_t>(timestamp(TimeUnit::kMilli, "UTC"), {1704067200001, -1}),
       makeArray<int64_t>(timestamp(TimeUnit::kSecond), {0, 86399}),
       makeArray<int32_t>(date32(), {0, 19782}), makeDecimals(decimal128(10, 3), {-1, 1234567}),
       [] {
         DictionaryBuilder builder(dictionary(int32(), utf8()));
         SABOT_CHECK_OK(builder.append("red"));
         SABOT_CHECK_OK(builder.append("blue"));
         return builder.finish().valueOrDie();
       }(),
       makeIntLists({std::vector<std::optional<int64_t>>{1, std::nullopt},
                     std::vector<std::optional<int64_t>>{}}),
       [] {
         StructBuilder builder(struct_({field("x", int64()), field("s", utf8())}), [] {
           std::vector<std::unique_ptr<ArrayBuilder>> children;
           children.push_back(std::make_unique<NumericBuilder<int64_t>>(int64()));
           children.push_back(std::make_unique<StringBuilder>(utf8()));
           return children;
         }());
         SABOT_CHECK_OK(
             static_cast<NumericBuilder<int64_t>*>(builder.fieldBuilder(0))->append(int64_t{1}));
         SABOT_CHECK_OK(static_cast<StringBuilder*>(builder.fieldBuilder(1))->append("q\""));
         SABOT_CHECK_OK(builder.append());
         SABOT_CHECK_OK(builder.appendNull());
         return builder.finish().valueOrDie();
       }()});
  auto text = CsvWriter::toString(*batch);
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(*text,
            "b,i8,u64,f32,f64,bin,ts,ts_s,d,dec,dict,l,st\n"
            "true,-128,18446744073709551615,0.1,1.0,\"a,\x01\",2024-01-01T00:00:00.001Z,1970-01-"
            "01T00:00:00,"
            "1970-01-01,-0.001,red,\"[1,null]\",\"{\"\"x\"\":1,\"\"s\"\":\"\"q\\\"\"\"\"}\"\n"
            "false,127,0,-Infinity,NaN,\"\",1969-12-31T23:59:59.999Z,1970-01-01T23:59:59,2024-02-"
            "29,1234.567,"
            "blue,[],\n");
}

TEST(CsvWriterTest, RejectsAnotherSchemaAndWritesFiles) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("sabot_csvw_" + std::to_string(::getpid()) + ".csv");
  auto batch = makeBatch({field("a", int64())}, {makeArray<int64_t>(int64(), {1, 2})});
  auto writer = CsvWriter::make(path, batch->schema());
  ASSERT_TRUE(writer.ok()) << writer.status();
  ASSERT_TRUE((*writer)->write(*batch).ok());
  ASSERT_TRUE((*writer)->write(*batch).ok());
  auto other = makeBatch({field("b", int64())}, {makeArray<int64_t>(int64(), {1})});
  EXPECT_TRUE((*writer)->write(*other).isTypeError());
  ASSERT_TRUE((*writer)->close().ok());
  EXPECT_EQ((*writer)->rowsWritten(), 4);
  EXPECT_EQ((*writer)->write(*batch).toString(),
            "Invalid: write to a closed CsvWriter ('" + path.string() + "')");
  std::ifstream in(path);
  std::stringstream contents;
  contents << in.rdbuf();
  EXPECT_EQ(contents.str(), "a\n1\n2\n1\n2\n");
  std::filesystem::remove(path);

  auto bad = CsvWriter::make(std::filesystem::path("/nonexistent/dir/x.csv"), batch->schema());
  EXPECT_EQ(
      bad.status().toString(),
      "I/O error: cannot open '/nonexistent/dir/x.csv' for writing: No such file or directory");
}

TEST(JsonLinesWriterTest, ExactOutput) {
  auto batch = makeBatch(
      {field("id", int64()), field("name", utf8()), field("score", float64()),
       field("ok", boolean()), field("at", timestamp(TimeUnit::kMicro)),
       field("tags", list(int64()))},
      {makeArray<int64_t>(int64(), {1, std::nullopt}),
       makeStringArray({"a\"b\\c\n\x01é", std::nullopt}),
       makeArray<double>(float64(), {0.1, std::numeric_limits<double>::infinity()}),
       makeBoolArray({true, std::nullopt}),
       makeArray<int64_t>(timestamp(TimeUnit::kMicro), {1, std::nullopt}),
       makeIntLists({std::vector<std::optional<int64_t>>{1, std::nullopt, 3}, std::nullopt})});
  auto text = JsonLinesWriter::toString(*batch);
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(
      *text,
      "{\"id\":1,\"name\":\"a\\\"b\\\\c\\n\\u0001é\",\"score\":0.1,\"ok\":true,"
      "\"at\":\"1970-01-01T00:00:00.000001\",\"tags\":[1,null,3]}\n"
      "{\"id\":null,\"name\":null,\"score\":\"Infinity\",\"ok\":null,\"at\":null,\"tags\":null}\n");
  JsonWriteOptions options;
  options.writeNulls = false;
  EXPECT_EQ(JsonLinesWriter::toString(*batch->slice(1, 1), options).valueOrDie(),
            "{\"score\":\"Infinity\"}\n");
}

TEST(JsonLinesWriterTest, InvalidUtf8IsAnError) {
  auto batch = makeBatch({field("s", utf8())}, {makeStringArray({"ok", "\xff"})});
  auto text = JsonLinesWriter::toString(*batch);
  EXPECT_EQ(text.status().toString(),
            "Invalid: column 's', row 1: a utf8 value is not valid UTF-8");
}

// nlohmann::json is the independent oracle: every line must parse, and hold
// the values that went in.
TEST(JsonLinesWriterTest, NlohmannReadsWhatWeWrite) {
  std::vector<std::optional<std::string>> strings = {
      "", "plain", "quote\" backslash\\ slash/", "\b\f\n\r\t\x1f\x7f", "é€😀", std::nullopt};
  std::vector<std::optional<double>> doubles = {0.0, -0.0, 0.1, 1e300, 5e-324, -123456.789};
  std::vector<std::optional<int64_t>> ints = {std::numeric_limits<int64_t>::min(),
                                              std::numeric_limits<int64_t>::max(),
                                              0,
                                              -1,
                                              42,
                                              std::nullopt};
  auto batch = makeBatch(
      {field("s", utf8()), field("d", float64()), field("i", int64()), field("b", binary())},
      {makeStringArray(strings), makeArray<double>(float64(), doubles),
       makeArray<int64_t>(int64(), ints),
       makeStringArray({"", std::string("\x00\xff", 2), "abc", "abcd", std::nullopt, "\xfb\xff"},
                       binary())});
  auto text = JsonLinesWriter::toString(*batch);
  ASSERT_TRUE(text.ok()) << text.status();
  std::istringstream lines(*text);
  std::string line;
  const std::vector<std::string> base64 = {"", "AP8=", "YWJj", "YWJjZA==", "", "+/8="};
  for (size_t row = 0; row < strings.size(); ++row) {
    ASSERT_TRUE(std::getline(lines, line));
    nlohmann::json parsed = nlohmann::json::parse(line);  // throws (fails the test) if invalid
    ASSERT_TRUE(parsed.is_object());
    EXPECT_EQ(parsed.size(), 4u);
    if (strings[row]) {
      EXPECT_EQ(parsed["s"].get<std::string>(), *strings[row]);
    } else {
      EXPECT_TRUE(parsed["s"].is_null());
    }
    EXPECT_TRUE(parsed["d"].is_number_float()) << line;
    const double d = parsed["d"].get<double>();
    EXPECT_EQ(d, *doubles[row]);
    EXPECT_EQ(std::signbit(d), std::signbit(*doubles[row]));
    if (ints[row]) {
      EXPECT_EQ(parsed["i"].get<int64_t>(), *ints[row]);
    } else {
      EXPECT_TRUE(parsed["i"].is_null());
    }
    if (row == 4) {
      EXPECT_TRUE(parsed["b"].is_null());
    } else {
      EXPECT_EQ(parsed["b"].get<std::string>(), base64[row]);
    }
  }
  EXPECT_FALSE(std::getline(lines, line));
}

}  // namespace
}  // namespace sabot::formats
