#pragma once

#include <cstdint>
#include <vector>

#include "sabot/base/Result.h"
#include "sabot/connectors/NexmarkConfig.h"

namespace sabot::connectors {

/// When, in event time, each event number happens: baseTime plus the sum of
/// the inter-event delays before it (Beam's
/// GeneratorConfig.timestampAndInterEventDelayUsForEvent).
///
/// At a constant rate (firstEventRate == nextEventRate) the delay is the
/// exact fraction unitMicros * numEventGenerators / rate microseconds and
///   timestamp(n) = baseTime + floor(n * delay / 1000).
/// Beam rounds the delay to whole microseconds first, which makes every
/// timestamp equal at rates above 2M/s; nexmark-flink uses a double. The
/// exact fraction equals Beam's whenever 1e6 / rate is an integer (the
/// standard 10,000/s gives 100 us: timestamp(n) = baseTime + n / 10) and
/// nexmark-flink's up to the double's rounding.
///
/// With two rates, Beam's steps apply: whole-microsecond delays per step,
/// each held for ceil(ratePeriodSec / steps) seconds, cycling.
class NexmarkTimeline {
 public:
  static Result<NexmarkTimeline> make(const NexmarkConfig& config);

  /// Epoch milliseconds of event number `eventNumber` (>= 0).
  int64_t timestampMs(int64_t eventNumber) const;

  /// True at a constant rate: timestamps then follow the exact fraction
  /// (delayNumerator / delayDenominator ms per event) and a
  /// NexmarkTimestampCursor can step through them without dividing.
  bool constantRate() const { return stepDelaysUs_.empty(); }
  int64_t baseTime() const { return baseTime_; }
  /// The reduced fraction of milliseconds between events (constant rate).
  int64_t delayNumerator() const { return delayNumerator_; }
  int64_t delayDenominator() const { return delayDenominator_; }

 private:
  int64_t baseTime_ = 0;
  int64_t delayNumerator_ = 1;
  int64_t delayDenominator_ = 1;
  // Two rates: the delay of each step, the events and milliseconds of a step
  // and of the whole cycle.
  std::vector<int64_t> stepDelaysUs_;
  std::vector<int64_t> stepEvents_;
  int64_t stepLengthSec_ = 0;
  int64_t eventsPerCycle_ = 0;
  int64_t cycleMs_ = 0;
};

/// Timestamps of the events start, start + step, start + 2 * step, ... at a
/// constant rate, advancing by additions only (the hot loop of the generator).
class NexmarkTimestampCursor {
 public:
  NexmarkTimestampCursor(const NexmarkTimeline& timeline, int64_t start, int64_t step);

  int64_t timestampMs() const { return ms_; }
  void advance() {
    ms_ += wholeStep_;
    remainder_ += fractionStep_;
    if (remainder_ >= denominator_) {
      remainder_ -= denominator_;
      ++ms_;
    }
  }

 private:
  int64_t ms_;
  int64_t remainder_;  // in 1/denominator_ ms
  int64_t wholeStep_;
  int64_t fractionStep_;
  int64_t denominator_;
};

}  // namespace sabot::connectors
