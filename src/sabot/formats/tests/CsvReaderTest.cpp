#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/formats/CsvReader.h"
#include "sabot/io/BufferOutputStream.h"

namespace sabot::formats {
namespace {

using columnar::RecordBatchPtr;
using columnar::TimeUnit;

std::unique_ptr<CsvReader> open(std::string text, CsvReadOptions options = {}) {
  auto reader = CsvReader::fromString(std::move(text), std::move(options));
  EXPECT_TRUE(reader.ok()) << reader.status();
  return std::move(reader).valueOrDie();
}

std::vector<RecordBatchPtr> readAll(CsvReader& reader) {
  auto batches = reader.readAll();
  EXPECT_TRUE(batches.ok()) << batches.status();
  return batches.ok() ? *batches : std::vector<RecordBatchPtr>{};
}

// Column `index` of all batches as "[1, null, "x"]".
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

int64_t totalRows(const std::vector<RecordBatchPtr>& batches) {
  int64_t rows = 0;
  for (const auto& batch : batches) rows += batch->numRows();
  return rows;
}

CsvReadOptions withSchema(columnar::SchemaPtr schema) {
  CsvReadOptions options;
  options.schema = std::move(schema);
  return options;
}

TEST(CsvReaderTest, InfersEachType) {
  auto reader = open(
      "i,f,b,d,t,s,n\n"
      "1,1.5,true,2024-01-02,2024-01-02T03:04:05,x,\n"
      "-7,,FALSE,2024-02-29,2024-01-02 03:04:05.125,\"y,z\",\n"
      ",3,false,,,,NULL\n");
  EXPECT_EQ(
      reader->schema()->toString(),
      columnar::schema(
          {columnar::field("i", columnar::int64()), columnar::field("f", columnar::float64()),
           columnar::field("b", columnar::boolean()), columnar::field("d", columnar::date32()),
           columnar::field("t", columnar::timestamp(TimeUnit::kMicro)),
           columnar::field("s", columnar::utf8()), columnar::field("n", columnar::utf8())})
          ->toString());
  auto batches = readAll(*reader);
  ASSERT_EQ(batches.size(), 1u);
  EXPECT_EQ(columnText(batches, 0), "[1, -7, null]");
  EXPECT_EQ(columnText(batches, 1), "[1.5, null, 3]");
  EXPECT_EQ(columnText(batches, 2), "[true, false, false]");
  EXPECT_EQ(columnText(batches, 3), "[2024-01-02, 2024-02-29, null]");
  EXPECT_EQ(columnText(batches, 4), "[2024-01-02 03:04:05, 2024-01-02 03:04:05.125000, null]");
  EXPECT_EQ(columnText(batches, 5), R"(["x", "y,z", null])");
  EXPECT_EQ(columnText(batches, 6), "[null, null, null]");
  EXPECT_EQ(reader->counters().rowsRead, 3);
}

TEST(CsvReaderTest, InferenceTakesTheFirstTypeEveryValueFits) {
  auto reader = open(
      "a,b,c,d,e,f,g\n"
      "1,1,true,2024-01-01,2024-01-01T00:00:00Z,1,\"\"\n"
      "2.5,x,1,2024-01-01T10:00,2024-01-01T00:00:00.123456789+01:00,99999999999999999999,a\n");
  const auto& schema = *reader->schema();
  EXPECT_EQ(schema.field(0)->type()->toString(), "float64");
  EXPECT_EQ(schema.field(1)->type()->toString(), "utf8");
  EXPECT_EQ(schema.field(2)->type()->toString(), "bool");
  EXPECT_EQ(schema.field(3)->type()->toString(), "timestamp[us]");
  EXPECT_EQ(schema.field(4)->type()->toString(), "timestamp[ns, tz=UTC]");
  EXPECT_EQ(schema.field(5)->type()->toString(), "float64");  // beyond int64
  EXPECT_EQ(schema.field(6)->type()->toString(), "utf8");     // a quoted "" is a value
  for (const auto& field : schema.fields()) EXPECT_TRUE(field->nullable());
  auto batches = readAll(*reader);
  EXPECT_EQ(columnText(batches, 4), "[2024-01-01 00:00:00, 2023-12-31 23:00:00.123456789]");
}

TEST(CsvReaderTest, InferenceOnlyLooksAtTheFirstRows) {
  CsvReadOptions options;
  options.inferenceRows = 2;
  auto reader = open("a\n1\n2\n3\nabc\n5\n", options);
  EXPECT_EQ(reader->schema()->field(0)->type()->toString(), "int64");
  auto batch = reader->next();
  ASSERT_TRUE(batch.ok());
  EXPECT_EQ((*batch)->numRows(), 3);
  auto error = reader->next();
  ASSERT_FALSE(error.ok());
  EXPECT_EQ(error.status().toString(), "Invalid: line 5, column 'a': cannot parse 'abc' as int64");
}

TEST(CsvReaderTest, QuotingEdgeCases) {
  auto reader = open(
      "a,b\n"
      "\"x,y\",\"say \"\"hi\"\"\"\n"
      "\"multi\nline\",\"\"\n"
      "plain\"quote,\"\"\"\"\n"
      "\"\",\n");
  auto batches = readAll(*reader);
  EXPECT_EQ(columnText(batches, 0), "[\"x,y\", \"multi\nline\", \"plain\"quote\", \"\"]");
  EXPECT_EQ(columnText(batches, 1), "[\"say \"hi\"\", \"\", \"\"\", null]");
}

TEST(CsvReaderTest, LineEndingsBomAndMissingFinalNewline) {
  for (const std::string text : {"\xEF\xBB\xBF"
                                 "a,b\r\n1,x\r\n2,y",
                                 "a,b\r1,x\r2,y\r", "a,b\n1,x\n\n2,y\n\n"}) {
    auto reader = open(text);
    ASSERT_EQ(reader->schema()->numFields(), 2) << text;
    EXPECT_EQ(reader->schema()->field(0)->name(), "a") << text;
    auto batches = readAll(*reader);
    EXPECT_EQ(columnText(batches, 0), "[1, 2]") << text;
    EXPECT_EQ(columnText(batches, 1), R"(["x", "y"])") << text;
  }
}

TEST(CsvReaderTest, CrlfInsideQuotesIsKept) {
  auto reader = open("a\r\n\"1\r\n2\"\r\n");
  auto batches = readAll(*reader);
  EXPECT_EQ(columnText(batches, 0), "[\"1\r\n2\"]");
}

TEST(CsvReaderTest, EmptyInput) {
  auto reader = open("");
  EXPECT_EQ(reader->schema()->numFields(), 0);
  auto batch = reader->next();
  ASSERT_TRUE(batch.ok());
  EXPECT_EQ(*batch, nullptr);
  EXPECT_EQ(reader->counters().rowsRead, 0);
}

TEST(CsvReaderTest, HeaderOnlyInput) {
  for (const std::string text : {"a,b", "a,b\n", "a,b\r\n\n"}) {
    auto reader = open(text);
    EXPECT_EQ(reader->schema()->toString(),
              columnar::schema(
                  {columnar::field("a", columnar::utf8()), columnar::field("b", columnar::utf8())})
                  ->toString());
    auto batch = reader->next();
    ASSERT_TRUE(batch.ok());
    EXPECT_EQ(*batch, nullptr);
    // The end is sticky.
    EXPECT_EQ(*reader->next(), nullptr);
  }
}

TEST(CsvReaderTest, NoHeaderNamesColumnsByPosition) {
  CsvReadOptions options;
  options.header = false;
  auto reader = open("1,x\n2,y\n", options);
  EXPECT_EQ(reader->schema()->field(0)->name(), "f0");
  EXPECT_EQ(reader->schema()->field(1)->name(), "f1");
  auto batches = readAll(*reader);
  EXPECT_EQ(columnText(batches, 0), "[1, 2]");

  options.columnNames = {"id", "name"};
  reader = open("1,x\n2,y\n", options);
  EXPECT_EQ(reader->schema()->field(1)->name(), "name");
  EXPECT_EQ(totalRows(readAll(*reader)), 2);
}

TEST(CsvReaderTest, ColumnNamesReplaceTheHeader) {
  CsvReadOptions options;
  options.columnNames = {"x", "y"};
  auto reader = open("a,b\n1,2\n", options);
  EXPECT_EQ(reader->schema()->field(0)->name(), "x");
  EXPECT_EQ(totalRows(readAll(*reader)), 1);
}

TEST(CsvReaderTest, BatchSize) {
  CsvReadOptions options;
  options.batchSize = 2;
  auto reader = open("a\n1\n2\n3\n4\n5\n", options);
  auto batches = readAll(*reader);
  ASSERT_EQ(batches.size(), 3u);
  EXPECT_EQ(batches[0]->numRows(), 2);
  EXPECT_EQ(batches[1]->numRows(), 2);
  EXPECT_EQ(batches[2]->numRows(), 1);
  EXPECT_EQ(columnText(batches, 0), "[1, 2, 3, 4, 5]");
}

TEST(CsvReaderTest, CustomDelimiterQuoteAndNulls) {
  CsvReadOptions options;
  options.delimiter = ';';
  options.quote = '\'';
  options.nullValues = {"NA"};
  auto reader = open("a;b\n'x;y';NA\n'it''s';\n", options);
  auto batches = readAll(*reader);
  EXPECT_EQ(columnText(batches, 0), R"(["x;y", "it's"])");
  EXPECT_EQ(columnText(batches, 1), R"([null, ""])");
}

TEST(CsvReaderTest, QuotedValuesCanBeNullOption) {
  CsvReadOptions options;
  auto reader = open("s,i\n\"\",\"\"\n\"NULL\",\"NULL\"\n",
                     withSchema(columnar::schema({columnar::field("s", columnar::utf8()),
                                                  columnar::field("i", columnar::int32())})));
  auto batches = readAll(*reader);
  // Quoting keeps text from being a null marker; other columns ignore it.
  EXPECT_EQ(columnText(batches, 0), R"(["", "NULL"])");
  EXPECT_EQ(columnText(batches, 1), "[null, null]");

  options = withSchema(columnar::schema(
      {columnar::field("s", columnar::utf8()), columnar::field("i", columnar::int32())}));
  options.quotedValuesCanBeNull = true;
  reader = open("s,i\n\"\",1\n", options);
  EXPECT_EQ(columnText(readAll(*reader), 0), "[null]");
}

TEST(CsvReaderTest, SchemaFieldsAreFoundByName) {
  auto schema = columnar::schema(
      {columnar::field("c", columnar::int16()), columnar::field("a", columnar::utf8())});
  auto reader = open("a,b,c\nx,ignored,7\ny,,8\n", withSchema(schema));
  EXPECT_TRUE(reader->schema()->equals(*schema));
  auto batches = readAll(*reader);
  EXPECT_EQ(columnText(batches, 0), "[7, 8]");
  EXPECT_EQ(columnText(batches, 1), R"(["x", "y"])");

  auto missing = CsvReader::fromString(
      "a,b\n1,2\n", withSchema(columnar::schema({columnar::field("z", columnar::int64())})));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().toString(),
            "Key error: reading CSV '<memory>': schema field 'z' is not a column of the CSV input "
            "'<memory>' (columns: a, b)");
}

TEST(CsvReaderTest, ConvertsToEveryPrimitiveType) {
  using namespace columnar;
  auto schema = columnar::schema({
      field("bool", boolean()),
      field("i8", int8()),
      field("i16", int16()),
      field("i32", int32()),
      field("i64", int64()),
      field("u8", uint8()),
      field("u16", uint16()),
      field("u32", uint32()),
      field("u64", uint64()),
      field("f32", float32()),
      field("f64", float64()),
      field("s", utf8()),
      field("ls", largeUtf8()),
      field("bin", binary()),
      field("lbin", largeBinary()),
      field("ts_s", timestamp(TimeUnit::kSecond)),
      field("ts_ms", timestamp(TimeUnit::kMilli, "UTC")),
      field("ts_us", timestamp(TimeUnit::kMicro)),
      field("ts_ns", timestamp(TimeUnit::kNano, "UTC")),
      field("date", date32()),
      field("dec", decimal128(10, 2)),
      field("dict", dictionary(int32(), utf8())),
  });
  auto reader = open(
      "bool,i8,i16,i32,i64,u8,u16,u32,u64,f32,f64,s,ls,bin,lbin,ts_s,ts_ms,ts_us,ts_ns,date,dec,"
      "dict\n"
      "true,-128,-32768,-2147483648,-9223372036854775808,255,65535,4294967295,18446744073709551615,"
      "0.1,1e300,héllo,large,\x01\xff,raw,2024-01-01T00:00:01,2024-01-01T00:00:00.001Z,"
      "1970-01-01 00:00:00.000001,2024-01-01T01:00:00.000000001+01:00,2000-02-29,-123.45,red\n"
      "0,127,+32767,2147483647,9223372036854775807,0,0,0,0,-inf,NaN,,,,,,,,,,7,red\n"
      ",,,,,,,,,,,NULL,null,NULL,null,,,,,,,\n",
      withSchema(schema));
  auto batches = readAll(*reader);
  ASSERT_EQ(batches.size(), 1u);
  const auto& batch = *batches[0];
  EXPECT_EQ(batch.column(0).toString(), "[true, false, null]");
  EXPECT_EQ(batch.column(1).toString(), "[-128, 127, null]");
  EXPECT_EQ(batch.column(2).toString(), "[-32768, 32767, null]");
  EXPECT_EQ(batch.column(3).toString(), "[-2147483648, 2147483647, null]");
  EXPECT_EQ(batch.column(4).toString(), "[-9223372036854775808, 9223372036854775807, null]");
  EXPECT_EQ(batch.column(5).toString(), "[255, 0, null]");
  EXPECT_EQ(batch.column(6).toString(), "[65535, 0, null]");
  EXPECT_EQ(batch.column(7).toString(), "[4294967295, 0, null]");
  EXPECT_EQ(batch.column(8).toString(), "[18446744073709551615, 0, null]");
  EXPECT_EQ(batch.column(9).value<float>(0), 0.1f);
  EXPECT_EQ(batch.column(9).value<float>(1), -std::numeric_limits<float>::infinity());
  EXPECT_EQ(batch.column(10).value<double>(0), 1e300);
  EXPECT_TRUE(std::isnan(batch.column(10).value<double>(1)));
  EXPECT_EQ(batch.column(11).toString(), R"(["héllo", null, null])");
  EXPECT_EQ(batch.column(12).toString(), R"(["large", null, null])");
  EXPECT_EQ(batch.column(13).stringValue(0), "\x01\xff");
  EXPECT_EQ(batch.column(13).toString(), "[01ff, null, null]");
  EXPECT_EQ(batch.column(14).toString(), "[726177, null, null]");
  EXPECT_EQ(batch.column(15).value<int64_t>(0), 1704067201);
  EXPECT_EQ(batch.column(16).value<int64_t>(0), 1704067200001);
  EXPECT_EQ(batch.column(17).value<int64_t>(0), 1);
  EXPECT_EQ(batch.column(18).value<int64_t>(0), 1704067200000000001);
  EXPECT_EQ(batch.column(19).toString(), "[2000-02-29, null, null]");
  EXPECT_EQ(batch.column(20).toString(), "[-123.45, 7.00, null]");
  EXPECT_EQ(batch.column(21).toString(), "[red, red, null]");
  EXPECT_EQ(batch.column(21).dictionary().length(), 1);
  for (const auto& column : batch.columns()) {
    EXPECT_TRUE(columnar::validateArray(*column.data()).ok()) << column.type()->toString();
  }
}

TEST(CsvReaderTest, NestedColumnsHoldJson) {
  using namespace columnar;
  auto schema = columnar::schema({
      field("tags", list(int64())),
      field("point", struct_({field("x", float64()), field("label", utf8())})),
  });
  auto reader =
      open("tags,point\n\"[1,null,3]\",\"{\"\"x\"\":1.5,\"\"label\"\":\"\"a\"\"}\"\n[],\n",
           withSchema(schema));
  auto batches = readAll(*reader);
  EXPECT_EQ(columnText(batches, 0), "[[1, null, 3], []]");
  EXPECT_EQ(columnText(batches, 1), "[{x: 1.5, label: a}, null]");

  reader = open("tags,point\n\"[1,\"\"x\"\"]\",\n", withSchema(schema));
  auto error = reader->next();
  ASSERT_FALSE(error.ok());
  EXPECT_EQ(error.status().toString(),
            "Invalid: line 2, column 'tags': [1]: cannot parse 'x' as int64");
  reader = open("tags,point\n[1,\n", withSchema(schema));  // two fields: "[1" and ""
  EXPECT_EQ(reader->next().status().toString(),
            "Invalid: line 2, column 'tags': cannot parse '[1' as list<item: int64>: malformed "
            "JSON at byte 3: "
            "unexpected end of input, expected ',' or ']'");
  reader = open("tags,point\n[1 2],\n", withSchema(schema));
  EXPECT_EQ(
      reader->next().status().toString(),
      "Invalid: line 2, column 'tags': cannot parse '[1 2]' as list<item: int64>: malformed JSON "
      "at byte 4: expected ',' or ']', found '2'");
}

TEST(CsvReaderTest, ConversionErrorsNameLineAndColumn) {
  using namespace columnar;
  struct Case {
    DataTypePtr type;
    std::string text;
    std::string message;
  };
  const std::vector<Case> cases = {
      {int64(), "abc", "cannot parse 'abc' as int64"},
      {int8(), "128", "cannot parse '128' as int8"},
      {uint16(), "-1", "cannot parse '-1' as uint16"},
      {int32(), "1.5", "cannot parse '1.5' as int32"},
      {int32(), " 1", "cannot parse ' 1' as int32"},
      {float64(), "1,5", "cannot parse '1,5' as float64"},
      {boolean(), "yes", "cannot parse 'yes' as bool"},
      {date32(), "2023-02-29", "cannot parse '2023-02-29' as date32"},
      {timestamp(TimeUnit::kMilli), "2024-01-01T00:00:00.0001",
       "cannot parse '2024-01-01T00:00:00.0001' as timestamp[ms]"},
      {decimal128(5, 2), "1234.5", "cannot parse '1234.5' as decimal128(5, 2)"},
      {decimal128(5, 2), "1.234", "cannot parse '1.234' as decimal128(5, 2)"},
      {utf8(), "\xff", "'\xff' is not valid UTF-8 (column type utf8)"},
  };
  for (const auto& c : cases) {
    auto schema = columnar::schema({field("id", int64()), field("price", c.type)});
    auto reader = open("id,price\n1,\n2,\"" + c.text + "\"\n", withSchema(schema));
    auto first = reader->next();
    ASSERT_TRUE(first.ok()) << first.status();
    ASSERT_NE(*first, nullptr);
    EXPECT_EQ((*first)->numRows(), 1);  // the good row before the bad one
    auto error = reader->next();
    ASSERT_FALSE(error.ok()) << c.text;
    EXPECT_EQ(error.status().toString(), "Invalid: line 3, column 'price': " + c.message);
    // The error is sticky.
    EXPECT_EQ(reader->next().status().toString(), error.status().toString());
  }
}

TEST(CsvReaderTest, NonNullableColumnRejectsNull) {
  auto schema = columnar::schema({columnar::field("a", columnar::int64(), /*nullable=*/false)});
  auto reader = open("a\n1\nNULL\n", withSchema(schema));
  auto batch = reader->next();
  ASSERT_TRUE(batch.ok());
  EXPECT_EQ((*batch)->numRows(), 1);
  EXPECT_EQ(reader->next().status().toString(),
            "Invalid: line 3, column 'a': null value in a non-nullable column");
}

TEST(CsvReaderTest, StructuralErrors) {
  auto reader = open("a,b\n1,2\n1,2,3\n");
  ASSERT_TRUE(reader->next().ok());
  EXPECT_EQ(reader->next().status().toString(), "Invalid: line 3: expected 2 fields, found 3");

  reader = open("a,b\n1\n");
  EXPECT_EQ(reader->next().status().toString(), "Invalid: line 2: expected 2 fields, found 1");

  reader = open("a,b\n1,\"open\n2,3\n");
  EXPECT_EQ(reader->next().status().toString(),
            "Invalid: line 2, column 'b': unterminated quoted field");

  reader = open("a,b\n\"x\"y,2\n");
  EXPECT_EQ(reader->next().status().toString(),
            "Invalid: line 2, column 'a': unexpected character after a closing quote");

  auto header = CsvReader::fromString("\"a,b\n1,2\n");
  ASSERT_FALSE(header.ok());
  EXPECT_EQ(header.status().toString(),
            "Invalid: reading CSV '<memory>': line 1: malformed header: unterminated quoted field");
}

TEST(CsvReaderTest, LineNumbersCountLinesInsideQuotes) {
  auto reader = open("a,b\n\"1\n\n\",2\n3,x,y\n");
  auto batch = reader->next();
  ASSERT_TRUE(batch.ok());
  EXPECT_EQ(reader->next().status().toString(), "Invalid: line 5: expected 2 fields, found 3");
}

const char* kMixedInput =
    "id,price,name\n"
    "1,1.5,a\n"
    "2,abc,b\n"  // line 3: bad price
    "3,2.5,c\n"
    "4,3.5\n"  // line 5: too few fields
    "5,4.5,\"e\"\n";

columnar::SchemaPtr mixedSchema() {
  return columnar::schema({columnar::field("id", columnar::int64()),
                           columnar::field("price", columnar::float64()),
                           columnar::field("name", columnar::utf8())});
}

TEST(CsvReaderTest, FailPolicyEmitsGoodRowsThenTheError) {
  CsvReadOptions options = withSchema(mixedSchema());
  auto reader = open(kMixedInput, options);
  auto batch = reader->next();
  ASSERT_TRUE(batch.ok());
  EXPECT_EQ((*batch)->column(0).toString(), "[1]");
  auto error = reader->next();
  EXPECT_EQ(error.status().toString(),
            "Invalid: line 3, column 'price': cannot parse 'abc' as float64");
  EXPECT_EQ(reader->counters().rowsRead, 1);
}

TEST(CsvReaderTest, SkipPolicyDropsOnlyBadRows) {
  CsvReadOptions options = withSchema(mixedSchema());
  options.onError = OnError::kSkip;
  auto reader = open(kMixedInput, options);
  auto batches = readAll(*reader);
  EXPECT_EQ(columnText(batches, 0), "[1, 3, 5]");
  EXPECT_EQ(columnText(batches, 1), "[1.5, 2.5, 4.5]");
  EXPECT_EQ(columnText(batches, 2), R"(["a", "c", "e"])");
  EXPECT_EQ(reader->counters().rowsRead, 3);
  EXPECT_EQ(reader->counters().rowsSkipped, 2);
  EXPECT_EQ(reader->counters().rowsDeadLettered, 0);
}

TEST(CsvReaderTest, DeadLetterPolicyKeepsTheRecordAndTheReason) {
  auto deadLetters = io::BufferOutputStream::make().valueOrDie();
  CsvReadOptions options = withSchema(mixedSchema());
  options.onError = OnError::kDeadLetter;
  options.deadLetterSink = FileDeadLetterSink::make(deadLetters);
  options.batchSize = 1;
  auto reader = open(kMixedInput, options);
  auto batches = readAll(*reader);
  EXPECT_EQ(batches.size(), 3u);
  EXPECT_EQ(columnText(batches, 0), "[1, 3, 5]");
  EXPECT_EQ(deadLetters->finish().valueOrDie()->view(),
            "{\"line\":3,\"column\":\"price\",\"error\":\"cannot parse 'abc' as "
            "float64\",\"record\":\"2,abc,b\"}\n"
            "{\"line\":5,\"column\":null,\"error\":\"expected 3 fields, found "
            "2\",\"record\":\"4,3.5\"}\n");
  EXPECT_EQ(reader->counters().rowsRead, 3);
  EXPECT_EQ(reader->counters().rowsSkipped, 0);
  EXPECT_EQ(reader->counters().rowsDeadLettered, 2);
}

TEST(CsvReaderTest, DeadLetterRecordIsTheRawMultiLineText) {
  auto sink = std::make_shared<MemoryDeadLetterSink>();
  CsvReadOptions options;
  options.onError = OnError::kDeadLetter;
  options.deadLetterSink = sink;
  auto reader = open("a,b\r\n\"x\r\ny\",\"q\"\"\"z\r\n1,2\r\n", options);
  auto batches = readAll(*reader);
  EXPECT_EQ(columnText(batches, 0), "[1]");
  ASSERT_EQ(sink->entries().size(), 1u);
  EXPECT_EQ(sink->entries()[0].line, 2);
  EXPECT_EQ(sink->entries()[0].column, "b");
  EXPECT_EQ(sink->entries()[0].record, "\"x\r\ny\",\"q\"\"\"z");
}

TEST(CsvReaderTest, DeadLetterNeedsASink) {
  CsvReadOptions options;
  options.onError = OnError::kDeadLetter;
  auto reader = CsvReader::fromString("a\n1\n", options);
  EXPECT_EQ(reader.status().toString(),
            "Invalid: the dead-letter error policy needs a deadLetterSink");
}

TEST(CsvReaderTest, BadOptions) {
  CsvReadOptions options;
  options.delimiter = '"';
  EXPECT_EQ(CsvReader::fromString("a", options).status().toString(),
            "Invalid: the CSV delimiter and quote character are both '\"'");
  options = {};
  options.batchSize = 0;
  EXPECT_EQ(CsvReader::fromString("a", options).status().toString(),
            "Invalid: batchSize must be positive, got 0");
}

TEST(CsvReaderTest, BadRowsDuringInferenceAreReportedInOrder) {
  CsvReadOptions options;
  options.onError = OnError::kSkip;
  auto reader = open("a,b\n1,x\n2\n3,y\n", options);
  EXPECT_EQ(reader->schema()->field(0)->type()->toString(), "int64");
  auto batches = readAll(*reader);
  EXPECT_EQ(columnText(batches, 0), "[1, 3]");
  EXPECT_EQ(reader->counters().rowsSkipped, 1);
}

// Every chunk size must give the same rows: records, quotes, CRLF pairs and
// the byte order mark all get split across chunks somewhere.
TEST(CsvReaderTest, ChunkBoundariesDoNotMatter) {
  const std::string text =
      "\xEF\xBB\xBF"
      "id,text,price\r\n"
      "1,\"a,b\",1.5\r\n"
      "2,\"line\r\nbreak\",\r\n"
      "3,\"q\"\"uote\",2\r"
      "4,plain,3.25\n"
      "\n"
      "5,\"\",-1";
  CsvReadOptions reference;
  auto expected = readAll(*open(text, reference));
  ASSERT_EQ(totalRows(expected), 5);
  EXPECT_EQ(columnText(expected, 1), "[\"a,b\", \"line\r\nbreak\", \"q\"uote\", \"plain\", \"\"]");
  for (int64_t chunk = 1; chunk <= 16; ++chunk) {
    CsvReadOptions options;
    options.chunkBytes = chunk;
    options.batchSize = 2;
    auto reader = open(text, options);
    EXPECT_TRUE(reader->schema()->equals(*expected[0]->schema())) << chunk;
    auto batches = readAll(*reader);
    for (int column = 0; column < 3; ++column) {
      EXPECT_EQ(columnText(batches, column), columnText(expected, column)) << "chunk " << chunk;
    }
  }
}

TEST(CsvReaderTest, ChunkBoundaryErrorsKeepLineNumbers) {
  for (int64_t chunk : {1, 2, 3, 5, 1 << 20}) {
    CsvReadOptions options = withSchema(mixedSchema());
    options.chunkBytes = chunk;
    options.onError = OnError::kDeadLetter;
    auto sink = std::make_shared<MemoryDeadLetterSink>();
    options.deadLetterSink = sink;
    auto batches = readAll(*open(kMixedInput, options));
    EXPECT_EQ(columnText(batches, 0), "[1, 3, 5]");
    ASSERT_EQ(sink->entries().size(), 2u);
    EXPECT_EQ(sink->entries()[0].line, 3);
    EXPECT_EQ(sink->entries()[0].record, "2,abc,b");
    EXPECT_EQ(sink->entries()[1].line, 5);
    EXPECT_EQ(sink->entries()[1].record, "4,3.5");
  }
}

TEST(CsvReaderTest, RecordLongerThanTheLimitStopsTheReader) {
  CsvReadOptions options;
  options.chunkBytes = 16;
  options.maxRecordBytes = 64;
  options.onError = OnError::kSkip;
  auto reader = CsvReader::fromString("a\n1\n\"" + std::string(200, 'x') + "\n", options);
  ASSERT_TRUE(reader.ok()) << reader.status();  // the sample stops at the long record
  auto batch = (*reader)->next();
  ASSERT_TRUE(batch.ok()) << batch.status();
  EXPECT_EQ((*batch)->numRows(), 1);
  EXPECT_EQ((*reader)->next().status().toString(),
            "Invalid: line 3: record is longer than 64 bytes (ReadOptions::maxRecordBytes); is a "
            "quote left open?");
  EXPECT_EQ((*reader)->counters().rowsRead, 1);
  EXPECT_EQ((*reader)->counters().rowsSkipped, 0);
}

TEST(CsvReaderTest, ReadsFilesAndReportsMissingOnes) {
  const auto path =
      std::filesystem::temp_directory_path() / ("sabot_csv_" + std::to_string(::getpid()) + ".csv");
  {
    std::ofstream out(path);
    out << "a,b\n";
    for (int i = 0; i < 1000; ++i) out << i << ",\"row " << i << "\"\n";
  }
  CsvReadOptions options;
  options.chunkBytes = 100;
  options.batchSize = 300;
  auto reader = CsvReader::make(path, options);
  ASSERT_TRUE(reader.ok()) << reader.status();
  auto batches = readAll(**reader);
  EXPECT_EQ(batches.size(), 4u);
  EXPECT_EQ(totalRows(batches), 1000);
  EXPECT_EQ(batches[3]->column(1).stringValue(99), "row 999");
  std::filesystem::remove(path);

  auto missing = CsvReader::make(std::filesystem::path("/nonexistent/x.csv"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().toString(),
            "I/O error: cannot open '/nonexistent/x.csv' for reading: No such file or directory");
}

}  // namespace
}  // namespace sabot::formats
