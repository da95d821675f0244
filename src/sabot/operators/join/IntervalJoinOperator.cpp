#include "sabot/operators/join/IntervalJoinOperator.h"

#include <fmt/format.h>

#include <functional>
#include <queue>

#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/compute/Selection.h"
#include "sabot/operators/join/JoinHashTable.h"
#include "sabot/operators/join/JoinOutput.h"
#include "sabot/runtime/Metrics.h"

namespace sabot::operators {

using columnar::Array;
using columnar::RecordBatchPtr;
using runtime::EventTime;
using runtime::kMaxWatermark;
using runtime::kMinWatermark;
using time::saturatingAdd;

namespace {

int sideIndex(JoinSide side) { return static_cast<int>(side); }

/// The rows one side holds: its accepted batches in a hash table, their
/// event times, and a min-heap of (cleanup time, row id) to drop rows as the
/// watermark passes.
class SideBuffer {
 public:
  SideBuffer(const JoinKeys& keys, JoinSide side, int64_t cleanupOffset)
      : table_(keys, side), cleanupOffset_(cleanupOffset) {}

  JoinHashTable& table() { return table_; }
  const JoinHashTable& table() const { return table_; }
  /// The event time (ms) of row id `row`.
  EventTime timeOf(uint32_t row) const {
    return times_[table_.batchOf(row)].values<int64_t>()[table_.rowInBatch(row)];
  }

  /// Adds `batch` (no late rows, no null keys or times) with its times.
  Status add(RecordBatchPtr batch, Array times, EventTime watermark, columnar::MemoryPool* pool) {
    if (batch->numRows() == 0) return Status::OK();
    const auto first = static_cast<uint32_t>(table_.numRows());
    SABOT_RETURN_NOT_OK(table_.append(std::move(batch), pool));
    const int64_t* values = times.values<int64_t>();
    const int64_t numRows = times.length();
    times_.push_back(std::move(times));
    for (int64_t row = 0; row < numRows; ++row) {
      const EventTime cleanup = saturatingAdd(values[row], cleanupOffset_);
      const auto id = first + static_cast<uint32_t>(row);
      // A row that no later row can reach is not kept at all.
      if (cleanup <= watermark) {
        table_.erase(id);
      } else {
        expiries_.emplace(cleanup, id);
      }
    }
    return Status::OK();
  }

  /// Drops the rows the watermark has passed; compacts when more rows are
  /// dead than alive.
  Status advance(EventTime watermark, columnar::MemoryPool* pool) {
    while (!expiries_.empty() && expiries_.top().first <= watermark) {
      table_.erase(expiries_.top().second);
      expiries_.pop();
    }
    const int64_t dead = table_.numRows() - table_.numLiveRows();
    if (dead > 0 && dead >= table_.numLiveRows()) return compact(watermark, pool);
    return Status::OK();
  }

  /// The live rows of each table batch (nullptr-free, possibly empty).
  Result<std::vector<std::pair<RecordBatchPtr, Array>>> liveBatches(columnar::MemoryPool* pool) const {
    std::vector<std::pair<RecordBatchPtr, Array>> result;
    const auto& batches = table_.batches();
    std::vector<int64_t> rows;
    uint32_t id = 0;
    for (size_t b = 0; b < batches.size(); ++b) {
      rows.clear();
      const int64_t numRows = batches[b]->numRows();
      for (int64_t row = 0; row < numRows; ++row, ++id) {
        if (table_.isLive(id)) rows.push_back(row);
      }
      if (rows.empty()) continue;
      if (static_cast<int64_t>(rows.size()) == numRows) {
        result.emplace_back(batches[b], times_[b]);
        continue;
      }
      SABOT_ASSIGN_OR_RAISE(Array indices, indexArray(rows, pool));
      SABOT_ASSIGN_OR_RAISE(RecordBatchPtr batch, compute::take(*batches[b], indices, pool));
      SABOT_ASSIGN_OR_RAISE(Array times, compute::take(times_[b], indices, pool));
      result.emplace_back(std::move(batch), std::move(times));
    }
    return result;
  }

 private:
  Status compact(EventTime watermark, columnar::MemoryPool* pool) {
    SABOT_ASSIGN_OR_RAISE(auto live, liveBatches(pool));
    table_ = JoinHashTable(table_.keys(), table_.buildSide());
    times_.clear();
    expiries_ = {};
    for (auto& [batch, times] : live) SABOT_RETURN_NOT_OK(add(std::move(batch), std::move(times), watermark, pool));
    return Status::OK();
  }

  JoinHashTable table_;
  std::vector<Array> times_;  ///< per table batch
  int64_t cleanupOffset_;     ///< a row at t is dropped once the watermark reaches t + cleanupOffset_
  using Expiry = std::pair<EventTime, uint32_t>;
  std::priority_queue<Expiry, std::vector<Expiry>, std::greater<>> expiries_;
};

class IntervalJoinState final : public runtime::OperatorState {
 public:
  IntervalJoinState(const IntervalJoinOperator::Plan* plan, const IntervalJoinOptions* options,
                    columnar::SchemaPtr output, const runtime::OperatorContext& context)
      : plan_(plan),
        options_(options),
        outputSchema_(std::move(output)),
        context_(context),
        sides_{SideBuffer(plan->keys, JoinSide::kLeft, options->upperMs),
               SideBuffer(plan->keys, JoinSide::kRight, -options->lowerMs)} {}

