#include "sabot/operators/window/BackendSessionWindowState.h"

#include <set>
#include <unordered_map>

#include "sabot/operators/window/BackendWindowState.h"
#include "sabot/operators/window/Sessions.h"

namespace sabot::operators {

namespace {

using state::TimeDomain;

class BackendSessionWindowState final : public BackendWindowState {
 public:
  using BackendWindowState::BackendWindowState;
  WindowStateFormat format() const override { return WindowStateFormat::kBackendSessions; }

  Status add(const columnar::RecordBatch& batch, const std::vector<std::string>& keys, const columnar::Array* times,
             const BoundAggregates::Inputs& inputs, std::vector<int64_t>& late, WindowResultBuilder& updates) override {
    const int64_t gap = options_->window.gapMs;
    SABOT_ASSIGN_OR_RAISE(std::vector<int32_t> groups,
                          plan_->keys.keyGroups(batch, context_.maxParallelism, context_.pool));
    const int64_t* timeValues = times->values<int64_t>();
    // The batch's keys, each read once.
    std::unordered_map<std::string_view, uint32_t> slots;
    std::vector<state::KeyRef> batchKeys;
    std::vector<int64_t> rows;
    std::vector<uint32_t> rowSlots;
    for (int64_t row = 0; row < batch.numRows(); ++row) {
      if (!times->isValid(row) || isSessionPurged(saturatingAdd(timeValues[row], gap))) {
        late.push_back(row);
        continue;
      }
      const std::string_view key = keys[static_cast<size_t>(row)];
      auto [slot, inserted] = slots.try_emplace(key, static_cast<uint32_t>(batchKeys.size()));
      if (inserted) batchKeys.push_back(state::KeyRef{key, groups[static_cast<size_t>(row)]});
      rows.push_back(row);
      rowSlots.push_back(slot->second);
    }
    if (batchKeys.empty()) return Status::OK();
    backend_->setCurrentNamespace({});
    SABOT_RETURN_NOT_OK(backend_->getCells(windows_, batchKeys, &cells_, &found_));
    std::vector<std::vector<Session>> sessions(batchKeys.size());
    for (size_t slot = 0; slot < batchKeys.size(); ++slot) {
      if (found_[slot]) SABOT_RETURN_NOT_OK(decode(cells_[slot], &sessions[slot]));
    }
    // Fired sessions a row changed (allowed lateness): emitted again below.
    std::set<std::pair<uint32_t, EventTime>> refire;
    for (size_t i = 0; i < rows.size(); ++i) {
      const uint32_t slot = rowSlots[i];
      const SessionChange change =
          addToSessions(sessions[slot], timeValues[rows[i]], gap, watermark_, plan_->aggregates, inputs, rows[i]);
      if (!change.endExisted) {
        const state::KeyRef& key = batchKeys[slot];
        SABOT_RETURN_NOT_OK(timers_->registerTimerFor(TimeDomain::kEventTime, change.end - 1, key.key, key.keyGroup,
                                                      timerNamespace(kFireTimer, change.end)));
      }
      if (change.fired) refire.emplace(slot, change.end);
    }
    for (const auto& which : refire) {
      for (const Session& session : sessions[which.first]) {
        if (session.end != which.second) continue;
        SABOT_RETURN_NOT_OK(
            updates.add(batchKeys[which.first].key, session.start, session.end, session.accumulators.data()));
      }
    }
    written_.resize(batchKeys.size());
    views_.resize(batchKeys.size());
    for (size_t slot = 0; slot < batchKeys.size(); ++slot) {
      written_[slot] = encode(sessions[slot]);
      views_[slot] = written_[slot];
    }
    return backend_->putCells(windows_, batchKeys, views_);
  }

 protected:
  Status onTimer(const state::TimerView& timer, WindowResultBuilder& results) override {
    // A session's timers carry its end.
    SABOT_ASSIGN_OR_RAISE(WindowTimer parsed, parseTimer(timer));
    const bool cleanup = parsed.kind == kCleanupTimer;
    const EventTime end = parsed.window;
    backend_->setCurrentNamespace({});
    SABOT_ASSIGN_OR_RAISE(bool found, backend_->getCell(windows_, &cell_));
    if (!found) return Status::OK();
    std::vector<Session> sessions;
    SABOT_RETURN_NOT_OK(decode(cell_, &sessions));
    bool changed = false;
    for (auto session = sessions.begin(); session != sessions.end();) {
      // A session that has merged since has another end: nothing to do.
      if (session->end != end) {
        ++session;
        continue;
      }
      if (!cleanup && !session->fired) {
        SABOT_RETURN_NOT_OK(
            results.add(backend_->currentKey(), session->start, session->end, session->accumulators.data()));
        session->fired = true;
        changed = true;
      }
      if (isSessionPurged(session->end)) {
        session = sessions.erase(session);
        changed = true;
        continue;
      }
      SABOT_RETURN_NOT_OK(timers_->registerTimerFor(TimeDomain::kEventTime,
                                                    sessionPurgeTime(end), timer.key,
                                                    timer.keyGroup, timerNamespace(kCleanupTimer, end)));
      ++session;
    }
    if (!changed) return Status::OK();
    backend_->setCurrentNamespace({});
    if (sessions.empty()) return backend_->removeCell(windows_);
    return backend_->putCell(windows_, encode(sessions));
  }

 private:
  std::string encode(const std::vector<Session>& sessions) const {
    checkpoint::SnapshotWriter out;
    writeSessions(sessions, plan_->aggregates, out);
    return out.release();
  }
  Status decode(std::string_view cell, std::vector<Session>* sessions) const {
    checkpoint::SnapshotReader in(cell, "a key's sessions");
    SABOT_RETURN_NOT_OK(readSessions(in, plan_->aggregates, sessions));
    return in.expectEnd();
  }
};

}  // namespace

Result<std::unique_ptr<WindowState>> makeBackendSessionWindowState(const WindowAggregateOperator::Plan* plan,
                                                                   const WindowOptions* options,
                                                                   columnar::SchemaPtr output,
                                                                   const runtime::OperatorContext& context) {
  return openBackendWindowState<BackendSessionWindowState>(plan, options, std::move(output), context,
                                                           "_window.sessions", "none");
}

}  // namespace sabot::operators
