// Interval join: the operator driven directly (exact output, late rows,
// buffer cleanup, keys, snapshot/restore) and whole jobs through the
// runtime, checked against a nested-loop join at parallelism 1 and 3.

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <thread>

#include "sabot/base/testing/TestDirectory.h"
#include "sabot/api/StreamEnvironment.h"
#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/connectors/CollectSink.h"
#include "sabot/connectors/MemorySource.h"
#include "sabot/operators/join/IntervalJoinOperator.h"
#include "sabot/runtime/Metrics.h"
#include "sabot/operators/tests/OperatorTestSupport.h"

namespace sabot::operators {
namespace {

using tests::CapturingCollector;

using api::StreamEnvironment;
using columnar::RecordBatchPtr;
using columnar::SchemaPtr;
using runtime::EventTime;
using std::chrono::milliseconds;

struct Row {
  int64_t key;
  int64_t time;
  int64_t value;
};

/// key, ts (int64 milliseconds), and lv (left) or rv (right).
SchemaPtr sideSchema(const std::string& valueName) {
  return columnar::schema({columnar::field("key", columnar::int64()), columnar::field("ts", columnar::int64()),
                           columnar::field(valueName, columnar::int64())});
}
const SchemaPtr kLeft = sideSchema("lv");
const SchemaPtr kRight = sideSchema("rv");

RecordBatchPtr batchOf(const SchemaPtr& schema, const std::vector<Row>& rows) {
  columnar::NumericBuilder<int64_t> keys(columnar::int64()), times(columnar::int64()), values(columnar::int64());
  for (const Row& row : rows) {
    SABOT_CHECK_OK(keys.append(row.key));
    SABOT_CHECK_OK(times.append(row.time));
    SABOT_CHECK_OK(values.append(row.value));
  }
  return columnar::RecordBatch::make(schema, static_cast<int64_t>(rows.size()),
                                     {keys.finish().valueOrDie(), times.finish().valueOrDie(),
                                      values.finish().valueOrDie()})
      .valueOrDie();
}

using Rows = std::vector<std::string>;

/// Every row of `batches` as its values joined by spaces, sorted.
Rows rowsOf(const std::vector<RecordBatchPtr>& batches) { return tests::formattedRows(batches); }

std::string joinedRow(const Row& left, const Row& right) {
  return fmt::format("{} {} {} {} {} {}", left.key, left.time, left.value, right.key, right.time, right.value);
}

/// One interval join subtask, fed by hand.
struct Driver {
  explicit Driver(std::shared_ptr<IntervalJoinOperator> joinOperator) : op(std::move(joinOperator)) {
    context.metrics = &metrics;
    state = op->makeState(context).valueOrDie();
  }
  void left(const std::vector<Row>& rows) { SABOT_CHECK_OK(op->processBatch(state.get(), 0, batchOf(kLeft, rows), out)); }
  void right(const std::vector<Row>& rows) {
    SABOT_CHECK_OK(op->processBatch(state.get(), 1, batchOf(kRight, rows), out));
  }
  void watermark(EventTime watermark) { SABOT_CHECK_OK(op->processWatermark(state.get(), watermark, out)); }
  int64_t buffered(JoinSide side) const { return IntervalJoinOperator::bufferedRows(*state, side); }
  int64_t stored(JoinSide side) const { return IntervalJoinOperator::storedRows(*state, side); }

