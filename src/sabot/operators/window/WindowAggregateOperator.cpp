#include "sabot/operators/window/WindowAggregateOperator.h"

#include <fmt/format.h>

#include <map>
#include <set>
#include <unordered_map>

#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/compute/Selection.h"
#include "sabot/operators/window/BackendCountWindowState.h"
#include "sabot/operators/window/BackendPaneWindowState.h"
#include "sabot/operators/window/BackendSessionWindowState.h"
#include "sabot/operators/window/Sessions.h"
#include "sabot/operators/window/WindowResultBuilder.h"
#include "sabot/operators/window/WindowState.h"
#include "sabot/runtime/Metrics.h"

namespace sabot::operators {

using columnar::RecordBatchPtr;
using runtime::EventTime;
using runtime::kMaxWatermark;
using runtime::kMinWatermark;

namespace {

/// Tumbling and sliding windows over panes of gcd(size, slide).
class PaneWindowState final : public WindowState {
 public:
  using WindowState::WindowState;
  WindowStateFormat format() const override { return WindowStateFormat::kMemoryPanes; }
  std::optional<EventTime> nextFireTime() override {
    if (unfired_.empty()) return std::nullopt;
    return windowMaxTimestamp(*unfired_.begin());
  }

  Status add(const columnar::RecordBatch& batch, const std::vector<std::string>& keys, const columnar::Array* times,
             const BoundAggregates::Inputs& inputs, std::vector<int64_t>& late, WindowResultBuilder& updates) override {
    // Windows already fired but within the allowed lateness that a row
    // changed: their results are emitted again after the batch.
    std::set<std::pair<EventTime, std::string>> refire;
    Pane* pane = nullptr;
    EventTime paneStart = 0;
    forEachPaneRow(times, batch.numRows(), late, [&](int64_t row, EventTime time, EventTime start) {
      if (pane == nullptr || start != paneStart) {
        pane = &openPane(start);
        paneStart = start;
      }
      const std::string& key = keys[static_cast<size_t>(row)];
      auto [slot, inserted] = pane->slots.try_emplace(key, static_cast<uint32_t>(pane->slots.size()));
      if (inserted) pane->accumulators.resize(pane->accumulators.size() + numAggregates());
      plan_->aggregates.add(&pane->accumulators[slot->second * numAggregates()], inputs, row);
      forEachWindowToRefire(time, [&](EventTime windowStart) { refire.emplace(windowStart, key); });
    });
    for (const auto& [windowStart, key] : refire) SABOT_RETURN_NOT_OK(emitWindow(windowStart, &key, updates));
    return Status::OK();
  }

  Status snapshotWindows(checkpoint::SnapshotWriter& out) override {
    out.write<uint64_t>(unfired_.size());
    for (EventTime start : unfired_) out.write<int64_t>(start);
    out.write<uint64_t>(panes_.size());
    for (const auto& [start, pane] : panes_) {
      out.write<int64_t>(start);
      out.write<uint64_t>(pane.slots.size());
      for (const auto& [key, slot] : pane.slots) {
        out.writeString(key);
        plan_->aggregates.snapshot(&pane.accumulators[slot * numAggregates()], out);
      }
    }
    return Status::OK();
  }
  Status restoreWindows(checkpoint::SnapshotReader& in) override {
    SABOT_ASSIGN_OR_RAISE(uint64_t numUnfired, in.readCount(8));
    for (uint64_t i = 0; i < numUnfired; ++i) {
      SABOT_ASSIGN_OR_RAISE(EventTime start, in.read<int64_t>());
      unfired_.insert(start);
    }
    SABOT_ASSIGN_OR_RAISE(uint64_t numPanes, in.readCount(16));
    for (uint64_t p = 0; p < numPanes; ++p) {
      SABOT_ASSIGN_OR_RAISE(EventTime start, in.read<int64_t>());
      Pane& pane = panes_[start];
      SABOT_ASSIGN_OR_RAISE(uint64_t numSlots, in.readCount(8));
      pane.accumulators.resize(numSlots * numAggregates());
      for (uint64_t slot = 0; slot < numSlots; ++slot) {
        SABOT_ASSIGN_OR_RAISE(std::string key, in.readString());
        pane.slots.emplace(std::move(key), static_cast<uint32_t>(slot));
        SABOT_RETURN_NOT_OK(plan_->aggregates.restore(&pane.accumulators[slot * numAggregates()], in));
      }
    }
    return Status::OK();
  }

