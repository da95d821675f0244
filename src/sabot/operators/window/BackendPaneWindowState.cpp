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
    SABOT_ASSIGN_OR_RAISE(std::vector<int32_t> groups,
                          plan_->keys.keyGroups(batch, context_.maxParallelism, context_.pool));
    std::map<EventTime, BatchPane> panes;
    // Fired windows within the allowed lateness that a row changed, with a
    // row of the key: emitted again once the panes are written.
    std::map<std::pair<EventTime, std::string_view>, int64_t> refire;
    BatchPane* pane = nullptr;
    EventTime paneStart = 0;
    forEachPaneRow(times, batch.numRows(), late, [&](int64_t row, EventTime time, EventTime start) {
      if (pane == nullptr || start != paneStart) {
        pane = &panes[start];
        paneStart = start;
      }
      const std::string_view key = keys[static_cast<size_t>(row)];
      auto [slot, inserted] = pane->slots.try_emplace(key, static_cast<uint32_t>(pane->keys.size()));
      if (inserted) pane->keys.push_back(state::KeyRef{key, groups[static_cast<size_t>(row)]});
      pane->rows.push_back(row);
      pane->rowSlots.push_back(slot->second);
      forEachWindowToRefire(time, [&](EventTime windowStart) { refire.try_emplace({windowStart, key}, row); });
    });
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

  /// A (key, pane) accumulator row held in memory between batches.
  struct CachedPane {
    int32_t keyGroup = 0;
    std::vector<Accumulator> accumulators;
    bool dirty = false;
  };
  /// At most this many (key, pane) rows stay in memory; beyond it, every
  /// dirty one is written to the backend and the cache starts over.
  static constexpr size_t kCachedPanes = size_t{1} << 14;

  /// The cache's key: the pane start (8 bytes), then the key's bytes.
  static std::string cacheKey(EventTime paneStart, std::string_view key) {
    std::string bytes;
    bytes.reserve(sizeof(EventTime) + key.size());
    appendInt64(&bytes, paneStart);
    bytes.append(key);
    return bytes;
  }
  CachedPane* cached(EventTime paneStart, std::string_view key) {
    auto found = cache_.find(cacheKey(paneStart, key));
    return found == cache_.end() ? nullptr : &found->second;
  }

  /// Adds a batch's rows of one pane to its accumulators: those in the
  /// cache, or read into it (one getCells for the misses). The backend is
  /// written when the cache overflows and before a checkpoint, so a (key,
  /// pane) that many batches touch (a day-long window's count-distinct set)
  /// is not read and rewritten whole for each of them.
  Status updatePane(EventTime start, const BatchPane& pane, const BoundAggregates::Inputs& inputs) {
    const size_t width = numAggregates();
    const size_t numKeys = pane.keys.size();
    entries_.assign(numKeys, nullptr);
    missKeys_.clear();
    missSlots_.clear();
    for (size_t slot = 0; slot < numKeys; ++slot) {
      entries_[slot] = cached(start, pane.keys[slot].key);
      if (entries_[slot] == nullptr) {
        missKeys_.push_back(pane.keys[slot]);
        missSlots_.push_back(slot);
      }
    }
    if (!missKeys_.empty()) {
      setPaneNamespace(start);
      SABOT_RETURN_NOT_OK(backend_->getCells(windows_, missKeys_, &cells_, &found_));
      for (size_t miss = 0; miss < missKeys_.size(); ++miss) {
        // References into an unordered_map survive its rehashing.
        CachedPane& entry = cache_[cacheKey(start, missKeys_[miss].key)];
        entry.keyGroup = missKeys_[miss].keyGroup;
        entry.accumulators.assign(width, Accumulator{});
        if (found_[miss]) {
          SABOT_RETURN_NOT_OK(readAccumulators(cells_[miss], entry.accumulators.data()));
        } else {
          // A new (key, pane) needs the timers of its windows.
          SABOT_RETURN_NOT_OK(registerTimers(start, missKeys_[miss]));
        }
        entries_[missSlots_[miss]] = &entry;
      }
    }
    for (size_t i = 0; i < pane.rows.size(); ++i) {
      plan_->aggregates.add(entries_[pane.rowSlots[i]]->accumulators.data(), inputs, pane.rows[i]);
    }
    for (CachedPane* entry : entries_) entry->dirty = true;
    if (cache_.size() > kCachedPanes) return flushCache(/*evict=*/true);
    return Status::OK();
  }

  /// Writes every dirty cached pane to the backend (one putCells per pane
  /// start); `evict` empties the cache too.
  Status flushCache(bool evict) {
    std::map<EventTime, std::pair<std::vector<state::KeyRef>, std::vector<std::string>>> byPane;
    for (auto& [bytes, entry] : cache_) {
      if (!entry.dirty) continue;
      EventTime paneStart;
      std::memcpy(&paneStart, bytes.data(), sizeof(paneStart));
      auto& [refs, values] = byPane[paneStart];
      refs.push_back(state::KeyRef{std::string_view(bytes).substr(sizeof(EventTime)), entry.keyGroup});
      checkpoint::SnapshotWriter out;
      plan_->aggregates.snapshot(entry.accumulators.data(), out);
      values.push_back(out.release());
      entry.dirty = false;
    }
    for (const auto& [paneStart, pending] : byPane) {
      views_.assign(pending.second.begin(), pending.second.end());
      setPaneNamespace(paneStart);
      SABOT_RETURN_NOT_OK(backend_->putCells(windows_, pending.first, views_));
    }
    if (evict) cache_.clear();
    return Status::OK();
  }

  Status snapshotWindows(checkpoint::SnapshotWriter& out) override {
    SABOT_RETURN_NOT_OK(flushCache(/*evict=*/false));
    return BackendWindowState::snapshotWindows(out);
  }
  Status restoreWindows(checkpoint::SnapshotReader& in) override {
    cache_.clear();
    return BackendWindowState::restoreWindows(in);
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
      const Accumulator* pane = nullptr;
      if (const CachedPane* entry = cached(start, backend_->currentKey())) {
        pane = entry->accumulators.data();
      } else {
        setPaneNamespace(start);
        SABOT_ASSIGN_OR_RAISE(bool found, backend_->getCell(windows_, &cell_));
        if (!found) continue;
        paneAccumulators_.assign(width, Accumulator{});
        SABOT_RETURN_NOT_OK(readAccumulators(cell_, paneAccumulators_.data()));
        pane = paneAccumulators_.data();
      }
      plan_->aggregates.merge(merged_.data(), pane);
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
      cache_.erase(cacheKey(start, backend_->currentKey()));
      setPaneNamespace(start);
      SABOT_RETURN_NOT_OK(backend_->removeCell(windows_));
    }
    return Status::OK();
  }

  std::unordered_map<std::string, CachedPane> cache_;
  // Scratch space, reused between batches and timers.
  std::string namespace_;
  std::vector<CachedPane*> entries_;
  std::vector<state::KeyRef> missKeys_;
  std::vector<size_t> missSlots_;
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