  std::shared_ptr<IntervalJoinOperator> op;
  runtime::OperatorMetrics metrics;
  runtime::OperatorContext context;
  std::unique_ptr<runtime::OperatorState> state;
  CapturingCollector out;
};

std::shared_ptr<IntervalJoinOperator> makeJoin(int64_t lowerMs, int64_t upperMs) {
  IntervalJoinOptions options{{"key"}, {"key"}, "ts", "ts", lowerMs, upperMs};
  return IntervalJoinOperator::make(kLeft, kRight, options).valueOrDie();
}

TEST(IntervalJoinTest, JoinsOutOfOrderRowsWithinTheBoundsAndCleansUpAsTheWatermarkPasses) {
  // right.ts in [left.ts - 1000, left.ts + 500]
  Driver join(makeJoin(-1000, 500));
  EXPECT_EQ(join.op->outputSchema()->toString(),
            columnar::schema({columnar::field("key", columnar::int64()), columnar::field("ts", columnar::int64()),
                              columnar::field("lv", columnar::int64()), columnar::field("right_key", columnar::int64()),
                              columnar::field("right_ts", columnar::int64()), columnar::field("rv", columnar::int64())})
                ->toString());
  join.left({{1, 1000, 10}, {2, 2000, 11}});
  join.right({{1, 500, 20}, {1, 1600, 21}, {2, 2500, 22}, {3, 1000, 23}});
  EXPECT_EQ(rowsOf(join.out.batches), (Rows{"1 1000 10 1 500 20", "2 2000 11 2 2500 22"})) << "upper bound inclusive";
  join.left({{1, 900, 12}});  // out of order: still joins 500, not 1600
  EXPECT_EQ(join.buffered(JoinSide::kLeft), 3);
  EXPECT_EQ(join.buffered(JoinSide::kRight), 4);

  // Watermark 1600: left rows at l go at l + 500 (1000 and 900), right rows
  // at r at r + 1000 (500).
  join.watermark(1600);
  EXPECT_EQ(join.buffered(JoinSide::kLeft), 1);
  EXPECT_EQ(join.buffered(JoinSide::kRight), 3);
  EXPECT_EQ(join.stored(JoinSide::kLeft), 1) << "more dead than alive rows: compacted";

  join.left({{1, 1600, 13}, {1, 1601, 14}});  // 1600 is late (<= watermark)
  EXPECT_EQ(join.metrics.lateRecords.load(), 1);
  EXPECT_EQ(rowsOf(join.out.batches), (Rows{"1 1000 10 1 500 20", "1 1601 14 1 1600 21", "1 900 12 1 500 20",
                                            "2 2000 11 2 2500 22"}));
  join.watermark(5000);
  EXPECT_EQ(join.buffered(JoinSide::kLeft), 0);
  EXPECT_EQ(join.buffered(JoinSide::kRight), 0);
  EXPECT_EQ(join.stored(JoinSide::kLeft), 0);
  EXPECT_EQ(join.stored(JoinSide::kRight), 0);
  EXPECT_EQ(join.out.watermarks, (std::vector<EventTime>{1600, 5000})) << "watermarks are forwarded";
}

TEST(IntervalJoinTest, RowsThatNoLaterRowCanReachAreNotKept) {
  // right.ts in [left.ts + 100, left.ts + 200]: a right row can only meet
  // left rows at least 100 ms older, so at watermark W it is useless once
  // r - 100 <= W.
  Driver join(makeJoin(100, 200));
  join.watermark(1000);
  join.right({{1, 1050, 1}, {1, 1200, 2}});
  EXPECT_EQ(join.buffered(JoinSide::kRight), 1) << "1050 - 100 <= 1000: dropped at once";
  join.left({{1, 1001, 3}});
  EXPECT_EQ(rowsOf(join.out.batches), (Rows{"1 1001 3 1 1200 2"}));
}

TEST(IntervalJoinTest, NullKeysNeverJoinAndNullTimesAreLate) {
  Driver join(makeJoin(-10, 10));
  auto withNulls = [](const SchemaPtr& schema, std::vector<std::optional<int64_t>> keys,
                      std::vector<std::optional<int64_t>> times) {
    std::vector<std::optional<int64_t>> values(keys.size(), 1);
    return columnar::RecordBatch::make(schema, {columnar::makeArray<int64_t>(columnar::int64(), keys),
                                                columnar::makeArray<int64_t>(columnar::int64(), times),
                                                columnar::makeArray<int64_t>(columnar::int64(), values)})
        .valueOrDie();
  };
  ASSERT_TRUE(join.op->processBatch(join.state.get(), 0, withNulls(kLeft, {std::nullopt, 1, 1}, {5, std::nullopt, 5}),
                                    join.out)
                  .ok());
  EXPECT_EQ(join.buffered(JoinSide::kLeft), 1);
  EXPECT_EQ(join.metrics.lateRecords.load(), 1);
  ASSERT_TRUE(
      join.op->processBatch(join.state.get(), 1, withNulls(kRight, {std::nullopt, 1}, {5, 6}), join.out).ok());
  EXPECT_EQ(rowsOf(join.out.batches), (Rows{"1 5 1 1 6 1"}));
}

TEST(IntervalJoinTest, MultiColumnKeysJoinOnEveryColumn) {
  const SchemaPtr left = columnar::schema({columnar::field("region", columnar::utf8()),
                                           columnar::field("id", columnar::int32()),
                                           columnar::field("at", columnar::timestamp(columnar::TimeUnit::kSecond))});
  const SchemaPtr right = columnar::schema({columnar::field("id", columnar::int32()),
                                            columnar::field("region", columnar::largeUtf8()),
                                            columnar::field("at", columnar::timestamp(columnar::TimeUnit::kSecond))});
  IntervalJoinOptions options{{"region", "id"}, {"region", "id"}, "at", "at", 0, 2000};
  auto op = IntervalJoinOperator::make(left, right, options).valueOrDie();
  CapturingCollector out;
  auto state = op->makeState({}).valueOrDie();
  auto seconds = [](std::vector<std::optional<int64_t>> values) {
    return columnar::makeArray<int64_t>(columnar::timestamp(columnar::TimeUnit::kSecond), values);
  };
  ASSERT_TRUE(op->processBatch(state.get(), 0,
                               columnar::RecordBatch::make(left, {columnar::makeStringArray({"eu", "eu", "us"}),
                                                                  columnar::makeArray<int32_t>(columnar::int32(), {1, 2, 1}),
                                                                  seconds({10, 10, 10})})
                                   .valueOrDie(),
                               out)
                  .ok());
  // (1, eu) at 12 s joins (eu, 1) at 10 s (within 2 s); (1, us) at 13 s is too late; (2, us) has no partner.
  ASSERT_TRUE(op->processBatch(state.get(), 1,
                               columnar::RecordBatch::make(right, {columnar::makeArray<int32_t>(columnar::int32(), {1, 1, 2}),
                                                                   columnar::makeStringArray({"eu", "us", "us"}, columnar::largeUtf8()),
                                                                   seconds({12, 13, 10})})
                                   .valueOrDie(),
                               out)
                  .ok());
  Rows rows = rowsOf(out.batches);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].substr(0, 5), "eu 1 ");
}

