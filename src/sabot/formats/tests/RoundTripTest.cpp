// Writer -> reader must give back the batch that went in, for every type.

#include <gtest/gtest.h>

#include <cstring>
#include <limits>
#include <random>

#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/formats/CsvReader.h"
#include "sabot/formats/CsvWriter.h"
#include "sabot/formats/JsonLinesReader.h"
#include "sabot/formats/JsonLinesWriter.h"

namespace sabot::formats {
namespace {

using namespace columnar;

// Random values of every type, biased towards the awkward ones.
class RandomBatch {
 public:
  explicit RandomBatch(uint64_t seed) : rng_(seed) {}

  RecordBatchPtr make(const SchemaPtr& schema, int64_t rows) {
    std::vector<Array> columns;
    for (const auto& field : schema->fields()) {
      auto builder = makeBuilder(field->type()).valueOrDie();
      for (int64_t row = 0; row < rows; ++row)
        SABOT_CHECK_OK(append(*field->type(), builder.get()));
      columns.push_back(builder->finish().valueOrDie());
    }
    return RecordBatch::make(schema, rows, std::move(columns)).valueOrDie();
  }

 private:
  template <typename T>
  T bits() {
    T value;
    uint64_t raw = rng_();
    std::memcpy(&value, &raw, sizeof(T));
    return value;
  }

  int64_t between(int64_t low, int64_t high) {
    return std::uniform_int_distribution<int64_t>(low, high)(rng_);
  }

  std::string text() {
    static const std::vector<std::string> kPieces = {
        "a",  "Z",  "0", "1",    ",",    ";", "\"", "\"\"", "\n", "\r\n", "\r",   " ",
        "\t", "\\", "/", "NULL", "null", "é", "€",  "😀",    "{",  "[",    "\x01", "\x7f"};
    std::string out;
    const int64_t pieces = between(0, 6);
    for (int64_t i = 0; i < pieces; ++i)
      out += kPieces[static_cast<size_t>(between(0, kPieces.size() - 1))];
    return out;
  }

  std::string bytes() {
    std::string out;
    const int64_t length = between(0, 8);
    for (int64_t i = 0; i < length; ++i) out += static_cast<char>(between(0, 255));
    return out;
  }

  template <typename T>
  T floatingPoint() {
    switch (between(0, 5)) {
      case 0:
        return std::numeric_limits<T>::quiet_NaN();
      case 1:
        return between(0, 1) ? std::numeric_limits<T>::infinity()
                             : -std::numeric_limits<T>::infinity();
      case 2:
        return static_cast<T>(between(-1000, 1000));
      case 3:
        return std::numeric_limits<T>::denorm_min() * static_cast<T>(between(1, 5));
      default: {
        using Bits = std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>;
        return bits<T>() == 0 ? T(0) : std::bit_cast<T>(bits<Bits>());
      }
    }
  }

