#include "sabot/connectors/NexmarkConfig.h"

#include <algorithm>
#include <limits>
#include <utility>

#include "sabot/base/Result.h"

namespace sabot::connectors {

int64_t microsPerRateUnit(NexmarkRateUnit unit) {
  return unit == NexmarkRateUnit::kPerMinute ? 60'000'000 : 1'000'000;
}

namespace {

Status atLeast(std::string_view name, int64_t value, int64_t minimum) {
  if (value < minimum) {
    return Status::invalid("nexmark config: {} must be at least {}, got {}", name, minimum, value);
  }
  return Status::OK();
}

}  // namespace

Status NexmarkConfig::validate() const {
  SABOT_RETURN_NOT_OK(atLeast("numEvents", numEvents, 0));
  SABOT_RETURN_NOT_OK(atLeast("numEventGenerators", numEventGenerators, 1));
  SABOT_RETURN_NOT_OK(atLeast("firstEventRate", firstEventRate, 1));
  SABOT_RETURN_NOT_OK(atLeast("nextEventRate", nextEventRate, 1));
  SABOT_RETURN_NOT_OK(atLeast("ratePeriodSec", ratePeriodSec, 1));
  // Persons and auctions must exist for bids and auctions to refer to (the
  // id rules divide by these proportions).
  SABOT_RETURN_NOT_OK(atLeast("personProportion", personProportion, 1));
  SABOT_RETURN_NOT_OK(atLeast("auctionProportion", auctionProportion, 1));
  SABOT_RETURN_NOT_OK(atLeast("bidProportion", bidProportion, 0));
  SABOT_RETURN_NOT_OK(atLeast("avgPersonByteSize", avgPersonByteSize, 0));
  SABOT_RETURN_NOT_OK(atLeast("avgAuctionByteSize", avgAuctionByteSize, 0));
  SABOT_RETURN_NOT_OK(atLeast("avgBidByteSize", avgBidByteSize, 0));
  // An extra string is at most 1.2 * the average; keep rows well inside the
  // 2 GiB of a utf8 column even for large batches.
  constexpr int64_t kMaxAverageSize = 1 << 20;
  for (auto [name, value] :
       {std::pair<std::string_view, int32_t>{"avgPersonByteSize", avgPersonByteSize},
        {"avgAuctionByteSize", avgAuctionByteSize},
        {"avgBidByteSize", avgBidByteSize}}) {
    if (value > kMaxAverageSize) {
      return Status::invalid("nexmark config: {} must be at most {}, got {}", name, kMaxAverageSize,
                             value);
    }
  }
  SABOT_RETURN_NOT_OK(atLeast("hotAuctionRatio", hotAuctionRatio, 1));
  SABOT_RETURN_NOT_OK(atLeast("hotSellersRatio", hotSellersRatio, 1));
  SABOT_RETURN_NOT_OK(atLeast("hotBiddersRatio", hotBiddersRatio, 1));
  SABOT_RETURN_NOT_OK(atLeast("numActivePeople", numActivePeople, 1));
  SABOT_RETURN_NOT_OK(atLeast("numInFlightAuctions", numInFlightAuctions, 1));
  SABOT_RETURN_NOT_OK(atLeast("outOfOrderGroupSize", outOfOrderGroupSize, 1));
  if (outOfOrderGroupSize % 953 == 0) {
    // (n * 953) % size is then not a permutation of the group.
    return Status::invalid(
        "nexmark config: outOfOrderGroupSize must not be a multiple of 953, got {}",
        outOfOrderGroupSize);
  }
  SABOT_RETURN_NOT_OK(atLeast("numCategories", numCategories, 1));
  SABOT_RETURN_NOT_OK(atLeast("baseTime", baseTime, 0));
  // Timestamps must stay far from overflow for every event we can generate.
  constexpr int64_t kMaxBaseTime = int64_t{1} << 52;
  if (baseTime > kMaxBaseTime) {
    return Status::invalid("nexmark config: baseTime must be at most {}, got {}", kMaxBaseTime,
                           baseTime);
  }
  return Status::OK();
}

int64_t NexmarkConfig::effectiveNumEvents() const {
  if (numEvents > 0) return numEvents;
  const int64_t largest = std::max({avgPersonByteSize, avgAuctionByteSize, avgBidByteSize, 1});
  return std::numeric_limits<int64_t>::max() / (totalProportion() * largest);
}

}  // namespace sabot::connectors