  Status fire(EventTime watermark, WindowResultBuilder& results) override {
    const WindowSpec& spec = options_->window;
    while (!unfired_.empty() && windowMaxTimestamp(*unfired_.begin()) <= watermark) {
      const EventTime windowStart = *unfired_.begin();
      unfired_.erase(unfired_.begin());
      SABOT_RETURN_NOT_OK(emitWindow(windowStart, nullptr, results));
    }
    // A pane is dropped once the last window containing it is past the
    // allowed lateness.
    while (!panes_.empty() && isPurged(spec.lastWindowStart(panes_.begin()->first))) panes_.erase(panes_.begin());
    return Status::OK();
  }

 private:
  struct Pane {
    std::unordered_map<std::string, uint32_t> slots;
    std::vector<Accumulator> accumulators;  ///< numAggregates() per slot
  };

  Pane& openPane(EventTime start) {
    auto [entry, inserted] = panes_.try_emplace(start);
    if (inserted) {
      const WindowSpec& spec = options_->window;
      // Every window holding this pane that has not fired yet must fire.
      for (EventTime windowStart = spec.lastWindowStart(start); windowStart > start - spec.sizeMs;
           windowStart -= spec.slideMs) {
        if (!hasFired(windowStart)) unfired_.insert(windowStart);
      }
    }
    return entry->second;
  }

  /// The result of window [start, start + size) for every key, or for `onlyKey`.
  Status emitWindow(EventTime windowStart, const std::string* onlyKey, WindowResultBuilder& results) {
    const WindowSpec& spec = options_->window;
    const EventTime windowEnd = windowStart + spec.sizeMs;
    auto first = panes_.lower_bound(windowStart);
    auto last = panes_.lower_bound(windowEnd);
    if (first == last) return Status::OK();
    const size_t width = numAggregates();
    if (std::next(first) == last && onlyKey == nullptr) {
      // One pane (tumbling windows): its accumulators are the results.
      for (const auto& [key, slot] : first->second.slots) {
        SABOT_RETURN_NOT_OK(results.add(key, windowStart, windowEnd, &first->second.accumulators[slot * width]));
      }
      return Status::OK();
    }
    // Merge the panes per key into one flat array (reused between windows:
    // a tree or a vector per key costs more than the merging itself).
    mergedIndex_.clear();
    mergedKeys_.clear();
    merged_.clear();
    auto mergeInto = [&](std::string_view key, const Accumulator* from) {
      auto [entry, inserted] = mergedIndex_.try_emplace(key, static_cast<uint32_t>(mergedKeys_.size()));
      if (inserted) {
        mergedKeys_.push_back(key);
        merged_.resize(merged_.size() + width);
      }
      plan_->aggregates.merge(&merged_[entry->second * width], from);
    };
    for (auto pane = first; pane != last; ++pane) {
      if (onlyKey != nullptr) {
        auto slot = pane->second.slots.find(*onlyKey);
        if (slot != pane->second.slots.end()) mergeInto(*onlyKey, &pane->second.accumulators[slot->second * width]);
        continue;
      }
      for (const auto& [key, slot] : pane->second.slots) mergeInto(key, &pane->second.accumulators[slot * width]);
    }
    for (size_t i = 0; i < mergedKeys_.size(); ++i) {
      SABOT_RETURN_NOT_OK(results.add(mergedKeys_[i], windowStart, windowEnd, &merged_[i * width]));
    }
    return Status::OK();
  }

  std::map<EventTime, Pane> panes_;
  std::set<EventTime> unfired_;
  // Scratch space of emitWindow().
  std::unordered_map<std::string_view, uint32_t> mergedIndex_;
  std::vector<std::string_view> mergedKeys_;
  std::vector<Accumulator> merged_;
};

/// Session windows: per key, sessions sorted by start.
class SessionWindowState final : public WindowState {
 public:
  using WindowState::WindowState;
  WindowStateFormat format() const override { return WindowStateFormat::kSessions; }

