// Writes Arrow IPC test data with Sabot, for apache-arrow (JS) to read:
//
//   sabot_arrow_write_all_types OUT_DIR
//
//   sabot_all_types{,_lz4,_zstd}.arrow(s)  every Sabot type, nulls, 4 batches
//                                          (5, 0, 4 rows and a sliced 6-row
//                                          batch), as file and stream, plain
//                                          and with each codec
//   sabot_all_types.expected.json          their canonical dump (canonical.mjs)
//   sabot_dictionaries.arrow               a dictionary that grows: deltas
//   sabot_dictionaries_file.expected.json
//   sabot_dictionaries.arrows              grows, is replaced, grows again
//   sabot_dictionaries_stream.expected.json
//   sabot_no_batches.arrow(s)              a schema and no batch
//   sabot_no_batches.expected.json
//
// The expected dumps are computed from the batches in memory, before
// writing, so they check Sabot's writer as well as the reader on the other
// side.

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "CanonicalJson.h"
#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/ipc/IpcFileWriter.h"
#include "sabot/ipc/IpcStreamWriter.h"

namespace {

using namespace sabot;
using namespace sabot::columnar;
namespace fs = std::filesystem;

template <typename T>
using Values = std::vector<std::optional<T>>;

/// Picks value `row % size` of a table, or null on rows where `row % period == phase`.
template <typename T>
std::optional<T> pick(const std::vector<T>& table, int64_t row, int64_t period, int64_t phase) {
  if (row % period == phase) return std::nullopt;
  return table[static_cast<size_t>(row) % table.size()];
}

template <typename T>
Array numbers(const DataTypePtr& type, const std::vector<T>& table, int64_t first, int64_t rows, int64_t phase) {
  NumericBuilder<T> builder(type);
  for (int64_t row = first; row < first + rows; ++row) SABOT_CHECK_OK(builder.append(pick(table, row, 5, phase)));
  return builder.finish().valueOrDie();
}

template <typename Builder>
Array strings(const DataTypePtr& type, const std::vector<std::string>& table, int64_t first, int64_t rows,
              int64_t phase) {
  Builder builder(type);
  for (int64_t row = first; row < first + rows; ++row) {
    auto value = pick(table, row, 4, phase);
    SABOT_CHECK_OK(value ? builder.append(*value) : builder.appendNull());
  }
  return builder.finish().valueOrDie();
}

const std::vector<std::string>& texts() {
  static const std::vector<std::string> table = {
      "hello", "", "héllo wörld", "日本語", "emoji 🎉", "quote \" backslash \\ slash /",
      "tab\tnewline\ncr\r", "ctrl \x01\x1f del \x7f", "\xef\xbb\xbf" "bom", std::string("a\0b", 3),
      std::string(100, 'x')};
  return table;
}

const std::vector<std::string>& blobs() {
  static const std::vector<std::string> table = {std::string("\x00\x01\xff", 3), "", "text",
                                                 "\xde\xad\xbe\xef", "\x7f", std::string("\x80\x00", 2)};
  return table;
}

Array dictionaryArray(const DataTypePtr& indexType, const Array& indices, const Array& dictionary) {
  auto data = std::make_shared<ArrayData>(*indices.data());
  data->type = columnar::dictionary(indexType, dictionary.type());
  data->dictionary = dictionary.data();
  return Array(std::move(data));
}

DataTypePtr pointType() {
  return struct_({field("x", float64()), field("tags", list(field("tag", utf8())))});
}

SchemaPtr allTypesSchema() {
  return schema({
      field("null", null()),
      field("bool", boolean()),
      field("int8", int8()),
      field("int16", int16()),
      field("int32", int32()),
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
      field("decimal128", decimal128(12, 3)),
      field("decimal128_wide", decimal128(38, 0)),
      field("struct", struct_({field("a", int32()), field("b", utf8())})),
      field("list", list(field("item", int32()))),
      field("points", list(field("point", pointType()))),
      field("dict", columnar::dictionary(int32(), utf8())),
      field("dict_int8", columnar::dictionary(int8(), largeUtf8())),
      field("required", int64(), false),
  });
}

const Array& sharedDictionary() {
  static const Array values = makeStringArray({"red", "green", "", "blue", "ünïcödé", std::nullopt});
  return values;
}

const Array& sharedLargeDictionary() {
  static const Array values = makeStringArray({"small", "medium", "large"}, largeUtf8());
  return values;
}

/// Rows [first, first + rows) of the all-types data.
RecordBatchPtr allTypesBatch(int64_t first, int64_t rows) {
  const SchemaPtr schema = allTypesSchema();
  std::vector<Array> columns;
  NullBuilder nulls;
  SABOT_CHECK_OK(nulls.appendNulls(rows));
  columns.push_back(nulls.finish().valueOrDie());

  BooleanBuilder bools;
  for (int64_t row = first; row < first + rows; ++row) {
    SABOT_CHECK_OK(bools.append(pick(std::vector<bool>{true, false, true, true, false}, row, 5, 2)));
  }
  columns.push_back(bools.finish().valueOrDie());

  columns.push_back(numbers<int8_t>(int8(), {0, -128, 127, 1, -1, 42}, first, rows, 3));
  columns.push_back(numbers<int16_t>(int16(), {0, -32768, 32767, 300, -300}, first, rows, 4));
  columns.push_back(numbers<int32_t>(int32(), {0, INT32_MIN, INT32_MAX, 70000, -70000, 7}, first, rows, 0));
  columns.push_back(numbers<int64_t>(int64(), {0, INT64_MIN, INT64_MAX, 9007199254740993, -9007199254740993, -1},
                                     first, rows, 1));
  columns.push_back(numbers<uint8_t>(uint8(), {0, 255, 128, 1, 254}, first, rows, 2));
  columns.push_back(numbers<uint16_t>(uint16(), {0, 65535, 32768, 40000}, first, rows, 3));
  columns.push_back(numbers<uint32_t>(uint32(), {0, 4294967295u, 2147483648u, 3000000000u}, first, rows, 4));
  columns.push_back(numbers<uint64_t>(uint64(), {0, UINT64_MAX, 9223372036854775808ull, 9007199254740993ull},
                                      first, rows, 0));
  const float inf = std::numeric_limits<float>::infinity();
  columns.push_back(numbers<float>(float32(),
                                   {0.1f, -2.5f, std::nanf(""), inf, -inf, -0.0f, 3.4028234663852886e38f,
                                    1.401298464324817e-45f, 0.0f, 16777217.0f, 1e-7f},
                                   first, rows, 1));
  const double dinf = std::numeric_limits<double>::infinity();
  columns.push_back(numbers<double>(float64(),
                                    {0.1, -2.5, std::nan(""), dinf, -dinf, -0.0, 1e21, 1.5e-7, 3.141592653589793,
                                     1e20, 5e-324, 0.0, 123.25, 1e-6, 1e-7, 1.7976931348623157e308, -123456.789},
                                    first, rows, 2));
  columns.push_back(strings<StringBuilder>(utf8(), texts(), first, rows, 1));
  columns.push_back(strings<LargeStringBuilder>(largeUtf8(), texts(), first + 3, rows, 2));
  columns.push_back(strings<StringBuilder>(binary(), blobs(), first, rows, 3));
  columns.push_back(strings<LargeStringBuilder>(largeBinary(), blobs(), first + 1, rows, 0));
  const std::vector<int64_t> instants = {0, 1700000000, -1, 1, -86400, 253402300799, 42, INT64_MAX, -INT64_MAX};
  for (int unit = 0; unit < 4; ++unit) {
    columns.push_back(numbers<int64_t>(schema->field(16 + unit)->type(), instants, first + unit, rows, unit % 4));
  }
  columns.push_back(numbers<int32_t>(date32(), {0, 19723, -1, 2932896, -719162, 18262}, first, rows, 3));

  Decimal128Builder decimals(decimal128(12, 3));
  const std::vector<__int128> unscaled = {12345, -12345, 0, 999999999999, -999999999999, 1, -1};
  for (int64_t row = first; row < first + rows; ++row) SABOT_CHECK_OK(
      row % 4 == 1 ? decimals.appendNull() : decimals.append(unscaled[static_cast<size_t>(row) % unscaled.size()]));
  columns.push_back(decimals.finish().valueOrDie());
  Decimal128Builder wide(decimal128(38, 0));
  __int128 max38 = 1;
  for (int i = 0; i < 38; ++i) max38 *= 10;
  max38 -= 1;
  const std::vector<__int128> wideValues = {max38, -max38, 0, static_cast<__int128>(INT64_MAX) * 1000};
  for (int64_t row = first; row < first + rows; ++row) SABOT_CHECK_OK(
      row % 5 == 4 ? wide.appendNull() : wide.append(wideValues[static_cast<size_t>(row) % wideValues.size()]));
  columns.push_back(wide.finish().valueOrDie());

  auto structs = makeBuilder(schema->field(23)->type()).valueOrDie();
  auto& structBuilder = static_cast<StructBuilder&>(*structs);
  for (int64_t row = first; row < first + rows; ++row) {
    if (row % 6 == 1) {
      SABOT_CHECK_OK(structBuilder.appendNull());
      continue;
    }
    SABOT_CHECK_OK(structBuilder.append());
    auto& a = static_cast<NumericBuilder<int32_t>&>(*structBuilder.fieldBuilder(0));
    auto& b = static_cast<StringBuilder&>(*structBuilder.fieldBuilder(1));
    SABOT_CHECK_OK(row % 3 == 2 ? a.appendNull() : a.append(static_cast<int32_t>(row * 7 - 5)));
    SABOT_CHECK_OK(row % 4 == 3 ? b.appendNull() : b.append(texts()[static_cast<size_t>(row) % texts().size()]));
  }
  columns.push_back(structs->finish().valueOrDie());

  auto lists = makeBuilder(schema->field(24)->type()).valueOrDie();
  auto& listBuilder = static_cast<ListBuilder&>(*lists);
  for (int64_t row = first; row < first + rows; ++row) {
    if (row % 5 == 2) {
      SABOT_CHECK_OK(listBuilder.appendNull());
      continue;
    }
    SABOT_CHECK_OK(listBuilder.append());
    auto& items = static_cast<NumericBuilder<int32_t>&>(*listBuilder.valueBuilder());
    for (int64_t k = 0; k < row % 4; ++k) {
      SABOT_CHECK_OK(k == 1 ? items.appendNull() : items.append(static_cast<int32_t>(row * 10 + k)));
    }
  }
  columns.push_back(lists->finish().valueOrDie());

  auto pointLists = makeBuilder(schema->field(25)->type()).valueOrDie();
  auto& pointList = static_cast<ListBuilder&>(*pointLists);
  for (int64_t row = first; row < first + rows; ++row) {
    if (row % 7 == 3) {
      SABOT_CHECK_OK(pointList.appendNull());
      continue;
    }
    SABOT_CHECK_OK(pointList.append());
    auto& points = static_cast<StructBuilder&>(*pointList.valueBuilder());
    for (int64_t k = 0; k < row % 3; ++k) {
      SABOT_CHECK_OK(points.append());
      SABOT_CHECK_OK(static_cast<NumericBuilder<double>&>(*points.fieldBuilder(0)).append(static_cast<double>(row) / 4 + k));
      auto& tags = static_cast<ListBuilder&>(*points.fieldBuilder(1));
      SABOT_CHECK_OK(tags.append());
      for (int64_t t = 0; t < k + 1; ++t) {
        SABOT_CHECK_OK(static_cast<StringBuilder&>(*tags.valueBuilder()).append(fmt::format("tag{}", row + t)));
      }
    }
  }
  columns.push_back(pointLists->finish().valueOrDie());

  Values<int32_t> indices;
  Values<int8_t> smallIndices;
  for (int64_t row = first; row < first + rows; ++row) {
    indices.push_back(row % 5 == 4 ? std::nullopt : std::optional<int32_t>(static_cast<int32_t>((row * 3) % 6)));
    smallIndices.push_back(row % 4 == 0 ? std::nullopt : std::optional<int8_t>(static_cast<int8_t>(row % 3)));
  }
  columns.push_back(dictionaryArray(int32(), makeArray<int32_t>(int32(), indices), sharedDictionary()));
  columns.push_back(dictionaryArray(int8(), makeArray<int8_t>(int8(), smallIndices), sharedLargeDictionary()));
  columns.push_back(numbers<int64_t>(int64(), {10, -20, 30, INT64_MIN, INT64_MAX}, first, rows, -1));
  return RecordBatch::make(schema, rows, std::move(columns)).valueOrDie();
}

std::vector<RecordBatchPtr> allTypesBatches() {
  // The last batch is a slice (offset 5): the writer must re-base it.
  return {allTypesBatch(0, 5), allTypesBatch(5, 0), allTypesBatch(5, 4), allTypesBatch(4, 11)->slice(5, 6)};
}

SchemaPtr dictionarySchema() {
  return schema({field("colour", columnar::dictionary(int16(), utf8())), field("n", int32())});
}

RecordBatchPtr dictionaryBatch(const std::vector<std::optional<std::string>>& dictionary, Values<int16_t> indices) {
  const auto rows = static_cast<int64_t>(indices.size());
  Values<int32_t> numbers;
  for (int64_t i = 0; i < rows; ++i) numbers.emplace_back(static_cast<int32_t>(i));
  return RecordBatch::make(dictionarySchema(), rows,
                           {dictionaryArray(int16(), makeArray<int16_t>(int16(), indices), makeStringArray(dictionary)),
                            makeArray<int32_t>(int32(), numbers)})
      .valueOrDie();
}

std::vector<RecordBatchPtr> growingDictionaryBatches() {
  return {dictionaryBatch({"a", "b"}, {0, 1, std::nullopt}), dictionaryBatch({"a", "b", "c"}, {2, 0}),
          dictionaryBatch({"a", "b", "c"}, {}), dictionaryBatch({"a", "b", "c", "d", std::nullopt}, {4, 3, 1})};
}

std::vector<RecordBatchPtr> changingDictionaryBatches() {
  return {dictionaryBatch({"a", "b"}, {0, 1}), dictionaryBatch({"a", "b", "c"}, {2, 2, 0}),
          dictionaryBatch({"x", "y"}, {1, 0}), dictionaryBatch({"x", "y", "z"}, {2, std::nullopt})};
}

Status writeText(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out.good()) return Status::ioError("cannot write {}", path.string());
  return Status::OK();
}

