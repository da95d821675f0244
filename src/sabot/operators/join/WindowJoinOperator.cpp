#include "sabot/operators/join/WindowJoinOperator.h"

#include <fmt/format.h>

#include <map>
#include <set>

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

Result<Array> constantTimes(EventTime value, int64_t length, columnar::MemoryPool* pool) {
  columnar::NumericBuilder<int64_t> builder(columnar::timestamp(columnar::TimeUnit::kMilli), pool);
  SABOT_RETURN_NOT_OK(builder.reserve(length));
  for (int64_t i = 0; i < length; ++i) SABOT_RETURN_NOT_OK(builder.append(value));
  return builder.finish();
}

class WindowJoinState final : public runtime::OperatorState {
 public:
  WindowJoinState(const WindowJoinOperator::Plan* plan, const WindowJoinOptions* options, columnar::SchemaPtr output,
                  const runtime::OperatorContext& context)
      : plan_(plan), options_(options), outputSchema_(std::move(output)), context_(context) {}

  Status processBatch(JoinSide own, const RecordBatchPtr& batch) {
    const WindowSpec& spec = options_->window;
    SABOT_ASSIGN_OR_RAISE(Array times, plan_->times[sideIndex(own)]->extract(*batch));
    const int64_t* timeValues = times.values<int64_t>();
    // Accepted rows per pane, in row order.
    std::map<EventTime, std::vector<int64_t>> byPane;
    int64_t late = 0;
    for (int64_t row = 0; row < batch->numRows(); ++row) {
      if (!times.isValid(row) || hasFired(spec.lastWindowStart(timeValues[row]))) {
        ++late;
        continue;
      }
      if (!plan_->keys.hasNullKey(*batch, own, row)) byPane[spec.paneStart(timeValues[row])].push_back(row);
    }
    if (late > 0 && context_.metrics != nullptr) context_.metrics->add(context_.metrics->lateRecords, late);
    for (auto& [paneStart, rows] : byPane) {
      RecordBatchPtr piece = batch;
      if (static_cast<int64_t>(rows.size()) != batch->numRows()) {
        SABOT_ASSIGN_OR_RAISE(Array indices, indexArray(rows, context_.pool));
        SABOT_ASSIGN_OR_RAISE(piece, compute::take(*batch, indices, context_.pool));
      }
      openPane(paneStart).rows[sideIndex(own)].push_back(std::move(piece));
    }
    return Status::OK();
  }

  Status processWatermark(EventTime watermark, runtime::Collector& out) {
    watermark_ = std::max(watermark_, watermark);
    while (!unfired_.empty() && windowMaxTimestamp(*unfired_.begin()) <= watermark_) {
      const EventTime windowStart = *unfired_.begin();
      unfired_.erase(unfired_.begin());
      SABOT_RETURN_NOT_OK(joinWindow(windowStart, out));
    }
    const WindowSpec& spec = options_->window;
    while (!panes_.empty() && hasFired(spec.lastWindowStart(panes_.begin()->first))) panes_.erase(panes_.begin());
    return out.emitWatermark(watermark);
  }

  Status snapshot(checkpoint::SnapshotWriter& out) const {
    for (int i = 0; i < 2; ++i) {
      if (!plan_->codecs[i]) return plan_->codecErrors[i];
    }
    out.write<int64_t>(watermark_);
    out.write<uint64_t>(unfired_.size());
    for (EventTime start : unfired_) out.write<int64_t>(start);
    out.write<uint64_t>(panes_.size());
    for (const auto& [start, pane] : panes_) {
      out.write<int64_t>(start);
      for (int i = 0; i < 2; ++i) {
        out.write<uint64_t>(pane.rows[i].size());
        for (const RecordBatchPtr& batch : pane.rows[i]) plan_->codecs[i]->write(*batch, out);
      }
    }
    return Status::OK();
  }

