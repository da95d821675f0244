#include "sabot/time/Clock.h"

#include <chrono>

namespace sabot::time {

int64_t SystemClock::nowMillis() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

const SystemClock* SystemClock::instance() {
  static const SystemClock clock;
  return &clock;
}

}  // namespace sabot::time