Status writeBoth(const fs::path& base, const SchemaPtr& schema, const std::vector<RecordBatchPtr>& batches,
                 const ipc::IpcWriteOptions& options, bool file, bool stream) {
  if (file) {
    SABOT_ASSIGN_OR_RAISE(auto writer, ipc::IpcFileWriter::make(fs::path(base.string() + ".arrow"), schema, options));
    for (const auto& batch : batches) SABOT_RETURN_NOT_OK(writer->writeBatch(*batch));
    SABOT_RETURN_NOT_OK(writer->close());
  }
  if (stream) {
    SABOT_ASSIGN_OR_RAISE(auto writer, ipc::IpcStreamWriter::make(fs::path(base.string() + ".arrows"), schema, options));
    for (const auto& batch : batches) SABOT_RETURN_NOT_OK(writer->writeBatch(*batch));
    SABOT_RETURN_NOT_OK(writer->close());
  }
  return Status::OK();
}

Status run(const fs::path& dir) {
  fs::create_directories(dir);
  const auto batches = allTypesBatches();
  SABOT_ASSIGN_OR_RAISE(std::string expected, interop::canonicalJson(*allTypesSchema(), batches));
  SABOT_RETURN_NOT_OK(writeText(dir / "sabot_all_types.expected.json", expected));
  for (auto [suffix, codec] : {std::pair{"", ipc::Compression::kNone}, std::pair{"_lz4", ipc::Compression::kLz4Frame},
                               std::pair{"_zstd", ipc::Compression::kZstd}}) {
    ipc::IpcWriteOptions options;
    options.compression = codec;
    SABOT_RETURN_NOT_OK(writeBoth(dir / (std::string("sabot_all_types") + suffix), allTypesSchema(), batches, options,
                                  true, true));
  }

  const auto growing = growingDictionaryBatches();
  SABOT_ASSIGN_OR_RAISE(expected, interop::canonicalJson(*dictionarySchema(), growing));
  SABOT_RETURN_NOT_OK(writeText(dir / "sabot_dictionaries_file.expected.json", expected));
  SABOT_RETURN_NOT_OK(writeBoth(dir / "sabot_dictionaries", dictionarySchema(), growing, {}, true, false));
  const auto changing = changingDictionaryBatches();
  SABOT_ASSIGN_OR_RAISE(expected, interop::canonicalJson(*dictionarySchema(), changing));
  SABOT_RETURN_NOT_OK(writeText(dir / "sabot_dictionaries_stream.expected.json", expected));
  SABOT_RETURN_NOT_OK(writeBoth(dir / "sabot_dictionaries", dictionarySchema(), changing, {}, false, true));

  SABOT_ASSIGN_OR_RAISE(expected, interop::canonicalJson(*allTypesSchema(), {}));
  SABOT_RETURN_NOT_OK(writeText(dir / "sabot_no_batches.expected.json", expected));
  return writeBoth(dir / "sabot_no_batches", allTypesSchema(), {}, {}, true, true);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: sabot_arrow_write_all_types OUT_DIR\n");
    return 2;
  }
  const Status status = run(argv[1]);
  if (!status.ok()) {
    std::fprintf(stderr, "sabot_arrow_write_all_types: %s\n", status.toString().c_str());
    return 1;
  }
  return 0;
}
