// Fuzzes CsvReader: the bytes are read with schema inference and with a fixed
// schema of every type, under every error policy, with chunk sizes down to
// one byte. Besides not crashing, it checks that every batch is a valid Arrow
// batch, that the counters add up, and that what was read survives
// CsvWriter -> CsvReader unchanged.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "sabot/columnar/Array.h"
#include "sabot/formats/CsvReader.h"
#include "sabot/formats/CsvWriter.h"
#include "sabot/formats/fuzz/ReaderFuzzChecks.h"
#include "sabot/io/BufferOutputStream.h"

namespace {

using namespace sabot;
using namespace sabot::columnar;
using namespace sabot::formats;
using namespace sabot::formats::fuzz;

SchemaPtr fixedSchema() {
  static const SchemaPtr kSchema = schema({
      field("a", int32()),
      field("b", float64()),
      field("c", utf8()),
      field("d", boolean()),
      field("e", timestamp(TimeUnit::kMilli, "UTC")),
      field("f", date32()),
      field("g", decimal128(9, 2)),
      field("h", binary()),
      field("i", uint8(), /*nullable=*/false),
      field("j", list(int64())),
      field("k", struct_({field("x", float32()), field("y", largeUtf8())})),
      field("l", dictionary(int8(), utf8())),
  });
  return kSchema;
}

// Writes the batches and reads them back with their schema; they must come
// back equal.
void checkRoundTrip(const SchemaPtr& schema, const std::vector<RecordBatchPtr>& batches,
                    char delimiter) {
  auto output = io::BufferOutputStream::make().valueOrDie();
  CsvWriteOptions writeOptions;
  writeOptions.delimiter = delimiter;
  auto writer = CsvWriter::make(output, schema, writeOptions);
  require(writer.ok(), "CsvWriter::make failed");
  for (const auto& batch : batches)
    require((*writer)->write(*batch).ok(), "CsvWriter::write failed");
  require((*writer)->close().ok(), "CsvWriter::close failed");
  const std::string text(output->finish().valueOrDie()->view());

  // Columns may share names; read them back by position.
  std::vector<FieldPtr> fields;
  std::vector<std::string> names;
  for (int i = 0; i < schema->numFields(); ++i) {
    names.push_back("c" + std::to_string(i));
    fields.push_back(schema->field(i)->withName(names.back()));
  }
  CsvReadOptions options;
  options.schema = columnar::schema(fields);
  options.columnNames = names;
  options.delimiter = delimiter;
  auto reader = CsvReader::fromString(text, options);
  require(reader.ok(), "re-reading written CSV: make failed");
  auto reread = (*reader)->readAll();
  if (!reread.ok())
    std::fprintf(stderr, "%s\n%s\n", reread.status().toString().c_str(), text.c_str());
  require(reread.ok(), "re-reading written CSV failed");
  requireSameRows(batches, *reread, schema->numFields(), text);
}

void readAll(const std::string& text, CsvReadOptions options, bool roundTrip) {
  auto reader = CsvReader::fromString(text, options);
  if (!reader.ok()) return;
  const CheckedRead read = readAllChecked(**reader, options);
  if (roundTrip && !read.failed && (*reader)->schema()->numFields() > 0) {
    checkRoundTrip((*reader)->schema(), read.batches, options.delimiter);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  // The first byte picks the chunk size, delimiter, header and batch size.
  const uint8_t control = data[0];
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  for (OnError policy : {OnError::kFail, OnError::kSkip, OnError::kDeadLetter}) {
    for (bool inferred : {true, false}) {
      CsvReadOptions options;
      options.chunkBytes = (control & 16) ? (1 << 20) : (control & 15) + 1;
      options.delimiter = (control & 32) ? ';' : ',';
      options.header = (control & 64) == 0;
      options.batchSize = (control & 128) ? 3 : 1000;
      options.inferenceRows = (control & 128) ? 2 : 1000;
      options.maxRecordBytes = 1 << 16;
      options.onError = policy;
      if (policy == OnError::kDeadLetter)
        options.deadLetterSink = std::make_shared<MemoryDeadLetterSink>();
      if (!inferred) {
        options.schema = fixedSchema();
        if (!options.header) {
          options.columnNames = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"};
        }
      }
      readAll(text, options, /*roundTrip=*/policy == OnError::kSkip);
    }
  }
  return 0;
}
