#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sabot/base/Result.h"
#include "sabot/columnar/RecordBatch.h"
#include "sabot/operators/KeyEncoder.h"
#include "sabot/operators/ProcessFunction.h"
#include "sabot/runtime/Operator.h"
#include "sabot/state/KeyedStateBackend.h"
#include "sabot/state/StateKey.h"
#include "sabot/state/TimerService.h"

namespace sabot::operators {

/// What a keyed process function can do besides emitting: keyed state,
/// timers and the current key (Flink's KeyedProcessFunction.Context with
/// its TimerService, on whole batches).
///
/// The current key is what state handles and timers act on. In
/// processBatch() it is chosen per row with setCurrentRow() (or keys are
/// taken many at a time from rowKeys() for the state handles' batch calls);
/// in onTimer() it is the firing timer's key.
class KeyedProcessContext : public ProcessContext {
 public:
  /// The subtask's keyed state (heap or RocksDB, as the job configures):
  /// make state handles in open(), e.g.
  ///   ValueState<int64_t>::make(&context.stateBackend(), descriptor)
  virtual state::KeyedStateBackend& stateBackend() = 0;

  /// During processBatch(): the key of every row of the batch (encoded key
  /// columns, see KeyEncoder) with its key group.
  virtual const std::vector<state::KeyRef>& rowKeys() const = 0;
  /// Makes the key of row `row` of the current batch the current key.
  virtual Status setCurrentRow(int64_t row) = 0;
  /// The current key, encoded.
  virtual std::string_view currentKey() const = 0;
  /// Appends the current key's columns to `builders` (one per key column,
  /// from keyEncoder().makeBuilders()), e.g. to output it from onTimer().
  virtual Status appendCurrentKey(const std::vector<std::unique_ptr<columnar::ArrayBuilder>>& builders) const = 0;
  virtual const KeyEncoder& keyEncoder() const = 0;

  /// Timers of the current key, in event time (fire when the watermark
  /// reaches them) or processing time (when the clock does). Timestamps in
  /// milliseconds; one timer per key and timestamp.
  virtual Status registerEventTimeTimer(int64_t timestamp) = 0;
  virtual Status deleteEventTimeTimer(int64_t timestamp) = 0;
  virtual Status registerProcessingTimeTimer(int64_t timestamp) = 0;
  virtual Status deleteProcessingTimeTimer(int64_t timestamp) = 0;
  /// The processing-time clock (OperatorContext::clock).
  virtual int64_t currentProcessingTime() const = 0;
  virtual state::TimerService& timerService() = 0;
};

/// A user function on a keyed stream with keyed state and timers, one
/// instance per subtask (Flink's KeyedProcessFunction, vectorised: it gets
/// whole batches, whose rows belong to many keys).
///
/// Its keyed state and timers are checkpointed and restored by the engine;
/// members that matter besides them go through snapshotState/restoreState.
///
/// Timers fire in timestamp order, one onTimer() call each; a function that
/// outputs per timer does best to append rows to builders there and emit
/// them once in afterTimers().
class KeyedProcessFunction {
 public:
  virtual ~KeyedProcessFunction() = default;
  /// Called once per subtask before anything else (after a restore, the
  /// state is already there): register state handles here.
  virtual Status open(KeyedProcessContext& context) { return Status::OK(); }
  virtual Status processBatch(const columnar::RecordBatchPtr& batch, KeyedProcessContext& context) = 0;
  /// A timer fired; its key is the current key.
  virtual Status onTimer(const state::TimerView& timer, KeyedProcessContext& context) { return Status::OK(); }
  /// After each round of timers (event time: before the watermark goes
  /// downstream; processing time: after the clock advanced them).
  virtual Status afterTimers(KeyedProcessContext& context) { return Status::OK(); }
  /// The input ended (after every event-time timer fired: the watermark
  /// reached its maximum).
  virtual Status finish(KeyedProcessContext& context) { return Status::OK(); }
  virtual Status snapshotState(checkpoint::SnapshotWriter& out) { return Status::OK(); }
  virtual Status restoreState(checkpoint::SnapshotReader& in) { return Status::OK(); }
};

using KeyedProcessFunctionFactory = std::function<std::unique_ptr<KeyedProcessFunction>()>;

/// Runs a KeyedProcessFunction per subtask with its keyed state backend and
/// timer service. Event-time timers fire as the watermark advances, before
/// the watermark is forwarded; processing-time timers fire on the clock.
/// Pending processing-time timers are dropped at the end of input (as in
/// Flink); event-time timers all fire then.
class KeyedProcessOperator final : public runtime::Operator {
 public:
  KeyedProcessOperator(std::string name, KeyedProcessFunctionFactory factory, std::vector<OutputTag> sideOutputs,
                       KeyEncoder keys)
      : name_(std::move(name)),
        factory_(std::move(factory)),
        sideOutputs_(std::move(sideOutputs)),
        keys_(std::move(keys)) {}

  std::string describe() const override;
  Result<std::unique_ptr<runtime::OperatorState>> makeState(const runtime::OperatorContext& context) const override;
  Status processBatch(runtime::OperatorState* state, int32_t input, const columnar::RecordBatchPtr& batch,
                      runtime::Collector& out) const override;
  Status processWatermark(runtime::OperatorState* state, runtime::EventTime watermark,
                          runtime::Collector& out) const override;
  std::optional<int64_t> nextProcessingTime(runtime::OperatorState* state) const override;
  Status onProcessingTime(runtime::OperatorState* state, int64_t now, runtime::Collector& out) const override;
  Status finish(runtime::OperatorState* state, runtime::Collector& out) const override;
  Status snapshotState(runtime::OperatorState* state, int64_t checkpointId,
                       checkpoint::SnapshotWriter& out) const override;
  Status restoreState(runtime::OperatorState* state, checkpoint::SnapshotReader& in) const override;

  const std::vector<OutputTag>& sideOutputs() const { return sideOutputs_; }

 private:
  std::string name_;
  KeyedProcessFunctionFactory factory_;
  std::vector<OutputTag> sideOutputs_;
  KeyEncoder keys_;
};

}  // namespace sabot::operators
