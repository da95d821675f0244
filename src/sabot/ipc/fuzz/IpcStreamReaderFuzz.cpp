// Fuzz target: the IPC stream reader over arbitrary bytes. Reads every batch
// and compares each with itself, which visits every value, so a batch that
// passed validation but points outside its buffers shows up under ASan.

#include <cstddef>
#include <cstdint>

#include "sabot/ipc/IpcStreamReader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sabot;
  ipc::IpcReadOptions options;
  // Keep hostile inputs cheap: small allocations, short arrays.
  options.maxDecompressedBytes = int64_t{16} << 20;
  options.maxArrayLength = int64_t{1} << 16;
  options.maxMetadataBytes = int64_t{1} << 20;
  // No owner: the bytes outlive every batch, which die in this call.
  auto bytes = std::make_shared<const columnar::Buffer>(data, static_cast<int64_t>(size));
  auto reader = ipc::IpcStreamReader::make(bytes, options);
  if (!reader.ok()) return 0;
  (void)(*reader)->schema()->toString();
  while (true) {
    auto batch = (*reader)->next();
    if (!batch.ok() || !*batch) break;
    if (!(*batch)->equals(**batch)) __builtin_trap();
  }
  return 0;
}
