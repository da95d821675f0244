#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sabot/operators/window/WindowState.h"
#include "sabot/state/KeyedStateBackend.h"
#include "sabot/state/TimerService.h"

namespace sabot::operators {

/// What the window states kept in the job's keyed state backend (RocksDB)
/// share: the subtask's backend with one value state of window contents,
/// its timer service (event-time timers, which fire() advances), and
/// checkpoints that are the backend's keyed-state snapshot, timers included.
class BackendWindowState : public WindowState {
 public:
  using WindowState::WindowState;

  /// Opens the subtask's backend and registers the state `stateName`,
  /// whose cells are one key's window contents in `namespaceSignature`
  /// namespaces.
  Status open(std::string_view stateName, std::string_view namespaceSignature);

  std::optional<EventTime> nextFireTime() override;
  Status fire(EventTime watermark, WindowResultBuilder& results) override;
  Status snapshotWindows(checkpoint::SnapshotWriter& out) override;
  Status restoreWindows(checkpoint::SnapshotReader& in) override;

 protected:
  /// A due timer, with its key as the backend's current key.
  virtual Status onTimer(const state::TimerView& timer, WindowResultBuilder& results) = 0;

  /// The two timers of a window: when it fires, and when its state goes
  /// (with allowed lateness). A timer's namespace is the kind's byte and
  /// the window's start or end.
  static constexpr char kFireTimer = 'f';
  static constexpr char kCleanupTimer = 'c';
  const std::string& timerNamespace(char kind, EventTime window);
  struct WindowTimer {
    char kind;
    EventTime window;
  };
  /// Corrupt if `timer` is not one timerNamespace() made.
  Result<WindowTimer> parseTimer(const state::TimerView& timer) const;

  // Declared before the timers, so it is destroyed after them.
  std::unique_ptr<state::KeyedStateBackend> backend_;
  std::unique_ptr<state::TimerService> timers_;
  state::StateId windows_;  ///< the registered state
  // Scratch space, reused between batches and timers.
  std::string timerNamespace_;
  std::string cell_;
  std::vector<std::string> cells_;
  std::vector<uint8_t> found_;
  std::vector<std::string> written_;
  std::vector<std::string_view> views_;
};

/// A `State` (a BackendWindowState) opened on `stateName`.
template <typename State>
Result<std::unique_ptr<WindowState>> openBackendWindowState(const WindowAggregateOperator::Plan* plan,
                                                            const WindowOptions* options, columnar::SchemaPtr output,
                                                            const runtime::OperatorContext& context,
                                                            std::string_view stateName,
                                                            std::string_view namespaceSignature) {
  auto windows = std::make_unique<State>(plan, options, std::move(output), context);
  SABOT_RETURN_NOT_OK(windows->open(stateName, namespaceSignature));
  return std::unique_ptr<WindowState>(std::move(windows));
}

}  // namespace sabot::operators