  Status add(const columnar::RecordBatch& batch, const std::vector<std::string>& keys, const columnar::Array* times,
             const BoundAggregates::Inputs& inputs, std::vector<int64_t>& late, WindowResultBuilder& updates) override {
    const int64_t gap = options_->window.gapMs;
    const int64_t* timeValues = times->values<int64_t>();
    std::set<std::pair<std::string, EventTime>> refire;
    for (int64_t row = 0; row < batch.numRows(); ++row) {
      if (!times->isValid(row)) {
        late.push_back(row);
        continue;
      }
      const EventTime start = timeValues[row];
      const EventTime end = saturatingAdd(start, gap);
      if (isSessionPurged(end)) {
        late.push_back(row);
        continue;
      }
      const std::string& key = keys[static_cast<size_t>(row)];
      const SessionChange change = addToSessions(sessions_[key], start, gap, watermark_, plan_->aggregates, inputs, row);
      // Only a session with a new end needs an entry (stale ones are
      // skipped when they come due).
      if (!change.endExisted) ends_.emplace(change.end, key);
      if (change.fired) refire.emplace(key, change.end);
    }
    for (const auto& [key, end] : refire) {
      for (const Session& session : sessions_[key]) {
        if (session.end == end) SABOT_RETURN_NOT_OK(updates.add(key, session.start, session.end, session.accumulators.data()));
      }
    }
    return Status::OK();
  }

  Status snapshotWindows(checkpoint::SnapshotWriter& out) override {
    out.write<uint64_t>(sessions_.size());
    for (const auto& [key, sessions] : sessions_) {
      out.writeString(key);
      writeSessions(sessions, plan_->aggregates, out);
    }
    return Status::OK();
  }
  Status restoreWindows(checkpoint::SnapshotReader& in) override {
    SABOT_ASSIGN_OR_RAISE(uint64_t numKeys, in.readCount(16));
    for (uint64_t k = 0; k < numKeys; ++k) {
      SABOT_ASSIGN_OR_RAISE(std::string key, in.readString());
      std::vector<Session>& sessions = sessions_[key];
      SABOT_RETURN_NOT_OK(readSessions(in, plan_->aggregates, &sessions));
      for (const Session& session : sessions) ends_.emplace(session.end, key);
    }
    return Status::OK();
  }

  Status fire(EventTime watermark, WindowResultBuilder& results) override {
    // ends_ may hold ends of sessions that have since merged; they are
    // looked up and skipped if gone.
    auto it = ends_.begin();
    while (it != ends_.end() && it->first - 1 <= watermark) {
      auto found = sessions_.find(it->second);
      if (found != sessions_.end()) {
        std::vector<Session>& sessions = found->second;
        for (auto session = sessions.begin(); session != sessions.end();) {
          if (session->end != it->first) {
            ++session;
            continue;
          }
          if (!session->fired) {
            SABOT_RETURN_NOT_OK(results.add(it->second, session->start, session->end, session->accumulators.data()));
            session->fired = true;
          }
          if (isSessionPurged(session->end)) {
            session = sessions.erase(session);
          } else {
            ++session;
          }
        }
        if (sessions.empty()) sessions_.erase(found);
      }
      // Keep the entry while the session may still take late rows.
      if (isSessionPurged(it->first)) {
        it = ends_.erase(it);
      } else {
        ++it;
      }
    }
    return Status::OK();
  }

 private:
  std::unordered_map<std::string, std::vector<Session>> sessions_;
  std::multimap<EventTime, std::string> ends_;
};

/// Count windows: every `count` rows of a key form a window.
class CountWindowState final : public WindowState {
 public:
  using WindowState::WindowState;
  WindowStateFormat format() const override { return WindowStateFormat::kCounts; }

