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
#include "sabot/io/BufferOutputStream.h"

namespace {

using namespace sabot;
using namespace sabot::columnar;
using namespace sabot::formats;

void require(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "CsvReaderFuzz: %s\n", what);
    std::abort();
  }
}

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
  size_t batchIndex = 0;
  int64_t offset = 0;
  for (const auto& batch : *reread) {
    for (int64_t row = 0; row < batch->numRows(); ++row) {
      while (batchIndex < batches.size() && offset == batches[batchIndex]->numRows()) {
        ++batchIndex;
        offset = 0;
      }
      require(batchIndex < batches.size(), "re-read more rows than were written");
      for (int i = 0; i < schema->numFields(); ++i) {
        const bool same =
            batches[batchIndex]->column(i).slice(offset, 1).equals(batch->column(i).slice(row, 1));
        if (!same)
          std::fprintf(stderr, "column %d differs after a round trip:\n%s\n", i, text.c_str());
        require(same, "round trip changed a value");
      }
      ++offset;
    }
  }
  while (batchIndex < batches.size() && offset == batches[batchIndex]->numRows()) {
    ++batchIndex;
    offset = 0;
  }
  require(batchIndex == batches.size(), "re-read fewer rows than were written");
}

void readAll(const std::string& text, CsvReadOptions options, bool roundTrip) {
  auto reader = CsvReader::fromString(text, options);
  if (!reader.ok()) return;
  std::vector<RecordBatchPtr> batches;
  int64_t rows = 0;
  bool failed = false;
  for (int guard = 0; guard < 100000; ++guard) {
    auto batch = (*reader)->next();
    if (!batch.ok()) {
      failed = true;
      // Errors are sticky.
      require(!(*reader)->next().ok(), "a reader error was not sticky");
      break;
    }
    if (!*batch) break;
    require((*batch)->numRows() > 0, "an empty batch before the end");
    require((*batch)->numRows() <= options.batchSize, "a batch larger than batchSize");
    require((*batch)->schema()->equals(*(*reader)->schema()), "a batch with another schema");
    for (const auto& column : (*batch)->columns()) {
      require(validateArray(*column.data(), /*full=*/true).ok(), "an invalid array");
    }
    rows += (*batch)->numRows();
    batches.push_back(*batch);
  }
  const ReadCounters& counters = (*reader)->counters();
  require(counters.rowsRead == rows, "rowsRead differs from the rows returned");
  if (options.onError != OnError::kSkip)
    require(counters.rowsSkipped == 0, "rows skipped under another policy");
  if (options.onError != OnError::kDeadLetter)
    require(counters.rowsDeadLettered == 0, "rows dead-lettered");
  if (options.onError == OnError::kDeadLetter) {
    auto* sink = static_cast<MemoryDeadLetterSink*>(options.deadLetterSink.get());
    require(static_cast<int64_t>(sink->entries().size()) == counters.rowsDeadLettered,
            "dead-letter count differs from the sink");
  }
  if (roundTrip && !failed && (*reader)->schema()->numFields() > 0) {
    checkRoundTrip((*reader)->schema(), batches, options.delimiter);
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