  Status restore(checkpoint::SnapshotReader& in) {
    for (int i = 0; i < 2; ++i) {
      if (!plan_->codecs[i]) return plan_->codecErrors[i];
    }
    SABOT_ASSIGN_OR_RAISE(watermark_, in.read<int64_t>());
    SABOT_ASSIGN_OR_RAISE(uint64_t numUnfired, in.readCount(8));
    for (uint64_t i = 0; i < numUnfired; ++i) {
      SABOT_ASSIGN_OR_RAISE(EventTime start, in.read<int64_t>());
      unfired_.insert(start);
    }
    SABOT_ASSIGN_OR_RAISE(uint64_t numPanes, in.readCount(24));
    for (uint64_t p = 0; p < numPanes; ++p) {
      SABOT_ASSIGN_OR_RAISE(EventTime start, in.read<int64_t>());
      Pane& pane = panes_[start];
      for (int i = 0; i < 2; ++i) {
        SABOT_ASSIGN_OR_RAISE(uint64_t numBatches, in.readCount(8));
        for (uint64_t b = 0; b < numBatches; ++b) {
          SABOT_ASSIGN_OR_RAISE(RecordBatchPtr batch, plan_->codecs[i]->read(in, context_.pool));
          pane.rows[i].push_back(std::move(batch));
        }
      }
    }
    return Status::OK();
  }

  int64_t bufferedRows(JoinSide side) const {
    int64_t rows = 0;
    for (const auto& [start, pane] : panes_) {
      for (const RecordBatchPtr& batch : pane.rows[sideIndex(side)]) rows += batch->numRows();
    }
    return rows;
  }
  int64_t bufferedPanes() const { return static_cast<int64_t>(panes_.size()); }

 private:
  struct Pane {
    std::vector<RecordBatchPtr> rows[2];
  };

  EventTime windowMaxTimestamp(EventTime windowStart) const {
    return saturatingAdd(windowStart, options_->window.sizeMs - 1);
  }
  bool hasFired(EventTime windowStart) const { return windowMaxTimestamp(windowStart) <= watermark_; }

  Pane& openPane(EventTime start) {
    auto [entry, inserted] = panes_.try_emplace(start);
    if (inserted) {
      const WindowSpec& spec = options_->window;
      for (EventTime windowStart = spec.lastWindowStart(start); windowStart > start - spec.sizeMs;
           windowStart -= spec.slideMs) {
        if (!hasFired(windowStart)) unfired_.insert(windowStart);
      }
    }
    return entry->second;
  }

  /// Joins the rows of window [windowStart, windowStart + size).
  Status joinWindow(EventTime windowStart, runtime::Collector& out) {
    const EventTime windowEnd = saturatingAdd(windowStart, options_->window.sizeMs);
    auto first = panes_.lower_bound(windowStart);
    auto last = panes_.lower_bound(windowEnd);
    int64_t rows[2] = {0, 0};
    for (auto pane = first; pane != last; ++pane) {
      for (int i = 0; i < 2; ++i) {
        for (const RecordBatchPtr& batch : pane->second.rows[i]) rows[i] += batch->numRows();
      }
    }
    if (rows[0] == 0 || rows[1] == 0) return Status::OK();
    // Build on the smaller side, probe with the other's batches.
    const JoinSide build = rows[1] <= rows[0] ? JoinSide::kRight : JoinSide::kLeft;
    JoinHashTable table(plan_->keys, build);
    for (auto pane = first; pane != last; ++pane) {
      for (const RecordBatchPtr& batch : pane->second.rows[sideIndex(build)]) {
        SABOT_RETURN_NOT_OK(table.append(batch, context_.pool));
      }
    }
    for (auto pane = first; pane != last; ++pane) {
      for (const RecordBatchPtr& batch : pane->second.rows[sideIndex(otherSide(build))]) {
        matches_.clear();
        SABOT_RETURN_NOT_OK(table.probe(*batch, matches_, context_.pool));
        if (matches_.empty()) continue;
        const auto length = static_cast<int64_t>(matches_.size());
        SABOT_ASSIGN_OR_RAISE(std::vector<Array> columns, gatherJoined(*batch, table, matches_, context_.pool));
        SABOT_ASSIGN_OR_RAISE(Array starts, constantTimes(windowStart, length, context_.pool));
        SABOT_ASSIGN_OR_RAISE(Array ends, constantTimes(windowEnd, length, context_.pool));
        columns.push_back(std::move(starts));
        columns.push_back(std::move(ends));
        SABOT_ASSIGN_OR_RAISE(RecordBatchPtr joined,
                              columnar::RecordBatch::make(outputSchema_, length, std::move(columns)));
        SABOT_RETURN_NOT_OK(out.emit(std::move(joined)));
      }
    }
    return Status::OK();
  }