  SideBuffer& side(JoinSide side) { return sides_[sideIndex(side)]; }
  const SideBuffer& side(JoinSide side) const { return sides_[sideIndex(side)]; }

  Status processBatch(JoinSide own, const RecordBatchPtr& batch, runtime::Collector& out) {
    SABOT_ASSIGN_OR_RAISE(Array times, plan_->times[sideIndex(own)]->extract(*batch));
    // Keep rows on time with a full key; count the late ones.
    const int64_t* timeValues = times.values<int64_t>();
    std::vector<int64_t> accepted;
    accepted.reserve(static_cast<size_t>(batch->numRows()));
    int64_t late = 0;
    for (int64_t row = 0; row < batch->numRows(); ++row) {
      if (!times.isValid(row) || timeValues[row] <= watermark_) {
        ++late;
        continue;
      }
      if (!plan_->keys.hasNullKey(*batch, own, row)) accepted.push_back(row);
    }
    if (late > 0 && context_.metrics != nullptr) context_.metrics->add(context_.metrics->lateRecords, late);
    if (accepted.empty()) return Status::OK();
    RecordBatchPtr rows = batch;
    if (static_cast<int64_t>(accepted.size()) != batch->numRows()) {
      SABOT_ASSIGN_OR_RAISE(Array indices, indexArray(accepted, context_.pool));
      SABOT_ASSIGN_OR_RAISE(rows, compute::take(*batch, indices, context_.pool));
      SABOT_ASSIGN_OR_RAISE(times, compute::take(times, indices, context_.pool));
    }
    SABOT_RETURN_NOT_OK(probe(own, *rows, times, out));
    return side(own).add(std::move(rows), std::move(times), watermark_, context_.pool);
  }

  Status processWatermark(EventTime watermark, runtime::Collector& out) {
    watermark_ = std::max(watermark_, watermark);
    SABOT_RETURN_NOT_OK(side(JoinSide::kLeft).advance(watermark_, context_.pool));
    SABOT_RETURN_NOT_OK(side(JoinSide::kRight).advance(watermark_, context_.pool));
    return out.emitWatermark(watermark);
  }

  Status snapshot(checkpoint::SnapshotWriter& out) const {
    out.write<int64_t>(watermark_);
    for (JoinSide which : {JoinSide::kLeft, JoinSide::kRight}) {
      const auto& codec = plan_->codecs[sideIndex(which)];
      if (!codec) return plan_->codecErrors[sideIndex(which)];
      SABOT_ASSIGN_OR_RAISE(auto live, side(which).liveBatches(context_.pool));
      out.write<uint64_t>(live.size());
      for (const auto& [batch, times] : live) codec->write(*batch, out);
    }
    return Status::OK();
  }

  Status restore(checkpoint::SnapshotReader& in) {
    SABOT_ASSIGN_OR_RAISE(watermark_, in.read<int64_t>());
    for (JoinSide which : {JoinSide::kLeft, JoinSide::kRight}) {
      const auto& codec = plan_->codecs[sideIndex(which)];
      if (!codec) return plan_->codecErrors[sideIndex(which)];
      SABOT_ASSIGN_OR_RAISE(uint64_t numBatches, in.readCount(8));
      for (uint64_t b = 0; b < numBatches; ++b) {
        SABOT_ASSIGN_OR_RAISE(RecordBatchPtr batch, codec->read(in, context_.pool));
        SABOT_ASSIGN_OR_RAISE(Array times, plan_->times[sideIndex(which)]->extract(*batch));
        SABOT_RETURN_NOT_OK(side(which).add(std::move(batch), std::move(times), watermark_, context_.pool));
      }
    }
    return Status::OK();
  }

 private:
  /// Joins `rows` of side `own` (times `times`) with the other side's buffer.
  Status probe(JoinSide own, const columnar::RecordBatch& rows, const Array& times, runtime::Collector& out) {
    SideBuffer& other = side(otherSide(own));
    if (other.table().numLiveRows() == 0) return Status::OK();
    matches_.clear();
    SABOT_RETURN_NOT_OK(other.table().probe(rows, matches_, context_.pool));
    // right - left must lie in [lower, upper].
    const int64_t* probeTimes = times.values<int64_t>();
    const bool probeIsLeft = own == JoinSide::kLeft;
    size_t kept = 0;
    for (size_t i = 0; i < matches_.size(); ++i) {
      const EventTime probeTime = probeTimes[matches_.probeRows[i]];
      const EventTime buildTime = other.timeOf(matches_.buildRows[i]);
      const EventTime left = probeIsLeft ? probeTime : buildTime;
      const EventTime right = probeIsLeft ? buildTime : probeTime;
      if (right < saturatingAdd(left, options_->lowerMs) || right > saturatingAdd(left, options_->upperMs)) continue;
      matches_.probeRows[kept] = matches_.probeRows[i];
      matches_.buildRows[kept] = matches_.buildRows[i];
      ++kept;
    }
    matches_.probeRows.resize(kept);
    matches_.buildRows.resize(kept);
    if (kept == 0) return Status::OK();
    SABOT_ASSIGN_OR_RAISE(std::vector<Array> columns, gatherJoined(rows, other.table(), matches_, context_.pool));
    SABOT_ASSIGN_OR_RAISE(RecordBatchPtr joined,
                          columnar::RecordBatch::make(outputSchema_, static_cast<int64_t>(kept), std::move(columns)));
    return out.emit(std::move(joined));
  }

