#include "sabot/state/RocksDbStatus.h"

namespace sabot::state {

Status fromRocksDb(const rocksdb::Status& status, std::string_view operation, std::string_view where) {
  if (status.ok()) return Status::OK();
  const std::string detail = status.ToString();
  if (status.IsNoSpace()) return Status::ioError("RocksDB {} failed for {}: disk full: {}", operation, where, detail);
  if (status.IsIOError()) return Status::ioError("RocksDB {} failed for {}: {}", operation, where, detail);
  if (status.IsCorruption()) return Status::corrupt("RocksDB {} failed for {}: {}", operation, where, detail);
  if (status.IsMemoryLimit()) return Status::outOfMemory("RocksDB {} failed for {}: {}", operation, where, detail);
  if (status.IsInvalidArgument()) return Status::invalid("RocksDB {} failed for {}: {}", operation, where, detail);
  if (status.IsNotSupported()) return Status::unsupported("RocksDB {} failed for {}: {}", operation, where, detail);
  if (status.IsNotFound()) return Status::keyError("RocksDB {} failed for {}: {}", operation, where, detail);
  if (status.IsBusy() || status.IsTimedOut() || status.IsTryAgain() || status.IsIncomplete() || status.IsAborted()) {
    return Status::ioError("RocksDB {} failed for {}: {}", operation, where, detail);
  }
  return Status::internal("RocksDB {} failed for {}: {}", operation, where, detail);
}

}  // namespace sabot::state
