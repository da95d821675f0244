#include "sabot/connectors/NexmarkEvents.h"

#include <algorithm>
#include <array>
#include <cstring>

#include "sabot/base/Check.h"
#include "sabot/connectors/NexmarkRandom.h"
#include "sabot/connectors/NexmarkStrings.h"

namespace sabot::connectors {

namespace {

// Beam's PersonGenerator word lists. Few states and cities so that queries
// filtering on them (q3) find rows even in small runs.
constexpr std::array<std::string_view, 6> kStates = {"AZ", "CA", "ID", "OR", "WA", "WY"};
constexpr std::array<std::string_view, 10> kCities = {
    "Phoenix", "Los Angeles", "San Francisco", "Boise", "Portland",
    "Bend",    "Redmond",     "Seattle",       "Kent",  "Cheyenne"};
constexpr std::array<std::string_view, 11> kFirstNames = {
    "Peter", "Paul", "Luke", "John", "Saul", "Vicky", "Kate", "Julie", "Sarah", "Deiter", "Walter"};
constexpr std::array<std::string_view, 9> kLastNames = {
    "Shultz", "Abrams", "Spencer", "White", "Bartels", "Walton", "Smith", "Jones", "Noris"};

// The fixed-size strings of an event (names, e-mail, card, item name,
// description: at most 19 + 99 bytes) go below this offset of the scratch
// buffer, `extra` above it.
constexpr int64_t kExtraOffset = 256;

// Beam's idealised sizes: 8 bytes per number (and per timestamp).
constexpr int64_t kNumberSize = 8;

template <size_t N>
std::string_view pick(NexmarkRandom& random, const std::array<std::string_view, N>& words) {
  return words[static_cast<size_t>(random.below(static_cast<int64_t>(N)))];
}

// Appends `text` at `at`, returns the view and advances `at`.
std::string_view put(char*& at, std::string_view text) {
  std::memcpy(at, text.data(), text.size());
  std::string_view placed(at, text.size());
  at += text.size();
  return placed;
}

// `extra`: random letters bringing the idealised size to the average,
// written to `out`, or to the scratch buffer's extra area when null.
std::string_view makeExtra(NexmarkRandom& random, char* out, char* scratch, int64_t currentSize,
                           int64_t averageSize) {
  const int64_t length = NexmarkStrings::extraLength(random, currentSize, averageSize);
  if (out == nullptr) out = scratch + kExtraOffset;
  random.fillLetters(out, length);
  return {out, static_cast<size_t>(length)};
}

// The smallest idealised sizes of the fixed fields, which leave the most room
// for `extra`: a person "Paul White", "@.com" (both random parts trimmed
// away), a card, "Kent", a state; an auction with empty name and
// description.
constexpr int64_t kMinPersonFixedSize = kNumberSize + 10 + 5 + 19 + 4 + 2;
constexpr int64_t kMinAuctionFixedSize = kNumberSize + 5 * kNumberSize;
constexpr int64_t kBidFixedSize = 4 * kNumberSize;

}  // namespace

NexmarkEventType eventTypeOf(const NexmarkEvent& event) {
  return static_cast<NexmarkEventType>(event.index());
}

Result<NexmarkEventFactory> NexmarkEventFactory::make(const NexmarkConfig& config) {
  SABOT_ASSIGN_OR_RAISE(NexmarkTimeline timeline, NexmarkTimeline::make(config));
  return NexmarkEventFactory(config, std::move(timeline));
}

NexmarkEventFactory::NexmarkEventFactory(const NexmarkConfig& config, NexmarkTimeline timeline)
    : config_(config),
      ids_(config),
      timeline_(std::move(timeline)),
      channels_(&NexmarkChannels::instance()),
      eventsPerInFlightAuctions_(int64_t{config.numInFlightAuctions} * config.totalProportion() /
                                 config.auctionProportion),
      dataSetKey_(NexmarkRandom::dataSetKey(config.seed)),
      channelSalt_(NexmarkRandom::mix(config.seed ^ 0x6368616e6e656cULL)) {  // "channel"
  // An extra string is at most 1.2 * the average + 1 long; its letters are
  // written in groups (up to a 32-byte slot for bids, see below).
  const int64_t largestAverage =
      std::max({config.avgPersonByteSize, config.avgAuctionByteSize, config.avgBidByteSize});
  const int64_t scratchSize = kExtraOffset + largestAverage + largestAverage / 5 + 64;
  scratch_ = std::make_unique<char[]>(static_cast<size_t>(scratchSize));
  // Rounded up to 32 bytes: a bid's letters are written for the whole slot
  // (see bid()), and whole AVX2 iterations need no scalar tail.
  auto slot = [](int64_t maxLength) { return (maxLength + 31) / 32 * 32; };
  extraSlotBytes_ = {
      slot(NexmarkStrings::maxExtraLength(kMinPersonFixedSize, config.avgPersonByteSize)),
      slot(NexmarkStrings::maxExtraLength(kMinAuctionFixedSize, config.avgAuctionByteSize)),
      slot(NexmarkStrings::maxExtraLength(kBidFixedSize, config.avgBidByteSize))};
}

const NexmarkPersonView& NexmarkEventFactory::person(int64_t eventId, NexmarkIdPosition at,
                                                     int64_t timestampMs, char* extraOut) {
  NexmarkRandom random = NexmarkRandom::forEventWithKey(eventId, dataSetKey_);
  char* out = scratch_.get();
  NexmarkPersonView& person = person_;
  person.id = ids_.lastPersonId(at) + kNexmarkFirstPersonId;

  char* start = out;  // "<first> <last>"
  put(out, pick(random, kFirstNames));
  *out++ = ' ';
  put(out, pick(random, kLastNames));
  person.name = std::string_view(start, static_cast<size_t>(out - start));

  start = out;  // nextString(7) + "@" + nextString(5) + ".com"
  out += NexmarkStrings::nextString(random, 7, out).size();
  *out++ = '@';
  out += NexmarkStrings::nextString(random, 5, out).size();
  put(out, ".com");
  person.emailAddress = std::string_view(start, static_cast<size_t>(out - start));

  person.creditCard = NexmarkStrings::nextCreditCard(random, out);
  out += person.creditCard.size();
  person.city = pick(random, kCities);
  person.state = pick(random, kStates);
  person.dateTime = timestampMs;
  const int64_t currentSize =
      kNumberSize +
      static_cast<int64_t>(person.name.size() + person.emailAddress.size() +
                           person.creditCard.size() + person.city.size() + person.state.size());
  person.extra =
      makeExtra(random, extraOut, scratch_.get(), currentSize, config_.avgPersonByteSize);
  return person;
}

const NexmarkAuctionView& NexmarkEventFactory::auction(int64_t eventId, NexmarkIdPosition at,
                                                       int64_t timelineNumber, int64_t timestampMs,
                                                       char* extraOut) {
  NexmarkRandom random = NexmarkRandom::forEventWithKey(eventId, dataSetKey_);
  char* out = scratch_.get();
  NexmarkAuctionView& auction = auction_;
  auction.id = ids_.lastAuctionId(at) + kNexmarkFirstAuctionId;

  const int64_t lastPerson = ids_.lastPersonId(at);
  // P(hot seller) = 1 - 1/hotSellersRatio.
  auction.seller =
      (random.below(config_.hotSellersRatio) > 0 ? NexmarkIdSpace::hotSellerId(lastPerson)
                                                 : ids_.randomPersonId(lastPerson, random)) +
      kNexmarkFirstPersonId;
  auction.category = kNexmarkFirstCategoryId + random.below(config_.numCategories);
  auction.initialBid = NexmarkStrings::nextPrice(random);

  // Beam's nextAuctionLengthMs: uniform in [1, 2 * horizon], the horizon
  // being the event time until numInFlightAuctions more auctions are due.
  const int64_t futureAuction = timeline_.timestampMs(timelineNumber + eventsPerInFlightAuctions_);
  const int64_t horizonMs = futureAuction - timestampMs;
  auction.expires = timestampMs + 1 + random.below(std::max<int64_t>(horizonMs * 2, 1));

  auction.itemName = NexmarkStrings::nextString(random, 20, out);
  out += auction.itemName.size();
  auction.description = NexmarkStrings::nextString(random, 100, out);
  out += auction.description.size();
  auction.reserve = auction.initialBid + NexmarkStrings::nextPrice(random);
  auction.dateTime = timestampMs;
  const int64_t currentSize =
      kNumberSize + static_cast<int64_t>(auction.itemName.size() + auction.description.size()) +
      5 * kNumberSize;
  auction.extra =
      makeExtra(random, extraOut, scratch_.get(), currentSize, config_.avgAuctionByteSize);
  return auction;
}

const NexmarkBidView& NexmarkEventFactory::bid(int64_t eventId, NexmarkIdPosition at,
                                               int64_t timestampMs, char* extraOut) {
  NexmarkRandom random = NexmarkRandom::forEventWithKey(eventId, dataSetKey_);
  NexmarkBidView& bid = bid_;
  // Bids are most of the stream, so this path avoids unpredictable branches:
  // unlike Beam, which draws a random id only when the hot one is not
  // taken, every candidate is drawn and the choice is a select. Same
  // distributions, other draws.

  // The channel first (channelOf: nexmark-flink's rule), so that its record
  // loads while the rest is generated.
  const int32_t channel = channelOf(eventId);
  channels_->prefetch(channel);

  const int64_t lastAuction = ids_.lastAuctionId(at);
  // P(hot auction) = 1 - 1/hotAuctionRatio.
  const bool hotAuction = random.below(config_.hotAuctionRatio) > 0;
  const int64_t randomAuction = ids_.randomAuctionId(lastAuction, random);
  bid.auction = (hotAuction ? NexmarkIdSpace::hotAuctionId(lastAuction) : randomAuction) +
                kNexmarkFirstAuctionId;
  const int64_t lastPerson = ids_.lastPersonId(at);
  // P(hot bidder) = 1 - 1/hotBiddersRatio.
  const bool hotBidder = random.below(config_.hotBiddersRatio) > 0;
  const int64_t randomBidder = ids_.randomPersonId(lastPerson, random);
  bid.bidder =
      (hotBidder ? NexmarkIdSpace::hotBidderId(lastPerson) : randomBidder) + kNexmarkFirstPersonId;
  bid.price = NexmarkStrings::nextPrice(random);

  bid.channel = channels_->name(channel);
  bid.url = channels_->url(channel);
  bid.dateTime = timestampMs;

  // auction, bidder, price, dateTime (channel and url are not counted, as in
  // nexmark-flink). The letters are written at the longest length and the
  // string cut to its drawn length: a fixed-length loop, no mispredicted exit.
  const int64_t length = NexmarkStrings::extraLength(random, kBidFixedSize, config_.avgBidByteSize);
  char* out = extraOut != nullptr ? extraOut : scratch_.get() + kExtraOffset;
  random.fillLetters(out, extraSlotBytes(NexmarkEventType::kBid));
  bid.extra = std::string_view(out, static_cast<size_t>(length));
  return bid;
}

namespace {

std::string owned(std::string_view view) {
  return std::string(view);
}

}  // namespace

NexmarkEvent NexmarkEventFactory::event(int64_t eventId, int64_t timelineNumber) {
  const NexmarkIdPosition at = ids_.position(eventId);
  const int64_t timestampMs = timeline_.timestampMs(timelineNumber);
  switch (ids_.eventType(at)) {
    case NexmarkEventType::kPerson: {
      const NexmarkPersonView& p = person(eventId, at, timestampMs);
      return NexmarkPerson{
          p.id,           owned(p.name), owned(p.emailAddress), owned(p.creditCard), owned(p.city),
          owned(p.state), p.dateTime,    owned(p.extra)};
    }
    case NexmarkEventType::kAuction: {
      const NexmarkAuctionView& a = auction(eventId, at, timelineNumber, timestampMs);
      return NexmarkAuction{
          a.id,      owned(a.itemName), owned(a.description), a.initialBid,  a.reserve, a.dateTime,
          a.expires, a.seller,          a.category,           owned(a.extra)};
    }
    case NexmarkEventType::kBid: {
      const NexmarkBidView& b = bid(eventId, at, timestampMs);
      return NexmarkBid{b.auction,    b.bidder,   b.price,       owned(b.channel),
                        owned(b.url), b.dateTime, owned(b.extra)};
    }
  }
  SABOT_CHECK(false, "unknown event type");
  return NexmarkBid{};
}

}  // namespace sabot::connectors
