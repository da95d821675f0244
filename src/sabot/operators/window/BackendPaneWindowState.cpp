#include "sabot/operators/window/BackendPaneWindowState.h"

#include <cstring>
#include <map>
#include <unordered_map>

#include "sabot/operators/window/BackendWindowState.h"

namespace sabot::operators {

namespace {

using state::TimeDomain;

void appendInt64(std::string* out, int64_t value) {
  char raw[sizeof(int64_t)];
  std::memcpy(raw, &value, sizeof(int64_t));
  out->append(raw, sizeof(int64_t));
}


class BackendPaneWindowState final : public BackendWindowState {
 public:
  using BackendWindowState::BackendWindowState;
  WindowStateFormat format() const override { return WindowStateFormat::kBackendPanes; }

  Status add(const columnar::RecordBatch& batch, const std::vector<std::string>& keys, const columnar::Array* times,
             const BoundAggregates::Inputs& inputs, std::vector<int64_t>& late, WindowResultBuilder& updates) override {
    const WindowSpec& spec = options_->window;
    SABOT_ASSIGN_OR_RAISE(std::vector<int32_t> groups,
                          plan_->keys.keyGroups(batch, context_.maxParallelism, context_.pool));
    const int64_t* timeValues = times->values<int64_t>();
    std::map<EventTime, BatchPane> panes;
    // Fired windows within the allowed lateness that a row changed, with a
    // row of the key: emitted again once the panes are written.
    std::map<std::pair<EventTime, std::string_view>, int64_t> refire;
    BatchPane* pane = nullptr;
    EventTime paneStart = 0;
    for (int64_t row = 0; row < batch.numRows(); ++row) {
      if (!times->isValid(row)) {
        late.push_back(row);
        continue;
      }
      const EventTime time = timeValues[row];
      const EventTime lastStart = spec.lastWindowStart(time);
      if (isPurged(lastStart)) {
        late.push_back(row);
        continue;
      }
      const EventTime start = spec.paneStart(time);
      if (pane == nullptr || start != paneStart) {
        pane = &panes[start];
        paneStart = start;
      }
      const std::string_view key = keys[static_cast<size_t>(row)];
      auto [slot, inserted] = pane->slots.try_emplace(key, static_cast<uint32_t>(pane->keys.size()));
      if (inserted) pane->keys.push_back(state::KeyRef{key, groups[static_cast<size_t>(row)]});
      pane->rows.push_back(row);
      pane->rowSlots.push_back(slot->second);
      if (time <= watermark_) {
        for (EventTime windowStart = lastStart; windowStart > start - spec.sizeMs; windowStart -= spec.slideMs) {
          if (hasFired(windowStart) && !isPurged(windowStart)) refire.try_emplace({windowStart, key}, row);
        }
      }
    }
    for (const auto& [start, rows] : panes) SABOT_RETURN_NOT_OK(updatePane(start, rows, inputs));
    for (const auto& [window, row] : refire) {
      SABOT_RETURN_NOT_OK(backend_->setCurrentKey(window.second, groups[static_cast<size_t>(row)]));
      SABOT_RETURN_NOT_OK(emitWindow(window.first, updates));
    }
    return Status::OK();
  }

 private:
  /// The rows of one batch that fall into one pane, grouped by key.
  struct BatchPane {
    std::unordered_map<std::string_view, uint32_t> slots;
    std::vector<state::KeyRef> keys;  ///< by slot
    std::vector<int64_t> rows;
    std::vector<uint32_t> rowSlots;  ///< the slot of each of rows
  };

  void setPaneNamespace(EventTime paneStart) {
    namespace_.clear();
    appendInt64(&namespace_, paneStart);
    backend_->setCurrentNamespace(namespace_);
  }

  Status readAccumulators(std::string_view cell, Accumulator* accs) const {
    checkpoint::SnapshotReader in(cell, "a window pane");
    SABOT_RETURN_NOT_OK(plan_->aggregates.restore(accs, in));
    return in.expectEnd();
  }

  /// Adds a batch's rows of one pane to the stored accumulators.
  Status updatePane(EventTime start, const BatchPane& pane, const BoundAggregates::Inputs& inputs) {
    const size_t width = numAggregates();
    const size_t numKeys = pane.keys.size();
    setPaneNamespace(start);
    SABOT_RETURN_NOT_OK(backend_->getCells(windows_, pane.keys, &cells_, &found_));
    accumulators_.assign(numKeys * width, Accumulator{});
    for (size_t slot = 0; slot < numKeys; ++slot) {
      if (found_[slot]) SABOT_RETURN_NOT_OK(readAccumulators(cells_[slot], &accumulators_[slot * width]));
    }
    for (size_t i = 0; i < pane.rows.size(); ++i) {
      plan_->aggregates.add(&accumulators_[pane.rowSlots[i] * width], inputs, pane.rows[i]);
    }
    written_.resize(numKeys);
    views_.resize(numKeys);
    for (size_t slot = 0; slot < numKeys; ++slot) {
      checkpoint::SnapshotWriter out;
      plan_->aggregates.snapshot(&accumulators_[slot * width], out);
      written_[slot] = out.release();
      views_[slot] = written_[slot];
    }
    SABOT_RETURN_NOT_OK(backend_->putCells(windows_, pane.keys, views_));
    // A new (key, pane) needs the timers of its windows (an existing one
    // has them already).
    for (size_t slot = 0; slot < numKeys; ++slot) {
      if (!found_[slot]) SABOT_RETURN_NOT_OK(registerTimers(start, pane.keys[slot]));
    }
    return Status::OK();
  }