  Status add(const columnar::RecordBatch& batch, const std::vector<std::string>& keys, const columnar::Array*,
             const BoundAggregates::Inputs& inputs, std::vector<int64_t>&, WindowResultBuilder& updates) override {
    for (int64_t row = 0; row < batch.numRows(); ++row) {
      const std::string& key = keys[static_cast<size_t>(row)];
      auto [entry, inserted] = windows_.try_emplace(key);
      Window& window = entry->second;
      if (inserted) window.accumulators.resize(numAggregates());
      plan_->aggregates.add(window.accumulators.data(), inputs, row);
      if (++window.rows == options_->window.count) {
        SABOT_RETURN_NOT_OK(updates.add(key, 0, 0, window.accumulators.data()));
        windows_.erase(entry);
      }
    }
    return Status::OK();
  }
  Status fire(EventTime, WindowResultBuilder&) override { return Status::OK(); }
  Status snapshotWindows(checkpoint::SnapshotWriter& out) override {
    out.write<uint64_t>(windows_.size());
    for (const auto& [key, window] : windows_) {
      out.writeString(key);
      out.write<int64_t>(window.rows);
      plan_->aggregates.snapshot(window.accumulators.data(), out);
    }
    return Status::OK();
  }
  Status restoreWindows(checkpoint::SnapshotReader& in) override {
    SABOT_ASSIGN_OR_RAISE(uint64_t numKeys, in.readCount(16));
    for (uint64_t k = 0; k < numKeys; ++k) {
      SABOT_ASSIGN_OR_RAISE(std::string key, in.readString());
      Window& window = windows_[key];
      SABOT_ASSIGN_OR_RAISE(window.rows, in.read<int64_t>());
      window.accumulators.resize(numAggregates());
      SABOT_RETURN_NOT_OK(plan_->aggregates.restore(window.accumulators.data(), in));
    }
    return Status::OK();
  }

