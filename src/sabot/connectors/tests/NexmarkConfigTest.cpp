#include <gtest/gtest.h>

#include <limits>

#include "sabot/connectors/NexmarkConfig.h"
#include "sabot/connectors/NexmarkTimeline.h"

namespace sabot::connectors {
namespace {

TEST(NexmarkConfigTest, DefaultsAreTheStandardBeamAndFlinkSettings) {
  const NexmarkConfig config;
  EXPECT_EQ(config.numEvents, 0);
  EXPECT_EQ(config.numEventGenerators, 1);
  EXPECT_EQ(config.firstEventRate, 10000);
  EXPECT_EQ(config.nextEventRate, 10000);
  EXPECT_EQ(config.rateUnit, NexmarkRateUnit::kPerSecond);
  EXPECT_EQ(config.rateShape, NexmarkRateShape::kSquare);
  EXPECT_EQ(config.ratePeriodSec, 600);
  EXPECT_EQ(config.personProportion, 1);
  EXPECT_EQ(config.auctionProportion, 3);
  EXPECT_EQ(config.bidProportion, 46);
  EXPECT_EQ(config.totalProportion(), 50);
  EXPECT_EQ(config.avgPersonByteSize, 200);
  EXPECT_EQ(config.avgAuctionByteSize, 500);
  EXPECT_EQ(config.avgBidByteSize, 100);
  EXPECT_EQ(config.hotAuctionRatio, 2);
  EXPECT_EQ(config.hotSellersRatio, 4);
  EXPECT_EQ(config.hotBiddersRatio, 4);
  EXPECT_EQ(config.numActivePeople, 1000);
  EXPECT_EQ(config.numInFlightAuctions, 100);
  EXPECT_EQ(config.outOfOrderGroupSize, 1);
  EXPECT_EQ(config.numCategories, 5);
  EXPECT_EQ(config.baseTime, 1436918400000);  // 2015-07-15T00:00:00Z
  EXPECT_EQ(config.seed, 0u);
  EXPECT_TRUE(config.validate().ok());
}

TEST(NexmarkConfigTest, UnboundedUsesBeamsCap) {
  NexmarkConfig config;
  // Long.MAX_VALUE / (PROPORTION_DENOMINATOR * max average size).
  EXPECT_EQ(config.effectiveNumEvents(), std::numeric_limits<int64_t>::max() / (50 * 500));
  EXPECT_EQ(config.effectiveNumEvents(), 368934881474191);
  config.numEvents = 1234;
  EXPECT_EQ(config.effectiveNumEvents(), 1234);
}

struct BadField {
  void (*apply)(NexmarkConfig&);
  const char* message;
};

TEST(NexmarkConfigTest, ValidateNamesTheBadFieldAndItsValue) {
  const BadField cases[] = {
      {[](NexmarkConfig& c) { c.numEvents = -1; },
       "nexmark config: numEvents must be at least 0, got -1"},
      {[](NexmarkConfig& c) { c.numEventGenerators = 0; },
       "nexmark config: numEventGenerators must be at least 1, got 0"},
      {[](NexmarkConfig& c) { c.firstEventRate = 0; },
       "nexmark config: firstEventRate must be at least 1, got 0"},
      {[](NexmarkConfig& c) { c.nextEventRate = -5; },
       "nexmark config: nextEventRate must be at least 1, got -5"},
      {[](NexmarkConfig& c) { c.personProportion = 0; },
       "nexmark config: personProportion must be at least 1, got 0"},
      {[](NexmarkConfig& c) { c.auctionProportion = 0; },
       "nexmark config: auctionProportion must be at least 1, got 0"},
      {[](NexmarkConfig& c) { c.bidProportion = -1; },
       "nexmark config: bidProportion must be at least 0, got -1"},
      {[](NexmarkConfig& c) { c.avgBidByteSize = -1; },
       "nexmark config: avgBidByteSize must be at least 0, got -1"},
      {[](NexmarkConfig& c) { c.avgAuctionByteSize = (1 << 20) + 1; },
       "nexmark config: avgAuctionByteSize must be at most 1048576, got 1048577"},
      {[](NexmarkConfig& c) { c.hotAuctionRatio = 0; },
       "nexmark config: hotAuctionRatio must be at least 1, got 0"},
      {[](NexmarkConfig& c) { c.numActivePeople = 0; },
       "nexmark config: numActivePeople must be at least 1, got 0"},
      {[](NexmarkConfig& c) { c.numInFlightAuctions = 0; },
       "nexmark config: numInFlightAuctions must be at least 1, got 0"},
      {[](NexmarkConfig& c) { c.outOfOrderGroupSize = 0; },
       "nexmark config: outOfOrderGroupSize must be at least 1, got 0"},
      {[](NexmarkConfig& c) { c.outOfOrderGroupSize = 1906; },
       "nexmark config: outOfOrderGroupSize must not be a multiple of 953, got 1906"},
      {[](NexmarkConfig& c) { c.numCategories = 0; },
       "nexmark config: numCategories must be at least 1, got 0"},
      {[](NexmarkConfig& c) { c.baseTime = -1; },
       "nexmark config: baseTime must be at least 0, got -1"},
  };
  for (const BadField& bad : cases) {
    NexmarkConfig config;
    bad.apply(config);
    const Status status = config.validate();
    EXPECT_TRUE(status.isInvalid()) << bad.message;
    EXPECT_EQ(status.message(), bad.message);
    // The timeline (and so every generator) refuses the same config.
    EXPECT_EQ(NexmarkTimeline::make(config).status().message(), bad.message);
  }
}

TEST(NexmarkTimelineTest, StandardRateIsOneEventPerHundredMicroseconds) {
  const NexmarkConfig config;
  const NexmarkTimeline timeline = NexmarkTimeline::make(config).valueOrDie();
  EXPECT_TRUE(timeline.constantRate());
  EXPECT_EQ(timeline.delayNumerator(), 1);
  EXPECT_EQ(timeline.delayDenominator(), 10);
  for (int64_t n : {0, 1, 9, 10, 11, 12345, 999999999}) {
    EXPECT_EQ(timeline.timestampMs(n), config.baseTime + n / 10) << n;
  }
}

TEST(NexmarkTimelineTest, ExactDelaysAtRatesBeamCannotRepresent) {
  NexmarkConfig config;
  config.firstEventRate = config.nextEventRate = 10'000'000;  // nexmark-flink's benchmark rate
  NexmarkTimeline fast = NexmarkTimeline::make(config).valueOrDie();
  EXPECT_EQ(fast.timestampMs(9999), config.baseTime);
  EXPECT_EQ(fast.timestampMs(10000), config.baseTime + 1);
  EXPECT_EQ(fast.timestampMs(25'000'000), config.baseTime + 2500);

  config.firstEventRate = config.nextEventRate = 3;  // 333333.33 us apart
  NexmarkTimeline slow = NexmarkTimeline::make(config).valueOrDie();
  EXPECT_EQ(slow.timestampMs(1), config.baseTime + 333);
  EXPECT_EQ(slow.timestampMs(2), config.baseTime + 666);
  EXPECT_EQ(slow.timestampMs(3), config.baseTime + 1000);

  config.rateUnit = NexmarkRateUnit::kPerMinute;
  config.firstEventRate = config.nextEventRate = 60;
  EXPECT_EQ(NexmarkTimeline::make(config)->timestampMs(7), config.baseTime + 7000);

  config.rateUnit = NexmarkRateUnit::kPerSecond;
  config.firstEventRate = config.nextEventRate = 10000;
  config.numEventGenerators = 4;  // each generator at 2500/s: 400 us apart
  EXPECT_EQ(NexmarkTimeline::make(config)->timestampMs(7), config.baseTime + 2);
  EXPECT_EQ(NexmarkTimeline::make(config)->timestampMs(10), config.baseTime + 4);
}

TEST(NexmarkTimelineTest, CursorMatchesDirectComputation) {
  for (int32_t rate : {3, 7, 10000, 12345, 10'000'000}) {
    NexmarkConfig config;
    config.firstEventRate = config.nextEventRate = rate;
    const NexmarkTimeline timeline = NexmarkTimeline::make(config).valueOrDie();
    for (int64_t start : {int64_t{0}, int64_t{17}, int64_t{123456789}}) {
      for (int64_t step : {1, 3, 150}) {
        NexmarkTimestampCursor cursor(timeline, start, step);
        for (int64_t i = 0; i < 1000; ++i) {
          ASSERT_EQ(cursor.timestampMs(), timeline.timestampMs(start + i * step))
              << "rate " << rate << " start " << start << " step " << step << " i " << i;
          cursor.advance();
        }
      }
    }
  }
}

TEST(NexmarkTimelineTest, SquareShapeAlternatesRatesLikeBeam) {
  NexmarkConfig config;
  config.firstEventRate = 10000;  // 100 us
  config.nextEventRate = 5000;    // 200 us
  config.ratePeriodSec = 600;     // two steps of 300 s
  const NexmarkTimeline timeline = NexmarkTimeline::make(config).valueOrDie();
  EXPECT_FALSE(timeline.constantRate());
  const int64_t base = config.baseTime;
  EXPECT_EQ(timeline.timestampMs(10), base + 1);
  EXPECT_EQ(timeline.timestampMs(3'000'000), base + 300'000);  // second step starts
  EXPECT_EQ(timeline.timestampMs(3'000'010), base + 300'002);
  EXPECT_EQ(timeline.timestampMs(4'500'000), base + 600'000);  // next cycle
  EXPECT_EQ(timeline.timestampMs(4'500'010), base + 600'001);
}

TEST(NexmarkTimelineTest, SineShapeStartsAtTheFirstRateAndRises) {
  NexmarkConfig config;
  config.rateShape = NexmarkRateShape::kSine;
  config.firstEventRate = 10000;
  config.nextEventRate = 1000;
  config.ratePeriodSec = 100;  // 10 steps of 10 s
  const NexmarkTimeline timeline = NexmarkTimeline::make(config).valueOrDie();
  // First step at 10000/s: 100000 events in 10 s.
  EXPECT_EQ(timeline.timestampMs(50'000), config.baseTime + 5000);
  EXPECT_EQ(timeline.timestampMs(100'000), config.baseTime + 10'000);
  int64_t previous = 0;
  for (int64_t n = 0; n < 2'000'000; n += 997) {
    const int64_t timestamp = timeline.timestampMs(n);
    ASSERT_GE(timestamp, previous) << n;
    previous = timestamp;
  }
}

TEST(NexmarkTimelineTest, VaryingRateNeedsWholeMicrosecondDelays) {
  NexmarkConfig config;
  config.firstEventRate = 10'000'000;
  config.nextEventRate = 10000;
  EXPECT_EQ(NexmarkTimeline::make(config).status().message(),
            "nexmark config: a varying rate needs whole-microsecond delays, but 10000000 events "
            "per second gives a delay of 0 us (use a constant rate above 2M events/s)");
}

}  // namespace
}  // namespace sabot::connectors