  const IntervalJoinOperator::Plan* plan_;
  const IntervalJoinOptions* options_;
  columnar::SchemaPtr outputSchema_;
  runtime::OperatorContext context_;
  SideBuffer sides_[2];
  EventTime watermark_ = kMinWatermark;
  JoinMatches matches_;  ///< scratch, reused between batches
};

}  // namespace

Result<std::shared_ptr<IntervalJoinOperator>> IntervalJoinOperator::make(const columnar::SchemaPtr& left,
                                                                         const columnar::SchemaPtr& right,
                                                                         IntervalJoinOptions options) {
  if (options.lowerMs > options.upperMs) {
    return Status::invalid("interval join: the lower bound ({} ms) is above the upper bound ({} ms)", options.lowerMs,
                           options.upperMs);
  }
  SABOT_ASSIGN_OR_RAISE(JoinKeys keys, JoinKeys::make(*left, options.leftKeys, *right, options.rightKeys));
  auto plan = std::make_shared<Plan>(std::move(keys));
  const columnar::SchemaPtr inputs[2] = {left, right};
  const std::string* timeColumns[2] = {&options.leftTime, &options.rightTime};
  for (int i = 0; i < 2; ++i) {
    const char* name = sideName(static_cast<JoinSide>(i));
    if (timeColumns[i]->empty()) return Status::invalid("interval join: the {} time column is not named", name);
    auto times = time::TimestampExtractor::make(compute::col(*timeColumns[i]), *inputs[i]);
    if (!times.ok()) return times.status().withContext("interval join: {} time column", name);
    plan->times[i] = std::move(*times);
    plan->inputs[i] = inputs[i];
    auto codec = JoinBufferCodec::make(inputs[i], name);
    if (codec.ok()) {
      plan->codecs[i] = std::move(*codec);
    } else {
      plan->codecErrors[i] = codec.status();
    }
  }
  SABOT_ASSIGN_OR_RAISE(columnar::SchemaPtr output, joinedSchema(*left, *right));
  return std::make_shared<IntervalJoinOperator>(std::move(plan), std::move(options), std::move(output));
}

std::string IntervalJoinOperator::describe() const {
  return fmt::format("interval join on {}, right.{} BETWEEN left.{} + {} ms AND left.{} + {} ms",
                     plan_->keys.toString(), options_.rightTime, options_.leftTime, options_.lowerMs,
                     options_.leftTime, options_.upperMs);
}

Result<std::unique_ptr<runtime::OperatorState>> IntervalJoinOperator::makeState(
    const runtime::OperatorContext& context) const {
  if (context.checkpointing) {
    for (const Status& error : plan_->codecErrors) SABOT_RETURN_NOT_OK(error);
  }
  return std::unique_ptr<runtime::OperatorState>(
      std::make_unique<IntervalJoinState>(plan_.get(), &options_, outputSchema_, context));
}

Status IntervalJoinOperator::processBatch(runtime::OperatorState* state, int32_t input, const RecordBatchPtr& batch,
                                          runtime::Collector& out) const {
  if (input != 0 && input != 1) return Status::internal("an interval join has inputs 0 and 1, not {}", input);
  return static_cast<IntervalJoinState*>(state)->processBatch(static_cast<JoinSide>(input), batch, out);
}

Status IntervalJoinOperator::processWatermark(runtime::OperatorState* state, EventTime watermark,
                                              runtime::Collector& out) const {
  return static_cast<IntervalJoinState*>(state)->processWatermark(watermark, out);
}

Status IntervalJoinOperator::snapshotState(runtime::OperatorState* state, int64_t,
                                           checkpoint::SnapshotWriter& out) const {
  return static_cast<IntervalJoinState*>(state)->snapshot(out);
}

Status IntervalJoinOperator::restoreState(runtime::OperatorState* state, checkpoint::SnapshotReader& in) const {
  SABOT_RETURN_NOT_OK(static_cast<IntervalJoinState*>(state)->restore(in));
  return in.expectEnd();
}

int64_t IntervalJoinOperator::bufferedRows(const runtime::OperatorState& state, JoinSide side) {
  return static_cast<const IntervalJoinState&>(state).side(side).table().numLiveRows();
}

int64_t IntervalJoinOperator::storedRows(const runtime::OperatorState& state, JoinSide side) {
  return static_cast<const IntervalJoinState&>(state).side(side).table().numRows();
}

}  // namespace sabot::operators
