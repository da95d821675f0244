// Fuzzes JsonLinesReader: the bytes are read with schema inference and with a
// fixed nested schema, under every error policy, with chunk sizes down to one
// byte. Besides not crashing, it checks that every batch is a valid Arrow
// batch, that the counters add up, and that what was read survives
// JsonLinesWriter -> JsonLinesReader unchanged.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "sabot/columnar/Array.h"
#include "sabot/formats/JsonLinesReader.h"
#include "sabot/formats/JsonLinesWriter.h"
#include "sabot/io/BufferOutputStream.h"

namespace {

using namespace sabot;
using namespace sabot::columnar;
using namespace sabot::formats;

void require(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "JsonLinesReaderFuzz: %s\n", what);
    std::abort();
  }
}

SchemaPtr fixedSchema() {
  static const SchemaPtr kSchema = schema({
      field("a", int64()),
      field("b", float64()),
      field("c", utf8()),
      field("d", boolean()),
      field("e", timestamp(TimeUnit::kMicro)),
      field("f", date32()),
      field("g", decimal128(12, 3)),
      field("h", binary()),
      field("i", int16(), /*nullable=*/false),
      field("j", list(list(uint32()))),
      field("k", struct_({field("x", float32()), field("y", struct_({field("z", utf8())})),
                          field("w", list(boolean()))})),
      field("l", dictionary(int32(), utf8())),
      field("m", largeUtf8()),
  });
  return kSchema;
}

void checkRoundTrip(const SchemaPtr& schema, const std::vector<RecordBatchPtr>& batches) {
  auto output = io::BufferOutputStream::make().valueOrDie();
  auto writer = JsonLinesWriter::make(output, schema);
  require(writer.ok(), "JsonLinesWriter::make failed");
  for (const auto& batch : batches)
    require((*writer)->write(*batch).ok(), "JsonLinesWriter::write failed");
  require((*writer)->close().ok(), "JsonLinesWriter::close failed");
  const std::string text(output->finish().valueOrDie()->view());

  JsonReadOptions options;
  options.schema = schema;
  auto reader = JsonLinesReader::fromString(text, options);
  require(reader.ok(), "re-reading written JSON: make failed");
  auto reread = (*reader)->readAll();
  if (!reread.ok())
    std::fprintf(stderr, "%s\n%s\n", reread.status().toString().c_str(), text.c_str());
  require(reread.ok(), "re-reading written JSON failed");
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

void readAll(const std::string& text, JsonReadOptions options, bool roundTrip) {
  auto reader = JsonLinesReader::fromString(text, options);
  if (!reader.ok()) return;
  std::vector<RecordBatchPtr> batches;
  int64_t rows = 0;
  bool failed = false;
  for (int guard = 0; guard < 100000; ++guard) {
    auto batch = (*reader)->next();
    if (!batch.ok()) {
      failed = true;
      require(!(*reader)->next().ok(), "a reader error was not sticky");
      break;
    }
    if (!*batch) break;
    require((*batch)->numRows() > 0, "an empty batch before the end");
    require((*batch)->numRows() <= options.batchSize, "a batch larger than batchSize");
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
  if (roundTrip && !failed) checkRoundTrip((*reader)->schema(), batches);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  // The first byte picks the chunk size and batch size.
  const uint8_t control = data[0];
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  for (OnError policy : {OnError::kFail, OnError::kSkip, OnError::kDeadLetter}) {
    for (bool inferred : {true, false}) {
      JsonReadOptions options;
      options.chunkBytes = (control & 16) ? (1 << 20) : (control & 15) + 1;
      options.batchSize = (control & 128) ? 3 : 1000;
      options.inferenceRows = (control & 64) ? 2 : 1000;
      options.maxRecordBytes = 1 << 16;
      options.onError = policy;
      if (policy == OnError::kDeadLetter)
        options.deadLetterSink = std::make_shared<MemoryDeadLetterSink>();
      if (!inferred) options.schema = fixedSchema();
      readAll(text, options, /*roundTrip=*/policy == OnError::kSkip);
    }
  }
  return 0;
}
