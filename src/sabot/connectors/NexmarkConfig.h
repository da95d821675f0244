#pragma once

#include <cstdint>

#include "sabot/base/Status.h"

namespace sabot::connectors {

/// How the event rate changes over time when firstEventRate != nextEventRate
/// (Beam's NexmarkUtils.RateShape).
enum class NexmarkRateShape : uint8_t {
  /// Alternate between the first and the next rate, each for half the period.
  kSquare,
  /// Follow a cosine from the first rate to the next and back, in 10 steps.
  kSine,
};

/// The unit of firstEventRate and nextEventRate.
enum class NexmarkRateUnit : uint8_t { kPerSecond, kPerMinute };

/// Microseconds in one rate unit (1e6 or 6e7).
int64_t microsPerRateUnit(NexmarkRateUnit unit);

/// Epoch milliseconds of 2015-07-15T00:00:00Z: the time of event 0 in Beam's
/// Nexmark (NexmarkUtils.BASE_TIME), so runs are repeatable.
inline constexpr int64_t kNexmarkBeamBaseTime = 1436918400000;

// Id spaces and skew constants that Beam hard-codes (GeneratorConfig,
// PersonGenerator, AuctionGenerator, BidGenerator). Not configurable there,
// so not configurable here either: queries and published results assume them.

/// The first person id and the first auction id.
inline constexpr int64_t kNexmarkFirstPersonId = 1000;
inline constexpr int64_t kNexmarkFirstAuctionId = 1000;
/// Categories are kNexmarkFirstCategoryId + [0, numCategories).
inline constexpr int64_t kNexmarkFirstCategoryId = 10;
/// How far past the newest person / auction a random reference may point
/// ("leads": a bid for an auction that is created a few events later).
inline constexpr int64_t kNexmarkPersonIdLead = 10;
inline constexpr int64_t kNexmarkAuctionIdLead = 10;
/// Hot sellers, bidders and auctions are the first (sellers, auctions) or
/// second (bidders) of each block of this many ids.
inline constexpr int64_t kNexmarkHotIdBlock = 100;
/// Channels: half the bids go through one of 4 hot channels, the other half
/// through one of this many numbered channels (nexmark-flink's BidGenerator).
inline constexpr int32_t kNexmarkNumChannels = 10000;
inline constexpr int32_t kNexmarkNumHotChannels = 4;

/// Parameters of the Nexmark event generator. The defaults are the standard
/// ones of Beam's NexmarkConfiguration and nexmark-flink's nexmark.yaml
/// (except where a field says otherwise).
struct NexmarkConfig {
  /// Events to generate over all subtasks; 0 means unbounded (Beam caps it at
  /// INT64_MAX / (totalProportion * largest average size) so that nothing
  /// overflows; effectiveNumEvents() applies the same cap).
  int64_t numEvents = 0;

  /// Beam's numEventGenerators: the number of generators that share the event
  /// rate. The inter-event delay of each is multiplied by it (each of n
  /// generators runs at rate / n). Splitting a generator into subtasks does
  /// not change it; set it to the number of subtasks to get Beam's timing for
  /// NexmarkSplitMode::kBeamRanges. Flink's source leaves it at 1.
  int32_t numEventGenerators = 1;

  /// Event rate at the start, in rateUnit, over all generators. Together with
  /// baseTime it fixes event timestamps; it does not throttle generation.
  int32_t firstEventRate = 10000;
  /// The other rate of the rate shape; equal to firstEventRate means a
  /// constant rate (the standard setting).
  int32_t nextEventRate = 10000;
  NexmarkRateUnit rateUnit = NexmarkRateUnit::kPerSecond;
  /// Shape of the rate when firstEventRate != nextEventRate.
  NexmarkRateShape rateShape = NexmarkRateShape::kSquare;
  /// Seconds for one full cycle of the rate shape.
  int32_t ratePeriodSec = 600;

  /// Out of every personProportion + auctionProportion + bidProportion
  /// consecutive event ids, the first personProportion are persons, the next
  /// auctionProportion auctions, the rest bids. Standard: 1, 3, 46 of 50.
  int32_t personProportion = 1;
  int32_t auctionProportion = 3;
  int32_t bidProportion = 46;

  /// Target average sizes in bytes; each event's `extra` string is sized so
  /// that its fixed fields plus extra average this (Beam's idealised sizes:
  /// 8 bytes per number, the length of each string).
  int32_t avgPersonByteSize = 200;
  int32_t avgAuctionByteSize = 500;
  int32_t avgBidByteSize = 100;

  /// A bid goes to a hot auction with probability 1 - 1/hotAuctionRatio.
  int32_t hotAuctionRatio = 2;
  /// An auction has a hot seller with probability 1 - 1/hotSellersRatio.
  int32_t hotSellersRatio = 4;
  /// A bid comes from a hot bidder with probability 1 - 1/hotBiddersRatio.
  int32_t hotBiddersRatio = 4;

  /// Random (non-hot) sellers and bidders are drawn from the newest
  /// numActivePeople persons (plus kNexmarkPersonIdLead ids not created yet).
  int32_t numActivePeople = 1000;
  /// Random (non-hot) auctions are drawn from the newest numInFlightAuctions
  /// auctions (plus kNexmarkAuctionIdLead); it also sets auction lengths:
  /// on average an auction lasts until numInFlightAuctions more are created.
  int32_t numInFlightAuctions = 100;

  /// Events are emitted in a pseudo-random order within consecutive groups of
  /// this many (Beam's outOfOrderGroupSize); 1 means in timestamp order. Must
  /// not be a multiple of 953 (the permutation multiplier).
  int64_t outOfOrderGroupSize = 1;

  /// Auction categories are 10 .. 10 + numCategories - 1. Beam and
  /// nexmark-flink fix this at 5 (AuctionGenerator.NUM_CATEGORIES).
  int32_t numCategories = 5;

  /// Event time of event 0, epoch milliseconds. Beam's fixed base time by
  /// default; nexmark-flink uses the wall clock at startup instead.
  int64_t baseTime = kNexmarkBeamBaseTime;

  /// Mixed into every event's random seed: 0 is the standard data set, other
  /// values give different (equally distributed) data sets.
  uint64_t seed = 0;

  /// Checks every field; the error names the field and its value.
  Status validate() const;

  int64_t totalProportion() const {
    return int64_t{personProportion} + auctionProportion + bidProportion;
  }
  /// numEvents, or Beam's cap when numEvents is 0 (unbounded).
  int64_t effectiveNumEvents() const;
};

}  // namespace sabot::connectors
