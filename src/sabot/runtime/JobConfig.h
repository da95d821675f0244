#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "sabot/checkpoint/CheckpointFileSystem.h"
#include "sabot/columnar/MemoryPool.h"
#include "sabot/ipc/IpcOptions.h"
#include "sabot/runtime/Channel.h"
#include "sabot/runtime/KeyGroups.h"
#include "sabot/runtime/RestartStrategy.h"
#include "sabot/runtime/StateBackendConfig.h"
#include "sabot/time/Clock.h"

namespace sabot::runtime {

/// When and where a job takes checkpoints (Flink's CheckpointConfig).
struct CheckpointConfig {
  /// Where completed checkpoints go (DIR/chk-N/); empty disables them.
  std::string directory;
  /// Time between the start of two checkpoints; 0 disables them.
  std::chrono::milliseconds interval{0};
  /// A checkpoint that has not completed after this long is abandoned.
  std::chrono::milliseconds timeout{std::chrono::minutes(10)};
  /// At least this long between the end of one checkpoint and the start of
  /// the next, so a slow checkpoint does not leave no time for processing.
  std::chrono::milliseconds minPause{0};
  /// Consecutive failed checkpoints the job survives; one more fails it.
  int32_t tolerableFailures = 0;
  /// Completed checkpoints kept on disk; older ones are deleted.
  int32_t retained = 1;
  /// A checkpoint to start from: "latest" (newest valid one in
  /// `directory`) or the path of a checkpoint directory; empty starts fresh.
  std::string restoreFrom;
  /// Where checkpoint files are written and read (null: the local
  /// filesystem). Tests inject a checkpoint::FaultInjectingFileSystem here.
  std::shared_ptr<checkpoint::CheckpointFileSystem> fileSystem;
  /// How state files are compressed (one LZ4 or ZSTD frame per file; files
  /// that do not shrink are stored as they are). Restores read any.
  ipc::Compression compression = ipc::Compression::kNone;

  bool enabled() const { return !directory.empty() && interval.count() > 0; }
};

/// How a job runs. Every field has a default that suits a laptop.
struct JobConfig {
  /// Subtasks per operator, for operators that do not set their own.
  int32_t parallelism = 1;
  /// Key groups (the unit of state redistribution); the highest parallelism
  /// any operator of the job may ever be rescaled to.
  int32_t maxParallelism = KeyGroupAssigner::kDefaultMaxParallelism;
  /// Worker threads that run the subtasks; 0 = one per core.
  int32_t workerThreads = 0;
  /// Rows per batch that sources read and that outgoing channels gather
  /// small batches into before sending them (flush by size).
  int64_t batchRows = 8192;
  /// The latency bound: a partly filled outgoing batch is sent at the latest
  /// this long after its first row arrived (flush by time). 0 sends every
  /// batch as soon as it is produced.
  std::chrono::microseconds flushInterval{5000};
  /// Capacity of each channel between two subtasks (backpressure bound).
  ChannelOptions channel;
  /// Fuse operators joined by forward edges into one task (Flink's operator
  /// chaining). Off only to measure what chaining saves.
  bool chaining = true;
  /// Checkpoints (off by default).
  CheckpointConfig checkpoints;
  /// What to do when the job fails: nothing (default), or restart it from
  /// the latest completed checkpoint (RestartingExecution applies it).
  RestartStrategy restart;
  /// Keyed state and timers: in memory (default) or in RocksDB.
  StateBackendConfig stateBackend;
  /// Processing time for timers and state TTL. Not owned; tests pass a
  /// time::ManualClock to make processing time deterministic.
  const time::Clock* clock = time::SystemClock::instance();
  /// Where operators allocate their output batches.
  columnar::MemoryPool* pool = columnar::MemoryPool::defaultPool();
};

}  // namespace sabot::runtime
