#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/compute/Selection.h"
#include "sabot/operators/KeyEncoder.h"
#include "sabot/operators/window/Aggregate.h"
#include "sabot/operators/window/WindowAggregateOperator.h"
#include "sabot/operators/window/WindowResultBuilder.h"
#include "sabot/runtime/Metrics.h"
#include "sabot/time/WatermarkStrategy.h"

namespace sabot::operators {

using columnar::RecordBatchPtr;
using runtime::EventTime;
using runtime::kMaxWatermark;
using runtime::kMinWatermark;

/// What every subtask shares: the bound parts of the operator.
struct WindowAggregateOperator::Plan {
  KeyEncoder keys;
  BoundAggregates aggregates;
  std::optional<time::TimestampExtractor> times;  ///< none for count windows
};

using time::saturatingAdd;

/// How a window state writes its checkpoints: the first byte of each, so
/// a restore into another kind of state is a clear error, not garbage.
enum class WindowStateFormat : uint8_t {
  kMemoryPanes = 1,   ///< tumbling/sliding, panes in operator memory
  kBackendPanes = 2,  ///< tumbling/sliding, panes and timers in the keyed state backend
  kSessions = 3,
  kCounts = 4,
  kBackendSessions = 5,  ///< session windows in the keyed state backend
  kBackendCounts = 6,    ///< count windows in the keyed state backend
};

/// "session windows in operator memory (state backend memory)", ...: for
/// errors.
std::string_view describeWindowStateFormat(WindowStateFormat format);

/// The parts of a window state that do not depend on the window kind.
class WindowState : public runtime::OperatorState {
 public:
  WindowState(const WindowAggregateOperator::Plan* plan, const WindowOptions* options, columnar::SchemaPtr output,
              const runtime::OperatorContext& context)
      : plan_(plan), options_(options), outputSchema_(std::move(output)), context_(context) {}

  virtual Status add(const columnar::RecordBatch& batch, const std::vector<std::string>& keys,
                     const columnar::Array* times, const BoundAggregates::Inputs& inputs, std::vector<int64_t>& late,
                     WindowResultBuilder& updates) = 0;
  virtual Status fire(EventTime watermark, WindowResultBuilder& results) = 0;
  virtual Status snapshotWindows(checkpoint::SnapshotWriter& out) = 0;
  virtual Status restoreWindows(checkpoint::SnapshotReader& in) = 0;
  virtual WindowStateFormat format() const = 0;
  /// The earliest time (the fire() argument) at which a window is due;
  /// nullopt if none. Used for processing-time windows.
  virtual std::optional<EventTime> nextFireTime() { return std::nullopt; }

  Status snapshot(checkpoint::SnapshotWriter& out) {
    out.write<uint8_t>(static_cast<uint8_t>(format()));
    out.write<int64_t>(watermark_);
    return snapshotWindows(out);
  }
  Status restore(checkpoint::SnapshotReader& in) {
    SABOT_ASSIGN_OR_RAISE(uint8_t saved, in.read<uint8_t>());
    if (saved != static_cast<uint8_t>(format())) {
      return Status::invalid("the checkpoint holds the state of {}, but this job keeps {}; restore with the state "
                             "backend the checkpoint was taken with",
                             describeWindowStateFormat(static_cast<WindowStateFormat>(saved)),
                             describeWindowStateFormat(format()));
    }
    SABOT_ASSIGN_OR_RAISE(watermark_, in.read<int64_t>());
    return restoreWindows(in);
  }

  Status processBatch(const RecordBatchPtr& batch, runtime::Collector& out) {
    SABOT_ASSIGN_OR_RAISE(std::vector<std::string> keys, plan_->keys.encode(*batch));
    std::optional<columnar::Array> times;
    if (plan_->times) {
      SABOT_ASSIGN_OR_RAISE(times, plan_->times->extract(*batch));
    } else if (options_->window.processingTime) {
      SABOT_ASSIGN_OR_RAISE(times, arrivalTimes(batch->numRows()));
    }
    SABOT_ASSIGN_OR_RAISE(BoundAggregates::Inputs inputs, plan_->aggregates.prepare(*batch));
    std::vector<int64_t> late;
    SABOT_ASSIGN_OR_RAISE(WindowResultBuilder updates, builder());
    SABOT_RETURN_NOT_OK(add(*batch, keys, times ? &*times : nullptr, inputs, late, updates));
    SABOT_RETURN_NOT_OK(emitResults(updates, out));
    if (late.empty()) return Status::OK();
    if (context_.metrics != nullptr) context_.metrics->add(context_.metrics->lateRecords, static_cast<int64_t>(late.size()));
    if (!options_->lateSideOutput) return Status::OK();
    columnar::NumericBuilder<int64_t> indices(columnar::int64(), context_.pool);
    SABOT_RETURN_NOT_OK(indices.appendValues(late.data(), static_cast<int64_t>(late.size())));
    SABOT_ASSIGN_OR_RAISE(columnar::Array indexArray, indices.finish());
    SABOT_ASSIGN_OR_RAISE(RecordBatchPtr lateRows, compute::take(*batch, indexArray, context_.pool));
    return out.emitSide(1, std::move(lateRows));
  }

