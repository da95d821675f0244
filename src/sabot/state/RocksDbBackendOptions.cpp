#include "sabot/state/RocksDbBackendOptions.h"

namespace sabot::state {

Status RocksDbBackendOptions::validate() const {
  if (directory.empty()) return Status::invalid("RocksDB state backend needs a directory");
  if (blockCacheBytes < 1) return Status::invalid("RocksDB blockCacheBytes must be positive, got {}", blockCacheBytes);
  if (writeBufferBytes < 64 << 10) {
    return Status::invalid("RocksDB writeBufferBytes must be at least 64 KiB, got {}", writeBufferBytes);
  }
  if (maxWriteBuffers < 1) return Status::invalid("RocksDB maxWriteBuffers must be >= 1, got {}", maxWriteBuffers);
  if (writeBufferManagerBytes < 0) {
    return Status::invalid("RocksDB writeBufferManagerBytes must be >= 0, got {}", writeBufferManagerBytes);
  }
  if (blockSizeBytes < 512) return Status::invalid("RocksDB blockSizeBytes must be >= 512, got {}", blockSizeBytes);
  if (bloomFilterBitsPerKey < 0) {
    return Status::invalid("RocksDB bloomFilterBitsPerKey must be >= 0, got {}", bloomFilterBitsPerKey);
  }
  if (maxBackgroundJobs < 1) return Status::invalid("RocksDB maxBackgroundJobs must be >= 1, got {}", maxBackgroundJobs);
  return Status::OK();
}

}  // namespace sabot::state
