#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sabot/base/Result.h"

namespace sabot::runtime {

/// Where keyed state (and timers) of stateful operators live.
enum class StateBackendKind : uint8_t {
  /// Hash maps in memory: fastest, bounded by memory.
  kMemory = 0,
  /// An embedded RocksDB per subtask: state larger than memory.
  kRocksDb = 1,
};

std::string_view stateBackendName(StateBackendKind kind);
/// "memory" / "heap" or "rocksdb"; Invalid naming the choices otherwise.
Result<StateBackendKind> parseStateBackend(std::string_view name);

/// The job's state backend (Flink's state.backend options).
struct StateBackendConfig {
  StateBackendKind kind = StateBackendKind::kMemory;
  /// RocksDB only: the directory under which every subtask opens its own
  /// RocksDB (in a fresh subdirectory, deleted when the job ends: state is
  /// made durable by checkpoints, not by this directory). Empty uses the
  /// system's temporary directory.
  std::string directory;
  /// RocksDB only: the memory budget of one subtask's RocksDB (block cache,
  /// with the memtables charged to it).
  int64_t rocksDbMemoryBytes = 64LL << 20;
};

}  // namespace sabot::runtime
