#pragma once

#include <cstdint>
#include <limits>

namespace sabot::time {

/// Event time in epoch milliseconds, as Flink uses.
using EventTime = int64_t;
/// The watermark before any input has been seen.
constexpr EventTime kMinWatermark = std::numeric_limits<EventTime>::min();
/// The watermark a finished input sends: every timer and window may fire.
constexpr EventTime kMaxWatermark = std::numeric_limits<EventTime>::max();

}  // namespace sabot::time
