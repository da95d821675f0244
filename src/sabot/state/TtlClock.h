#pragma once

#include "sabot/time/Clock.h"

namespace sabot::state {

/// Processing time as state TTL sees it: the engine's one processing-time
/// clock (time::Clock), so TTL and processing-time timers agree.
using TtlClock = time::Clock;
/// The wall clock; SystemTtlClock::instance() is every backend's default.
using SystemTtlClock = time::SystemClock;
/// The test clock.
using ManualClock = time::ManualClock;

}  // namespace sabot::state