 private:
  struct Window {
    int64_t rows = 0;
    std::vector<Accumulator> accumulators;
  };
  std::unordered_map<std::string, Window> windows_;
};

}  // namespace

std::string_view describeWindowStateFormat(WindowStateFormat format) {
  switch (format) {
    case WindowStateFormat::kMemoryPanes:
      return "tumbling or sliding windows in operator memory (state backend memory)";
    case WindowStateFormat::kBackendPanes:
      return "tumbling or sliding windows in the keyed state backend (state backend rocksdb)";
    case WindowStateFormat::kSessions:
      return "session windows in operator memory (state backend memory)";
    case WindowStateFormat::kBackendSessions:
      return "session windows in the keyed state backend (state backend rocksdb)";
    case WindowStateFormat::kCounts:
      return "count windows in operator memory (state backend memory)";
    case WindowStateFormat::kBackendCounts:
      return "count windows in the keyed state backend (state backend rocksdb)";
  }
  return "windows in an unknown format";
}

Result<std::shared_ptr<WindowAggregateOperator>> WindowAggregateOperator::make(const columnar::SchemaPtr& input,
                                                                               WindowOptions options) {
  SABOT_RETURN_NOT_OK(options.window.validate());
  if (options.allowedLatenessMs < 0) return Status::invalid("the allowed lateness must not be negative");
  if (options.keys.empty()) return Status::invalid("a window aggregation needs key columns (keyBy)");
  std::vector<int> keyColumns;
  for (const std::string& key : options.keys) {
    SABOT_ASSIGN_OR_RAISE(int index, input->requireFieldIndex(key));
    keyColumns.push_back(index);
  }
  SABOT_ASSIGN_OR_RAISE(KeyEncoder keys, KeyEncoder::make(*input, keyColumns));
  SABOT_ASSIGN_OR_RAISE(BoundAggregates aggregates, BoundAggregates::make(options.aggregates, *input));
  std::optional<time::TimestampExtractor> times;
  if (options.window.usesEventTime()) {
    SABOT_ASSIGN_OR_RAISE(times, time::TimestampExtractor::make(compute::col(options.window.timeColumn), *input));
  }
  const bool withBounds = options.window.kind != WindowKind::kCount;
  columnar::SchemaPtr output = windowOutputSchema(keys, aggregates, withBounds);
  for (int i = 0; i < output->numFields(); ++i) {
    for (int j = 0; j < i; ++j) {
      if (output->field(i)->name() == output->field(j)->name()) {
        return Status::invalid("the window output has two columns called '{}'; rename the aggregate",
                               output->field(i)->name());
      }
    }
  }
  auto plan = std::make_shared<Plan>(Plan{std::move(keys), std::move(aggregates), std::move(times)});
  return std::make_shared<WindowAggregateOperator>(std::move(plan), std::move(options), input, std::move(output));
}

std::string WindowAggregateOperator::describe() const {
  std::string text = fmt::format("window {} by ({}) aggregate {}", options_.window.toString(),
                                 fmt::join(options_.keys, ", "), plan_->aggregates.toString());
  if (options_.allowedLatenessMs > 0) text += fmt::format(", allowed lateness {} ms", options_.allowedLatenessMs);
  if (options_.lateSideOutput) text += ", late rows to side output 'late'";
  return text;
}

Result<std::unique_ptr<runtime::OperatorState>> WindowAggregateOperator::makeState(
    const runtime::OperatorContext& context) const {
  switch (options_.window.kind) {
    case WindowKind::kTumbling:
    case WindowKind::kSliding:
      if (context.stateBackend.kind == runtime::StateBackendKind::kRocksDb) {
        SABOT_ASSIGN_OR_RAISE(std::unique_ptr<WindowState> windows,
                              makeBackendPaneWindowState(plan_.get(), &options_, outputSchema_, context));
        return std::unique_ptr<runtime::OperatorState>(std::move(windows));
      }
      return std::unique_ptr<runtime::OperatorState>(
          std::make_unique<PaneWindowState>(plan_.get(), &options_, outputSchema_, context));
    case WindowKind::kSession:
      if (context.stateBackend.kind == runtime::StateBackendKind::kRocksDb) {
        SABOT_ASSIGN_OR_RAISE(std::unique_ptr<WindowState> windows,
                              makeBackendSessionWindowState(plan_.get(), &options_, outputSchema_, context));
        return std::unique_ptr<runtime::OperatorState>(std::move(windows));
      }
      return std::unique_ptr<runtime::OperatorState>(
          std::make_unique<SessionWindowState>(plan_.get(), &options_, outputSchema_, context));
    case WindowKind::kCount:
      if (context.stateBackend.kind == runtime::StateBackendKind::kRocksDb) {
        SABOT_ASSIGN_OR_RAISE(std::unique_ptr<WindowState> windows,
                              makeBackendCountWindowState(plan_.get(), &options_, outputSchema_, context));
        return std::unique_ptr<runtime::OperatorState>(std::move(windows));
      }
      return std::unique_ptr<runtime::OperatorState>(
          std::make_unique<CountWindowState>(plan_.get(), &options_, outputSchema_, context));
  }
  return Status::internal("unknown window kind");
}

Status WindowAggregateOperator::processBatch(runtime::OperatorState* state, int32_t,
                                             const columnar::RecordBatchPtr& batch, runtime::Collector& out) const {
  return static_cast<WindowState*>(state)->processBatch(batch, out);
}

Status WindowAggregateOperator::processWatermark(runtime::OperatorState* state, runtime::EventTime watermark,
                                                 runtime::Collector& out) const {
  return static_cast<WindowState*>(state)->processWatermark(watermark, out);
}

Status WindowAggregateOperator::snapshotState(runtime::OperatorState* state, int64_t,
                                              checkpoint::SnapshotWriter& out) const {
  return static_cast<WindowState*>(state)->snapshot(out);
}

Status WindowAggregateOperator::restoreState(runtime::OperatorState* state, checkpoint::SnapshotReader& in) const {
  SABOT_RETURN_NOT_OK(static_cast<WindowState*>(state)->restore(in));
  return in.expectEnd();
}

std::optional<int64_t> WindowAggregateOperator::nextProcessingTime(runtime::OperatorState* state) const {
  return static_cast<WindowState*>(state)->nextProcessingTime();
}

Status WindowAggregateOperator::onProcessingTime(runtime::OperatorState* state, int64_t now,
                                                 runtime::Collector& out) const {
  return static_cast<WindowState*>(state)->onProcessingTime(now, out);
}

Status WindowAggregateOperator::finish(runtime::OperatorState* state, runtime::Collector& out) const {
  // The max watermark before the end has fired every event-time window;
  // processing-time windows fire here. Count windows that did not fill up
  // emit nothing (as in Flink).
  return static_cast<WindowState*>(state)->finish(out);
}

}  // namespace sabot::operators
