#pragma once

// Test data for the IPC tests: a batch holding every Sabot type (with nulls,
// nesting and a shared dictionary) and helpers that write and read whole
// streams and files in memory.

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/columnar/RecordBatch.h"
#include "sabot/io/BufferOutputStream.h"
#include "sabot/ipc/IpcFileReader.h"
#include "sabot/ipc/IpcFileWriter.h"
#include "sabot/ipc/IpcFormat.h"
#include "sabot/ipc/IpcStreamReader.h"
#include "sabot/ipc/IpcStreamWriter.h"

namespace sabot::ipc::testing {

using columnar::Array;
using columnar::ArrayData;
using columnar::BufferPtr;
using columnar::DataTypePtr;
using columnar::RecordBatch;
using columnar::RecordBatchPtr;
using columnar::SchemaPtr;

/// A dictionary array: the indices of `indices` (an integer array) over
/// `dictionary`, sharing both.
inline Array makeDictionaryArray(const Array& indices, const Array& dictionary, bool ordered = false) {
  auto data = std::make_shared<ArrayData>(*indices.data());
  data->type = columnar::dictionary(indices.type(), dictionary.type(), ordered);
  data->dictionary = dictionary.data();
  return Array(std::move(data));
}

/// The dictionary shared by every batch of allTypesSchema().
inline const Array& colourDictionary() {
  static const Array dictionary =
      columnar::makeStringArray({"red", "green", std::nullopt, "", "blue", "ünïcödé"});
  return dictionary;
}

inline DataTypePtr pointType() {
  return columnar::struct_({columnar::field("x", columnar::int32()), columnar::field("label", columnar::utf8())});
}

/// Every Sabot type, nested types included; metadata on the schema and on a field.
inline SchemaPtr allTypesSchema() {
  using namespace columnar;
  return schema(
      {
          field("null", null()),
          field("bool", boolean()),
          field("int8", int8()),
          field("int16", int16()),
          field("int32", int32(), true, {{"unit", "metres"}, {"", "empty key"}}),
          field("int64", int64()),
          field("uint8", uint8()),
          field("uint16", uint16()),
          field("uint32", uint32()),
          field("uint64", uint64()),
          field("float32", float32()),
          field("float64", float64()),
          field("utf8", utf8()),
          field("large_utf8", largeUtf8()),
          field("binary", binary()),
          field("large_binary", largeBinary()),
          field("ts_s", timestamp(TimeUnit::kSecond)),
          field("ts_ms_utc", timestamp(TimeUnit::kMilli, "UTC")),
          field("ts_us_paris", timestamp(TimeUnit::kMicro, "Europe/Paris")),
          field("ts_ns", timestamp(TimeUnit::kNano)),
          field("date32", date32()),
          field("decimal", decimal128(12, 3)),
          field("point", pointType()),
          field("ints", list(int32())),
          field("points", list(field("p", pointType(), false))),
          field("colour", dictionary(int32(), utf8())),
          field("required", int64(), false),
      },
      {{"origin", "sabot ipc tests"}, {"empty", ""}});
}

/// Deterministic pseudo-random values with nulls in every nullable column.
class ValueSource {
 public:
  explicit ValueSource(uint64_t seed) : state_(seed * 0x9E3779B97F4A7C15ull + 1) {}
  uint64_t next() {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 7;
    state_ ^= state_ << 17;
    return state_;
  }
  bool null() { return next() % 5 == 0; }

