#include "sabot/operators/window/BackendWindowState.h"

#include <cstring>

#include "sabot/state/KeyedStateSnapshot.h"
#include "sabot/state/StateBackendFactory.h"

namespace sabot::operators {

Status BackendWindowState::open(std::string_view stateName, std::string_view namespaceSignature) {
  SABOT_ASSIGN_OR_RAISE(backend_, state::makeKeyedStateBackend(context_));
  state::StateSpec spec;
  spec.name = std::string(stateName);
  spec.kind = state::StateKind::kValue;
  spec.keySignature = "window-key";
  spec.namespaceSignature = std::string(namespaceSignature);
  // A checkpoint of other aggregates does not read as these.
  spec.valueSignature = "window-accumulators(" + plan_->aggregates.toString() + ")";
  SABOT_ASSIGN_OR_RAISE(windows_, backend_->registerState(spec));
  SABOT_ASSIGN_OR_RAISE(timers_, state::TimerService::make(backend_.get()));
  return Status::OK();
}

const std::string& BackendWindowState::timerNamespace(char kind, EventTime window) {
  timerNamespace_.assign(1, kind);
  timerNamespace_.append(reinterpret_cast<const char*>(&window), sizeof(window));
  return timerNamespace_;
}

Result<BackendWindowState::WindowTimer> BackendWindowState::parseTimer(const state::TimerView& timer) const {
  if (timer.ns.size() != 1 + sizeof(EventTime) || (timer.ns[0] != kFireTimer && timer.ns[0] != kCleanupTimer)) {
    return Status::corrupt("{}: a window timer has a malformed namespace of {} bytes", context_.subtaskName(),
                           timer.ns.size());
  }
  WindowTimer parsed{timer.ns[0], 0};
  std::memcpy(&parsed.window, timer.ns.data() + 1, sizeof(parsed.window));
  return parsed;
}

std::optional<EventTime> BackendWindowState::nextFireTime() {
  // A failed lookup asks to fire at once, where advance() reports it.
  auto earliest = timers_->earliest(state::TimeDomain::kEventTime);
  if (!earliest.ok()) return kMinWatermark;
  return *earliest;
}

Status BackendWindowState::fire(EventTime watermark, WindowResultBuilder& results) {
  return timers_->advance(state::TimeDomain::kEventTime, watermark,
                          [&](const state::TimerView& timer) { return onTimer(timer, results); });
}

Status BackendWindowState::snapshotWindows(checkpoint::SnapshotWriter& out) {
  SABOT_ASSIGN_OR_RAISE(auto snapshot, backend_->snapshot());
  SABOT_ASSIGN_OR_RAISE(std::string bytes, snapshot->toBytes());
  out.writeString(bytes);
  return Status::OK();
}

Status BackendWindowState::restoreWindows(checkpoint::SnapshotReader& in) {
  SABOT_ASSIGN_OR_RAISE(std::string bytes, in.readString());
  SABOT_RETURN_NOT_OK(backend_->restore({bytes}));
  return timers_->reload();
}

}  // namespace sabot::operators
