#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "sabot/base/Result.h"
#include "sabot/checkpoint/SnapshotStream.h"
#include "sabot/columnar/MemoryPool.h"
#include "sabot/columnar/RecordBatch.h"
#include "sabot/runtime/KeyGroups.h"
#include "sabot/runtime/StateBackendConfig.h"
#include "sabot/runtime/StreamElement.h"
#include "sabot/time/Clock.h"

namespace sabot::runtime {

struct OperatorMetrics;

/// Where one parallel instance of an operator runs: handed to every
/// per-subtask object (operator state, source reader, sink writer).
struct OperatorContext {
  std::string operatorName;
  int32_t subtaskIndex = 0;
  int32_t parallelism = 1;
  int32_t maxParallelism = KeyGroupAssigner::kDefaultMaxParallelism;
  /// The key groups this subtask owns (all of them when parallelism is 1).
  KeyGroupAssigner::KeyGroupRange keyGroups{0, KeyGroupAssigner::kDefaultMaxParallelism - 1};
  columnar::MemoryPool* pool = columnar::MemoryPool::defaultPool();
  /// The subtask's live counters, for operators that count more than rows
  /// (late records); nullptr outside a running job.
  OperatorMetrics* metrics = nullptr;
  /// The job takes checkpoints (transactional sinks then commit per checkpoint).
  bool checkpointing = false;
  /// Where stateful operators keep keyed state and timers.
  StateBackendConfig stateBackend;
  /// Processing time (timers, TTL); the wall clock unless a test injects
  /// a manual one. Not owned.
  const time::Clock* clock = time::SystemClock::instance();
  /// "filter (2/4)": how errors and logs name the subtask (1-based, as Flink).
  std::string subtaskName() const;
};

/// Receives an operator's output. Inside a fused chain it calls the next
/// operator directly; at the end of a chain it feeds the task's outgoing
/// channels.
class Collector {
 public:
  virtual ~Collector() = default;
  /// A batch of the operator's main output.
  virtual Status emit(columnar::RecordBatchPtr batch) = 0;
  /// A batch of side output `tag` (1, 2, ... in the order the operator
  /// declared its side outputs).
  virtual Status emitSide(int32_t tag, columnar::RecordBatchPtr batch) = 0;
  /// Forwards a watermark downstream (to the next operator of the chain and
  /// to every output). Values that do not advance the operator's last
  /// watermark are dropped, so watermarks only ever rise.
  virtual Status emitWatermark(EventTime watermark) = 0;
};

/// Per-subtask mutable state of an operator. Operators themselves are const
/// and shared by all subtasks; whatever changes lives here, where a
/// checkpoint can find it.
class OperatorState {
 public:
  virtual ~OperatorState() = default;
};

/// A streaming operator: a const description of how to turn input batches
/// into output batches, run by every subtask with its own OperatorState
/// (DuckDB's split of physical operators and their local state).
class Operator {
 public:
  virtual ~Operator() = default;

  /// "filter(greater(price, 100))": the line describe() prints.
  virtual std::string describe() const = 0;
  /// How many logical inputs (1 for most; union and joins have more).
  virtual int32_t numInputs() const { return 1; }

  /// Creates one subtask's state; nullptr for stateless operators.
  virtual Result<std::unique_ptr<OperatorState>> makeState(const OperatorContext& context) const {
    return std::unique_ptr<OperatorState>();
  }
  /// One batch of input `input` (0-based). Output goes to `out`.
  virtual Status processBatch(OperatorState* state, int32_t input, const columnar::RecordBatchPtr& batch,
                              Collector& out) const = 0;
  /// The combined watermark of all inputs advanced to `watermark`. The
  /// operator forwards it with out.emitWatermark() when it is done with it
  /// (after firing windows and timers, so their output precedes it), or
  /// holds it back; the default forwards it at once.
  virtual Status processWatermark(OperatorState* state, EventTime watermark, Collector& out) const {
    return out.emitWatermark(watermark);
  }
  /// Processing time: the clock time (OperatorContext::clock, in ms) at
  /// which the operator next wants onProcessingTime(), e.g. its earliest
  /// processing-time timer; nullopt when it wants none. The task asks after
  /// every call into the operator and wakes up on time even without input.
  virtual std::optional<int64_t> nextProcessingTime(OperatorState* state) const { return std::nullopt; }
  /// The clock reached `now` (>= the time nextProcessingTime() asked for).
  virtual Status onProcessingTime(OperatorState* state, int64_t now, Collector& out) const { return Status::OK(); }

  /// Every input has ended: emit what is left. Called once.
  virtual Status finish(OperatorState* state, Collector& out) const { return Status::OK(); }
  /// The job failed or was cancelled: release what the state holds (remove
  /// partial files, ...). Called at most once, instead of finish().
  virtual void abort(OperatorState* state) const {}

  /// Writes the subtask's state for checkpoint `checkpointId`; called between
  /// two batches when the checkpoint's barriers have arrived on every input.
  /// Keep it short: processing waits for it.
  virtual Status snapshotState(OperatorState* state, int64_t checkpointId, checkpoint::SnapshotWriter& out) const {
    return Status::OK();
  }
  /// Reads back what snapshotState() wrote, before the first batch of a
  /// restored job.
  virtual Status restoreState(OperatorState* state, checkpoint::SnapshotReader& in) const { return Status::OK(); }
  /// Checkpoint `checkpointId` is complete and durable: transactional sinks
  /// make the output of the checkpoint visible now.
  virtual Status notifyCheckpointComplete(OperatorState* state, int64_t checkpointId) const { return Status::OK(); }
};

}  // namespace sabot::runtime