 private:
  uint64_t state_;
};

template <typename T>
Array numericColumn(const DataTypePtr& type, int64_t rows, ValueSource& source) {
  columnar::NumericBuilder<T> builder(type);
  for (int64_t i = 0; i < rows; ++i) {
    if (source.null()) {
      EXPECT_TRUE(builder.appendNull().ok());
    } else if constexpr (std::is_floating_point_v<T>) {
      const int64_t raw = static_cast<int64_t>(source.next() % 2000001) - 1000000;
      EXPECT_TRUE(builder.append(static_cast<T>(raw) / static_cast<T>(7)).ok());
    } else {
      EXPECT_TRUE(builder.append(static_cast<T>(source.next())).ok());
    }
  }
  return builder.finish().valueOrDie();
}

inline std::string someText(ValueSource& source) {
  static const char* const kWords[] = {"", "a", "héllo", "日本語", "quote\"", "tab\t", "longer text value"};
  return kWords[source.next() % 7];
}

template <typename Builder>
Array stringColumn(const DataTypePtr& type, int64_t rows, ValueSource& source) {
  Builder builder(type);
  for (int64_t i = 0; i < rows; ++i) {
    if (source.null()) {
      EXPECT_TRUE(builder.appendNull().ok());
    } else {
      EXPECT_TRUE(builder.append(someText(source)).ok());
    }
  }
  return builder.finish().valueOrDie();
}

inline Status appendPoint(columnar::ArrayBuilder& builder, ValueSource& source, bool allowNull) {
  auto& points = static_cast<columnar::StructBuilder&>(builder);
  if (allowNull && source.null()) return points.appendNull();
  SABOT_RETURN_NOT_OK(points.append());
  auto& x = static_cast<columnar::NumericBuilder<int32_t>&>(*points.fieldBuilder(0));
  auto& label = static_cast<columnar::StringBuilder&>(*points.fieldBuilder(1));
  SABOT_RETURN_NOT_OK(source.null() ? x.appendNull() : x.append(static_cast<int32_t>(source.next() % 1000)));
  return source.null() ? label.appendNull() : label.append(someText(source));
}

inline RecordBatchPtr allTypesBatch(int64_t rows, uint64_t seed) {
  using namespace columnar;
  const SchemaPtr schema = allTypesSchema();
  ValueSource source(seed);
  std::vector<Array> columns;

  NullBuilder nulls;
  EXPECT_TRUE(nulls.appendNulls(rows).ok());
  columns.push_back(nulls.finish().valueOrDie());

  BooleanBuilder bools;
  for (int64_t i = 0; i < rows; ++i) {
    EXPECT_TRUE((source.null() ? bools.appendNull() : bools.append(source.next() % 2 == 0)).ok());
  }
  columns.push_back(bools.finish().valueOrDie());

  columns.push_back(numericColumn<int8_t>(int8(), rows, source));
  columns.push_back(numericColumn<int16_t>(int16(), rows, source));
  columns.push_back(numericColumn<int32_t>(int32(), rows, source));
  columns.push_back(numericColumn<int64_t>(int64(), rows, source));
  columns.push_back(numericColumn<uint8_t>(uint8(), rows, source));
  columns.push_back(numericColumn<uint16_t>(uint16(), rows, source));
  columns.push_back(numericColumn<uint32_t>(uint32(), rows, source));
  columns.push_back(numericColumn<uint64_t>(uint64(), rows, source));
  columns.push_back(numericColumn<float>(float32(), rows, source));
  columns.push_back(numericColumn<double>(float64(), rows, source));
  columns.push_back(stringColumn<StringBuilder>(utf8(), rows, source));
  columns.push_back(stringColumn<LargeStringBuilder>(largeUtf8(), rows, source));
  columns.push_back(stringColumn<StringBuilder>(binary(), rows, source));
  columns.push_back(stringColumn<LargeStringBuilder>(largeBinary(), rows, source));
  columns.push_back(numericColumn<int64_t>(schema->field(16)->type(), rows, source));
  columns.push_back(numericColumn<int64_t>(schema->field(17)->type(), rows, source));
  columns.push_back(numericColumn<int64_t>(schema->field(18)->type(), rows, source));
  columns.push_back(numericColumn<int64_t>(schema->field(19)->type(), rows, source));
  columns.push_back(numericColumn<int32_t>(date32(), rows, source));

  Decimal128Builder decimals(decimal128(12, 3));
  for (int64_t i = 0; i < rows; ++i) {
    const auto unscaled = static_cast<__int128>(static_cast<int64_t>(source.next() % 1999999999999ull) - 999999999999ll);
    EXPECT_TRUE((source.null() ? decimals.appendNull() : decimals.append(unscaled)).ok());
  }
  columns.push_back(decimals.finish().valueOrDie());

  auto pointBuilder = makeBuilder(pointType()).valueOrDie();
  for (int64_t i = 0; i < rows; ++i) EXPECT_TRUE(appendPoint(*pointBuilder, source, true).ok());
  columns.push_back(pointBuilder->finish().valueOrDie());

  auto intLists = makeBuilder(schema->field(23)->type()).valueOrDie();
  auto& lists = static_cast<ListBuilder&>(*intLists);
  for (int64_t i = 0; i < rows; ++i) {
    if (source.null()) {
      EXPECT_TRUE(lists.appendNull().ok());
      continue;
    }
    EXPECT_TRUE(lists.append().ok());
    auto& items = static_cast<NumericBuilder<int32_t>&>(*lists.valueBuilder());
    const int count = static_cast<int>(source.next() % 4);
    for (int k = 0; k < count; ++k) {
      EXPECT_TRUE((source.null() ? items.appendNull() : items.append(static_cast<int32_t>(source.next()))).ok());
    }
  }
  columns.push_back(intLists->finish().valueOrDie());

  auto pointLists = makeBuilder(schema->field(24)->type()).valueOrDie();
  auto& pointList = static_cast<ListBuilder&>(*pointLists);
  for (int64_t i = 0; i < rows; ++i) {
    if (source.null()) {
      EXPECT_TRUE(pointList.appendNull().ok());
      continue;
    }
    EXPECT_TRUE(pointList.append().ok());
    const int count = static_cast<int>(source.next() % 3);
    for (int k = 0; k < count; ++k) EXPECT_TRUE(appendPoint(*pointList.valueBuilder(), source, false).ok());
  }
  columns.push_back(pointLists->finish().valueOrDie());

  NumericBuilder<int32_t> indices(int32());
  for (int64_t i = 0; i < rows; ++i) {
    const auto index = static_cast<int32_t>(source.next() % static_cast<uint64_t>(colourDictionary().length()));
    EXPECT_TRUE((source.null() ? indices.appendNull() : indices.append(index)).ok());
  }
  columns.push_back(makeDictionaryArray(indices.finish().valueOrDie(), colourDictionary()));

  NumericBuilder<int64_t> required(int64());
  for (int64_t i = 0; i < rows; ++i) EXPECT_TRUE(required.append(static_cast<int64_t>(i) - 3).ok());
  columns.push_back(required.finish().valueOrDie());

  return RecordBatch::make(schema, rows, std::move(columns)).valueOrDie();
}

inline BufferPtr writeStream(const SchemaPtr& schema, const std::vector<RecordBatchPtr>& batches,
                             const IpcWriteOptions& options = {}) {
  auto sink = io::BufferOutputStream::make().valueOrDie();
  auto writer = IpcStreamWriter::make(sink, schema, options).valueOrDie();
  for (const auto& batch : batches) SABOT_CHECK_OK(writer->writeBatch(*batch));
  SABOT_CHECK_OK(writer->close());
  return sink->finish().valueOrDie();
}

inline BufferPtr writeFile(const SchemaPtr& schema, const std::vector<RecordBatchPtr>& batches,
                           const IpcWriteOptions& options = {}) {
  auto sink = io::BufferOutputStream::make().valueOrDie();
  auto writer = IpcFileWriter::make(sink, schema, options).valueOrDie();
  for (const auto& batch : batches) SABOT_CHECK_OK(writer->writeBatch(*batch));
  SABOT_CHECK_OK(writer->close());
  return sink->finish().valueOrDie();
}

/// Reads every batch of a stream; the error of the first failure otherwise.
inline Result<std::vector<RecordBatchPtr>> readStream(const BufferPtr& bytes, const IpcReadOptions& options = {}) {
  SABOT_ASSIGN_OR_RAISE(auto reader, IpcStreamReader::make(bytes, options));
  return reader->readAll();
}

inline Result<std::vector<RecordBatchPtr>> readFile(const BufferPtr& bytes, const IpcReadOptions& options = {}) {
  SABOT_ASSIGN_OR_RAISE(auto reader, IpcFileReader::make(bytes, options));
  std::vector<RecordBatchPtr> batches;
  for (int i = 0; i < reader->numRecordBatches(); ++i) {
    SABOT_ASSIGN_OR_RAISE(RecordBatchPtr batch, reader->readRecordBatch(i));
    batches.push_back(std::move(batch));
  }
  return batches;
}

/// A reader for either format over `bytes`; aborts on failure.
inline std::unique_ptr<columnar::RecordBatchReader> openIpcReaderForTest(const BufferPtr& bytes) {
  return openIpcReader(bytes).valueOrDie();
}

/// A copy of `bytes` (to corrupt it).
inline BufferPtr copyBytes(std::string_view bytes) { return columnar::Buffer::copyOf(bytes).valueOrDie(); }

}  // namespace sabot::ipc::testing
