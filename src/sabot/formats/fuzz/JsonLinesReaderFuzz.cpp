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
#include "sabot/formats/fuzz/ReaderFuzzChecks.h"
#include "sabot/io/BufferOutputStream.h"

namespace {

using namespace sabot;
using namespace sabot::columnar;
using namespace sabot::formats;
using namespace sabot::formats::fuzz;

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
  requireSameRows(batches, *reread, schema->numFields(), text);
}

void readAll(const std::string& text, JsonReadOptions options, bool roundTrip) {
  auto reader = JsonLinesReader::fromString(text, options);
  if (!reader.ok()) return;
  const CheckedRead read = readAllChecked(**reader, options);
  if (roundTrip && !read.failed) checkRoundTrip((*reader)->schema(), read.batches);
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
