#include "sabot/connectors/NexmarkTimeline.h"

#include <cmath>
#include <numbers>
#include <numeric>

#include "sabot/base/Check.h"

namespace sabot::connectors {

namespace {

// Java's Math.round for the non-negative values used here.
int64_t roundHalfUp(double value) {
  return static_cast<int64_t>(std::floor(value + 0.5));
}

}  // namespace

Result<NexmarkTimeline> NexmarkTimeline::make(const NexmarkConfig& config) {
  SABOT_RETURN_NOT_OK(config.validate());
  NexmarkTimeline timeline;
  timeline.baseTime_ = config.baseTime;
  const int64_t unitMicros = microsPerRateUnit(config.rateUnit);

  if (config.firstEventRate == config.nextEventRate) {
    // delay = unitMicros * generators / rate microseconds
    //       = unitMicros * generators / (rate * 1000) milliseconds.
    int64_t numerator = unitMicros * config.numEventGenerators;
    int64_t denominator = int64_t{config.firstEventRate} * 1000;
    const int64_t divisor = std::gcd(numerator, denominator);
    timeline.delayNumerator_ = numerator / divisor;
    timeline.delayDenominator_ = denominator / divisor;
    return timeline;
  }

  std::vector<int64_t> rates;
  int64_t steps = 0;
  if (config.rateShape == NexmarkRateShape::kSquare) {
    rates = {config.firstEventRate, config.nextEventRate};
    steps = 2;
  } else {
    constexpr int kSineSteps = 10;
    const double middle = (config.firstEventRate + config.nextEventRate) / 2.0;
    const double amplitude = (config.firstEventRate - config.nextEventRate) / 2.0;
    for (int i = 0; i < kSineSteps; ++i) {
      const double angle = 2.0 * std::numbers::pi * i / kSineSteps;
      rates.push_back(roundHalfUp(middle + amplitude * std::cos(angle)));
    }
    steps = kSineSteps;
  }
  timeline.stepLengthSec_ = (config.ratePeriodSec + steps - 1) / steps;
  for (int64_t rate : rates) {
    // Beam's RateUnit.rateToPeriodUs: the delay rounded to whole microseconds.
    const int64_t delayUs = (unitMicros + rate / 2) / rate * config.numEventGenerators;
    if (delayUs == 0) {
      return Status::invalid(
          "nexmark config: a varying rate needs whole-microsecond delays, but {} events per {} "
          "gives a delay of 0 us (use a constant rate above 2M events/s)",
          rate, config.rateUnit == NexmarkRateUnit::kPerMinute ? "minute" : "second");
    }
    const int64_t events = timeline.stepLengthSec_ * 1'000'000 / delayUs;
    timeline.stepDelaysUs_.push_back(delayUs);
    timeline.stepEvents_.push_back(events);
    timeline.eventsPerCycle_ += events;
    timeline.cycleMs_ += events * delayUs / 1000;
  }
  if (timeline.eventsPerCycle_ == 0) {
    return Status::invalid(
        "nexmark config: rates {} and {} give no event within a step of {} s of ratePeriodSec {}",
        config.firstEventRate, config.nextEventRate, timeline.stepLengthSec_, config.ratePeriodSec);
  }
  return timeline;
}

int64_t NexmarkTimeline::timestampMs(int64_t eventNumber) const {
  SABOT_DCHECK(eventNumber >= 0, "negative event number {}", eventNumber);
  if (constantRate()) {
    const __int128 scaled = static_cast<__int128>(eventNumber) * delayNumerator_;
    return baseTime_ + static_cast<int64_t>(scaled / delayDenominator_);
  }
  const int64_t cycle = eventNumber / eventsPerCycle_;
  int64_t inCycle = eventNumber % eventsPerCycle_;
  int64_t offsetMs = 0;
  for (size_t step = 0; step < stepDelaysUs_.size(); ++step) {
    if (inCycle < stepEvents_[step]) {
      return baseTime_ + cycle * cycleMs_ + offsetMs + inCycle * stepDelaysUs_[step] / 1000;
    }
    inCycle -= stepEvents_[step];
    offsetMs += stepEvents_[step] * stepDelaysUs_[step] / 1000;
  }
  SABOT_CHECK(false, "event {} beyond the {} events of a rate cycle", eventNumber, eventsPerCycle_);
  return 0;
}

NexmarkTimestampCursor::NexmarkTimestampCursor(const NexmarkTimeline& timeline, int64_t start,
                                               int64_t step) {
  SABOT_CHECK(timeline.constantRate(), "a timestamp cursor needs a constant rate");
  const int64_t numerator = timeline.delayNumerator();
  denominator_ = timeline.delayDenominator();
  const __int128 startScaled = static_cast<__int128>(start) * numerator;
  ms_ = timeline.baseTime() + static_cast<int64_t>(startScaled / denominator_);
  remainder_ = static_cast<int64_t>(startScaled % denominator_);
  const __int128 stepScaled = static_cast<__int128>(step) * numerator;
  wholeStep_ = static_cast<int64_t>(stepScaled / denominator_);
  fractionStep_ = static_cast<int64_t>(stepScaled % denominator_);
}

}  // namespace sabot::connectors