  const WindowJoinOperator::Plan* plan_;
  const WindowJoinOptions* options_;
  columnar::SchemaPtr outputSchema_;
  runtime::OperatorContext context_;
  std::map<EventTime, Pane> panes_;
  std::set<EventTime> unfired_;
  EventTime watermark_ = kMinWatermark;
  JoinMatches matches_;
};

}  // namespace

Result<std::shared_ptr<WindowJoinOperator>> WindowJoinOperator::make(const columnar::SchemaPtr& left,
                                                                     const columnar::SchemaPtr& right,
                                                                     WindowJoinOptions options) {
  SABOT_RETURN_NOT_OK(options.window.validate());
  if (options.window.kind != WindowKind::kTumbling && options.window.kind != WindowKind::kSliding) {
    return Status::unsupported("window join: {} windows are not supported yet (use tumbling or sliding windows)",
                               options.window.toString());
  }
  if (options.rightTime.empty()) options.rightTime = options.window.timeColumn;
  SABOT_ASSIGN_OR_RAISE(JoinKeys keys, JoinKeys::make(*left, options.leftKeys, *right, options.rightKeys));
  auto plan = std::make_shared<Plan>(std::move(keys));
  const columnar::SchemaPtr inputs[2] = {left, right};
  const std::string timeColumns[2] = {options.window.timeColumn, options.rightTime};
  for (int i = 0; i < 2; ++i) {
    const char* name = sideName(static_cast<JoinSide>(i));
    auto times = time::TimestampExtractor::make(compute::col(timeColumns[i]), *inputs[i]);
    if (!times.ok()) return times.status().withContext("window join: {} time column", name);
    plan->times[i] = std::move(*times);
    auto codec = JoinBufferCodec::make(inputs[i], name);
    if (codec.ok()) {
      plan->codecs[i] = std::move(*codec);
    } else {
      plan->codecErrors[i] = codec.status();
    }
  }
  const auto millis = columnar::timestamp(columnar::TimeUnit::kMilli);
  SABOT_ASSIGN_OR_RAISE(columnar::SchemaPtr output,
                        joinedSchema(*left, *right,
                                     {columnar::field("window_start", millis, false),
                                      columnar::field("window_end", millis, false)}));
  return std::make_shared<WindowJoinOperator>(std::move(plan), std::move(options), std::move(output));
}

std::string WindowJoinOperator::describe() const {
  return fmt::format("window join {} on {}", options_.window.toString(), plan_->keys.toString());
}

Result<std::unique_ptr<runtime::OperatorState>> WindowJoinOperator::makeState(
    const runtime::OperatorContext& context) const {
  if (context.checkpointing) {
    for (const Status& error : plan_->codecErrors) SABOT_RETURN_NOT_OK(error);
  }
  return std::unique_ptr<runtime::OperatorState>(
      std::make_unique<WindowJoinState>(plan_.get(), &options_, outputSchema_, context));
}

Status WindowJoinOperator::processBatch(runtime::OperatorState* state, int32_t input, const RecordBatchPtr& batch,
                                        runtime::Collector&) const {
  if (input != 0 && input != 1) return Status::internal("a window join has inputs 0 and 1, not {}", input);
  return static_cast<WindowJoinState*>(state)->processBatch(static_cast<JoinSide>(input), batch);
}

Status WindowJoinOperator::processWatermark(runtime::OperatorState* state, EventTime watermark,
                                            runtime::Collector& out) const {
  return static_cast<WindowJoinState*>(state)->processWatermark(watermark, out);
}

Status WindowJoinOperator::snapshotState(runtime::OperatorState* state, int64_t,
                                         checkpoint::SnapshotWriter& out) const {
  return static_cast<WindowJoinState*>(state)->snapshot(out);
}

Status WindowJoinOperator::restoreState(runtime::OperatorState* state, checkpoint::SnapshotReader& in) const {
  SABOT_RETURN_NOT_OK(static_cast<WindowJoinState*>(state)->restore(in));
  return in.expectEnd();
}

int64_t WindowJoinOperator::bufferedRows(const runtime::OperatorState& state, JoinSide side) {
  return static_cast<const WindowJoinState&>(state).bufferedRows(side);
}

int64_t WindowJoinOperator::bufferedPanes(const runtime::OperatorState& state) {
  return static_cast<const WindowJoinState&>(state).bufferedPanes();
}

}  // namespace sabot::operators
