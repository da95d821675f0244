// NexmarkSource as the runtime drives it: its readers, unthrottled and paced
// to a wall-clock rate (on a manual clock, so the test never waits).

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "sabot/connectors/NexmarkSource.h"
#include "sabot/time/Clock.h"

namespace sabot::connectors {
namespace {

using runtime::SourcePoll;

NexmarkConfig eventsConfig(int64_t events) {
  NexmarkConfig config;
  config.numEvents = events;
  return config;
}

std::unique_ptr<runtime::SourceReader> readerOf(const NexmarkSource& source, const time::Clock& clock,
                                                int32_t subtask = 0, int32_t parallelism = 1) {
  runtime::OperatorContext context;
  context.subtaskIndex = subtask;
  context.parallelism = parallelism;
  context.clock = &clock;
  return source.createReader(context).valueOrDie();
}

TEST(NexmarkSourceTest, UnthrottledReturnsFullBatches) {
  auto source = NexmarkSource::make(eventsConfig(100'000), NexmarkStream::kBids).valueOrDie();
  time::ManualClock clock(0);
  auto reader = readerOf(*source, clock);
  SourcePoll poll = reader->poll(4096).valueOrDie();
  ASSERT_EQ(poll.kind, SourcePoll::Kind::kBatch);
  EXPECT_EQ(poll.batch->numRows(), 4096);
}

TEST(NexmarkSourceTest, PacedSourceWaitsWithNotNowInsteadOfSleeping) {
  // 1,000 events/s: the first poll gets the one event due at once (a bid
  // batch of one row walks past the person and three auctions before it:
  // 5 events), and the next poll, with no time passed, must wait the 5 ms
  // those events take at this rate.
  auto source = NexmarkSource::make(eventsConfig(10'000), NexmarkStream::kBids, 1000).valueOrDie();
  time::ManualClock clock(1'000'000);
  auto reader = readerOf(*source, clock);
  SourcePoll first = reader->poll(8192).valueOrDie();
  ASSERT_EQ(first.kind, SourcePoll::Kind::kBatch);
  EXPECT_EQ(first.batch->numRows(), 1);
  SourcePoll second = reader->poll(8192).valueOrDie();
  ASSERT_EQ(second.kind, SourcePoll::Kind::kNotNow);
  EXPECT_EQ(second.retryAfter.count(), 5000);

  // 100 ms later 101 events are due, 5 were spent: at most 96 bid rows.
  clock.advanceMillis(100);
  SourcePoll third = reader->poll(8192).valueOrDie();
  ASSERT_EQ(third.kind, SourcePoll::Kind::kBatch);
  EXPECT_EQ(third.batch->numRows(), 96);
  EXPECT_EQ(reader->poll(8192).valueOrDie().kind, SourcePoll::Kind::kNotNow);

  // After the whole stream's time every remaining bid comes, then the end.
  clock.advanceMillis(10'000);
  int64_t rows = 1 + 96;
  while (true) {
    SourcePoll poll = reader->poll(8192).valueOrDie();
    ASSERT_NE(poll.kind, SourcePoll::Kind::kNotNow);
    if (poll.kind == SourcePoll::Kind::kEnd) break;
    rows += poll.batch->numRows();
  }
  EXPECT_EQ(rows, 9200);
}

TEST(NexmarkSourceTest, RateIsSharedBySubtasks) {
  // 2,000 events/s over two subtasks: each gets 1,000, so after one second
  // each has handed out about 1,000 events (920 bids), not 2,000.
  auto source = NexmarkSource::make(eventsConfig(100'000), NexmarkStream::kEvents, 2000).valueOrDie();
  time::ManualClock clock(0);
  for (int32_t subtask = 0; subtask < 2; ++subtask) {
    auto reader = readerOf(*source, clock, subtask, 2);
    ASSERT_EQ(reader->poll(8192).valueOrDie().batch->numRows(), 1);
    clock.advanceMillis(1000);
    SourcePoll poll = reader->poll(8192).valueOrDie();
    ASSERT_EQ(poll.kind, SourcePoll::Kind::kBatch);
    EXPECT_EQ(poll.batch->numRows(), 1000);  // 1,001 due, 1 spent
    EXPECT_EQ(reader->poll(8192).valueOrDie().kind, SourcePoll::Kind::kNotNow);
    clock.setMillis(0);
  }
}

TEST(NexmarkSourceTest, BadRateIsRejected) {
  for (double rate : {-1.0, std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}) {
    auto source = NexmarkSource::make(eventsConfig(1000), NexmarkStream::kBids, rate);
    ASSERT_FALSE(source.ok()) << rate;
    EXPECT_NE(source.status().message().find("rate"), std::string::npos) << source.status().toString();
  }
}

}  // namespace
}  // namespace sabot::connectors