TEST(IntervalJoinTest, PlanTimeErrorsNameWhatIsWrong) {
  auto build = [](SchemaPtr leftSchema, std::vector<std::string> leftKeys, std::vector<std::string> rightKeys,
                  std::string leftTime, milliseconds lower, milliseconds upper) {
    auto env = StreamEnvironment::create();
    auto left = env.fromSource(connectors::MemorySource::make(leftSchema, {}).valueOrDie(), "left");
    auto right = env.fromSource(connectors::MemorySource::make(kRight, {}).valueOrDie(), "right");
    left.keyBy(leftKeys).intervalJoin(right.keyBy(rightKeys), leftTime, "ts", lower, upper).print();
    return env.status();
  };
  const SchemaPtr narrowKey = columnar::schema({columnar::field("k32", columnar::int32()),
                                                columnar::field("ts", columnar::int64()),
                                                columnar::field("lv", columnar::int64())});
  const Status mismatch = build(narrowKey, {"k32"}, {"key"}, "ts", milliseconds(0), milliseconds(1));
  EXPECT_TRUE(mismatch.isTypeError()) << mismatch;
  EXPECT_NE(mismatch.message().find("left column 'k32' is int32 but right column 'key' is int64"), std::string::npos)
      << mismatch;
  EXPECT_NE(mismatch.message().find("intervalJoin on the output of [0] 'left' with [1] 'right'"), std::string::npos)
      << mismatch;
  const Status count = build(kLeft, {"key", "lv"}, {"key"}, "ts", milliseconds(0), milliseconds(1));
  EXPECT_NE(count.message().find("keyed by 2 columns"), std::string::npos) << count;
  const Status bounds = build(kLeft, {"key"}, {"key"}, "ts", milliseconds(5), milliseconds(1));
  EXPECT_NE(bounds.message().find("lower bound (5 ms) is above the upper bound (1 ms)"), std::string::npos) << bounds;
  const Status time = build(kLeft, {"key"}, {"key"}, "lv_missing", milliseconds(0), milliseconds(1));
  EXPECT_TRUE(time.isKeyError()) << time;
  EXPECT_NE(time.message().find("left time column"), std::string::npos) << time;
}