  Status append(const DataType& type, ArrayBuilder* builder) {
    if (between(0, 7) == 0) return builder->appendNull();
    switch (type.id()) {
      case TypeId::kBool:
        return static_cast<BooleanBuilder*>(builder)->append(between(0, 1) == 1);
      case TypeId::kInt8:
        return static_cast<NumericBuilder<int8_t>*>(builder)->append(bits<int8_t>());
      case TypeId::kInt16:
        return static_cast<NumericBuilder<int16_t>*>(builder)->append(bits<int16_t>());
      case TypeId::kInt32:
        return static_cast<NumericBuilder<int32_t>*>(builder)->append(bits<int32_t>());
      case TypeId::kInt64:
        return static_cast<NumericBuilder<int64_t>*>(builder)->append(bits<int64_t>());
      case TypeId::kUInt8:
        return static_cast<NumericBuilder<uint8_t>*>(builder)->append(bits<uint8_t>());
      case TypeId::kUInt16:
        return static_cast<NumericBuilder<uint16_t>*>(builder)->append(bits<uint16_t>());
      case TypeId::kUInt32:
        return static_cast<NumericBuilder<uint32_t>*>(builder)->append(bits<uint32_t>());
      case TypeId::kUInt64:
        return static_cast<NumericBuilder<uint64_t>*>(builder)->append(bits<uint64_t>());
      case TypeId::kFloat32:
        return static_cast<NumericBuilder<float>*>(builder)->append(floatingPoint<float>());
      case TypeId::kFloat64:
        return static_cast<NumericBuilder<double>*>(builder)->append(floatingPoint<double>());
      case TypeId::kUtf8:
        return static_cast<StringBuilder*>(builder)->append(text());
      case TypeId::kLargeUtf8:
        return static_cast<LargeStringBuilder*>(builder)->append(text());
      case TypeId::kBinary:
        return static_cast<StringBuilder*>(builder)->append(bytes());
      case TypeId::kLargeBinary:
        return static_cast<LargeStringBuilder*>(builder)->append(bytes());
      case TypeId::kTimestamp: {
        // Years 0000-9999, as far as the unit's int64 range reaches.
        const int64_t ticks = ticksPerSecond(type.timeUnit());
        const int64_t low =
            std::max<int64_t>(-62167219200, std::numeric_limits<int64_t>::min() / ticks);
        const int64_t high =
            std::min<int64_t>(253402300799, std::numeric_limits<int64_t>::max() / ticks - 1);
        const int64_t fraction = between(0, 2) == 0 ? 0 : between(0, ticks - 1);
        const int64_t value = between(low, high) * ticks + fraction;
        return static_cast<NumericBuilder<int64_t>*>(builder)->append(value);
      }
      case TypeId::kDate32:
        return static_cast<NumericBuilder<int32_t>*>(builder)->append(
            static_cast<int32_t>(between(-719528, 2932896)));
      case TypeId::kDecimal128: {
        __int128 limit = 1;
        for (int i = 0; i < type.precision(); ++i) limit *= 10;
        const __int128 raw = (static_cast<__int128>(rng_()) << 64) | rng_();
        __int128 value = raw % limit;
        return static_cast<Decimal128Builder*>(builder)->append(value);
      }
      case TypeId::kDictionary:
        return static_cast<DictionaryBuilder*>(builder)->append(
            std::string(1, static_cast<char>('a' + between(0, 3))));
      case TypeId::kList: {
        auto* list = static_cast<ListBuilder*>(builder);
        SABOT_RETURN_NOT_OK(list->append());
        const int64_t length = between(0, 3);
        for (int64_t i = 0; i < length; ++i)
          SABOT_RETURN_NOT_OK(append(*type.field(0)->type(), list->valueBuilder()));
        return Status::OK();
      }
      case TypeId::kStruct: {
        auto* structBuilder = static_cast<StructBuilder*>(builder);
        for (int i = 0; i < type.numFields(); ++i) {
          SABOT_RETURN_NOT_OK(append(*type.field(i)->type(), structBuilder->fieldBuilder(i)));
        }
        return structBuilder->append();
      }
      default:
        return builder->appendNull();
    }
  }

