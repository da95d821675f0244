#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/formats/JsonLinesReader.h"
#include "sabot/io/BufferOutputStream.h"

namespace sabot::formats {
namespace {

using columnar::RecordBatchPtr;
using columnar::TimeUnit;

std::unique_ptr<JsonLinesReader> open(std::string text, JsonReadOptions options = {}) {
  auto reader = JsonLinesReader::fromString(std::move(text), std::move(options));
  EXPECT_TRUE(reader.ok()) << reader.status();
  return std::move(reader).valueOrDie();
}

std::vector<RecordBatchPtr> readAll(JsonLinesReader& reader) {
  auto batches = reader.readAll();
  EXPECT_TRUE(batches.ok()) << batches.status();
  return batches.ok() ? *batches : std::vector<RecordBatchPtr>{};
}

std::string columnText(const std::vector<RecordBatchPtr>& batches, int index) {
  std::string out = "[";
  for (const auto& batch : batches) {
    const columnar::Array& column = batch->column(index);
    for (int64_t row = 0; row < column.length(); ++row) {
      if (out.size() > 1) out += ", ";
      const bool quoted = column.isValid(row) && isStringLike(column.typeId());
      out += quoted ? "\"" + column.formatValue(row) + "\"" : column.formatValue(row);
    }
  }
  return out + "]";
}

JsonReadOptions withSchema(columnar::SchemaPtr schema) {
  JsonReadOptions options;
  options.schema = std::move(schema);
  return options;
}

TEST(JsonLinesReaderTest, InfersTypesInOrderOfFirstAppearance) {
  auto reader = open(
      R"({"id":1,"price":1.5,"ok":true,"name":"a","day":"2024-01-01","at":"2024-01-01T10:00:00Z","none":null})"
      "\n"
      R"({"id":2,"price":2,"ok":false,"name":"b","day":"2024-01-02","at":"2024-01-01T10:00:00.5+02:00","extra":[1]})"
      "\n"
      R"({"mixed":1,"tags":["x","y"],"user":{"age":30,"tz":"CET"}})"
      "\n"
      R"({"mixed":"s","tags":[],"user":{"age":null,"nick":"n"}})"
      "\n");
  EXPECT_EQ(reader->schema()->toString(),
            columnar::schema(
                {
                    columnar::field("id", columnar::int64()),
                    columnar::field("price", columnar::float64()),
                    columnar::field("ok", columnar::boolean()),
                    columnar::field("name", columnar::utf8()),
                    columnar::field("day", columnar::date32()),
                    columnar::field("at", columnar::timestamp(TimeUnit::kMicro, "UTC")),
                    columnar::field("none", columnar::utf8()),
                    columnar::field("extra", columnar::list(columnar::int64())),
                    columnar::field("mixed", columnar::utf8()),
                    columnar::field("tags", columnar::list(columnar::utf8())),
                    columnar::field("user",
                                    columnar::struct_({columnar::field("age", columnar::int64()),
                                                       columnar::field("tz", columnar::utf8()),
                                                       columnar::field("nick", columnar::utf8())})),
                })
                ->toString());
  auto batches = readAll(*reader);
  ASSERT_EQ(batches.size(), 1u);
  EXPECT_EQ(columnText(batches, 0), "[1, 2, null, null]");
  EXPECT_EQ(columnText(batches, 1), "[1.5, 2, null, null]");
  EXPECT_EQ(columnText(batches, 5),
            "[2024-01-01 10:00:00, 2024-01-01 08:00:00.500000, null, null]");
  EXPECT_EQ(columnText(batches, 8), R"([null, null, "1", "s"])");
  EXPECT_EQ(columnText(batches, 9), R"([null, null, ["x", "y"], []])");
  EXPECT_EQ(columnText(batches, 10),
            "[null, null, {age: 30, tz: CET, nick: null}, {age: null, tz: null, nick: n}]");
  for (const auto& column : batches[0]->columns()) {
    EXPECT_TRUE(columnar::validateArray(*column.data()).ok()) << column.type()->toString();
  }
}

TEST(JsonLinesReaderTest, NumbersBeyondInt64AreFloats) {
  auto reader = open("{\"a\":1}\n{\"a\":18446744073709551615}\n");
  EXPECT_EQ(reader->schema()->field(0)->type()->toString(), "float64");
}

TEST(JsonLinesReaderTest, MissingKeysAreNullAndUnknownKeysIgnored) {
  using namespace columnar;
  auto schema = columnar::schema({field("a", int32()), field("b", utf8())});
  auto reader = open("{\"b\":\"x\",\"zzz\":[1,{\"q\":2}]}\n{\"a\":5}\n{}\n", withSchema(schema));
  auto batches = readAll(*reader);
  EXPECT_EQ(columnText(batches, 0), "[null, 5, null]");
  EXPECT_EQ(columnText(batches, 1), R"(["x", null, null])");
}

TEST(JsonLinesReaderTest, KeysAfterTheSampleAreIgnored) {
  JsonReadOptions options;
  options.inferenceRows = 1;
  auto reader = open("{\"a\":1}\n{\"a\":2,\"late\":true}\n", options);
  EXPECT_EQ(reader->schema()->numFields(), 1);
  EXPECT_EQ(columnText(readAll(*reader), 0), "[1, 2]");
}

TEST(JsonLinesReaderTest, ConvertsToEveryType) {
  using namespace columnar;
  auto schema = columnar::schema({
      field("bool", boolean()),
      field("i8", int8()),
      field("u64", uint64()),
      field("f32", float32()),
      field("f64", float64()),
      field("s", utf8()),
      field("ls", largeUtf8()),
      field("bin", binary()),
      field("ts", timestamp(TimeUnit::kMilli, "UTC")),
      field("date", date32()),
      field("dec", decimal128(20, 3)),
      field("dict", dictionary(int8(), utf8())),
      field("list", list(list(int16()))),
      field("st", struct_({field("x", int64()), field("y", struct_({field("z", boolean())}))})),
  });
  auto reader = open(
      R"({"bool":true,"i8":-128,"u64":18446744073709551615,"f32":0.1,"f64":-1e-300,"s":"a\"\u00e9\ud83d\ude00","ls":"L",)"
      R"("bin":"AP8=","ts":"2024-01-01T00:00:00.001Z","date":"2024-02-29","dec":"-12345678901234567.891",)"
      R"("dict":"k","list":[[1,2],null,[]],"st":{"x":1,"y":{"z":false}}})"
      "\n"
      R"({"bool":false,"i8":127,"u64":0,"f32":"NaN","f64":"-Infinity","s":12.50,"ls":{"a":[1, 2]},)"
      R"("bin":"","ts":1,"date":-1,"dec":1.5,"dict":"k","list":[],"st":{"y":null}})"
      "\n"
      R"({"bool":null})"
      "\n",
      withSchema(schema));
  auto batches = readAll(*reader);
  ASSERT_EQ(batches.size(), 1u);
  const auto& batch = *batches[0];
  EXPECT_EQ(batch.column(0).toString(), "[true, false, null]");
  EXPECT_EQ(batch.column(1).toString(), "[-128, 127, null]");
  EXPECT_EQ(batch.column(2).toString(), "[18446744073709551615, 0, null]");
  EXPECT_EQ(batch.column(3).value<float>(0), 0.1f);
  EXPECT_TRUE(std::isnan(batch.column(3).value<float>(1)));
  EXPECT_EQ(batch.column(4).value<double>(0), -1e-300);
  EXPECT_EQ(batch.column(4).value<double>(1), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(batch.column(5).toString(), "[\"a\"\xc3\xa9\xf0\x9f\x98\x80\", \"12.50\", null]");
  EXPECT_EQ(batch.column(6).toString(), R"(["L", "{"a":[1, 2]}", null])");
  EXPECT_EQ(batch.column(7).toString(), "[00ff, , null]");
  EXPECT_EQ(batch.column(8).toString(), "[2024-01-01 00:00:00.001, 1970-01-01 00:00:00.001, null]");
  EXPECT_EQ(batch.column(9).toString(), "[2024-02-29, 1969-12-31, null]");
  EXPECT_EQ(batch.column(10).toString(), "[-12345678901234567.891, 1.500, null]");
  EXPECT_EQ(batch.column(11).toString(), "[k, k, null]");
  EXPECT_EQ(batch.column(12).toString(), "[[[1, 2], null, []], [], null]");
  EXPECT_EQ(batch.column(13).toString(), "[{x: 1, y: {z: false}}, {x: null, y: null}, null]");
  for (const auto& column : batch.columns()) {
    EXPECT_TRUE(columnar::validateArray(*column.data()).ok()) << column.type()->toString();
  }
}

TEST(JsonLinesReaderTest, ConversionErrorsNameLineAndKey) {
  using namespace columnar;
  struct Case {
    std::string line;
    std::string message;
  };
  auto schema = columnar::schema({
      field("price", int64()),
      field("user", struct_({field("age", uint8())})),
      field("tags", list(int32())),
      field("id", int64(), /*nullable=*/false),
      field("bin", binary()),
      field("ts", timestamp(TimeUnit::kSecond)),
  });
  const std::vector<Case> cases = {
      {R"({"id":1,"price":"abc"})", "line 2, key 'price': cannot parse 'abc' as int64"},
      {R"({"id":1,"price":1.5})", "line 2, key 'price': cannot parse '1.5' as int64"},
      {R"({"id":1,"price":true})", "line 2, key 'price': cannot convert true to int64"},
      {R"({"id":1,"price":[1]})", "line 2, key 'price': cannot convert [1] to int64"},
      {R"({"id":1,"user":{"age":300}})", "line 2, key 'user.age': cannot parse '300' as uint8"},
      {R"({"id":1,"user":5})", "line 2, key 'user': cannot convert 5 to struct<age: uint8>"},
      {R"({"id":1,"tags":[1,2,"x"]})", "line 2, key 'tags[2]': cannot parse 'x' as int32"},
      {R"({"id":1,"tags":{}})", "line 2, key 'tags': cannot convert {} to list<item: int32>"},
      {R"({"price":1})", "line 2, key 'id': missing value for a non-nullable field"},
      {R"({"id":null})", "line 2, key 'id': null value for a non-nullable field"},
      {R"({"id":1,"bin":"!!"})", "line 2, key 'bin': cannot convert \"!!\" to binary: not base64"},
      {R"({"id":1,"ts":1.5})", "line 2, key 'ts': cannot convert 1.5 to timestamp[s]"},
      {R"({"id":1,"price":1,})",
       "line 2: malformed JSON at column 19: expected an object key, found '}'"},
      {R"({"id":1 "price":1})",
       "line 2: malformed JSON at column 9: expected ',' or '}', found '\"'"},
      {R"({"id":1)",
       "line 2: malformed JSON at column 8: unexpected end of input, expected ',' or '}'"},
      {R"({"id":01})",
       "line 2: malformed JSON at column 8: leading zeros are not allowed in numbers"},
      {R"({"id":1} x)",
       "line 2: malformed JSON at column 10: unexpected 'x' after the end of the value"},
      {R"([1,2])", "line 2: expected a JSON object, found an array"},
      {"{\"id\":1,\"s\":\"\xff\"}",
       "line 2: malformed JSON at column 14: invalid UTF-8 in a string"},
      {R"({"id":1,"s":"\ud800"})",
       "line 2: malformed JSON at column 20: unpaired high surrogate in a \\u escape"},
      {R"({"id":1,"s":"\q"})",
       "line 2: malformed JSON at column 14: invalid escape: backslash followed by 'q'"},
      {R"({"id":tru})", "line 2: malformed JSON at column 7: invalid literal, expected 'true'"},
  };
  for (const auto& c : cases) {
    auto reader = open("{\"id\":0}\n" + c.line + "\n{\"id\":3}\n", withSchema(schema));
    auto first = reader->next();
    ASSERT_TRUE(first.ok()) << first.status();
    EXPECT_EQ((*first)->numRows(), 1);
    auto error = reader->next();
    ASSERT_FALSE(error.ok()) << c.line;
    EXPECT_EQ(error.status().toString(), "Invalid: " + c.message) << c.line;
  }
}

TEST(JsonLinesReaderTest, DeepNestingIsAnErrorNotACrash) {
  std::string line = "{\"a\":" + std::string(10000, '[') + std::string(10000, ']') + "}";
  auto reader = open("{\"a\":1}\n" + line + "\n",
                     withSchema(columnar::schema({columnar::field("a", columnar::int64())})));
  ASSERT_TRUE(reader->next().ok());
  EXPECT_EQ(reader->next().status().toString(),
            "Invalid: line 2: malformed JSON at column 133: nesting deeper than 128 levels");
}

const char* kMixedLines =
    "{\"id\":1,\"price\":1.5}\n"
    "{\"id\":2,\"price\":\"abc\"}\n"
    "\n"
    "{\"id\":3,\"price\":2.5}\r\n"
    "not json\n"
    "{\"id\":5,\"price\":4.5}";

columnar::SchemaPtr mixedSchema() {
  return columnar::schema(
      {columnar::field("id", columnar::int64()), columnar::field("price", columnar::float64())});
}

TEST(JsonLinesReaderTest, FailPolicy) {
  auto reader = open(kMixedLines, withSchema(mixedSchema()));
  auto batch = reader->next();
  ASSERT_TRUE(batch.ok());
  EXPECT_EQ((*batch)->column(0).toString(), "[1]");
  EXPECT_EQ(reader->next().status().toString(),
            "Invalid: line 2, key 'price': cannot parse 'abc' as float64");
  EXPECT_EQ(reader->counters().rowsRead, 1);
}

TEST(JsonLinesReaderTest, SkipPolicy) {
  JsonReadOptions options = withSchema(mixedSchema());
  options.onError = OnError::kSkip;
  auto reader = open(kMixedLines, options);
  auto batches = readAll(*reader);
  EXPECT_EQ(columnText(batches, 0), "[1, 3, 5]");
  EXPECT_EQ(columnText(batches, 1), "[1.5, 2.5, 4.5]");
  EXPECT_EQ(reader->counters().rowsRead, 3);
  EXPECT_EQ(reader->counters().rowsSkipped, 2);
}

TEST(JsonLinesReaderTest, DeadLetterPolicy) {
  auto deadLetters = io::BufferOutputStream::make().valueOrDie();
  JsonReadOptions options = withSchema(mixedSchema());
  options.onError = OnError::kDeadLetter;
  options.deadLetterSink = FileDeadLetterSink::make(deadLetters);
  auto reader = open(kMixedLines, options);
  auto batches = readAll(*reader);
  EXPECT_EQ(columnText(batches, 0), "[1, 3, 5]");
  EXPECT_EQ(
      deadLetters->finish().valueOrDie()->view(),
      R"({"line":2,"column":"price","error":"cannot parse 'abc' as float64","record":"{\"id\":2,\"price\":\"abc\"}"})"
      "\n"
      R"({"line":5,"column":null,"error":"malformed JSON at column 1: invalid literal, expected 'null'","record":"not json"})"
      "\n");
  EXPECT_EQ(reader->counters().rowsDeadLettered, 2);
}

TEST(JsonLinesReaderTest, InferenceWithBadLines) {
  JsonReadOptions options;
  options.onError = OnError::kSkip;
  auto reader = open(kMixedLines, options);
  // "abc" makes price a mixed-kind key: utf8, holding the numbers' text.
  EXPECT_EQ(reader->schema()->field(1)->type()->toString(), "utf8");
  auto batches = readAll(*reader);
  EXPECT_EQ(columnText(batches, 1), R"(["1.5", "abc", "2.5", "4.5"])");
  EXPECT_EQ(reader->counters().rowsSkipped, 1);
}

TEST(JsonLinesReaderTest, ChunkBoundariesDoNotMatter) {
  const std::string text =
      "\xEF\xBB\xBF{\"a\":1,\"s\":\"x\\ny\"}\r\n"
      "{\"a\":2,\"s\":\"\xc3\xa9\"}\n"
      "\n"
      "{\"a\":3,\"s\":null}";
  auto expected = readAll(*open(text));
  ASSERT_EQ(columnText(expected, 0), "[1, 2, 3]");
  ASSERT_EQ(columnText(expected, 1), "[\"x\ny\", \"\xc3\xa9\", null]");
  for (int64_t chunk = 1; chunk <= 12; ++chunk) {
    JsonReadOptions options;
    options.chunkBytes = chunk;
    options.batchSize = 2;
    auto batches = readAll(*open(text, options));
    EXPECT_EQ(columnText(batches, 0), columnText(expected, 0)) << chunk;
    EXPECT_EQ(columnText(batches, 1), columnText(expected, 1)) << chunk;
  }
}

TEST(JsonLinesReaderTest, EmptyAndBlankInput) {
  for (const std::string text : {"", "\n\n", "  \r\n"}) {
    auto reader = open(text);
    EXPECT_EQ(reader->schema()->numFields(), 0);
    auto batch = reader->next();
    ASSERT_TRUE(batch.ok());
    EXPECT_EQ(*batch, nullptr);
  }
}

TEST(JsonLinesReaderTest, EmptyObjectsGiveRowsWithoutColumns) {
  auto reader = open("{}\n{}\n");
  auto batches = readAll(*reader);
  ASSERT_EQ(batches.size(), 1u);
  EXPECT_EQ(batches[0]->numRows(), 2);
  EXPECT_EQ(batches[0]->numColumns(), 0);
}

TEST(JsonLinesReaderTest, LineLongerThanTheLimit) {
  JsonReadOptions options;
  options.maxRecordBytes = 10;
  options.chunkBytes = 4;
  auto reader = open("{\"a\":1}\n{\"a\":\"xxxxxxxxxxxxxxxx\"}\n", options);
  auto batch = reader->next();
  ASSERT_TRUE(batch.ok()) << batch.status();
  EXPECT_EQ((*batch)->numRows(), 1);
  EXPECT_EQ(reader->next().status().toString(),
            "Invalid: line 2: longer than 10 bytes (ReadOptions::maxRecordBytes)");
}

TEST(JsonLinesReaderTest, ReadsFilesAndReportsMissingOnes) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("sabot_json_" + std::to_string(::getpid()) + ".jsonl");
  {
    std::ofstream out(path);
    for (int i = 0; i < 500; ++i) out << "{\"i\":" << i << ",\"s\":\"row " << i << "\"}\n";
  }
  JsonReadOptions options;
  options.chunkBytes = 64;
  options.batchSize = 200;
  auto reader = JsonLinesReader::make(path, options);
  ASSERT_TRUE(reader.ok()) << reader.status();
  auto batches = readAll(**reader);
  ASSERT_EQ(batches.size(), 3u);
  EXPECT_EQ(batches[2]->numRows(), 100);
  EXPECT_EQ(batches[2]->column(1).stringValue(99), "row 499");
  EXPECT_EQ((*reader)->counters().rowsRead, 500);
  std::filesystem::remove(path);

  auto missing = JsonLinesReader::make(std::filesystem::path("/nonexistent/x.jsonl"));
  EXPECT_EQ(missing.status().toString(),
            "I/O error: cannot open '/nonexistent/x.jsonl' for reading: No such file or directory");
}

TEST(JsonLinesReaderTest, BadOptions) {
  JsonReadOptions options;
  options.chunkBytes = 0;
  EXPECT_EQ(JsonLinesReader::fromString("{}", options).status().toString(),
            "Invalid: chunkBytes must be positive, got 0");
  options = {};
  options.onError = OnError::kDeadLetter;
  EXPECT_EQ(JsonLinesReader::fromString("{}", options).status().toString(),
            "Invalid: the dead-letter error policy needs a deadLetterSink");
}

}  // namespace
}  // namespace sabot::formats
