#include "sabot/runtime/Channel.h"

#include <gtest/gtest.h>

#include "sabot/columnar/ArrayBuilder.h"

namespace sabot::runtime {
namespace {

struct CountingWaker final : Wakeable {
  int wakes = 0;
  void wake() override { ++wakes; }
};

columnar::RecordBatchPtr makeBatch(int64_t rows) {
  auto schema = std::make_shared<columnar::Schema>(
      std::vector<columnar::FieldPtr>{columnar::field("x", columnar::int64())});
  std::vector<std::optional<int64_t>> values(static_cast<size_t>(rows), int64_t{7});
  return columnar::RecordBatch::make(schema, {columnar::makeArray<int64_t>(columnar::int64(), values)}).valueOrDie();
}

TEST(ChannelTest, RefusesBatchesBeyondCapacityAndWakesTheProducerWhenSpaceFrees) {
  Channel channel("a -> b", ChannelOptions{2, 1 << 30});
  CountingWaker producer;
  CountingWaker consumer;
  channel.connect(&producer, &consumer);

  StreamElement first = StreamElement::batch(makeBatch(3));
  StreamElement second = StreamElement::batch(makeBatch(4));
  StreamElement third = StreamElement::batch(makeBatch(5));
  EXPECT_TRUE(channel.tryPush(first));
  EXPECT_TRUE(channel.tryPush(second));
  EXPECT_FALSE(channel.tryPush(third));
  EXPECT_NE(third.batchPtr(), nullptr) << "a refused element must be left untouched";
  EXPECT_EQ(producer.wakes, 0);

  auto popped = channel.tryPop();
  ASSERT_TRUE(popped.has_value());
  EXPECT_EQ(popped->numRows(), 3);
  EXPECT_EQ(producer.wakes, 1) << "freeing space must wake the refused producer";
  EXPECT_TRUE(channel.tryPush(third));
  EXPECT_EQ(channel.stats().queuedBatches, 2);
}

TEST(ChannelTest, WakesTheConsumerOnlyAfterItFoundTheChannelEmpty) {
  Channel channel("a -> b", ChannelOptions{});
  CountingWaker producer;
  CountingWaker consumer;
  channel.connect(&producer, &consumer);
  StreamElement batch = StreamElement::batch(makeBatch(1));
  EXPECT_TRUE(channel.tryPush(batch));
  EXPECT_EQ(consumer.wakes, 0);
  EXPECT_TRUE(channel.tryPop().has_value());
  EXPECT_FALSE(channel.tryPop().has_value());
  StreamElement again = StreamElement::batch(makeBatch(1));
  EXPECT_TRUE(channel.tryPush(again));
  EXPECT_EQ(consumer.wakes, 1);
}

TEST(ChannelTest, ControlEventsPassAFullChannelAndKeepTheirOrder) {
  Channel channel("a -> b", ChannelOptions{1, 1 << 30});
  StreamElement batch = StreamElement::batch(makeBatch(2));
  StreamElement watermark = StreamElement::watermark(42);
  StreamElement end = StreamElement::endOfInput();
  EXPECT_TRUE(channel.tryPush(batch));
  EXPECT_TRUE(channel.tryPush(watermark));
  EXPECT_TRUE(channel.tryPush(end));
  EXPECT_EQ(channel.tryPop()->kind(), StreamElementKind::kBatch);
  auto second = channel.tryPop();
  EXPECT_EQ(second->kind(), StreamElementKind::kWatermark);
  EXPECT_EQ(second->watermarkTimestamp(), 42);
  EXPECT_EQ(channel.tryPop()->kind(), StreamElementKind::kEndOfInput);
}

TEST(ChannelTest, ByteCapacityStillAdmitsOneOversizedBatch) {
  Channel channel("a -> b", ChannelOptions{100, 16});
  StreamElement big = StreamElement::batch(makeBatch(1000));
  StreamElement next = StreamElement::batch(makeBatch(1));
  EXPECT_TRUE(channel.tryPush(big)) << "an empty channel takes any batch, or a big batch would deadlock";
  EXPECT_FALSE(channel.tryPush(next));
  EXPECT_GE(channel.stats().peakQueuedBytes, 8000);
}

}  // namespace
}  // namespace sabot::runtime