  Status processWatermark(EventTime watermark, runtime::Collector& out) {
    // Processing-time windows pass watermarks on and fire by the clock.
    if (!options_->window.processingTime) SABOT_RETURN_NOT_OK(advanceTo(watermark, out));
    return out.emitWatermark(watermark);
  }

  // --- Processing-time windows: the clock plays the watermark's part. A
  // row arriving at `now` is at time now, and windows ending at or before
  // now fire, as if the watermark were now - 1 (so no row is ever late). ---

  std::optional<int64_t> nextProcessingTime() {
    if (!options_->window.processingTime) return std::nullopt;
    std::optional<EventTime> due = nextFireTime();
    if (!due) return std::nullopt;
    return saturatingAdd(*due, 1);
  }
  Status onProcessingTime(int64_t now, runtime::Collector& out) {
    if (!options_->window.processingTime) return Status::OK();
    return advanceTo(now - 1, out);
  }
  /// At the end of the input every processing-time window fires (event-time
  /// windows have fired with the final watermark already).
  Status finish(runtime::Collector& out) {
    if (!options_->window.processingTime) return Status::OK();
    return advanceTo(kMaxWatermark, out);
  }

 protected:
  Status advanceTo(EventTime time, runtime::Collector& out) {
    watermark_ = std::max(watermark_, time);
    SABOT_ASSIGN_OR_RAISE(WindowResultBuilder results, builder());
    SABOT_RETURN_NOT_OK(fire(watermark_, results));
    return emitResults(results, out);
  }
  /// `rows` times of the processing-time clock now.
  Result<columnar::Array> arrivalTimes(int64_t rows) const {
    const int64_t now = context_.clock->nowMillis();
    columnar::NumericBuilder<int64_t> times(columnar::int64(), context_.pool);
    SABOT_RETURN_NOT_OK(times.appendValues(std::vector<int64_t>(static_cast<size_t>(rows), now).data(), rows));
    return times.finish();
  }
  Result<WindowResultBuilder> builder() const {
    return WindowResultBuilder::make(&plan_->keys, &plan_->aggregates, outputSchema_, context_.pool);
  }
  static Status emitResults(WindowResultBuilder& results, runtime::Collector& out) {
    SABOT_ASSIGN_OR_RAISE(RecordBatchPtr batch, results.finish());
    if (batch == nullptr) return Status::OK();
    return out.emit(std::move(batch));
  }
  size_t numAggregates() const { return plan_->aggregates.size(); }

  // --- Time windows (tumbling and sliding) ---

  /// The last millisecond of the window: it fires when the watermark gets here.
  EventTime windowMaxTimestamp(EventTime windowStart) const {
    return saturatingAdd(windowStart, options_->window.sizeMs - 1);
  }
  bool hasFired(EventTime windowStart) const { return windowMaxTimestamp(windowStart) <= watermark_; }
  /// When the window is past its end plus the allowed lateness: no row
  /// changes it any more and its state can go.
  EventTime purgeTime(EventTime windowStart) const {
    return saturatingAdd(windowMaxTimestamp(windowStart), options_->allowedLatenessMs);
  }
  bool isPurged(EventTime windowStart) const { return purgeTime(windowStart) <= watermark_; }

  /// Calls visit(row, time, paneStart) for each row of a batch that some
  /// window still takes; the others (no time, or every window holding it
  /// past the allowed lateness) go to `late`.
  template <typename Visit>
  void forEachPaneRow(const columnar::Array* times, int64_t numRows, std::vector<int64_t>& late, Visit&& visit) const {
    const WindowSpec& spec = options_->window;
    const int64_t* timeValues = times->values<int64_t>();
    for (int64_t row = 0; row < numRows; ++row) {
      if (!times->isValid(row) || isPurged(spec.lastWindowStart(timeValues[row]))) {
        late.push_back(row);
        continue;
      }
      visit(row, timeValues[row], spec.paneStart(timeValues[row]));
    }
  }
  /// Calls refire(windowStart) for each window holding a row at `time`
  /// that has fired but is still within the allowed lateness: it must be
  /// emitted again. (A row after the watermark touches no fired window.)
  template <typename Refire>
  void forEachWindowToRefire(EventTime time, Refire&& refire) const {
    if (time > watermark_) return;
    const WindowSpec& spec = options_->window;
    const EventTime paneStart = spec.paneStart(time);
    for (EventTime windowStart = spec.lastWindowStart(time); windowStart > paneStart - spec.sizeMs;
         windowStart -= spec.slideMs) {
      if (hasFired(windowStart) && !isPurged(windowStart)) refire(windowStart);
    }
  }

  // --- Session windows ---

  /// When a session ending at `end` is past its end plus the allowed
  /// lateness.
  EventTime sessionPurgeTime(EventTime end) const { return saturatingAdd(end - 1, options_->allowedLatenessMs); }
  bool isSessionPurged(EventTime end) const { return sessionPurgeTime(end) <= watermark_; }

  const WindowAggregateOperator::Plan* plan_;
  const WindowOptions* options_;
  columnar::SchemaPtr outputSchema_;
  runtime::OperatorContext context_;
  EventTime watermark_ = kMinWatermark;
};

}  // namespace sabot::operators
