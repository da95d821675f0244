#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "sabot/base/Result.h"
#include "sabot/columnar/MemoryPool.h"
#include "sabot/columnar/RecordBatch.h"
#include "sabot/runtime/Channel.h"
#include "sabot/runtime/JobGraph.h"
#include "sabot/runtime/KeyGroups.h"
#include "sabot/runtime/StreamElement.h"

namespace sabot::runtime {

using SteadyClock = std::chrono::steady_clock;

/// One outgoing edge of a task: splits each batch over the consumer
/// subtasks' channels (forward, rebalance, hash by key group, broadcast),
/// gathers small pieces into batches of up to `batchRows` rows (flushed by
/// size or after `flushInterval`), and holds what a full channel refused
/// until it has room. It never blocks; the task stops taking input while
/// anything is pending.
class TaskOutput {
 public:
  struct Options {
    PartitioningKind partitioning = PartitioningKind::kForward;
    /// Column indices of the keys (kHash).
    std::vector<int> keyColumns;
    int32_t maxParallelism = KeyGroupAssigner::kDefaultMaxParallelism;
    int64_t batchRows = 8192;
    std::chrono::microseconds flushInterval{5000};
    columnar::MemoryPool* pool = columnar::MemoryPool::defaultPool();
  };

  /// `channels` has one entry per consumer subtask (one for kForward).
  static Result<TaskOutput> make(Options options, std::vector<Channel*> channels);

  /// Partitions and buffers `batch`.
  Status add(const columnar::RecordBatchPtr& batch, SteadyClock::time_point now);
  /// Sends a watermark or end of input to every channel, after what is
  /// buffered (order is kept per channel).
  Status addControl(const StreamElement& element);
  /// Sends buffers whose flush deadline passed.
  Status flushExpired(SteadyClock::time_point now);
  /// Pushes pending elements; true when nothing is left pending.
  bool drain();
  bool hasPending() const;
  /// The earliest flush deadline of a buffered batch, if any.
  std::optional<SteadyClock::time_point> nextDeadline() const;

 private:
  struct Lane {
    Channel* channel = nullptr;
    std::vector<columnar::RecordBatchPtr> buffered;
    int64_t bufferedRows = 0;
    SteadyClock::time_point deadline;
    std::deque<StreamElement> pending;
  };

  TaskOutput(Options options, KeyGroupAssigner assigner, std::vector<Lane> lanes)
      : options_(std::move(options)), assigner_(assigner), lanes_(std::move(lanes)) {}

  Status addToLane(Lane& lane, columnar::RecordBatchPtr batch, SteadyClock::time_point now);
  Status flushLane(Lane& lane);
  Status addHashed(const columnar::RecordBatchPtr& batch, SteadyClock::time_point now);

  Options options_;
  KeyGroupAssigner assigner_;
  std::vector<Lane> lanes_;
  size_t nextLane_ = 0;  ///< round robin position (kRebalance)
};

}  // namespace sabot::runtime
