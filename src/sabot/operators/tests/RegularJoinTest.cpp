// Regular (unbounded) join: the operator driven directly (exact output in
// either arrival order, null keys, snapshot/restore) and whole jobs through
// the runtime, checked against a nested-loop join at parallelism 1 and 3.

#include <gtest/gtest.h>

#include <random>

#include "sabot/api/StreamEnvironment.h"
#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/connectors/CollectSink.h"
#include "sabot/connectors/MemorySource.h"
#include "sabot/operators/join/RegularJoinOperator.h"
#include "sabot/time/Clock.h"
#include "sabot/operators/tests/OperatorTestSupport.h"

namespace sabot::operators {
namespace {

using tests::CapturingCollector;

using api::StreamEnvironment;
using columnar::RecordBatchPtr;
using columnar::SchemaPtr;

/// key (nullable), and lv (left) or rv (right).
SchemaPtr sideSchema(const std::string& valueName) {
  return columnar::schema({columnar::field("key", columnar::int64()), columnar::field(valueName, columnar::utf8())});
}
const SchemaPtr kLeft = sideSchema("lv");
const SchemaPtr kRight = sideSchema("rv");

struct Row {
  std::optional<int64_t> key;
  std::string value;
};

RecordBatchPtr batchOf(const SchemaPtr& schema, const std::vector<Row>& rows) {
  std::vector<std::optional<int64_t>> keys;
  std::vector<std::optional<std::string>> values;
  for (const Row& row : rows) {
    keys.push_back(row.key);
    values.push_back(row.value);
  }
  return columnar::RecordBatch::make(
             schema, {columnar::makeArray<int64_t>(columnar::int64(), keys), columnar::makeStringArray(values)})
      .valueOrDie();
}

using Rows = std::vector<std::string>;

Rows rowsOf(const std::vector<RecordBatchPtr>& batches) { return tests::formattedRows(batches); }

Rows nestedLoop(const std::vector<Row>& left, const std::vector<Row>& right) {
  Rows rows;
  for (const Row& l : left) {
    for (const Row& r : right) {
      if (l.key && r.key && *l.key == *r.key) {
        rows.push_back(fmt::format("{} {} {} {}", *l.key, l.value, *r.key, r.value));
      }
    }
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

/// One regular join subtask, fed by hand (its clock: `clock`, if given).
struct Driver {
  explicit Driver(int64_t stateTtlMs = 0, const time::Clock* clock = nullptr)
      : op(RegularJoinOperator::make(kLeft, kRight, {"key"}, {"key"}, stateTtlMs).valueOrDie()) {
    if (clock != nullptr) context.clock = clock;
    state = op->makeState(context).valueOrDie();
  }
  void left(const std::vector<Row>& rows) {
    SABOT_CHECK_OK(op->processBatch(state.get(), 0, batchOf(kLeft, rows), out));
  }
  void right(const std::vector<Row>& rows) {
    SABOT_CHECK_OK(op->processBatch(state.get(), 1, batchOf(kRight, rows), out));
  }
  int64_t buffered(JoinSide side) const { return RegularJoinOperator::bufferedRows(*state, side); }
  int64_t stored(JoinSide side) const { return RegularJoinOperator::storedRows(*state, side); }

  std::shared_ptr<RegularJoinOperator> op;
  runtime::OperatorContext context;
  std::unique_ptr<runtime::OperatorState> state;
  CapturingCollector out;
};

TEST(RegularJoinTest, EveryPairIsEmittedOnceByWhicheverRowComesSecond) {
  Driver join;
  EXPECT_EQ(join.op->outputSchema()->toString(),
            columnar::schema({columnar::field("key", columnar::int64()), columnar::field("lv", columnar::utf8()),
                              columnar::field("right_key", columnar::int64()), columnar::field("rv", columnar::utf8())})
                ->toString());
  join.left({{1, "a"}, {2, "b"}, {1, "c"}});
  EXPECT_TRUE(join.out.batches.empty()) << "nothing to join with yet";
  join.right({{1, "x"}, {3, "y"}});
  EXPECT_EQ(rowsOf(join.out.batches), (Rows{"1 a 1 x", "1 c 1 x"}));
  join.left({{3, "d"}, {1, "e"}});  // joins the buffered right rows
  join.right({{2, "z"}});
  EXPECT_EQ(rowsOf(join.out.batches), (Rows{"1 a 1 x", "1 c 1 x", "1 e 1 x", "2 b 2 z", "3 d 3 y"}));
  EXPECT_EQ(join.buffered(JoinSide::kLeft), 5) << "nothing expires";
  EXPECT_EQ(join.buffered(JoinSide::kRight), 3);
}

TEST(RegularJoinTest, NullKeysNeverJoinAndAreNotKept) {
  Driver join;
  join.left({{std::nullopt, "a"}, {1, "b"}});
  join.right({{std::nullopt, "x"}, {1, "y"}});
  EXPECT_EQ(rowsOf(join.out.batches), (Rows{"1 b 1 y"})) << "null does not equal null";
  EXPECT_EQ(join.buffered(JoinSide::kLeft), 1);
  EXPECT_EQ(join.buffered(JoinSide::kRight), 1);
}

TEST(RegularJoinTest, ARestoredSubtaskJoinsNewRowsWithTheRowsOfTheSnapshot) {
  Driver before;
  before.left({{1, "a"}, {2, "b"}});
  before.right({{2, "x"}});
  checkpoint::SnapshotWriter snapshot;
  ASSERT_TRUE(before.op->snapshotState(before.state.get(), 1, snapshot).ok());

  Driver after;
  checkpoint::SnapshotReader in(snapshot.bytes(), "the test snapshot");
  ASSERT_TRUE(after.op->restoreState(after.state.get(), in).ok());
  EXPECT_EQ(after.buffered(JoinSide::kLeft), 2);
  EXPECT_EQ(after.buffered(JoinSide::kRight), 1);
  after.right({{1, "y"}});
  after.left({{2, "c"}});
  EXPECT_EQ(rowsOf(after.out.batches), (Rows{"1 a 1 y", "2 c 2 x"}));

  const std::string damaged = snapshot.bytes().substr(0, snapshot.bytes().size() / 2);
  Driver broken;
  checkpoint::SnapshotReader truncated(damaged, "the test snapshot");
  const Status status = broken.op->restoreState(broken.state.get(), truncated);
  EXPECT_FALSE(status.ok()) << "a truncated snapshot is an error, not a partial state";
}

TEST(RegularJoinTest, WithAStateTtlRowsJoinOnlyUntilTheyExpire) {
  time::ManualClock clock(1000);
  Driver join(/*stateTtlMs=*/500, &clock);
  EXPECT_NE(join.op->describe().find("rows kept 500 ms"), std::string::npos) << join.op->describe();
  join.left({{1, "a"}, {2, "b"}});  // expire at 1500
  clock.setMillis(1200);
  join.left({{1, "c"}});  // expires at 1700
  EXPECT_EQ(join.op->nextProcessingTime(join.state.get()), 1500);
  join.right({{1, "x"}});  // at 1200 all are alive; x expires at 1700
  EXPECT_EQ(rowsOf(join.out.batches), (Rows{"1 a 1 x", "1 c 1 x"}));

  // At 1500 the first left batch goes (by the timer, before any input).
  clock.setMillis(1500);
  SABOT_CHECK_OK(join.op->onProcessingTime(join.state.get(), 1500, join.out));
  EXPECT_EQ(join.buffered(JoinSide::kLeft), 1);
  EXPECT_EQ(join.stored(JoinSide::kLeft), 1) << "two of three rows dead: compacted";
  join.right({{2, "y"}, {1, "z"}});  // b has expired: only c joins; these expire at 2000
  EXPECT_EQ(rowsOf(join.out.batches), (Rows{"1 a 1 x", "1 c 1 x", "1 c 1 z"}));

  // A checkpoint keeps the expiry times: a restored subtask drops c at 1700.
  checkpoint::SnapshotWriter snapshot;
  ASSERT_TRUE(join.op->snapshotState(join.state.get(), 1, snapshot).ok());
  Driver restored(500, &clock);
  checkpoint::SnapshotReader in(snapshot.bytes(), "the test snapshot");
  ASSERT_TRUE(restored.op->restoreState(restored.state.get(), in).ok());
  EXPECT_EQ(restored.op->nextProcessingTime(restored.state.get()), 1700);
  clock.setMillis(1700);
  restored.left({{1, "d"}});
  EXPECT_EQ(rowsOf(restored.out.batches), (Rows{"1 d 1 z"})) << "x expired at 1700, z lives until 2000";
  EXPECT_EQ(restored.buffered(JoinSide::kLeft), 1) << "c expired, d is new";

  // A subtask restored from a run without a TTL gives the restored rows
  // this run's TTL from the restore on.
  Driver forever;
  forever.left({{1, "old"}});
  checkpoint::SnapshotWriter withoutTtl;
  ASSERT_TRUE(forever.op->snapshotState(forever.state.get(), 1, withoutTtl).ok());
  Driver limited(500, &clock);
  checkpoint::SnapshotReader withoutTtlIn(withoutTtl.bytes(), "the test snapshot");
  ASSERT_TRUE(limited.op->restoreState(limited.state.get(), withoutTtlIn).ok());
  EXPECT_EQ(limited.op->nextProcessingTime(limited.state.get()), 2200) << "restored at 1700, kept 500 ms";
  clock.setMillis(2200);
  limited.right({{1, "late"}});
  EXPECT_TRUE(limited.out.batches.empty()) << "the restored row has expired";

  auto negative = RegularJoinOperator::make(kLeft, kRight, {"key"}, {"key"}, -1);
  EXPECT_NE(negative.status().message().find("state TTL must not be negative"), std::string::npos);
}

TEST(RegularJoinTest, RandomStreamsMatchANestedLoopJoinAtParallelismOneAndThree) {
  std::mt19937_64 random(7);
  auto randomRows = [&](int count, const char* prefix) {
    std::vector<Row> rows;
    for (int i = 0; i < count; ++i) {
      std::optional<int64_t> key = static_cast<int64_t>(random() % 50);
      if (random() % 20 == 0) key = std::nullopt;
      rows.push_back({key, prefix + std::to_string(i)});
    }
    return rows;
  };
  const std::vector<Row> left = randomRows(3000, "l");
  const std::vector<Row> right = randomRows(2000, "r");
  auto batches = [](const SchemaPtr& schema, const std::vector<Row>& rows) {
    std::vector<RecordBatchPtr> result;
    for (size_t i = 0; i < rows.size(); i += 100) {
      result.push_back(
          batchOf(schema, std::vector<Row>(rows.begin() + i, rows.begin() + std::min(rows.size(), i + 100))));
    }
    return result;
  };
  const Rows expected = nestedLoop(left, right);
  ASSERT_GT(expected.size(), 10000u);
  for (int32_t parallelism : {1, 3}) {
    runtime::JobConfig config;
    config.parallelism = parallelism;
    config.workerThreads = 2;
    auto env = StreamEnvironment::create(config);
    auto leftStream = env.fromSource(connectors::MemorySource::make(kLeft, batches(kLeft, left)).valueOrDie(), "left");
    auto rightStream =
        env.fromSource(connectors::MemorySource::make(kRight, batches(kRight, right)).valueOrDie(), "right");
    auto sink = std::make_shared<connectors::CollectSink>();
    leftStream.keyBy({"key"}).join(rightStream.keyBy({"key"})).sinkTo(sink);
    auto result = env.execute("regular join");
    ASSERT_TRUE(result.ok()) << result.status();
    EXPECT_EQ(rowsOf(sink->batches()), expected) << "at parallelism " << parallelism;
  }
}

TEST(RegularJoinTest, PlanTimeErrorsNameWhatIsWrong) {
  auto env = StreamEnvironment::create();
  const SchemaPtr textKey = columnar::schema({columnar::field("name", columnar::utf8())});
  auto left = env.fromSource(connectors::MemorySource::make(textKey, {}).valueOrDie(), "people");
  auto right = env.fromSource(connectors::MemorySource::make(kRight, {}).valueOrDie(), "orders");
  left.keyBy({"name"}).join(right.keyBy({"key"})).print();
  const Status status = env.status();
  EXPECT_TRUE(status.isTypeError()) << status;
  EXPECT_NE(status.message().find("left column 'name' is utf8 but right column 'key' is int64"), std::string::npos)
      << status;
  EXPECT_NE(status.message().find("join on the output of [0] 'people' with [1] 'orders'"), std::string::npos) << status;
}

}  // namespace
}  // namespace sabot::operators
