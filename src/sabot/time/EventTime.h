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

/// a + b, saturating at the ends of event time instead of overflowing (a
/// window end or a join bound near kMaxWatermark).
inline EventTime saturatingAdd(EventTime a, int64_t b) {
  EventTime sum;
  if (__builtin_add_overflow(a, b, &sum)) return b > 0 ? kMaxWatermark : kMinWatermark;
  return sum;
}

}  // namespace sabot::time