  Status registerTimers(EventTime paneStart, const state::KeyRef& key) {
    const WindowSpec& spec = options_->window;
    for (EventTime windowStart = spec.lastWindowStart(paneStart); windowStart > paneStart - spec.sizeMs;
         windowStart -= spec.slideMs) {
      if (!hasFired(windowStart)) {
        SABOT_RETURN_NOT_OK(timers_->registerTimerFor(TimeDomain::kEventTime, windowMaxTimestamp(windowStart), key.key,
                                                      key.keyGroup, timerNamespace(kFireTimer, windowStart)));
      } else if (!isPurged(windowStart)) {
        // Fired before this key had rows in it: a late row opened the pane.
        SABOT_RETURN_NOT_OK(timers_->registerTimerFor(TimeDomain::kEventTime, purgeTime(windowStart), key.key,
                                                      key.keyGroup, timerNamespace(kCleanupTimer, windowStart)));
      }
    }
    return Status::OK();
  }

  Status onTimer(const state::TimerView& timer, WindowResultBuilder& results) override {
    SABOT_ASSIGN_OR_RAISE(WindowTimer parsed, parseTimer(timer));
    const EventTime windowStart = parsed.window;
    if (parsed.kind == kCleanupTimer) return removeLastPanesOf(windowStart);
    SABOT_RETURN_NOT_OK(emitWindow(windowStart, results));
    if (options_->allowedLatenessMs == 0) return removeLastPanesOf(windowStart);
    return timers_->registerTimerFor(TimeDomain::kEventTime, purgeTime(windowStart), timer.key, timer.keyGroup,
                                     timerNamespace(kCleanupTimer, windowStart));
  }

  /// The result of window [start, start + size) for the backend's current
  /// key: its panes merged; nothing if it has none.
  Status emitWindow(EventTime windowStart, WindowResultBuilder& results) {
    const WindowSpec& spec = options_->window;
    const size_t width = numAggregates();
    const EventTime windowEnd = windowStart + spec.sizeMs;
    merged_.assign(width, Accumulator{});
    bool any = false;
    for (EventTime start = windowStart; start < windowEnd; start += spec.paneMs()) {
      setPaneNamespace(start);
      SABOT_ASSIGN_OR_RAISE(bool found, backend_->getCell(windows_, &cell_));
      if (!found) continue;
      if (!any) {
        SABOT_RETURN_NOT_OK(readAccumulators(cell_, merged_.data()));
      } else {
        paneAccumulators_.assign(width, Accumulator{});
        SABOT_RETURN_NOT_OK(readAccumulators(cell_, paneAccumulators_.data()));
        plan_->aggregates.merge(merged_.data(), paneAccumulators_.data());
      }
      any = true;
    }
    if (!any) return Status::OK();
    return results.add(backend_->currentKey(), windowStart, windowEnd, merged_.data());
  }

  /// Deletes the current key's panes whose last window starts at
  /// `windowStart`: those in [windowStart, windowStart + slide).
  Status removeLastPanesOf(EventTime windowStart) {
    const WindowSpec& spec = options_->window;
    for (EventTime start = windowStart; start < windowStart + spec.slideMs; start += spec.paneMs()) {
      setPaneNamespace(start);
      SABOT_RETURN_NOT_OK(backend_->removeCell(windows_));
    }
    return Status::OK();
  }

  // Scratch space, reused between batches and timers.
  std::string namespace_;
  std::vector<Accumulator> accumulators_;
  std::vector<Accumulator> merged_;
  std::vector<Accumulator> paneAccumulators_;
};

}  // namespace

Result<std::unique_ptr<WindowState>> makeBackendPaneWindowState(const WindowAggregateOperator::Plan* plan,
                                                                const WindowOptions* options,
                                                                columnar::SchemaPtr output,
                                                                const runtime::OperatorContext& context) {
  return openBackendWindowState<BackendPaneWindowState>(plan, options, std::move(output), context, "_window.panes",
                                                       "pane-start");
}

}  // namespace sabot::operators
