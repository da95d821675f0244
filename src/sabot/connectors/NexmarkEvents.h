#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <variant>

#include "sabot/base/Result.h"
#include "sabot/connectors/NexmarkChannels.h"
#include "sabot/connectors/NexmarkConfig.h"
#include "sabot/connectors/NexmarkIdSpace.h"
#include "sabot/connectors/NexmarkRandom.h"
#include "sabot/connectors/NexmarkTimeline.h"

namespace sabot::connectors {

// One generated event, as views into the factory's scratch buffer (valid
// until the factory generates the next event) and as owning values.
// Timestamps are epoch milliseconds.

struct NexmarkPersonView {
  int64_t id;
  std::string_view name;
  std::string_view emailAddress;
  std::string_view creditCard;
  std::string_view city;
  std::string_view state;
  int64_t dateTime;
  std::string_view extra;
};

struct NexmarkAuctionView {
  int64_t id;
  std::string_view itemName;
  std::string_view description;
  int64_t initialBid;  ///< cents
  int64_t reserve;     ///< cents, >= initialBid
  int64_t dateTime;
  int64_t expires;
  int64_t seller;    ///< a person id
  int64_t category;  ///< 10 .. 10 + numCategories - 1
  std::string_view extra;
};

struct NexmarkBidView {
  int64_t auction;  ///< an auction id
  int64_t bidder;   ///< a person id
  int64_t price;    ///< cents
  std::string_view channel;
  std::string_view url;
  int64_t dateTime;
  std::string_view extra;
};

struct NexmarkPerson {
  int64_t id = 0;
  std::string name;
  std::string emailAddress;
  std::string creditCard;
  std::string city;
  std::string state;
  int64_t dateTime = 0;
  std::string extra;
  bool operator==(const NexmarkPerson&) const = default;
};

struct NexmarkAuction {
  int64_t id = 0;
  std::string itemName;
  std::string description;
  int64_t initialBid = 0;
  int64_t reserve = 0;
  int64_t dateTime = 0;
  int64_t expires = 0;
  int64_t seller = 0;
  int64_t category = 0;
  std::string extra;
  bool operator==(const NexmarkAuction&) const = default;
};

struct NexmarkBid {
  int64_t auction = 0;
  int64_t bidder = 0;
  int64_t price = 0;
  std::string channel;
  std::string url;
  int64_t dateTime = 0;
  std::string extra;
  bool operator==(const NexmarkBid&) const = default;
};

/// One event with its values owned: for tests, debugging and tools, not for
/// the hot path.
using NexmarkEvent = std::variant<NexmarkPerson, NexmarkAuction, NexmarkBid>;

NexmarkEventType eventTypeOf(const NexmarkEvent& event);

/// Generates single events from their event id by Beam's rules (see
/// docs/nexmark.md): everything about event e follows from e, its event
/// time and the config, through a random stream seeded with e.
///
/// Generating an event allocates nothing: strings are written into one
/// scratch buffer sized at make() for the largest event the config allows.
class NexmarkEventFactory {
 public:
  static Result<NexmarkEventFactory> make(const NexmarkConfig& config);

  /// The person created by event `eventId` (which must be a person event,
  /// `at` its position), stamped `timestampMs`.
  ///
  /// The `extra` string goes to `extraOut` when given (which needs room for
  /// extraSlotBytes(kPerson) bytes), else to the scratch buffer; so for the
  /// other two kinds.
  const NexmarkPersonView& person(int64_t eventId, NexmarkIdPosition at, int64_t timestampMs,
                                  char* extraOut = nullptr);
  /// The auction created by event `eventId`. `timelineNumber` is the event's
  /// number on its generator's timeline: the auction lasts on average until
  /// numInFlightAuctions more auctions are due, measured on that timeline.
  const NexmarkAuctionView& auction(int64_t eventId, NexmarkIdPosition at, int64_t timelineNumber,
                                    int64_t timestampMs, char* extraOut = nullptr);
  /// The bid made by event `eventId`.
  const NexmarkBidView& bid(int64_t eventId, NexmarkIdPosition at, int64_t timestampMs,
                            char* extraOut = nullptr);

  /// The channel (NexmarkChannels index) of bid `eventId`: nexmark-flink's
  /// rule, half the bids through one of the 4 hot channels, the others
  /// through one of 10,000. It comes from a hash of the event id of its own
  /// rather than from the event's random stream, so that the generator can
  /// look it up (and prefetch the channel's record) events ahead.
  int32_t channelOf(int64_t eventId) const {
    const uint64_t bits = NexmarkRandom::mix(static_cast<uint64_t>(eventId) ^ channelSalt_);
    const bool hot = (bits & 1) != 0;
    const auto hotIndex = static_cast<int32_t>((bits >> 1) & (kNexmarkNumHotChannels - 1));
    const auto number = static_cast<int32_t>(((bits >> 32) * kNexmarkNumChannels) >> 32);
    return hot ? NexmarkChannels::kFirstHot + hotIndex : number;
  }
  void prefetchChannel(int64_t eventId) const { channels_->prefetch(channelOf(eventId)); }

  /// The most bytes generating an event of `type` writes at `extraOut`:
  /// its longest `extra`, rounded up to whole words of letters.
  int64_t extraSlotBytes(NexmarkEventType type) const {
    return extraSlotBytes_[static_cast<size_t>(type)];
  }

  /// Event `eventId` as an owned value; its timestamp is that of
  /// `timelineNumber` (the same number in an unsplit, in-order generator).
  NexmarkEvent event(int64_t eventId, int64_t timelineNumber);

  const NexmarkConfig& config() const { return config_; }
  const NexmarkIdSpace& ids() const { return ids_; }
  const NexmarkTimeline& timeline() const { return timeline_; }

 private:
  NexmarkEventFactory(const NexmarkConfig& config, NexmarkTimeline timeline);

  NexmarkConfig config_;
  NexmarkIdSpace ids_;
  NexmarkTimeline timeline_;
  const NexmarkChannels* channels_;
  /// Events until numInFlightAuctions more auctions have been created.
  int64_t eventsPerInFlightAuctions_;
  std::array<int64_t, 3> extraSlotBytes_{};
  uint64_t dataSetKey_;
  uint64_t channelSalt_;
  std::unique_ptr<char[]> scratch_;
  NexmarkPersonView person_{};
  NexmarkAuctionView auction_{};
  NexmarkBidView bid_{};
};

}  // namespace sabot::connectors
