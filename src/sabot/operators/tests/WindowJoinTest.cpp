// Window join: the operator driven directly (exact output per window, late
// rows, pane cleanup, snapshot/restore) and whole jobs through the runtime,
// checked against a nested loop over windows at parallelism 1 and 3.

#include <gtest/gtest.h>

#include <map>
#include <random>

#include "sabot/api/StreamEnvironment.h"
#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/connectors/CollectSink.h"
#include "sabot/connectors/MemorySource.h"
#include "sabot/operators/join/WindowJoinOperator.h"
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

SchemaPtr sideSchema(const std::string& keyName, const std::string& timeName, const std::string& valueName) {
  return columnar::schema({columnar::field(keyName, columnar::int64()),
                           columnar::field(timeName, columnar::timestamp(columnar::TimeUnit::kMilli)),
                           columnar::field(valueName, columnar::int64())});
}
const SchemaPtr kLeft = sideSchema("user", "ts", "clicks");
const SchemaPtr kRight = sideSchema("uid", "at", "views");

RecordBatchPtr batchOf(const SchemaPtr& schema, const std::vector<Row>& rows) {
  columnar::NumericBuilder<int64_t> keys(columnar::int64()), values(columnar::int64());
  columnar::NumericBuilder<int64_t> times(columnar::timestamp(columnar::TimeUnit::kMilli));
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

/// Output rows as "user clicks uid views window_start window_end" with the
/// times as epoch milliseconds.
Rows rowsOf(const std::vector<RecordBatchPtr>& batches) {
  Rows rows;
  for (const auto& batch : batches) {
    for (int64_t r = 0; r < batch->numRows(); ++r) {
      rows.push_back(fmt::format("{} {} {} {} {} {}", batch->column(0).values<int64_t>()[r],
                                 batch->column(2).values<int64_t>()[r], batch->column(3).values<int64_t>()[r],
                                 batch->column(5).values<int64_t>()[r], batch->column(6).values<int64_t>()[r],
                                 batch->column(7).values<int64_t>()[r]));
    }
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

std::shared_ptr<WindowJoinOperator> makeJoin(const WindowSpec& window) {
  WindowJoinOptions options{window, {"user"}, {"uid"}, "at"};
  return WindowJoinOperator::make(kLeft, kRight, options).valueOrDie();
}

struct Driver {
  explicit Driver(std::shared_ptr<WindowJoinOperator> joinOperator) : op(std::move(joinOperator)) {
    context.metrics = &metrics;
    state = op->makeState(context).valueOrDie();
  }
  void left(const std::vector<Row>& rows) { SABOT_CHECK_OK(op->processBatch(state.get(), 0, batchOf(kLeft, rows), out)); }
  void right(const std::vector<Row>& rows) {
    SABOT_CHECK_OK(op->processBatch(state.get(), 1, batchOf(kRight, rows), out));
  }
  void watermark(EventTime watermark) { SABOT_CHECK_OK(op->processWatermark(state.get(), watermark, out)); }
  int64_t buffered(JoinSide side) const { return WindowJoinOperator::bufferedRows(*state, side); }
  int64_t panes() const { return WindowJoinOperator::bufferedPanes(*state); }

  std::shared_ptr<WindowJoinOperator> op;
  runtime::OperatorMetrics metrics;
  runtime::OperatorContext context;
  std::unique_ptr<runtime::OperatorState> state;
  CapturingCollector out;
};

TEST(WindowJoinTest, TumblingWindowsJoinRowsOfOneKeyAndWindowWhenTheWatermarkPassesTheEnd) {
  Driver join(makeJoin(WindowSpec::tumbling("ts", milliseconds(1000))));
  EXPECT_EQ(join.op->outputSchema()->field(3)->name(), "uid");
  EXPECT_EQ(join.op->outputSchema()->field(4)->name(), "at");
  EXPECT_EQ(join.op->outputSchema()->field(6)->name(), "window_start");
  join.left({{1, 100, 10}, {1, 1500, 11}, {2, 900, 12}});
  join.right({{1, 999, 20}, {1, 1000, 21}, {2, 50, 22}, {3, 500, 23}});
  join.left({{1, 300, 13}});  // out of order
  EXPECT_TRUE(join.out.batches.empty()) << "nothing before the watermark";
  EXPECT_EQ(join.panes(), 2);
  join.watermark(998);
  EXPECT_TRUE(join.out.batches.empty()) << "[0, 1000) fires at 999";
  join.watermark(999);
  EXPECT_EQ(rowsOf(join.out.batches),
            (Rows{"1 10 1 20 0 1000", "1 13 1 20 0 1000", "2 12 2 22 0 1000"}));
  EXPECT_EQ(join.panes(), 1) << "the fired window's pane is dropped";
  EXPECT_EQ(join.buffered(JoinSide::kLeft), 1);
  EXPECT_EQ(join.buffered(JoinSide::kRight), 1);

  join.right({{1, 999, 24}, {1, 1999, 25}});  // 999 is late now
  EXPECT_EQ(join.metrics.lateRecords.load(), 1);
  join.watermark(5000);
  EXPECT_EQ(rowsOf(join.out.batches), (Rows{"1 10 1 20 0 1000", "1 11 1 21 1000 2000", "1 11 1 25 1000 2000",
                                            "1 13 1 20 0 1000", "2 12 2 22 0 1000"}));
  EXPECT_EQ(join.panes(), 0);
  EXPECT_EQ(join.buffered(JoinSide::kLeft), 0);
  EXPECT_EQ(join.out.watermarks, (std::vector<EventTime>{998, 999, 5000}));
}

TEST(WindowJoinTest, SlidingWindowsJoinAPairOnceForEveryWindowHoldingBoth) {
  // 1000 ms every 500 ms: 700 and 900 share [0, 1000) and [500, 1500).
  Driver join(makeJoin(WindowSpec::sliding("ts", milliseconds(1000), milliseconds(500))));
  join.left({{1, 700, 1}, {1, 1200, 2}});
  join.right({{1, 900, 3}});
  join.watermark(10'000);
  EXPECT_EQ(rowsOf(join.out.batches), (Rows{"1 1 1 3 0 1000", "1 1 1 3 500 1500", "1 2 1 3 500 1500"}));
  EXPECT_EQ(join.panes(), 0);
}

TEST(WindowJoinTest, PlanTimeErrorsNameWhatIsWrong) {
  auto build = [](SchemaPtr rightSchema, std::vector<std::string> rightKeys, const WindowSpec& window) {
    auto env = StreamEnvironment::create();
    auto left = env.fromSource(connectors::MemorySource::make(kLeft, {}).valueOrDie(), "left");
    auto right = env.fromSource(connectors::MemorySource::make(rightSchema, {}).valueOrDie(), "right");
    left.keyBy({"user"}).windowJoin(right.keyBy(rightKeys), window, "at").print();
    return env.status();
  };
  const Status session = build(kRight, {"uid"}, WindowSpec::session("ts", milliseconds(10)));
  EXPECT_NE(session.message().find("not supported yet"), std::string::npos) << session;
  const SchemaPtr textKey = columnar::schema({columnar::field("uid", columnar::utf8()),
                                              columnar::field("at", columnar::timestamp(columnar::TimeUnit::kMilli)),
                                              columnar::field("views", columnar::int64())});
  const Status mismatch = build(textKey, {"uid"}, WindowSpec::tumbling("ts", milliseconds(10)));
  EXPECT_TRUE(mismatch.isTypeError()) << mismatch;
  EXPECT_NE(mismatch.message().find("left column 'user' is int64 but right column 'uid' is utf8"), std::string::npos)
      << mismatch;
  const SchemaPtr clash = columnar::schema({columnar::field("uid", columnar::int64()),
                                            columnar::field("at", columnar::timestamp(columnar::TimeUnit::kMilli)),
                                            columnar::field("window_end", columnar::int64())});
  const Status bounds = build(clash, {"uid"}, WindowSpec::tumbling("ts", milliseconds(10)));
  EXPECT_NE(bounds.message().find("adds a column 'window_end'"), std::string::npos) << bounds;
}

struct Step {
  int kind;  ///< 0 left, 1 right, 2 watermark
  std::vector<Row> rows;
  EventTime watermark = 0;
};

/// Every pair of rows with equal keys in the same window, per window.
Rows nestedLoop(const std::vector<Row>& left, const std::vector<Row>& right, const WindowSpec& spec) {
  Rows rows;
  for (const Row& l : left) {
    for (const Row& r : right) {
      if (l.key != r.key) continue;
      for (int64_t start = spec.lastWindowStart(l.time); start > l.time - spec.sizeMs; start -= spec.slideMs) {
        if (r.time >= start && r.time < start + spec.sizeMs) {
          rows.push_back(fmt::format("{} {} {} {} {} {}", l.key, l.value, r.key, r.value, start, start + spec.sizeMs));
        }
      }
    }
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

TEST(WindowJoinTest, SnapshotAndRestoreMidJoinGiveTheSameResult) {
  std::mt19937_64 random(3);
  std::vector<Step> steps;
  std::vector<Row> left, right;
  int64_t now = 0;
  for (int b = 0; b < 60; ++b) {
    Step step{static_cast<int>(random() % 2), {}};
    for (int i = 0; i < 30; ++i) {
      step.rows.push_back({static_cast<int64_t>(random() % 5), now + static_cast<int64_t>(random() % 400), b * 100 + i});
    }
    (step.kind == 0 ? left : right).insert((step.kind == 0 ? left : right).end(), step.rows.begin(), step.rows.end());
    steps.push_back(step);
    now += 50;
    if (b % 4 == 3) steps.push_back({2, {}, now - 1});
  }
  steps.push_back({2, {}, runtime::kMaxWatermark});
  const WindowSpec spec = WindowSpec::sliding("ts", milliseconds(600), milliseconds(200));
  auto run = [&](Driver& join, size_t from, size_t to) {
    for (size_t s = from; s < to; ++s) {
      if (steps[s].kind == 0) join.left(steps[s].rows);
      if (steps[s].kind == 1) join.right(steps[s].rows);
      if (steps[s].kind == 2) join.watermark(steps[s].watermark);
    }
  };
  Driver whole(makeJoin(spec));
  run(whole, 0, steps.size());
  EXPECT_EQ(whole.metrics.lateRecords.load(), 0);
  EXPECT_EQ(rowsOf(whole.out.batches), nestedLoop(left, right, spec));

  const size_t cut = steps.size() / 2;
  Driver first(makeJoin(spec));
  run(first, 0, cut);
  checkpoint::SnapshotWriter writer;
  ASSERT_TRUE(first.op->snapshotState(first.state.get(), 1, writer).ok());
  Driver second(makeJoin(spec));
  checkpoint::SnapshotReader reader(writer.bytes(), "window join snapshot");
  ASSERT_TRUE(second.op->restoreState(second.state.get(), reader).ok());
  EXPECT_GT(second.panes(), 0);
  EXPECT_EQ(second.buffered(JoinSide::kLeft), first.buffered(JoinSide::kLeft));
  run(second, cut, steps.size());
  std::vector<RecordBatchPtr> output = first.out.batches;
  output.insert(output.end(), second.out.batches.begin(), second.out.batches.end());
  EXPECT_EQ(rowsOf(output), rowsOf(whole.out.batches));

  Driver third(makeJoin(spec));
  checkpoint::SnapshotReader truncated(std::string_view(writer.bytes()).substr(0, writer.bytes().size() / 2),
                                       "window join snapshot");
  const Status status = third.op->restoreState(third.state.get(), truncated);
  EXPECT_TRUE(status.isCorrupt()) << status;
}

std::vector<RecordBatchPtr> batchesOf(const SchemaPtr& schema, const std::vector<Row>& rows, size_t batchRows) {
  std::vector<RecordBatchPtr> batches;
  for (size_t i = 0; i < rows.size(); i += batchRows) {
    batches.push_back(batchOf(schema, std::vector<Row>(rows.begin() + i, rows.begin() + std::min(rows.size(), i + batchRows))));
  }
  return batches;
}

TEST(WindowJoinTest, RandomStreamsMatchANestedLoopJoinAtParallelismOneAndThree) {
  std::mt19937_64 random(9);
  auto randomRows = [&](int64_t count, int64_t valueBase) {
    std::vector<Row> rows;
    for (int64_t i = 0; i < count; ++i) {
      rows.push_back({static_cast<int64_t>(random() % 31), i * 4 + static_cast<int64_t>(random() % 150), valueBase + i});
    }
    return rows;
  };
  const std::vector<Row> left = randomRows(3000, 0);
  const std::vector<Row> right = randomRows(3000, 1'000'000);
  for (const WindowSpec& spec : {WindowSpec::tumbling("ts", milliseconds(250)),
                                 WindowSpec::sliding("ts", milliseconds(300), milliseconds(100))}) {
    const Rows expected = nestedLoop(left, right, spec);
    ASSERT_GT(expected.size(), 1000u);
    for (int32_t parallelism : {1, 3}) {
      runtime::JobConfig config;
      config.parallelism = parallelism;
      config.workerThreads = 2;
      config.flushInterval = std::chrono::microseconds(0);
      auto env = StreamEnvironment::create(config);
      auto leftStream =
          env.fromSource(connectors::MemorySource::make(kLeft, batchesOf(kLeft, left, 200)).valueOrDie(),
                         time::WatermarkStrategy::forBoundedOutOfOrderness("ts", milliseconds(200)), "clicks")
              .setParallelism(1);
      auto rightStream =
          env.fromSource(connectors::MemorySource::make(kRight, batchesOf(kRight, right, 130)).valueOrDie(),
                         time::WatermarkStrategy::forBoundedOutOfOrderness("at", milliseconds(200)), "views")
              .setParallelism(1);
      auto joined = leftStream.keyBy({"user"}).windowJoin(rightStream.keyBy({"uid"}), spec, "at");
      auto sink = std::make_shared<connectors::CollectSink>();
      joined.sinkTo(sink);
      auto result = env.execute("window join");
      ASSERT_TRUE(result.ok()) << result.status();
      EXPECT_EQ(result->metrics.totalOf(joined.nodeId().value()).lateRecords, 0);
      EXPECT_EQ(rowsOf(sink->batches()), expected) << spec.toString() << " at parallelism " << parallelism;
    }
  }
}

}  // namespace
}  // namespace sabot::operators