/// Steps fed to a subtask: a left batch, a right batch or a watermark.
struct Step {
  int kind;  ///< 0 left, 1 right, 2 watermark
  std::vector<Row> rows;
  EventTime watermark = 0;
};

std::vector<Step> randomSteps(uint64_t seed, int numBatches) {
  std::mt19937_64 random(seed);
  std::vector<Step> steps;
  int64_t now = 0;
  for (int b = 0; b < numBatches; ++b) {
    Step step{static_cast<int>(random() % 2), {}};
    for (int i = 0; i < 40; ++i) {
      step.rows.push_back({static_cast<int64_t>(random() % 7), now + static_cast<int64_t>(random() % 300),
                           b * 100 + i});
    }
    steps.push_back(step);
    now += 37;
    if (b % 3 == 2) steps.push_back({2, {}, now - 1});  // every row after this is later than it
  }
  return steps;
}

Rows nestedLoop(const std::vector<Row>& left, const std::vector<Row>& right, int64_t lower, int64_t upper) {
  Rows rows;
  for (const Row& l : left) {
    for (const Row& r : right) {
      if (l.key == r.key && r.time >= l.time + lower && r.time <= l.time + upper) rows.push_back(joinedRow(l, r));
    }
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

TEST(IntervalJoinTest, RandomInterleavedInputMatchesANestedLoopForEveryKindOfBounds) {
  // The runtime test below cannot choose how the two inputs interleave;
  // here left and right batches alternate at random between watermarks, so
  // a row dropped too early loses a match.
  for (auto [lower, upper] : {std::pair<int64_t, int64_t>{-150, 80}, {0, 0}, {50, 200}, {-300, -100}}) {
    for (uint64_t seed : {1, 2, 3}) {
      const std::vector<Step> steps = randomSteps(seed, 80);
      Driver join(makeJoin(lower, upper));
      std::vector<Row> left, right;
      for (const Step& step : steps) {
        if (step.kind == 0) join.left(step.rows);
        if (step.kind == 1) join.right(step.rows);
        if (step.kind == 2) join.watermark(step.watermark);
        if (step.kind == 0) left.insert(left.end(), step.rows.begin(), step.rows.end());
        if (step.kind == 1) right.insert(right.end(), step.rows.begin(), step.rows.end());
      }
      EXPECT_EQ(join.metrics.lateRecords.load(), 0);
      EXPECT_EQ(rowsOf(join.out.batches), nestedLoop(left, right, lower, upper))
          << "bounds [" << lower << ", " << upper << "], seed " << seed;
      EXPECT_LT(join.buffered(JoinSide::kLeft) + join.buffered(JoinSide::kRight), 400) << "old rows are dropped";
    }
  }
}

TEST(IntervalJoinTest, SnapshotAndRestoreMidJoinGiveTheSameResult) {
  const std::vector<Step> steps = randomSteps(11, 60);
  auto run = [&](Driver& join, size_t from, size_t to) {
    for (size_t s = from; s < to; ++s) {
      if (steps[s].kind == 0) join.left(steps[s].rows);
      if (steps[s].kind == 1) join.right(steps[s].rows);
      if (steps[s].kind == 2) join.watermark(steps[s].watermark);
    }
  };
  Driver whole(makeJoin(-150, 80));
  run(whole, 0, steps.size());
  std::vector<Row> left, right;
  for (const Step& step : steps) {
    if (step.kind == 0) left.insert(left.end(), step.rows.begin(), step.rows.end());
    if (step.kind == 1) right.insert(right.end(), step.rows.begin(), step.rows.end());
  }
  EXPECT_EQ(whole.metrics.lateRecords.load(), 0);
  EXPECT_EQ(rowsOf(whole.out.batches), nestedLoop(left, right, -150, 80));

  for (size_t cut : {steps.size() / 3, steps.size() / 2 + 1}) {
    Driver first(makeJoin(-150, 80));
    run(first, 0, cut);
    checkpoint::SnapshotWriter writer;
    ASSERT_TRUE(first.op->snapshotState(first.state.get(), 1, writer).ok());
    Driver second(makeJoin(-150, 80));
    checkpoint::SnapshotReader reader(writer.bytes(), "interval join snapshot");
    ASSERT_TRUE(second.op->restoreState(second.state.get(), reader).ok());
    EXPECT_EQ(second.buffered(JoinSide::kLeft), first.buffered(JoinSide::kLeft));
    EXPECT_EQ(second.buffered(JoinSide::kRight), first.buffered(JoinSide::kRight));
    EXPECT_GT(first.buffered(JoinSide::kLeft) + first.buffered(JoinSide::kRight), 0) << "cut mid-join";
    run(second, cut, steps.size());
    std::vector<RecordBatchPtr> output = first.out.batches;
    output.insert(output.end(), second.out.batches.begin(), second.out.batches.end());
    EXPECT_EQ(rowsOf(output), rowsOf(whole.out.batches)) << "cut at step " << cut;

    // A truncated snapshot is a Corrupt error, not a crash.
    Driver third(makeJoin(-150, 80));
    checkpoint::SnapshotReader truncated(std::string_view(writer.bytes()).substr(0, writer.bytes().size() - 3),
                                         "interval join snapshot");
    const Status status = third.op->restoreState(third.state.get(), truncated);
    EXPECT_TRUE(status.isCorrupt()) << status;
  }
}

/// Random rows of one side: times rise with up to 200 ms of jitter.
std::vector<Row> randomRows(std::mt19937_64& random, int64_t count, int64_t valueBase) {
  std::vector<Row> rows;
  for (int64_t i = 0; i < count; ++i) {
    rows.push_back({static_cast<int64_t>(random() % 23), i * 5 + static_cast<int64_t>(random() % 200), valueBase + i});
  }
  return rows;
}

std::vector<RecordBatchPtr> batchesOf(const SchemaPtr& schema, const std::vector<Row>& rows, size_t batchRows) {
  std::vector<RecordBatchPtr> batches;
  for (size_t i = 0; i < rows.size(); i += batchRows) {
    batches.push_back(batchOf(schema, std::vector<Row>(rows.begin() + i, rows.begin() + std::min(rows.size(), i + batchRows))));
  }
  return batches;
}

TEST(IntervalJoinTest, RandomStreamsMatchANestedLoopJoinAtParallelismOneAndThree) {
  std::mt19937_64 random(5);
  const std::vector<Row> left = randomRows(random, 4000, 0);
  const std::vector<Row> right = randomRows(random, 4000, 1'000'000);
  for (auto [lower, upper] : {std::pair<int64_t, int64_t>{-100, 50}, {20, 300}}) {
    const Rows expected = nestedLoop(left, right, lower, upper);
    ASSERT_GT(expected.size(), 1000u);
    for (int32_t parallelism : {1, 3}) {
      runtime::JobConfig config;
      config.parallelism = parallelism;
      config.workerThreads = 2;
      config.flushInterval = std::chrono::microseconds(0);
      auto env = StreamEnvironment::create(config);
      auto strategy = time::WatermarkStrategy::forBoundedOutOfOrderness("ts", milliseconds(300));
      auto leftStream = env.fromSource(connectors::MemorySource::make(kLeft, batchesOf(kLeft, left, 20)).valueOrDie(),
                                       strategy, "left")
                            .setParallelism(1);
      auto rightStream =
          env.fromSource(connectors::MemorySource::make(kRight, batchesOf(kRight, right, 17)).valueOrDie(), strategy,
                         "right")
              .setParallelism(1);
      auto joined = leftStream.keyBy({"key"}).intervalJoin(rightStream.keyBy({"key"}), "ts", "ts",
                                                           milliseconds(lower), milliseconds(upper));
      auto sink = std::make_shared<connectors::CollectSink>();
      joined.sinkTo(sink);
      auto result = env.execute("interval join");
      ASSERT_TRUE(result.ok()) << result.status();
      EXPECT_EQ(result->metrics.totalOf(joined.nodeId().value()).lateRecords, 0);
      EXPECT_EQ(rowsOf(sink->batches()), expected)
          << "bounds [" << lower << ", " << upper << "] at parallelism " << parallelism;
    }
  }
}

/// left (slowed down, so checkpoints happen while it runs) and right sources
/// -> keyBy(key) -> intervalJoin [-100, 50] -> sink, with checkpoints.
void buildCheckpointedJoin(StreamEnvironment& env, const std::vector<Row>& left, const std::vector<Row>& right,
                           std::shared_ptr<const runtime::Sink> sink) {
  auto strategy = time::WatermarkStrategy::forBoundedOutOfOrderness("ts", milliseconds(300));
  auto leftStream =
      env.fromSource(connectors::MemorySource::make(kLeft, batchesOf(kLeft, left, 20)).valueOrDie(), strategy, "left")
          .setParallelism(1);
  auto slowLeft = leftStream
                      .map([](const RecordBatchPtr& batch) -> Result<RecordBatchPtr> {
                        std::this_thread::sleep_for(std::chrono::microseconds(400));
                        return batch;
                      }, kLeft)
                      .setParallelism(1);
  auto rightStream =
      env.fromSource(connectors::MemorySource::make(kRight, batchesOf(kRight, right, 20)).valueOrDie(), strategy,
                     "right")
          .setParallelism(1);
  slowLeft.keyBy({"key"})
      .intervalJoin(rightStream.keyBy({"key"}), "ts", "ts", milliseconds(-100), milliseconds(50))
      .sinkTo(std::move(sink));
}

TEST(IntervalJoinTest, ACancelledAndRestoredJobJoinsEveryPairExactlyOnce) {
  namespace fs = std::filesystem;
  const fs::path directory = sabot::testing::freshTestDirectory("sabot-interval-join-restore");
  std::mt19937_64 random(21);
  const std::vector<Row> left = randomRows(random, 8000, 0);
  const std::vector<Row> right = randomRows(random, 8000, 1'000'000);
  const Rows expected = nestedLoop(left, right, -100, 50);
  runtime::JobConfig config;
  config.parallelism = 2;
  config.workerThreads = 2;
  config.checkpoints.directory = directory.string();
  config.checkpoints.interval = milliseconds(10);
  auto sink = std::make_shared<connectors::CollectSink>();
  {
    auto env = StreamEnvironment::create(config);
    buildCheckpointedJoin(env, left, right, sink);
    auto job = env.executeAsync("first run").valueOrDie();
    for (int wait = 0; wait < 5000 && job->checkpointStats().completed < 3; ++wait) {
      std::this_thread::sleep_for(milliseconds(2));
    }
    ASSERT_GE(job->checkpointStats().completed, 3);
    job->cancel();
    EXPECT_EQ(job->wait().status().code(), StatusCode::kCancelled);
  }
  EXPECT_LT(rowsOf(sink->batches()).size(), expected.size()) << "the first run stopped part way";
  config.checkpoints.restoreFrom = "latest";
  auto env = StreamEnvironment::create(config);
  buildCheckpointedJoin(env, left, right, sink);
  auto result = env.execute("second run");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_NE(result->restoredFrom.find("chk-"), std::string::npos);
  EXPECT_EQ(rowsOf(sink->batches()), expected) << "no pair lost, none duplicated";
}

}  // namespace
}  // namespace sabot::operators
