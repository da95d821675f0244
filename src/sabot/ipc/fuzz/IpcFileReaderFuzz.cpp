// Fuzz target: the IPC file reader over arbitrary bytes. Reads every record
// batch by index and compares each with itself, which visits every value.

#include <cstddef>
#include <cstdint>

#include "sabot/ipc/IpcFileReader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sabot;
  ipc::IpcReadOptions options;
  options.maxDecompressedBytes = int64_t{16} << 20;
  options.maxArrayLength = int64_t{1} << 16;
  options.maxMetadataBytes = int64_t{1} << 20;
  auto bytes = std::make_shared<const columnar::Buffer>(data, static_cast<int64_t>(size));
  auto reader = ipc::IpcFileReader::make(bytes, options);
  if (!reader.ok()) return 0;
  (void)(*reader)->schema()->toString();
  for (int i = 0; i < (*reader)->numRecordBatches(); ++i) {
    auto batch = (*reader)->readRecordBatch(i);
    if (!batch.ok()) continue;
    if (!(*batch)->equals(**batch)) __builtin_trap();
  }
  return 0;
}
