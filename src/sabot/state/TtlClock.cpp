#include "sabot/state/TtlClock.h"

#include <chrono>

namespace sabot::state {

int64_t SystemTtlClock::nowMillis() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

const SystemTtlClock* SystemTtlClock::instance() {
  static const SystemTtlClock clock;
  return &clock;
}

}  // namespace sabot::state