  std::mt19937_64 rng_;
};

SchemaPtr everyType() {
  return schema({
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
      field("utf8", utf8()),
      field("large utf8", largeUtf8()),
      field("binary", binary()),
      field("large_binary", largeBinary()),
      field("ts_s", timestamp(TimeUnit::kSecond)),
      field("ts_ms", timestamp(TimeUnit::kMilli, "UTC")),
      field("ts_us", timestamp(TimeUnit::kMicro, "Europe/Paris")),
      field("ts_ns", timestamp(TimeUnit::kNano)),
      field("date", date32()),
      field("dec", decimal128(38, 10)),
      field("dec0", decimal128(5, 0)),
      field("dict", dictionary(int32(), utf8())),
      field("list", list(int32())),
      field("nested", list(struct_({field("a", float64()), field("b", utf8()),
                                    field("c", list(boolean()))}))),
      field("struct", struct_({field("x", int64()), field("when", timestamp(TimeUnit::kMilli)),
                               field("bin", binary())})),
  });
}

void expectSame(const RecordBatch& expected, const std::vector<RecordBatchPtr>& actual) {
  int64_t offset = 0;
  for (const auto& batch : actual) {
    ASSERT_TRUE(batch->schema()->equals(*expected.schema()));
    for (int i = 0; i < expected.numColumns(); ++i) {
      const Array want = expected.column(i).slice(offset, batch->numRows());
      EXPECT_TRUE(want.equals(batch->column(i)))
          << expected.schema()->field(i)->name() << "\nwant " << want.toString() << "\ngot  "
          << batch->column(i).toString();
      EXPECT_TRUE(validateArray(*batch->column(i).data()).ok());
    }
    offset += batch->numRows();
  }
  EXPECT_EQ(offset, expected.numRows());
}

TEST(RoundTripTest, CsvEveryTypeRandomValues) {
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    RandomBatch random(seed);
    auto batch = random.make(everyType(), 50);
    auto text = CsvWriter::toString(*batch);
    ASSERT_TRUE(text.ok()) << text.status();
    CsvReadOptions options;
    options.schema = batch->schema();
    options.batchSize = 17;
    options.chunkBytes = static_cast<int64_t>(seed * 7);
    auto reader = CsvReader::fromString(*text, options);
    ASSERT_TRUE(reader.ok()) << reader.status();
    auto batches = (*reader)->readAll();
    ASSERT_TRUE(batches.ok()) << batches.status() << "\n" << *text;
    expectSame(*batch, *batches);
  }
}

TEST(RoundTripTest, JsonEveryTypeRandomValues) {
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    RandomBatch random(seed);
    auto batch = random.make(everyType(), 50);
    for (bool writeNulls : {true, false}) {
      JsonWriteOptions writeOptions;
      writeOptions.writeNulls = writeNulls;
      auto text = JsonLinesWriter::toString(*batch, writeOptions);
      ASSERT_TRUE(text.ok()) << text.status();
      JsonReadOptions options;
      options.schema = batch->schema();
      options.batchSize = 17;
      options.chunkBytes = static_cast<int64_t>(seed * 5);
      auto reader = JsonLinesReader::fromString(*text, options);
      ASSERT_TRUE(reader.ok()) << reader.status();
      auto batches = (*reader)->readAll();
      ASSERT_TRUE(batches.ok()) << batches.status();
      expectSame(*batch, *batches);
    }
  }
}

// With inference, what the writers produce comes back with the types it was
// written from, for the types inference can produce.
TEST(RoundTripTest, InferenceRecoversTheTypes) {
  auto schema =
      columnar::schema({field("i", int64()), field("f", float64()), field("b", boolean()),
                        field("d", date32()), field("t", timestamp(TimeUnit::kMicro)),
                        field("tz", timestamp(TimeUnit::kNano, "UTC")), field("s", utf8())});
  auto batch =
      RecordBatch::make(
          schema, {makeArray<int64_t>(int64(), {1, std::nullopt, -3}),
                   makeArray<double>(float64(), {1.0, 2.5, std::nullopt}),
                   makeBoolArray({true, std::nullopt, false}),
                   makeArray<int32_t>(date32(), {0, 1, std::nullopt}),
                   makeArray<int64_t>(timestamp(TimeUnit::kMicro), {1, 2000000, std::nullopt}),
                   makeArray<int64_t>(timestamp(TimeUnit::kNano, "UTC"), {1, std::nullopt, 3}),
                   makeStringArray({"x", "", std::nullopt})})
          .valueOrDie();
  auto csv = CsvWriter::toString(*batch);
  ASSERT_TRUE(csv.ok());
  auto csvReader = CsvReader::fromString(*csv);
  ASSERT_TRUE(csvReader.ok()) << csvReader.status();
  EXPECT_EQ((*csvReader)->schema()->toString(), schema->toString());
  expectSame(*batch, *(*csvReader)->readAll());

  auto json = JsonLinesWriter::toString(*batch);
  ASSERT_TRUE(json.ok());
  auto jsonReader = JsonLinesReader::fromString(*json);
  ASSERT_TRUE(jsonReader.ok()) << jsonReader.status();
  EXPECT_EQ((*jsonReader)->schema()->toString(), schema->toString());
  expectSame(*batch, *(*jsonReader)->readAll());
}

}  // namespace
}  // namespace sabot::formats
