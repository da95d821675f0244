#include "sabot/time/WatermarkStrategy.h"

#include <gtest/gtest.h>

#include "sabot/columnar/ArrayBuilder.h"

namespace sabot::time {
namespace {

using columnar::RecordBatch;
using compute::col;
using compute::lit;

std::shared_ptr<const RecordBatch> batchOf(columnar::DataTypePtr type, const std::vector<std::optional<int64_t>>& times,
                                           std::vector<std::optional<int64_t>> kinds = {}) {
  if (kinds.empty()) kinds.assign(times.size(), int64_t{0});
  auto schema = std::make_shared<columnar::Schema>(
      std::vector<columnar::FieldPtr>{columnar::field("ts", type), columnar::field("kind", columnar::int64())});
  return RecordBatch::make(schema, {columnar::makeArray<int64_t>(type, times), columnar::makeArray<int64_t>(columnar::int64(), kinds)})
      .valueOrDie();
}

TEST(WatermarkStrategyTest, BoundedOutOfOrdernessTrailsTheHighestTimeByTheBoundAndOneMillisecond) {
  auto strategy = WatermarkStrategy::forBoundedOutOfOrderness("ts", std::chrono::milliseconds(100));
  auto batch = batchOf(columnar::int64(), {1000, 1500, 1200});
  auto instance = strategy.instantiate(*batch->schema()).valueOrDie();
  auto times = instance.extractor.extract(*batch).valueOrDie();
  EXPECT_EQ(instance.generator->onBatch(*batch, times), std::optional<EventTime>(1399));
  // An older batch does not move it back.
  auto older = batchOf(columnar::int64(), {10, std::nullopt});
  auto olderTimes = instance.extractor.extract(*older).valueOrDie();
  EXPECT_EQ(instance.generator->onBatch(*older, olderTimes), std::optional<EventTime>(1399));
  // A batch of nulls only says nothing.
  auto nulls = batchOf(columnar::int64(), {std::nullopt});
  EXPECT_FALSE(instance.generator->onBatch(*nulls, instance.extractor.extract(*nulls).valueOrDie()).has_value());
}

TEST(WatermarkStrategyTest, MonotonousTimestampsTrailByOneMillisecond) {
  auto strategy = WatermarkStrategy::forMonotonousTimestamps("ts");
  auto batch = batchOf(columnar::int64(), {5, 6, 7});
  auto instance = strategy.instantiate(*batch->schema()).valueOrDie();
  EXPECT_EQ(instance.generator->onBatch(*batch, instance.extractor.extract(*batch).valueOrDie()),
            std::optional<EventTime>(6));
  EXPECT_EQ(strategy.toString(), "monotonous timestamps on ts");
}

TEST(WatermarkStrategyTest, PunctuatedWatermarksComeFromMarkedRows) {
  auto strategy = WatermarkStrategy::punctuated("ts", col("kind") == lit(int64_t{1}));
  auto batch = batchOf(columnar::int64(), {100, 300, 200, 250}, {0, 0, 1, 1});
  auto instance = strategy.instantiate(*batch->schema()).valueOrDie();
  EXPECT_EQ(instance.generator->onBatch(*batch, instance.extractor.extract(*batch).valueOrDie()),
            std::optional<EventTime>(250));
  auto none = batchOf(columnar::int64(), {900}, {0});
  EXPECT_FALSE(instance.generator->onBatch(*none, instance.extractor.extract(*none).valueOrDie()).has_value());

  auto notBoolean = WatermarkStrategy::punctuated("ts", col("kind") + lit(int64_t{1}));
  EXPECT_TRUE(notBoolean.instantiate(*batch->schema()).status().isTypeError());
}

TEST(WatermarkStrategyTest, TimestampsOfEveryUnitBecomeMilliseconds) {
  struct Case {
    columnar::TimeUnit unit;
    int64_t raw;
    int64_t millis;
  };
  for (const Case& c : {Case{columnar::TimeUnit::kSecond, 3, 3000}, Case{columnar::TimeUnit::kMilli, 3, 3},
                        Case{columnar::TimeUnit::kMicro, 3'999, 3}, Case{columnar::TimeUnit::kNano, -1, -1},
                        Case{columnar::TimeUnit::kMicro, -1'500, -2}}) {
    auto batch = batchOf(columnar::timestamp(c.unit), {c.raw, std::nullopt});
    auto extractor = TimestampExtractor::make(col("ts"), *batch->schema()).valueOrDie();
    auto times = extractor.extract(*batch).valueOrDie();
    EXPECT_EQ(times.values<int64_t>()[0], c.millis) << columnar::timeUnitName(c.unit) << " " << c.raw;
    EXPECT_TRUE(times.isNull(1));
  }
}

TEST(WatermarkStrategyTest, TimestampsMayBeExpressions) {
  auto batch = batchOf(columnar::int64(), {10, 20});
  auto extractor = TimestampExtractor::make(col("ts") * lit(int64_t{1000}), *batch->schema()).valueOrDie();
  EXPECT_EQ(extractor.extract(*batch).valueOrDie().values<int64_t>()[1], 20'000);
}

TEST(WatermarkStrategyTest, BadTimestampsAreErrorsAtPlanTime) {
  auto batch = batchOf(columnar::int64(), {1});
  auto missing = WatermarkStrategy::forMonotonousTimestamps("nope").instantiate(*batch->schema());
  EXPECT_TRUE(missing.status().isKeyError()) << missing.status();
  auto schema = std::make_shared<columnar::Schema>(std::vector<columnar::FieldPtr>{columnar::field("ts", columnar::utf8())});
  auto wrongType = WatermarkStrategy::forMonotonousTimestamps("ts").instantiate(*schema);
  EXPECT_TRUE(wrongType.status().isTypeError()) << wrongType.status();
  EXPECT_NE(wrongType.status().message().find("must be a timestamp or int64 milliseconds"), std::string::npos);
  auto zeroIdle = WatermarkStrategy::forMonotonousTimestamps("ts").withIdleness(std::chrono::milliseconds(0));
  EXPECT_TRUE(zeroIdle.instantiate(*batch->schema()).status().isInvalid());
}

TEST(WatermarkStrategyTest, CustomGeneratorsAreMadePerSubtask) {
  struct EveryOther final : WatermarkGenerator {
    int calls = 0;
    std::optional<EventTime> onBatch(const columnar::RecordBatch&, const columnar::Array&) override {
      return ++calls % 2 == 0 ? std::optional<EventTime>(calls) : std::nullopt;
    }
  };
  auto strategy = WatermarkStrategy::custom("ts", [] { return std::make_unique<EveryOther>(); });
  auto batch = batchOf(columnar::int64(), {1});
  auto first = strategy.instantiate(*batch->schema()).valueOrDie();
  auto second = strategy.instantiate(*batch->schema()).valueOrDie();
  auto times = first.extractor.extract(*batch).valueOrDie();
  EXPECT_FALSE(first.generator->onBatch(*batch, times).has_value());
  EXPECT_EQ(first.generator->onBatch(*batch, times), std::optional<EventTime>(2));
  EXPECT_FALSE(second.generator->onBatch(*batch, times).has_value()) << "each subtask has its own generator";
}

}  // namespace
}  // namespace sabot::time
