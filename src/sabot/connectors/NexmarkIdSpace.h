#pragma once

#include <algorithm>
#include <cstdint>

#include "sabot/connectors/NexmarkConfig.h"
#include "sabot/connectors/NexmarkRandom.h"

namespace sabot::connectors {

/// The kind of a Nexmark event; also the value of the `event_type` column.
enum class NexmarkEventType : int8_t { kPerson = 0, kAuction = 1, kBid = 2 };

/// Where an event id falls in its block of totalProportion ids: block
/// ("epoch" in Beam) and offset within it. Everything about ids follows from
/// these two numbers.
struct NexmarkIdPosition {
  int64_t epoch;
  int64_t offset;
};

/// Beam's id rules (PersonGenerator, AuctionGenerator, BidGenerator), with
/// nexmark-flink's configurable proportions. Event ids are dense: event id
/// e is a person, an auction or a bid according to e % totalProportion, and
/// the k-th person (auction) created gets person (auction) id
/// 1000 + k. Because ids are a function of the event id alone, any event can
/// be generated without generating the events before it.
///
/// All ids here are "base 0": add kNexmarkFirstPersonId /
/// kNexmarkFirstAuctionId for the ids the events carry.
class NexmarkIdSpace {
 public:
  explicit NexmarkIdSpace(const NexmarkConfig& config)
      : personProportion_(config.personProportion),
        auctionProportion_(config.auctionProportion),
        totalProportion_(config.totalProportion()),
        numActivePeople_(config.numActivePeople),
        numInFlightAuctions_(config.numInFlightAuctions) {}

  int64_t totalProportion() const { return totalProportion_; }

  NexmarkIdPosition position(int64_t eventId) const {
    return {eventId / totalProportion_, eventId % totalProportion_};
  }

  NexmarkEventType eventType(NexmarkIdPosition at) const {
    if (at.offset < personProportion_) return NexmarkEventType::kPerson;
    if (at.offset < personProportion_ + auctionProportion_) return NexmarkEventType::kAuction;
    return NexmarkEventType::kBid;
  }

  /// The newest person id at this event: the id of the person created here,
  /// or of the last one created before.
  int64_t lastPersonId(NexmarkIdPosition at) const {
    const int64_t offset = std::min<int64_t>(at.offset, personProportion_ - 1);
    return at.epoch * personProportion_ + offset;
  }

  /// The newest auction id at this event (-1 before the first auction).
  int64_t lastAuctionId(NexmarkIdPosition at) const {
    int64_t epoch = at.epoch;
    int64_t offset = at.offset;
    if (offset < personProportion_) {
      // A person event: the last auction is that of the previous block.
      --epoch;
      offset = auctionProportion_ - 1;
    } else if (offset >= personProportion_ + auctionProportion_) {
      offset = auctionProportion_ - 1;  // a bid: the block's last auction
    } else {
      offset -= personProportion_;  // an auction: its own id
    }
    return epoch * auctionProportion_ + offset;
  }

  /// A random person among the newest numActivePeople, or up to
  /// kNexmarkPersonIdLead ids past the newest (a person created a little
  /// later, so a join sees the reference before the row it refers to).
  int64_t randomPersonId(int64_t lastPersonId, NexmarkRandom& random) const {
    const int64_t numPeople = lastPersonId + 1;
    const int64_t active = std::min(numPeople, numActivePeople_);
    return numPeople - active + random.below(active + kNexmarkPersonIdLead);
  }

  /// A random auction among the newest numInFlightAuctions + 1, or up to
  /// kNexmarkAuctionIdLead ids past the newest.
  int64_t randomAuctionId(int64_t lastAuctionId, NexmarkRandom& random) const {
    const int64_t oldest = std::max<int64_t>(lastAuctionId - numInFlightAuctions_, 0);
    return oldest + random.below(lastAuctionId - oldest + 1 + kNexmarkAuctionIdLead);
  }

  /// The hot seller of this moment: the first person of the block of 100
  /// that holds the newest person.
  static int64_t hotSellerId(int64_t lastPersonId) {
    return lastPersonId / kNexmarkHotIdBlock * kNexmarkHotIdBlock;
  }
  /// The hot bidder: the second person of that block (so hot bidders and hot
  /// sellers differ).
  static int64_t hotBidderId(int64_t lastPersonId) {
    return lastPersonId / kNexmarkHotIdBlock * kNexmarkHotIdBlock + 1;
  }
  /// The hot auction: the first auction of the block of 100 that holds the
  /// newest auction.
  static int64_t hotAuctionId(int64_t lastAuctionId) {
    return lastAuctionId / kNexmarkHotIdBlock * kNexmarkHotIdBlock;
  }

 private:
  int64_t personProportion_;
  int64_t auctionProportion_;
  int64_t totalProportion_;
  int64_t numActivePeople_;
  int64_t numInFlightAuctions_;
};

}  // namespace sabot::connectors
