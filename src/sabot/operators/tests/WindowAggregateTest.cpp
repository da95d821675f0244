// Window aggregation end to end (source with watermarks -> keyBy -> window
// -> collect): exact results for small scenarios with out-of-order, late and
// allowed-late rows, and random inputs checked against a brute-force
// computation of the same windows. Every case runs on both state backends:
// in memory, and in RocksDB (panes and timers in the keyed state backend).

#include <gtest/gtest.h>

#include <map>
#include <random>

#include "sabot/api/StreamEnvironment.h"
#include "sabot/base/testing/TestDirectory.h"
#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/connectors/CollectSink.h"
#include "sabot/connectors/MemorySource.h"

namespace sabot::operators {
namespace {

using api::StreamEnvironment;
using std::chrono::milliseconds;

struct Row {
  std::string key;
  int64_t time;
  int64_t value;
};

columnar::SchemaPtr rowSchema() {
  static const columnar::SchemaPtr schema = std::make_shared<columnar::Schema>(std::vector<columnar::FieldPtr>{
      columnar::field("key", columnar::utf8()), columnar::field("ts", columnar::timestamp(columnar::TimeUnit::kMilli)),
      columnar::field("value", columnar::int64())});
  return schema;
}

columnar::RecordBatchPtr batchOf(const std::vector<Row>& rows) {
  columnar::StringBuilder keys(columnar::utf8());
  columnar::NumericBuilder<int64_t> times(columnar::timestamp(columnar::TimeUnit::kMilli));
  columnar::NumericBuilder<int64_t> values(columnar::int64());
  for (const Row& row : rows) {
    SABOT_CHECK_OK(keys.append(row.key));
    SABOT_CHECK_OK(times.append(row.time));
    SABOT_CHECK_OK(values.append(row.value));
  }
  return columnar::RecordBatch::make(rowSchema(), static_cast<int64_t>(rows.size()),
                                     {keys.finish().valueOrDie(), times.finish().valueOrDie(), values.finish().valueOrDie()})
      .valueOrDie();
}

/// One result row as text: "key start end count sum min max avg".
using ResultRows = std::vector<std::string>;

ResultRows rowsOf(const std::vector<columnar::RecordBatchPtr>& batches) {
  ResultRows rows;
  for (const auto& batch : batches) {
    for (int64_t r = 0; r < batch->numRows(); ++r) {
      std::string text;
      for (int c = 0; c < batch->numColumns(); ++c) {
        if (c > 0) text += " ";
        text += batch->column(c).formatValue(r);
      }
      rows.push_back(text);
    }
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

/// The backend of the running case (set by the fixture).
runtime::StateBackendKind gBackend = runtime::StateBackendKind::kMemory;

class WindowAggregateTest : public ::testing::TestWithParam<runtime::StateBackendKind> {
 protected:
  void SetUp() override { gBackend = GetParam(); }
};

struct WindowRun {
  ResultRows results;
  ResultRows late;
  int64_t lateRecords = 0;
};

/// Runs `batches` (in order, one source subtask) through a keyed window.
WindowRun runWindow(const std::vector<std::vector<Row>>& batches, const WindowSpec& window,
              const std::vector<Aggregate>& aggregates, int64_t latenessMs = 0, int32_t parallelism = 1,
              int64_t outOfOrdernessMs = 0) {
  runtime::JobConfig config;
  config.parallelism = parallelism;
  config.workerThreads = 2;
  config.flushInterval = std::chrono::microseconds(0);
  config.stateBackend.kind = gBackend;
  config.stateBackend.directory = sabot::testing::freshTestDirectory("sabot-window-state").string();
  auto env = StreamEnvironment::create(config);
  std::vector<columnar::RecordBatchPtr> input;
  for (const auto& rows : batches) input.push_back(batchOf(rows));
  auto source = connectors::MemorySource::make(rowSchema(), input).valueOrDie();
  auto results = std::make_shared<connectors::CollectSink>();
  auto late = std::make_shared<connectors::CollectSink>();
  auto windowed = env.fromSource(source, time::WatermarkStrategy::forBoundedOutOfOrderness("ts", milliseconds(outOfOrdernessMs)))
                      .setParallelism(1)
                      .keyBy({"key"})
                      .window(window)
                      .allowedLateness(milliseconds(latenessMs))
                      .sideOutputLateData()
                      .aggregate(aggregates);
  windowed.sinkTo(results);
  windowed.sideOutput("late").sinkTo(late);
  auto result = env.execute("window test");
  EXPECT_TRUE(result.ok()) << result.status();
  WindowRun run;
  if (!result.ok()) return run;
  run.results = rowsOf(results->batches());
  run.late = rowsOf(late->batches());
  run.lateRecords = result->metrics.totalOf(windowed.nodeId().value()).lateRecords;
  return run;
}

const std::vector<Aggregate> kAllAggregates = {Aggregate::countAll().as("n"), Aggregate::sum("value").as("total"),
                                               Aggregate::min("value").as("low"), Aggregate::max("value").as("high"),
                                               Aggregate::avg("value").as("mean")};

std::string ts(int64_t millis) {
  return columnar::makeArray<int64_t>(columnar::timestamp(columnar::TimeUnit::kMilli), {millis}).formatValue(0);
}

TEST_P(WindowAggregateTest, TumblingWindowsGiveEveryAggregatePerKeyAndWindow) {
  const WindowRun run = runWindow({{{"a", 1000, 5}, {"b", 2000, 7}, {"a", 9999, 1}},
                             {{"a", 10000, 3}, {"b", 15000, 4}, {"b", 19000, 10}}},
                            WindowSpec::tumbling("ts", milliseconds(10000)), kAllAggregates);
  const ResultRows expected = {
      "a " + ts(0) + " " + ts(10000) + " 2 6 1 5 3",
      "a " + ts(10000) + " " + ts(20000) + " 1 3 3 3 3",
      "b " + ts(0) + " " + ts(10000) + " 1 7 7 7 7",
      "b " + ts(10000) + " " + ts(20000) + " 2 14 4 10 7",
  };
  EXPECT_EQ(run.results, expected);
  EXPECT_TRUE(run.late.empty());
}

TEST_P(WindowAggregateTest, CountDistinctCountsEachValueOnceAcrossBatchesAndPanes) {
  // Sliding 4 s every 2 s: the panes [0, 2000) and [2000, 4000) each hold
  // value 5, which window [0, 4000) counts once.
  const WindowRun run = runWindow({{{"a", 100, 5}, {"a", 200, 5}, {"a", 2100, 6}}, {{"a", 2200, 5}, {"b", 300, 5}}},
                                  WindowSpec::sliding("ts", milliseconds(4000), milliseconds(2000)),
                                  {Aggregate::countDistinct("value").as("values")}, 0, 1, /*outOfOrdernessMs=*/3000);
  ResultRows expected = {
      "a " + ts(-2000) + " " + ts(2000) + " 1", "a " + ts(0) + " " + ts(4000) + " 2",
      "a " + ts(2000) + " " + ts(6000) + " 2",  "b " + ts(-2000) + " " + ts(2000) + " 1",
      "b " + ts(0) + " " + ts(4000) + " 1",
  };
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(run.results, expected);
}

TEST_P(WindowAggregateTest, LateRowsAreCountedAndSentToTheSideOutput) {
  // The second batch's watermark (11999) fires [0, 10000); the row at 5000
  // in the third batch is then late.
  const WindowRun run = runWindow({{{"a", 1000, 1}, {"a", 2000, 1}}, {{"a", 12000, 1}}, {{"a", 5000, 100}}, {{"a", 30000, 1}}},
                            WindowSpec::tumbling("ts", milliseconds(10000)), {Aggregate::sum("value").as("total")});
  const ResultRows expected = {
      "a " + ts(0) + " " + ts(10000) + " 2",
      "a " + ts(10000) + " " + ts(20000) + " 1",
      "a " + ts(30000) + " " + ts(40000) + " 1",
  };
  EXPECT_EQ(run.results, expected);
  EXPECT_EQ(run.late, ResultRows{"a " + ts(5000) + " 100"});
  EXPECT_EQ(run.lateRecords, 1);
}

TEST_P(WindowAggregateTest, AllowedLatenessUpdatesAFiredWindowAndEmitsItAgain) {
  const WindowRun run = runWindow({{{"a", 1000, 1}, {"a", 2000, 1}}, {{"a", 12000, 1}}, {{"a", 5000, 100}},
                             {{"a", 30000, 1}}, {{"a", 9000, 1000}}},
                            WindowSpec::tumbling("ts", milliseconds(10000)), {Aggregate::sum("value").as("total")},
                            /*latenessMs=*/5000);
  const ResultRows expected = {
      "a " + ts(0) + " " + ts(10000) + " 102",  // emitted again with the late row
      "a " + ts(0) + " " + ts(10000) + " 2",    // the on-time firing
      "a " + ts(10000) + " " + ts(20000) + " 1",
      "a " + ts(30000) + " " + ts(40000) + " 1",
  };
  EXPECT_EQ(run.results, expected);
  // 9000 arrives at watermark 29999: [0, 10000) ended 20 s ago, past the 5 s.
  EXPECT_EQ(run.late, ResultRows{"a " + ts(9000) + " 1000"});
  EXPECT_EQ(run.lateRecords, 1);
}

TEST_P(WindowAggregateTest, SlidingWindowsHoldEachRowSizeOverSlideTimes) {
  const WindowRun run = runWindow({{{"a", 1000, 1}, {"a", 6000, 10}, {"a", 12000, 100}}},
                            WindowSpec::sliding("ts", milliseconds(10000), milliseconds(5000)),
                            {Aggregate::sum("value").as("total")});
  const ResultRows expected = {
      "a " + ts(-5000) + " " + ts(5000) + " 1",    "a " + ts(0) + " " + ts(10000) + " 11",
      "a " + ts(5000) + " " + ts(15000) + " 110", "a " + ts(10000) + " " + ts(20000) + " 100",
  };
  EXPECT_EQ(run.results, expected);
}

TEST_P(WindowAggregateTest, ALateRowDoesNotReviveAPurgedSlidingWindow) {
  // Sliding 10 s every 5 s, no lateness: after watermark 14999, window
  // [5000, 15000) has fired and its older pane is gone; a row at 11000 only
  // belongs to [10000, 20000), which has not fired.
  const WindowRun run = runWindow({{{"a", 6000, 1}, {"a", 7000, 1}, {"a", 10500, 1}}, {{"a", 15000, 0}}, {{"a", 11000, 1}}},
                                  WindowSpec::sliding("ts", milliseconds(10000), milliseconds(5000)),
                                  {Aggregate::countAll().as("n")});
  ResultRows expected = {
      "a " + ts(0) + " " + ts(10000) + " 2",
      "a " + ts(5000) + " " + ts(15000) + " 3",
      "a " + ts(10000) + " " + ts(20000) + " 3",
      "a " + ts(15000) + " " + ts(25000) + " 1",
  };
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(run.results, expected);
}

TEST_P(WindowAggregateTest, SessionsMergeWhenARowBridgesThem) {
  // gap 3 s: 1000 and 2000 form [1000, 5000); 9000 its own [9000, 12000);
  // 4500 (out of order, within the 10 s bound) extends the first to 7500,
  // which then touches nothing else.
  const WindowRun run = runWindow({{{"a", 1000, 1}, {"a", 2000, 2}, {"a", 9000, 4}, {"b", 1000, 8}}, {{"a", 4500, 16}},
                             {{"a", 7000, 32}}},
                            WindowSpec::session("ts", milliseconds(3000)),
                            {Aggregate::countAll().as("n"), Aggregate::sum("value").as("total")}, 0, 1,
                            /*outOfOrdernessMs=*/10000);
  // 7000 bridges [1000, 7500) and [9000, 12000) ([7000, 10000) touches both).
  const ResultRows expected = {
      "a " + ts(1000) + " " + ts(12000) + " 5 55",
      "b " + ts(1000) + " " + ts(4000) + " 1 8",
  };
  EXPECT_EQ(run.results, expected);
}

TEST_P(WindowAggregateTest, ALateRowWithinTheLatenessGrowsAFiredSessionAndEmitsItAgain) {
  // gap 3 s, lateness 8 s. 2000 arrives after [1000, 4000) fired (at
  // watermark 9999) and merges into it; 3000 arrives after the session was
  // dropped (watermark 29999 > 4999 + 8000) and is late.
  const WindowRun run = runWindow({{{"a", 1000, 1}}, {{"a", 10000, 1}}, {{"a", 2000, 10}}, {{"a", 30000, 1}},
                                   {{"a", 3000, 100}}},
                                  WindowSpec::session("ts", milliseconds(3000)),
                                  {Aggregate::countAll().as("n"), Aggregate::sum("value").as("total")},
                                  /*latenessMs=*/8000);
  ResultRows expected = {
      "a " + ts(1000) + " " + ts(4000) + " 1 1",
      "a " + ts(1000) + " " + ts(5000) + " 2 11",  // emitted again, grown by the late row
      "a " + ts(10000) + " " + ts(13000) + " 1 1",
      "a " + ts(30000) + " " + ts(33000) + " 1 1",
  };
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(run.results, expected);
  EXPECT_EQ(run.late, ResultRows{"a " + ts(3000) + " 100"});
  EXPECT_EQ(run.lateRecords, 1);
}

TEST_P(WindowAggregateTest, AFiredSessionALateRowStretchesPastTheWatermarkFiresAgainAtItsNewEnd) {
  // gap 5 s, lateness 20 s. [1000, 6000) fires at watermark 9999; the late
  // row at 5500 bridges it to [10000, 15000): the merged [1000, 15000) is
  // not due yet, so it is not emitted then; 12000 stretches it to 17000,
  // and it fires once, at watermark 29999 (Flink's rule).
  const WindowRun run = runWindow({{{"a", 1000, 1}}, {{"a", 10000, 1}}, {{"a", 5500, 1}}, {{"a", 12000, 1}},
                                   {{"a", 30000, 1}}},
                                  WindowSpec::session("ts", milliseconds(5000)),
                                  {Aggregate::countAll().as("n"), Aggregate::sum("value").as("total")},
                                  /*latenessMs=*/20000);
  ResultRows expected = {
      "a " + ts(1000) + " " + ts(6000) + " 1 1",
      "a " + ts(1000) + " " + ts(17000) + " 4 4",
      "a " + ts(30000) + " " + ts(35000) + " 1 1",
  };
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(run.results, expected);
}

TEST_P(WindowAggregateTest, CountWindowsEmitEveryNRowsOfAKey) {
  const WindowRun run = runWindow({{{"a", 1, 1}, {"b", 2, 10}, {"a", 3, 2}, {"a", 4, 3}, {"a", 5, 4}, {"b", 6, 20}}},
                            WindowSpec::countOf(3), {Aggregate::sum("value").as("total")});
  EXPECT_EQ(run.results, ResultRows{"a 6"}) << "a's 4th row and b's 2 rows do not fill a window";
}

/// The same windows computed the obvious way: every row into every window
/// containing it, sessions by sorting.
ResultRows bruteForce(const std::vector<Row>& rows, const WindowSpec& spec) {
  std::map<std::tuple<std::string, int64_t, int64_t>, std::pair<int64_t, int64_t>> windows;  // count, sum
  if (spec.kind == WindowKind::kSession) {
    std::map<std::string, std::vector<Row>> byKey;
    for (const Row& row : rows) byKey[row.key].push_back(row);
    for (auto& [key, keyed] : byKey) {
      std::sort(keyed.begin(), keyed.end(), [](const Row& a, const Row& b) { return a.time < b.time; });
      int64_t start = keyed[0].time, end = keyed[0].time + spec.gapMs, count = 0, sum = 0;
      for (const Row& row : keyed) {
        if (row.time > end) {
          windows[{key, start, end}] = {count, sum};
          start = row.time;
          count = 0;
          sum = 0;
        }
        end = std::max(end, row.time + spec.gapMs);
        ++count;
        sum += row.value;
      }
      windows[{key, start, end}] = {count, sum};
    }
  } else {
    for (const Row& row : rows) {
      for (int64_t start = spec.lastWindowStart(row.time); start > row.time - spec.sizeMs; start -= spec.slideMs) {
        auto& [count, sum] = windows[{row.key, start, start + spec.sizeMs}];
        ++count;
        sum += row.value;
      }
    }
  }
  ResultRows result;
  for (const auto& [window, aggregates] : windows) {
    result.push_back(std::get<0>(window) + " " + ts(std::get<1>(window)) + " " + ts(std::get<2>(window)) + " " +
                     std::to_string(aggregates.first) + " " + std::to_string(aggregates.second));
  }
  std::sort(result.begin(), result.end());
  return result;
}

TEST_P(WindowAggregateTest, CountWindowsCarryOpenWindowsAcrossBatches) {
  const WindowRun run = runWindow({{{"a", 1, 1}, {"b", 2, 10}, {"a", 3, 2}},
                                   {{"a", 4, 3}, {"a", 5, 4}, {"b", 6, 20}},
                                   {{"b", 7, 30}, {"a", 8, 5}, {"a", 9, 6}, {"a", 10, 7}}},
                                  WindowSpec::countOf(3), {Aggregate::sum("value").as("total")});
  EXPECT_EQ(run.results, (ResultRows{"a 15", "a 6", "b 60"})) << "a's 7th row opens a window that never fills";
}

TEST_P(WindowAggregateTest, RandomOutOfOrderInputMatchesABruteForceComputation) {
  std::mt19937_64 random(42);
  std::vector<Row> rows;
  for (int64_t i = 0; i < 20'000; ++i) {
    // Times rise with jitter of up to 2 s, within the 3 s out-of-orderness.
    const int64_t time = i * 10 + static_cast<int64_t>(random() % 2000);
    rows.push_back({"k" + std::to_string(random() % 37), time, static_cast<int64_t>(random() % 1000)});
  }
  std::vector<std::vector<Row>> batches;
  for (size_t i = 0; i < rows.size(); i += 500) {
    batches.emplace_back(rows.begin() + i, rows.begin() + std::min(rows.size(), i + 500));
  }
  const std::vector<Aggregate> aggregates = {Aggregate::countAll().as("n"), Aggregate::sum("value").as("total")};
  for (const WindowSpec& spec : {WindowSpec::tumbling("ts", milliseconds(1000)),
                                 WindowSpec::sliding("ts", milliseconds(5000), milliseconds(1000)),
                                 WindowSpec::sliding("ts", milliseconds(3000), milliseconds(2000)),
                                 WindowSpec::session("ts", milliseconds(400))}) {
    for (int32_t parallelism : {1, 3}) {
      const WindowRun run = runWindow(batches, spec, aggregates, 0, parallelism, /*outOfOrdernessMs=*/3000);
      EXPECT_EQ(run.lateRecords, 0) << spec.toString();
      EXPECT_EQ(run.results, bruteForce(rows, spec)) << spec.toString() << " at parallelism " << parallelism;
    }
  }
}

TEST_P(WindowAggregateTest, MoreKeysThanTheBackendCacheHoldsGiveTheSameWindows) {
  // 20,000 keys in every pane: the RocksDB state's in-memory pane cache
  // (16,384 rows) overflows and writes back within each pane.
  std::vector<Row> rows;
  for (int64_t i = 0; i < 60'000; ++i) rows.push_back({"k" + std::to_string(i % 20'000), i / 10, i % 7});
  std::vector<std::vector<Row>> batches;
  for (size_t i = 0; i < rows.size(); i += 4000) {
    batches.emplace_back(rows.begin() + i, rows.begin() + std::min(rows.size(), i + 4000));
  }
  const WindowSpec spec = WindowSpec::sliding("ts", milliseconds(6000), milliseconds(3000));
  const WindowRun run = runWindow(batches, spec, {Aggregate::countAll().as("n"), Aggregate::sum("value").as("total")});
  EXPECT_EQ(run.results, bruteForce(rows, spec));
}

TEST(WindowPlanTest, BadWindowsAreRejectedAtPlanTime) {
  auto build = [](const WindowSpec& spec, std::vector<Aggregate> aggregates, std::vector<std::string> keys = {"key"}) {
    auto env = StreamEnvironment::create();
    auto source = connectors::MemorySource::make(rowSchema(), {}).valueOrDie();
    env.fromSource(source).keyBy(keys).window(spec).aggregate(std::move(aggregates));
    return env.status();
  };
  const Status slideTooBig = build(WindowSpec::sliding("ts", milliseconds(1000), milliseconds(2000)), {Aggregate::countAll()});
  EXPECT_NE(slideTooBig.message().find("must not exceed its size"), std::string::npos) << slideTooBig;
  EXPECT_TRUE(build(WindowSpec::tumbling("nope", milliseconds(1000)), {Aggregate::countAll()}).isKeyError());
  const Status sumOfText = build(WindowSpec::tumbling("ts", milliseconds(1000)), {Aggregate::sum("key")});
  EXPECT_TRUE(sumOfText.isTypeError()) << sumOfText;
  EXPECT_NE(sumOfText.message().find("needs a numeric column"), std::string::npos) << sumOfText;
  const Status duplicate =
      build(WindowSpec::tumbling("ts", milliseconds(1000)), {Aggregate::sum("value"), Aggregate::sum("value")});
  EXPECT_NE(duplicate.message().find("two aggregates are called 'sum_value'"), std::string::npos) << duplicate;
  const Status clash = build(WindowSpec::tumbling("ts", milliseconds(1000)), {Aggregate::countAll().as("key")});
  EXPECT_NE(clash.message().find("two columns called 'key'"), std::string::npos) << clash;
  const Status timeNotTime = build(WindowSpec::tumbling("key", milliseconds(1000)), {Aggregate::countAll()});
  EXPECT_TRUE(timeNotTime.isTypeError()) << timeNotTime;
}

INSTANTIATE_TEST_SUITE_P(Backends, WindowAggregateTest,
                         ::testing::Values(runtime::StateBackendKind::kMemory, runtime::StateBackendKind::kRocksDb),
                         [](const ::testing::TestParamInfo<runtime::StateBackendKind>& info) {
                           return std::string(runtime::stateBackendName(info.param));
                         });

}  // namespace
}  // namespace sabot::operators
