#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sabot/connectors/NexmarkChannels.h"
#include "sabot/connectors/NexmarkGenerator.h"
#include "sabot/connectors/NexmarkSchemas.h"
#include "sabot/connectors/tests/NexmarkRows.h"

namespace sabot::connectors {
namespace {

using columnar::RecordBatchPtr;
using testing::auctionsOf;
using testing::bidsOf;
using testing::eventsOf;
using testing::expectValidBatch;
using testing::personsOf;

NexmarkGenerator makeGenerator(const NexmarkConfig& config, NexmarkSplit split = {},
                               int64_t start = 0) {
  return NexmarkGenerator::make(config, split, start).valueOrDie();
}

NexmarkConfig bounded(int64_t numEvents) {
  NexmarkConfig config;
  config.numEvents = numEvents;
  return config;
}

// All events of a generator, read through nextBatch(batchSize).
std::vector<NexmarkEvent> drain(NexmarkGenerator& generator, int64_t batchSize) {
  std::vector<NexmarkEvent> events;
  while (true) {
    RecordBatchPtr batch = generator.nextBatch(batchSize).valueOrDie();
    if (!batch) break;
    EXPECT_LE(batch->numRows(), batchSize);
    for (auto& event : eventsOf(*batch)) events.push_back(std::move(event));
  }
  return events;
}

// ---------------------------------------------------------------- schemas

TEST(NexmarkSchemasTest, TablesMatchNexmarkFlinksDdl) {
  EXPECT_EQ(nexmarkPersonSchema()->toString(),
            "id: int64\nname: utf8\nemailAddress: utf8\ncreditCard: utf8\ncity: utf8\n"
            "state: utf8\ndateTime: timestamp[ms]\nextra: utf8\n");
  EXPECT_EQ(nexmarkAuctionSchema()->toString(),
            "id: int64\nitemName: utf8\ndescription: utf8\ninitialBid: int64\nreserve: int64\n"
            "dateTime: timestamp[ms]\nexpires: timestamp[ms]\nseller: int64\ncategory: int64\n"
            "extra: utf8\n");
  EXPECT_EQ(nexmarkBidSchema()->toString(),
            "auction: int64\nbidder: int64\nprice: int64\nchannel: utf8\nurl: utf8\n"
            "dateTime: timestamp[ms]\nextra: utf8\n");
}

TEST(NexmarkSchemasTest, EventStreamHasTypeThreeStructsAndTime) {
  const columnar::SchemaPtr& schema = nexmarkEventSchema();
  ASSERT_EQ(schema->numFields(), NexmarkEventColumn::kCount);
  EXPECT_EQ(schema->field(0)->name(), "event_type");
  EXPECT_EQ(schema->field(0)->type()->toString(), "int8");
  EXPECT_EQ(schema->field(1)->name(), "person");
  EXPECT_TRUE(schema->field(1)->type()->equals(*nexmarkPersonType()));
  EXPECT_EQ(schema->field(2)->name(), "auction");
  EXPECT_TRUE(schema->field(2)->type()->equals(*nexmarkAuctionType()));
  EXPECT_EQ(schema->field(3)->name(), "bid");
  EXPECT_TRUE(schema->field(3)->type()->equals(*nexmarkBidType()));
  EXPECT_EQ(schema->field(4)->name(), "dateTime");
  EXPECT_EQ(schema->field(4)->type()->toString(), "timestamp[ms]");
  EXPECT_EQ(nexmarkBidType()->numFields(), nexmarkBidSchema()->numFields());
  for (int i = 0; i < nexmarkBidSchema()->numFields(); ++i) {
    EXPECT_TRUE(nexmarkBidType()->field(i)->equals(*nexmarkBidSchema()->field(i)));
  }
  for (const auto& field : schema->fields()) EXPECT_TRUE(field->nullable()) << field->name();
}

// ----------------------------------------------------- the event stream

TEST(NexmarkGeneratorTest, EventStreamBatchesAreValidAndNullOutsideTheirKind) {
  NexmarkGenerator generator = makeGenerator(NexmarkConfig{});
  RecordBatchPtr batch = generator.nextBatch(1000).valueOrDie();
  ASSERT_TRUE(batch);
  EXPECT_EQ(batch->numRows(), 1000);
  EXPECT_TRUE(batch->schema()->equals(*nexmarkEventSchema()));
  expectValidBatch(*batch);
  const auto& types = batch->column(NexmarkEventColumn::kEventType);
  const auto& person = batch->column(NexmarkEventColumn::kPerson);
  const auto& auction = batch->column(NexmarkEventColumn::kAuction);
  const auto& bid = batch->column(NexmarkEventColumn::kBid);
  const auto& time = batch->column(NexmarkEventColumn::kDateTime);
  EXPECT_EQ(person.nullCount(), 980);
  EXPECT_EQ(auction.nullCount(), 940);
  EXPECT_EQ(bid.nullCount(), 80);
  const columnar::Array price = bid.structField(NexmarkBidColumn::kPrice);
  const columnar::Array city = person.structField(NexmarkPersonColumn::kCity);
  for (int64_t row = 0; row < batch->numRows(); ++row) {
    const int8_t type = types.value<int8_t>(row);
    ASSERT_EQ(type, row % 50 == 0 ? 0 : row % 50 < 4 ? 1 : 2) << row;
    EXPECT_EQ(person.isValid(row), type == 0);
    EXPECT_EQ(auction.isValid(row), type == 1);
    EXPECT_EQ(bid.isValid(row), type == 2);
    // The fields share their struct's validity.
    EXPECT_EQ(price.isValid(row), type == 2);
    EXPECT_EQ(city.isValid(row), type == 0);
    // dateTime is the event's own time.
    const columnar::Array& ownTime = type == 0 ? person.structField(NexmarkPersonColumn::kDateTime)
                                     : type == 1
                                         ? auction.structField(NexmarkAuctionColumn::kDateTime)
                                         : bid.structField(NexmarkBidColumn::kDateTime);
    EXPECT_EQ(time.value<int64_t>(row), ownTime.value<int64_t>(row));
  }
}

TEST(NexmarkGeneratorTest, ProportionsAreExactlyOneThreeFortySixPerFifty) {
  NexmarkGenerator generator = makeGenerator(bounded(50'000));
  std::map<int, int64_t> counts;
  int64_t position = 0;
  for (const NexmarkEvent& event : drain(generator, 4096)) {
    const int type = static_cast<int>(eventTypeOf(event));
    const int64_t offset = position % 50;
    ASSERT_EQ(type, offset == 0 ? 0 : offset <= 3 ? 1 : 2) << position;
    ++counts[type];
    ++position;
  }
  EXPECT_EQ(counts[0], 1000);
  EXPECT_EQ(counts[1], 3000);
  EXPECT_EQ(counts[2], 46000);

  NexmarkConfig config = bounded(10 * 7);
  config.personProportion = 2;
  config.auctionProportion = 1;
  config.bidProportion = 4;
  NexmarkGenerator custom = makeGenerator(config);
  std::vector<int> kinds;
  for (const NexmarkEvent& event : drain(custom, 13))
    kinds.push_back(static_cast<int>(eventTypeOf(event)));
  ASSERT_EQ(kinds.size(), 70u);
  EXPECT_EQ(std::vector<int>(kinds.begin(), kinds.begin() + 14),
            (std::vector<int>{0, 0, 1, 2, 2, 2, 2, 0, 0, 1, 2, 2, 2, 2}));
}

TEST(NexmarkGeneratorTest, SameEventsWhateverTheBatchSize) {
  const NexmarkConfig config = bounded(20'000);
  NexmarkGenerator large = makeGenerator(config);
  NexmarkGenerator small = makeGenerator(config);
  NexmarkGenerator odd = makeGenerator(config);
  const std::vector<NexmarkEvent> expected = drain(large, 8192);
  ASSERT_EQ(expected.size(), 20'000u);
  EXPECT_EQ(drain(small, 1000), expected);
  EXPECT_EQ(drain(odd, 7), expected);
  // And the batches hold exactly the single events of the same positions.
  NexmarkGenerator single = makeGenerator(config);
  for (int64_t position : {0, 1, 3, 4, 49, 50, 51, 12345, 19999}) {
    EXPECT_EQ(single.eventAt(position), expected[static_cast<size_t>(position)]) << position;
  }
}

TEST(NexmarkGeneratorTest, SeekAndStartPositionReplayTheSameEvents) {
  const NexmarkConfig config = bounded(6000);
  NexmarkGenerator full = makeGenerator(config);
  const std::vector<NexmarkEvent> expected = drain(full, 512);
  EXPECT_EQ(full.position(), 6000);
  EXPECT_TRUE(full.exhausted());

  NexmarkGenerator resumed = makeGenerator(config, {}, 4321);
  EXPECT_EQ(resumed.position(), 4321);
  EXPECT_EQ(resumed.remainingEvents(), 6000 - 4321);
  EXPECT_EQ(drain(resumed, 1000),
            std::vector<NexmarkEvent>(expected.begin() + 4321, expected.end()));

  ASSERT_TRUE(resumed.seek(17).ok());
  EXPECT_EQ(resumed.position(), 17);
  RecordBatchPtr batch = resumed.nextBatch(100).valueOrDie();
  EXPECT_EQ(eventsOf(*batch),
            std::vector<NexmarkEvent>(expected.begin() + 17, expected.begin() + 117));
  EXPECT_EQ(resumed.position(), 117);

  ASSERT_TRUE(resumed.seek(1'000'000).ok());
  EXPECT_TRUE(resumed.exhausted());
  EXPECT_EQ(resumed.position(), 6000);
  EXPECT_EQ(resumed.nextBatch(10).valueOrDie(), nullptr);
}

TEST(NexmarkGeneratorTest, BoundedStreamEndsWithAShortBatchThenNull) {
  NexmarkGenerator generator = makeGenerator(bounded(120));
  EXPECT_EQ(generator.nextBatch(50).valueOrDie()->numRows(), 50);
  EXPECT_EQ(generator.nextBatch(50).valueOrDie()->numRows(), 50);
  EXPECT_EQ(generator.nextBatch(50).valueOrDie()->numRows(), 20);
  EXPECT_EQ(generator.nextBatch(50).valueOrDie(), nullptr);
  EXPECT_EQ(generator.nextBidBatch(50).valueOrDie(), nullptr);
  EXPECT_EQ(generator.nextTableBatches(50).valueOrDie().bids, nullptr);
  EXPECT_EQ(generator.position(), 120);
}

TEST(NexmarkGeneratorTest, TimestampsFollowTheInterEventDelay) {
  NexmarkGenerator generator = makeGenerator(bounded(30'000));
  int64_t position = 0;
  int64_t previous = 0;
  while (RecordBatchPtr batch = generator.nextBatch(4096).valueOrDie()) {
    const auto& time = batch->column(NexmarkEventColumn::kDateTime);
    for (int64_t row = 0; row < batch->numRows(); ++row, ++position) {
      const int64_t timestamp = time.value<int64_t>(row);
      // 10,000 events/s: event n happens n * 100 us after the base time.
      ASSERT_EQ(timestamp, 1436918400000 + position / 10) << position;
      ASSERT_GE(timestamp, previous);
      previous = timestamp;
    }
  }
  EXPECT_EQ(position, 30'000);
}

// ------------------------------------------------------- id relations

struct IdExpectations {
  // Recomputed here from Beam's rules, independently of NexmarkIdSpace.
  static int64_t lastPerson(int64_t eventId) { return eventId / 50; }
  static int64_t lastAuction(int64_t eventId) {
    const int64_t epoch = eventId / 50;
    const int64_t offset = eventId % 50;
    if (offset == 0) return epoch * 3 - 1;
    if (offset >= 4) return epoch * 3 + 2;
    return epoch * 3 + offset - 1;
  }
};

TEST(NexmarkGeneratorTest, BidsReferToRecentAuctionsAndActivePeopleWithHotKeySkew) {
  constexpr int64_t kEvents = 500'000;
  NexmarkGenerator generator = makeGenerator(bounded(kEvents));
  int64_t bids = 0;
  int64_t hotAuctions = 0;
  int64_t hotBidders = 0;
  int64_t eventId = 0;
  while (RecordBatchPtr batch = generator.nextBatch(8192).valueOrDie()) {
    for (const NexmarkEvent& event : eventsOf(*batch)) {
      const int64_t id = eventId++;
      if (eventTypeOf(event) != NexmarkEventType::kBid) continue;
      const auto& bid = std::get<NexmarkBid>(event);
      ++bids;
      const int64_t lastAuction = IdExpectations::lastAuction(id);
      const int64_t hotAuction = lastAuction / 100 * 100;
      const int64_t auction = bid.auction - 1000;
      if (auction == hotAuction) {
        ++hotAuctions;
      } else {
        // One of the last numInFlightAuctions (100) auctions, or up to 10 ahead.
        ASSERT_GE(auction, std::max<int64_t>(lastAuction - 100, 0)) << id;
        ASSERT_LE(auction, lastAuction + 10) << id;
      }
      const int64_t numPeople = IdExpectations::lastPerson(id) + 1;
      const int64_t hotBidder = (numPeople - 1) / 100 * 100 + 1;
      const int64_t bidder = bid.bidder - 1000;
      if (bidder == hotBidder) {
        ++hotBidders;
      } else {
        // One of the last numActivePeople (1000) people, or up to 10 ahead.
        ASSERT_GE(bidder, numPeople - std::min<int64_t>(numPeople, 1000)) << id;
        ASSERT_LT(bidder, numPeople + 10) << id;
      }
      ASSERT_GE(bid.price, 100);
      ASSERT_LE(bid.price, 100'000'000);
      ASSERT_EQ(bid.dateTime, 1436918400000 + id / 10);
    }
  }
  EXPECT_EQ(bids, kEvents / 50 * 46);
  // hotAuctionRatio 2: half the bids go to the hot auction (a few more by
  // chance among the ~110 random candidates).
  EXPECT_NEAR(static_cast<double>(hotAuctions) / bids, 0.5 + 0.5 / 111, 0.01);
  // hotBiddersRatio 4: three quarters come from the hot bidder.
  EXPECT_NEAR(static_cast<double>(hotBidders) / bids, 0.75, 0.01);
}

TEST(NexmarkGeneratorTest, AuctionsHaveDenseIdsHotSellersAndBeamsLengths) {
  constexpr int64_t kEvents = 500'000;
  NexmarkGenerator generator = makeGenerator(bounded(kEvents));
  int64_t expectedId = 1000;
  int64_t hotSellers = 0;
  int64_t auctions = 0;
  double lengthSum = 0;
  std::set<int64_t> categories;
  int64_t eventId = 0;
  while (RecordBatchPtr batch = generator.nextBatch(8192).valueOrDie()) {
    for (const NexmarkEvent& event : eventsOf(*batch)) {
      const int64_t id = eventId++;
      if (eventTypeOf(event) == NexmarkEventType::kPerson) {
        ASSERT_EQ(std::get<NexmarkPerson>(event).id, 1000 + id / 50);
        continue;
      }
      if (eventTypeOf(event) != NexmarkEventType::kAuction) continue;
      const auto& auction = std::get<NexmarkAuction>(event);
      ++auctions;
      ASSERT_EQ(auction.id, expectedId++);
      ASSERT_EQ(auction.id - 1000, IdExpectations::lastAuction(id));
      const int64_t numPeople = IdExpectations::lastPerson(id) + 1;
      const int64_t seller = auction.seller - 1000;
      if (seller == (numPeople - 1) / 100 * 100) {
        ++hotSellers;
      } else {
        ASSERT_GE(seller, numPeople - std::min<int64_t>(numPeople, 1000));
        ASSERT_LT(seller, numPeople + 10);
      }
      categories.insert(auction.category);
      ASSERT_GE(auction.reserve, auction.initialBid);
      ASSERT_GE(auction.initialBid, 100);
      // Lasts 1 .. 2 * horizon ms, the horizon being the time until 100
      // more auctions (1666 events, 166.6 ms) are due.
      const int64_t horizon = (id + 1666) / 10 - id / 10;
      const int64_t length = auction.expires - auction.dateTime;
      ASSERT_GE(length, 1);
      ASSERT_LE(length, 2 * horizon);
      lengthSum += static_cast<double>(length);
    }
  }
  EXPECT_EQ(auctions, kEvents / 50 * 3);
  EXPECT_NEAR(static_cast<double>(hotSellers) / auctions, 0.75, 0.01);
  EXPECT_NEAR(lengthSum / auctions, 167, 2);
  EXPECT_EQ(categories, (std::set<int64_t>{10, 11, 12, 13, 14}));
}

TEST(NexmarkGeneratorTest, IdealisedSizesAverageTheConfiguredByteSizes) {
  NexmarkGenerator generator = makeGenerator(bounded(400'000));
  double personSize = 0, auctionSize = 0, bidSize = 0;
  int64_t persons = 0, auctions = 0, bids = 0;
  while (RecordBatchPtr batch = generator.nextBatch(8192).valueOrDie()) {
    for (const NexmarkEvent& event : eventsOf(*batch)) {
      if (const auto* p = std::get_if<NexmarkPerson>(&event)) {
        personSize += 8.0 + p->name.size() + p->emailAddress.size() + p->creditCard.size() +
                      p->city.size() + p->state.size() + p->extra.size();
        ++persons;
      } else if (const auto* a = std::get_if<NexmarkAuction>(&event)) {
        auctionSize += 8.0 + a->itemName.size() + a->description.size() + 40 + a->extra.size();
        ++auctions;
      } else {
        const auto& b = std::get<NexmarkBid>(event);
        bidSize += 32.0 + b.extra.size();
        ++bids;
      }
    }
  }
  // Beam's rule gives an average of (size - 0.5): the extra length is
  // uniform over [gap - delta, gap + delta).
  EXPECT_NEAR(personSize / persons, 200, 2);
  EXPECT_NEAR(auctionSize / auctions, 500, 3);
  EXPECT_NEAR(bidSize / bids, 100, 1);
}

TEST(NexmarkGeneratorTest, HalfTheBidsUseHotChannelsAndUrlsMatchTheirChannel) {
  NexmarkGenerator generator = makeGenerator(NexmarkConfig{});
  const NexmarkChannels& channels = NexmarkChannels::instance();
  std::map<std::string, int32_t> index;
  for (int32_t i = 0; i < NexmarkChannels::kNumChannels; ++i)
    index[std::string(channels.name(i))] = i;
  std::map<int32_t, int64_t> hot;
  std::set<int32_t> numbered;
  int64_t bids = 0;
  for (int i = 0; i < 10; ++i) {
    for (const NexmarkBid& bid : bidsOf(*generator.nextBidBatch(8192).valueOrDie())) {
      ++bids;
      const auto found = index.find(bid.channel);
      ASSERT_NE(found, index.end()) << bid.channel;
      ASSERT_EQ(bid.url, channels.url(found->second)) << bid.channel;
      if (found->second >= NexmarkChannels::kFirstHot) {
        ++hot[found->second - NexmarkChannels::kFirstHot];
      } else {
        numbered.insert(found->second);
      }
    }
  }
  ASSERT_EQ(hot.size(), 4u);
  for (const auto& [channel, count] : hot) {
    EXPECT_NEAR(static_cast<double>(count) / bids, 0.125, 0.005) << channel;
  }
  // ~41,000 draws over 10,000 numbered channels leave about e^-4.1 unused.
  EXPECT_GT(numbered.size(), 9700u);
}

TEST(NexmarkGeneratorTest, StringBuffersArePaddedWithZeros) {
  // Strings are written with fixed-size moves that run past their ends;
  // the bytes after the last string must still be zero (Arrow padding, IPC).
  NexmarkGenerator generator = makeGenerator(NexmarkConfig{});
  // Small batches write past the buffers' initial size estimate.
  for (int64_t rows : {1, 2, 3, 5, 17, 1000}) {
    RecordBatchPtr batch = generator.nextBidBatch(rows).valueOrDie();
    for (int column :
         {NexmarkBidColumn::kChannel, NexmarkBidColumn::kUrl, NexmarkBidColumn::kExtra}) {
      const auto& data = batch->column(column).data()->buffers[2];
      const auto* buffer = dynamic_cast<const columnar::MutableBuffer*>(data.get());
      ASSERT_NE(buffer, nullptr);
      for (int64_t i = buffer->size(); i < buffer->capacity(); ++i) {
        ASSERT_EQ(buffer->data()[i], 0) << "column " << column << " byte " << i;
      }
    }
  }
}

// --------------------------------------------------- single-kind streams

TEST(NexmarkGeneratorTest, KindBatchesHoldTheKindsEventsInOrder) {
  const NexmarkConfig config = bounded(40'000);
  NexmarkGenerator reference = makeGenerator(config);
  std::vector<NexmarkPerson> persons;
  std::vector<NexmarkAuction> auctions;
  std::vector<NexmarkBid> bids;
  for (NexmarkEvent& event : drain(reference, 8192)) {
    if (auto* p = std::get_if<NexmarkPerson>(&event)) persons.push_back(std::move(*p));
    if (auto* a = std::get_if<NexmarkAuction>(&event)) auctions.push_back(std::move(*a));
    if (auto* b = std::get_if<NexmarkBid>(&event)) bids.push_back(std::move(*b));
  }

  NexmarkGenerator bidOnly = makeGenerator(config);
  RecordBatchPtr first = bidOnly.nextBidBatch(1000).valueOrDie();
  ASSERT_EQ(first->numRows(), 1000);
  EXPECT_TRUE(first->schema()->equals(*nexmarkBidSchema()));
  expectValidBatch(*first);
  // The 1000th bid is event 1087 (21 blocks of 46 bids, then 34 more after
  // the block's person and 3 auctions): the generator stops right after it.
  EXPECT_EQ(bidOnly.position(), 21 * 50 + 4 + 34);
  std::vector<NexmarkBid> gotBids = bidsOf(*first);
  while (RecordBatchPtr batch = bidOnly.nextBidBatch(777).valueOrDie()) {
    for (auto& bid : bidsOf(*batch)) gotBids.push_back(std::move(bid));
  }
  EXPECT_EQ(gotBids, bids);

  NexmarkGenerator personOnly = makeGenerator(config);
  std::vector<NexmarkPerson> gotPersons;
  while (RecordBatchPtr batch = personOnly.nextPersonBatch(100).valueOrDie()) {
    expectValidBatch(*batch);
    for (auto& person : personsOf(*batch)) gotPersons.push_back(std::move(person));
  }
  EXPECT_EQ(gotPersons, persons);

  NexmarkGenerator auctionOnly = makeGenerator(config);
  std::vector<NexmarkAuction> gotAuctions;
  while (RecordBatchPtr batch = auctionOnly.nextAuctionBatch(250).valueOrDie()) {
    for (auto& auction : auctionsOf(*batch)) gotAuctions.push_back(std::move(auction));
  }
  EXPECT_EQ(gotAuctions, auctions);

  NexmarkGenerator tables = makeGenerator(config);
  std::vector<NexmarkPerson> tablePersons;
  std::vector<NexmarkAuction> tableAuctions;
  std::vector<NexmarkBid> tableBids;
  int64_t covered = 0;
  while (true) {
    NexmarkTableBatches batches = tables.nextTableBatches(3000).valueOrDie();
    if (!batches.bids) break;
    covered += batches.numEvents;
    expectValidBatch(*batches.persons);
    expectValidBatch(*batches.auctions);
    expectValidBatch(*batches.bids);
    for (auto& p : personsOf(*batches.persons)) tablePersons.push_back(std::move(p));
    for (auto& a : auctionsOf(*batches.auctions)) tableAuctions.push_back(std::move(a));
    for (auto& b : bidsOf(*batches.bids)) tableBids.push_back(std::move(b));
  }
  EXPECT_EQ(covered, 40'000);
  EXPECT_EQ(tablePersons, persons);
  EXPECT_EQ(tableAuctions, auctions);
  EXPECT_EQ(tableBids, bids);
}

TEST(NexmarkGeneratorTest, KindBatchesContinueTheSameStream) {
  const NexmarkConfig config = bounded(1000);
  NexmarkGenerator mixed = makeGenerator(config);
  const std::vector<NexmarkEvent> all = drain(mixed, 1000);
  // Bids, then the rest as events: together the whole stream.
  NexmarkGenerator generator = makeGenerator(config);
  const std::vector<NexmarkBid> bids = bidsOf(*generator.nextBidBatch(10).valueOrDie());
  EXPECT_EQ(generator.position(), 14);  // events 4..13 are the first 10 bids
  EXPECT_EQ(bids.front(), std::get<NexmarkBid>(all[4]));
  EXPECT_EQ(bids.back(), std::get<NexmarkBid>(all[13]));
  std::vector<NexmarkEvent> rest = drain(generator, 300);
  EXPECT_EQ(rest, std::vector<NexmarkEvent>(all.begin() + 14, all.end()));
}

// -------------------------------------------------------------- splitting

TEST(NexmarkGeneratorTest, BlockInterleavedSubtasksPartitionTheUnsplitStream) {
  const NexmarkConfig config = bounded(12'345);
  NexmarkGenerator whole = makeGenerator(config);
  const std::vector<NexmarkEvent> expected = drain(whole, 4096);
  constexpr int kSubtasks = 3;
  std::vector<std::optional<NexmarkEvent>> merged(expected.size());
  int64_t total = 0;
  for (int subtask = 0; subtask < kSubtasks; ++subtask) {
    NexmarkGenerator part =
        makeGenerator(config, {subtask, kSubtasks, NexmarkSplitMode::kBlockInterleaved});
    const int64_t remaining = part.remainingEvents();
    int64_t produced = 0;
    int64_t previousTime = 0;
    while (!part.exhausted()) {
      const int64_t position = part.position();
      // Blocks of 50 events go round-robin to the subtasks.
      ASSERT_EQ(position / 50 % kSubtasks, subtask) << position;
      RecordBatchPtr batch = part.nextBatch(1 + produced % 97).valueOrDie();
      std::vector<NexmarkEvent> events = eventsOf(*batch);
      // The batch covers the owned positions from `position` on.
      int64_t at = position;
      for (int64_t row = 0; row < batch->numRows(); ++row) {
        const int64_t time = batch->column(NexmarkEventColumn::kDateTime).value<int64_t>(row);
        ASSERT_GE(time, previousTime);
        previousTime = time;
        ASSERT_FALSE(merged[static_cast<size_t>(at)].has_value()) << at;
        merged[static_cast<size_t>(at)] = std::move(events[static_cast<size_t>(row)]);
        ++at;
        if (at % 50 == 0) at += 50 * (kSubtasks - 1);
      }
      produced += batch->numRows();
    }
    EXPECT_EQ(produced, remaining);
    total += produced;
  }
  EXPECT_EQ(total, 12'345);
  for (size_t i = 0; i < expected.size(); ++i) {
    ASSERT_TRUE(merged[i].has_value()) << i;
    ASSERT_EQ(*merged[i], expected[i]) << i;
  }
}

TEST(NexmarkGeneratorTest, BlockInterleavedSeekSnapsToOwnedPositions) {
  NexmarkGenerator part = makeGenerator(bounded(1000), {1, 4, NexmarkSplitMode::kBlockInterleaved});
  EXPECT_EQ(part.position(), 50);
  EXPECT_EQ(part.remainingEvents(), 250);
  ASSERT_TRUE(part.seek(73).ok());
  EXPECT_EQ(part.position(), 73);
  EXPECT_EQ(part.remainingEvents(), 227);
  ASSERT_TRUE(part.seek(101).ok());
  EXPECT_EQ(part.position(), 250);
  RecordBatchPtr batch = part.nextBatch(60).valueOrDie();
  EXPECT_EQ(batch->numRows(), 60);
  EXPECT_EQ(part.position(), 460);  // 250..299, then 450..459
  NexmarkGenerator whole = makeGenerator(bounded(1000));
  const std::vector<NexmarkEvent> events = eventsOf(*batch);
  EXPECT_EQ(events[0], whole.eventAt(250));
  EXPECT_EQ(events[49], whole.eventAt(299));
  EXPECT_EQ(events[50], whole.eventAt(450));
  EXPECT_EQ(events[59], whole.eventAt(459));
}

TEST(NexmarkGeneratorTest, BeamRangesSplitIdsOnParallelTimelines) {
  const NexmarkConfig config = bounded(1001);
  NexmarkGenerator first = makeGenerator(config, {0, 2, NexmarkSplitMode::kBeamRanges});
  NexmarkGenerator second = makeGenerator(config, {1, 2, NexmarkSplitMode::kBeamRanges});
  EXPECT_EQ(first.remainingEvents(), 500);
  EXPECT_EQ(second.remainingEvents(), 501);  // the last range takes the remainder
  EXPECT_EQ(first.coordinates(0).eventId, 0);
  EXPECT_EQ(second.coordinates(0).eventId, 500);
  EXPECT_EQ(second.coordinates(0).timelineNumber, 0);

  NexmarkEventFactory factory = NexmarkEventFactory::make(config).valueOrDie();
  const std::vector<NexmarkEvent> events = drain(second, 128);
  ASSERT_EQ(events.size(), 501u);
  for (int64_t j = 0; j < 501; ++j) {
    // Event id 500 + j, stamped like event j of an unsplit generator.
    ASSERT_EQ(events[static_cast<size_t>(j)], factory.event(500 + j, j)) << j;
  }
  // Event id 500 is a person: person id 1000 + 500 / 50.
  EXPECT_EQ(std::get<NexmarkPerson>(events[0]).id, 1010);
  EXPECT_EQ(std::get<NexmarkPerson>(events[0]).dateTime, config.baseTime);
}

TEST(NexmarkGeneratorTest, OutOfOrderGroupsPermuteEventsAndTheWatermarkHolds) {
  NexmarkConfig config = bounded(5000);
  config.outOfOrderGroupSize = 20;
  NexmarkGenerator generator = makeGenerator(config);
  NexmarkEventFactory factory = NexmarkEventFactory::make(config).valueOrDie();
  int64_t position = 0;
  while (!generator.exhausted()) {
    const int64_t watermark = generator.watermark();
    RecordBatchPtr batch = generator.nextBatch(33).valueOrDie();
    const std::vector<NexmarkEvent> events = eventsOf(*batch);
    const auto& time = batch->column(NexmarkEventColumn::kDateTime);
    for (int64_t row = 0; row < batch->numRows(); ++row, ++position) {
      // Beam: event number base + (n * 953) % 20 within each group of 20.
      const int64_t eventId = position / 20 * 20 + position * 953 % 20;
      ASSERT_EQ(events[static_cast<size_t>(row)], factory.event(eventId, eventId)) << position;
      ASSERT_EQ(time.value<int64_t>(row), config.baseTime + eventId / 10);
      ASSERT_GE(time.value<int64_t>(row), watermark);
    }
  }
  EXPECT_EQ(position, 5000);
}

// ------------------------------------------------------------ errors, pool

TEST(NexmarkGeneratorTest, BadArgumentsAreNamed) {
  EXPECT_EQ(NexmarkGenerator::make(NexmarkConfig{}, {3, 3}).status().message(),
            "nexmark split: subtaskIndex 3 is not in [0, 3)");
  EXPECT_EQ(NexmarkGenerator::make(NexmarkConfig{}, {0, 0}).status().message(),
            "nexmark split: numSubtasks must be at least 1, got 0");
  EXPECT_EQ(NexmarkGenerator::make(NexmarkConfig{}, {}, -5).status().message(),
            "nexmark: start position must not be negative, got -5");
  NexmarkConfig badConfig;
  badConfig.hotBiddersRatio = 0;
  EXPECT_EQ(NexmarkGenerator::make(badConfig).status().message(),
            "nexmark config: hotBiddersRatio must be at least 1, got 0");

  NexmarkGenerator generator = makeGenerator(NexmarkConfig{});
  EXPECT_EQ(generator.nextBatch(0).status().message(), "nexmark: maxRows must be positive, got 0");
  EXPECT_EQ(generator.nextBidBatch(-1).status().message(),
            "nexmark: maxRows must be positive, got -1");
  EXPECT_EQ(generator.nextTableBatches(0).status().message(),
            "nexmark: maxEvents must be positive, got 0");
  EXPECT_EQ(generator.seek(-1).message(), "nexmark: cannot seek to negative position -1");
  EXPECT_EQ(generator.position(), 0);

  NexmarkConfig noBids;
  noBids.bidProportion = 0;
  NexmarkGenerator quiet = makeGenerator(noBids);
  EXPECT_EQ(quiet.nextBidBatch(10).status().message(),
            "nexmark: bidProportion is 0, so the stream has no events of that kind");
}

TEST(NexmarkGeneratorTest, BatchesComeFromTheGivenPoolAndItsLimitIsAnError) {
  columnar::MemoryPool pool("nexmark-test");
  NexmarkGenerator generator = NexmarkGenerator::make(NexmarkConfig{}, {}, 0, &pool).valueOrDie();
  {
    RecordBatchPtr batch = generator.nextBatch(4096).valueOrDie();
    EXPECT_GT(pool.bytesAllocated(), 4096 * 100);
  }
  EXPECT_EQ(pool.bytesAllocated(), 0);

  columnar::MemoryPool tiny("tiny", 64 * 1024);
  NexmarkGenerator limited = NexmarkGenerator::make(NexmarkConfig{}, {}, 0, &tiny).valueOrDie();
  ASSERT_TRUE(limited.seek(500).ok());
  const Result<RecordBatchPtr> result = limited.nextBatch(8192);
  ASSERT_FALSE(result.ok());
  EXPECT_TRUE(result.status().isOutOfMemory()) << result.status();
  EXPECT_EQ(limited.position(), 500);  // nothing consumed
  // Small batches fit and continue from where it stopped.
  RecordBatchPtr small = limited.nextBatch(10).valueOrDie();
  ASSERT_TRUE(small);
  NexmarkGenerator reference = makeGenerator(NexmarkConfig{});
  EXPECT_EQ(eventsOf(*small).front(), reference.eventAt(500));
}

// FNV-1a over every field of every event, to pin the whole data set.
class Fingerprint {
 public:
  void add(std::string_view bytes) {
    for (char c : bytes) hash_ = (hash_ ^ static_cast<uint8_t>(c)) * 0x100000001b3ULL;
    add(static_cast<int64_t>(bytes.size()));
  }
  void add(int64_t value) {
    for (int i = 0; i < 8; ++i) hash_ = (hash_ ^ ((value >> (8 * i)) & 0xff)) * 0x100000001b3ULL;
  }
  void add(const NexmarkEvent& event) {
    if (const auto* p = std::get_if<NexmarkPerson>(&event)) {
      for (int64_t v : {p->id, p->dateTime}) add(v);
      for (const std::string* s :
           {&p->name, &p->emailAddress, &p->creditCard, &p->city, &p->state, &p->extra})
        add(*s);
    } else if (const auto* a = std::get_if<NexmarkAuction>(&event)) {
      for (int64_t v :
           {a->id, a->initialBid, a->reserve, a->dateTime, a->expires, a->seller, a->category})
        add(v);
      for (const std::string* s : {&a->itemName, &a->description, &a->extra}) add(*s);
    } else {
      const auto& b = std::get<NexmarkBid>(event);
      for (int64_t v : {b.auction, b.bidder, b.price, b.dateTime}) add(v);
      for (const std::string* s : {&b.channel, &b.url, &b.extra}) add(*s);
    }
  }
  uint64_t value() const { return hash_; }

 private:
  uint64_t hash_ = 0xcbf29ce484222325ULL;
};

// Pins the standard data set: a change here changes every benchmark's input
// and every query result; make it on purpose and say so.
TEST(NexmarkGeneratorTest, GoldenEvents) {
  NexmarkGenerator generator = makeGenerator(bounded(100'000));
  const auto person = std::get<NexmarkPerson>(generator.eventAt(0));
  EXPECT_EQ(person.id, 1000);
  EXPECT_EQ(person.name, "Deiter Abrams");
  EXPECT_EQ(person.emailAddress, "zeml@btwp.com");
  EXPECT_EQ(person.creditCard, "5955 5890 7840 4472");
  EXPECT_EQ(person.city, "Bend");
  EXPECT_EQ(person.state, "OR");
  EXPECT_EQ(person.dateTime, 1436918400000);
  EXPECT_EQ(person.extra.size(), 163u);
  const auto auction = std::get<NexmarkAuction>(generator.eventAt(1));
  EXPECT_EQ(auction.id, 1000);
  EXPECT_EQ(auction.itemName, "jc dskquklp");
  EXPECT_EQ(auction.initialBid, 1021954);
  EXPECT_EQ(auction.reserve, 1365126);
  EXPECT_EQ(auction.expires, 1436918400055);
  EXPECT_EQ(auction.seller, 1005);
  EXPECT_EQ(auction.category, 12);
  const auto bid = std::get<NexmarkBid>(generator.eventAt(4));
  EXPECT_EQ(bid.auction, 1000);
  EXPECT_EQ(bid.bidder, 1001);
  EXPECT_EQ(bid.price, 26828);
  EXPECT_EQ(bid.channel, "channel-4622");
  EXPECT_EQ(bid.url,
            "https://www.nexmark.com/yebs/ml_q/jta/item.htm?query=1&channel_id=1883766784");
  EXPECT_EQ(bid.extra.size(), 74u);

  Fingerprint fingerprint;
  for (const NexmarkEvent& event : drain(generator, 8192)) fingerprint.add(event);
  EXPECT_EQ(fingerprint.value(), 0x9a5293e67d097eecULL) << std::hex << fingerprint.value();
}

}  // namespace
}  // namespace sabot::connectors
