#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <regex>
#include <set>
#include <string>

#include "sabot/connectors/NexmarkChannels.h"
#include "sabot/connectors/NexmarkEvents.h"
#include "sabot/connectors/NexmarkRandom.h"
#include "sabot/connectors/NexmarkStrings.h"
#include "sabot/connectors/tests/NexmarkRows.h"

namespace sabot::connectors {
namespace {

TEST(NexmarkRandomTest, SameEventSameStreamDifferentEventsDiffer) {
  NexmarkRandom a = NexmarkRandom::forEvent(42, 0);
  NexmarkRandom b = NexmarkRandom::forEvent(42, 0);
  NexmarkRandom c = NexmarkRandom::forEvent(43, 0);
  NexmarkRandom d = NexmarkRandom::forEvent(42, 1);
  for (int i = 0; i < 100; ++i) {
    const uint64_t value = a.next();
    EXPECT_EQ(value, b.next());
    EXPECT_NE(value, c.next());
    EXPECT_NE(value, d.next());
  }
}

TEST(NexmarkRandomTest, BelowIsInRangeAndRoughlyUniform) {
  NexmarkRandom random(7);
  int counts[13] = {};
  for (int i = 0; i < 130'000; ++i) {
    const int64_t value = random.below(13);
    ASSERT_GE(value, 0);
    ASSERT_LT(value, 13);
    ++counts[value];
  }
  for (int count : counts) EXPECT_NEAR(count, 10'000, 500);
  EXPECT_EQ(random.below(1), 0);
  const int64_t huge = int64_t{1} << 62;
  for (int i = 0; i < 1000; ++i) ASSERT_LT(random.below(huge), huge);
}

TEST(NexmarkRandomTest, FillLettersWritesOnlyLowercaseLetters) {
  NexmarkRandom random(9);
  // Whole groups of 4 are written: 1003 letters take 1004 bytes.
  EXPECT_EQ(NexmarkRandom::lettersWritten(1003), 1004);
  EXPECT_EQ(NexmarkRandom::lettersWritten(1004), 1004);
  EXPECT_EQ(NexmarkRandom::lettersWritten(0), 0);
  std::string buffer(1010, '?');
  random.fillLetters(buffer.data(), 1003);
  EXPECT_EQ(buffer.substr(1004), "??????");
  const std::string letters = buffer.substr(0, 1004);
  std::set<char> seen;
  for (char c : letters) {
    ASSERT_GE(c, 'a');
    ASSERT_LE(c, 'z');
    seen.insert(c);
  }
  EXPECT_EQ(seen.size(), 26u);
}

TEST(NexmarkStringsTest, NextStringFollowsBeamsShape) {
  NexmarkRandom random(11);
  char buffer[100];
  int lengths[100] = {};
  for (int i = 0; i < 20'000; ++i) {
    const std::string_view value = NexmarkStrings::nextString(random, 20, buffer);
    ASSERT_EQ(value.data(), buffer);
    ASSERT_LE(value.size(), 19u);  // [3, 20) before trimming
    if (!value.empty()) {
      ASSERT_NE(value.front(), ' ');
      ASSERT_NE(value.back(), ' ');
    }
    for (char c : value) ASSERT_TRUE(c == ' ' || (c >= 'a' && c <= 'z')) << value;
    ++lengths[value.size()];
  }
  // Untrimmed length is uniform over 3..19; trimming only shortens.
  EXPECT_GT(lengths[19], 700);
  EXPECT_LT(lengths[19], 1400);
  // With '_' as the special character nothing is trimmed.
  for (int i = 0; i < 1000; ++i) {
    const std::string_view segment = NexmarkStrings::nextString(random, 5, buffer, '_');
    ASSERT_TRUE(segment.size() == 3 || segment.size() == 4) << segment;
  }
}

TEST(NexmarkStringsTest, ExtraLengthBringsTheSizeToTheAverage) {
  NexmarkRandom random(13);
  // Bids: 32 fixed bytes, average 100: gap 68, delta round(13.6) = 14.
  int64_t sum = 0;
  int64_t smallest = 1000;
  int64_t largest = 0;
  for (int i = 0; i < 100'000; ++i) {
    const int64_t length = NexmarkStrings::extraLength(random, 32, 100);
    smallest = std::min(smallest, length);
    largest = std::max(largest, length);
    sum += length;
  }
  EXPECT_EQ(smallest, 54);
  EXPECT_EQ(largest, 81);
  EXPECT_NEAR(static_cast<double>(sum) / 100'000, 67.5, 0.2);
  EXPECT_EQ(NexmarkStrings::extraLength(random, 101, 100), 0);
  EXPECT_EQ(NexmarkStrings::extraLength(random, 100, 100), 0);  // gap 0, delta 0
  EXPECT_EQ(NexmarkStrings::extraLength(random, 98, 100), 2);   // delta round(0.4) = 0
}

TEST(NexmarkStringsTest, PricesAreLogUniformFromOneDollarToAMillion) {
  NexmarkRandom random(17);
  int below1000 = 0;
  constexpr int kDraws = 60'000;
  for (int i = 0; i < kDraws; ++i) {
    const int64_t price = NexmarkStrings::nextPrice(random);
    ASSERT_GE(price, 100);
    ASSERT_LE(price, 100'000'000);
    below1000 += price < 1000 ? 1 : 0;
  }
  // P(10^(6u) * 100 < 1000) = P(u < 1/6).
  EXPECT_NEAR(below1000, kDraws / 6, 400);
}

TEST(NexmarkStringsTest, PricesMatchBeamsPowFormula) {
  // Same random stream through Beam's Math.round(Math.pow(10, u * 6) * 100).
  NexmarkRandom ours(23);
  NexmarkRandom beams(23);
  int mismatches = 0;
  for (int i = 0; i < 200'000; ++i) {
    const int64_t price = NexmarkStrings::nextPrice(ours);
    const auto expected =
        static_cast<int64_t>(std::floor(std::pow(10.0, beams.nextDouble() * 6.0) * 100.0 + 0.5));
    if (price != expected) {
      ++mismatches;
      EXPECT_LE(std::abs(price - expected), 1) << i;
    }
  }
  EXPECT_LE(mismatches, 2);
}

TEST(NexmarkStringsTest, CreditCardIsFourGroupsOfFourDigits) {
  NexmarkRandom random(19);
  char buffer[32];
  const std::regex pattern("[0-9]{4} [0-9]{4} [0-9]{4} [0-9]{4}");
  for (int i = 0; i < 100; ++i) {
    const std::string card(NexmarkStrings::nextCreditCard(random, buffer));
    ASSERT_TRUE(std::regex_match(card, pattern)) << card;
  }
}

TEST(NexmarkChannelsTest, JavaAbsOfReversedBits) {
  EXPECT_EQ(NexmarkChannels::javaAbsReversed(0), 0);
  EXPECT_EQ(NexmarkChannels::javaAbsReversed(1), std::numeric_limits<int32_t>::min());
  EXPECT_EQ(NexmarkChannels::javaAbsReversed(2), 1 << 30);
  EXPECT_EQ(NexmarkChannels::javaAbsReversed(3), 1 << 30);  // 0xC0000000 = -2^30
  EXPECT_EQ(NexmarkChannels::javaAbsReversed(4), 1 << 29);
  EXPECT_EQ(NexmarkChannels::javaAbsReversed(6), 0x60000000);
  EXPECT_EQ(NexmarkChannels::javaAbsReversed(10), 1342177280);
  EXPECT_EQ(NexmarkChannels::javaAbsReversed(9999), 253493248);
}

TEST(NexmarkChannelsTest, NamesAndUrlsFollowNexmarkFlink) {
  const NexmarkChannels& channels = NexmarkChannels::instance();
  EXPECT_EQ(&channels, &NexmarkChannels::instance());
  EXPECT_EQ(channels.hotName(0), "Google");
  EXPECT_EQ(channels.hotName(1), "Facebook");
  EXPECT_EQ(channels.hotName(2), "Baidu");
  EXPECT_EQ(channels.hotName(3), "Apple");
  EXPECT_EQ(channels.name(0), "channel-0");
  EXPECT_EQ(channels.name(9999), "channel-9999");

  const std::regex base(
      "https://www\\.nexmark\\.com/[a-z_]{3,4}/[a-z_]{3,4}/[a-z_]{3,4}/item\\.htm\\?query=1");
  for (int i = 0; i < kNexmarkNumHotChannels; ++i) {
    EXPECT_TRUE(std::regex_match(std::string(channels.hotUrl(i)), base)) << channels.hotUrl(i);
  }
  int withId = 0;
  for (int32_t n = 0; n < kNexmarkNumChannels; ++n) {
    const std::string url(channels.url(n));
    const size_t suffix = url.find("&channel_id=");
    if (suffix == std::string::npos) {
      ASSERT_TRUE(std::regex_match(url, base)) << url;
      continue;
    }
    ++withId;
    ASSERT_TRUE(std::regex_match(url.substr(0, suffix), base)) << url;
    ASSERT_EQ(url.substr(suffix + 12), std::to_string(NexmarkChannels::javaAbsReversed(n))) << url;
  }
  EXPECT_NEAR(withId, 9000, 150);  // nine in ten
}

class NexmarkEventFactoryTest : public ::testing::Test {
 protected:
  NexmarkConfig config_;
  NexmarkEventFactory factory_ = NexmarkEventFactory::make(config_).valueOrDie();
};

TEST_F(NexmarkEventFactoryTest, EventKindsFollowTheProportions) {
  for (int64_t id = 0; id < 500; ++id) {
    const NexmarkEvent event = factory_.event(id, id);
    const int64_t offset = id % 50;
    const NexmarkEventType expected = offset == 0  ? NexmarkEventType::kPerson
                                      : offset < 4 ? NexmarkEventType::kAuction
                                                   : NexmarkEventType::kBid;
    EXPECT_EQ(eventTypeOf(event), expected) << id;
  }
}

TEST_F(NexmarkEventFactoryTest, PersonFieldsFollowBeam) {
  const std::set<std::string> states = {"AZ", "CA", "ID", "OR", "WA", "WY"};
  const std::set<std::string> cities = {"Phoenix",  "Los Angeles", "San Francisco", "Boise",
                                        "Portland", "Bend",        "Redmond",       "Seattle",
                                        "Kent",     "Cheyenne"};
  const std::regex name(
      "(Peter|Paul|Luke|John|Saul|Vicky|Kate|Julie|Sarah|Deiter|Walter) "
      "(Shultz|Abrams|Spencer|White|Bartels|Walton|Smith|Jones|Noris)");
  // nextString(7) "@" nextString(5) ".com"; each part may be empty after trimming.
  const std::regex email("([a-z]([a-z ]*[a-z])?)?@([a-z]([a-z ]*[a-z])?)?\\.com");
  for (int64_t epoch = 0; epoch < 300; ++epoch) {
    const int64_t id = epoch * 50;
    const auto person = std::get<NexmarkPerson>(factory_.event(id, id));
    EXPECT_EQ(person.id, 1000 + epoch);
    EXPECT_TRUE(std::regex_match(person.name, name)) << person.name;
    EXPECT_TRUE(std::regex_match(person.emailAddress, email)) << person.emailAddress;
    EXPECT_EQ(person.creditCard.size(), 19u);
    EXPECT_TRUE(states.count(person.state)) << person.state;
    EXPECT_TRUE(cities.count(person.city)) << person.city;
    EXPECT_EQ(person.dateTime, config_.baseTime + id / 10);
  }
}

TEST_F(NexmarkEventFactoryTest, EventsAreAFunctionOfTheirIdOnly) {
  NexmarkEventFactory other = NexmarkEventFactory::make(config_).valueOrDie();
  // Generating other events in between (reusing the scratch buffer) changes nothing.
  for (int64_t id : {5000, 7, 123456, 1, 99}) {
    const NexmarkEvent first = factory_.event(id, id);
    for (int64_t noise = 0; noise < 60; ++noise) factory_.event(noise, noise);
    EXPECT_EQ(first, factory_.event(id, id)) << id;
    EXPECT_EQ(first, other.event(id, id)) << id;
  }
  // Another seed gives other values for the same ids.
  NexmarkConfig seeded = config_;
  seeded.seed = 1;
  NexmarkEventFactory reseeded = NexmarkEventFactory::make(seeded).valueOrDie();
  const auto a = std::get<NexmarkAuction>(factory_.event(1001, 1001));
  const auto b = std::get<NexmarkAuction>(reseeded.event(1001, 1001));
  EXPECT_EQ(a.id, b.id);  // ids follow from the event id, not the seed
  EXPECT_NE(a.description, b.description);
}

TEST_F(NexmarkEventFactoryTest, BeamHasFiveCategoriesByDefault) {
  std::set<int64_t> categories;
  for (int64_t epoch = 0; epoch < 200; ++epoch) {
    for (int64_t offset = 1; offset <= 3; ++offset) {
      const int64_t id = epoch * 50 + offset;
      categories.insert(std::get<NexmarkAuction>(factory_.event(id, id)).category);
    }
  }
  EXPECT_EQ(categories, (std::set<int64_t>{10, 11, 12, 13, 14}));

  NexmarkConfig ten = config_;
  ten.numCategories = 10;
  NexmarkEventFactory wide = NexmarkEventFactory::make(ten).valueOrDie();
  categories.clear();
  for (int64_t epoch = 0; epoch < 200; ++epoch) {
    categories.insert(
        std::get<NexmarkAuction>(wide.event(epoch * 50 + 1, epoch * 50 + 1)).category);
  }
  EXPECT_EQ(*categories.begin(), 10);
  EXPECT_EQ(*categories.rbegin(), 19);
}

}  // namespace
}  // namespace sabot::connectors
