// Processing-time tumbling and sliding windows: rows are assigned by the
// clock when they arrive and windows fire when it passes their end. A
// ManualClock makes it deterministic; every case runs on both backends.

#include <gtest/gtest.h>

#include "sabot/api/StreamEnvironment.h"
#include "sabot/base/testing/TestDirectory.h"
#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/connectors/CollectSink.h"
#include "sabot/connectors/MemorySource.h"
#include "sabot/operators/window/WindowAggregateOperator.h"
#include "sabot/time/Clock.h"
#include "sabot/operators/tests/OperatorTestSupport.h"

namespace sabot::operators {
namespace {

using tests::CapturingCollector;

using columnar::RecordBatchPtr;
using columnar::SchemaPtr;
using std::chrono::milliseconds;

const SchemaPtr kInput =
    columnar::schema({columnar::field("key", columnar::utf8()), columnar::field("value", columnar::int64())});

RecordBatchPtr batchOf(const std::vector<std::pair<std::string, int64_t>>& rows) {
  std::vector<std::optional<std::string>> keys;
  std::vector<std::optional<int64_t>> values;
  for (const auto& [key, value] : rows) {
    keys.push_back(key);
    values.push_back(value);
  }
  return columnar::RecordBatch::make(
             kInput, {columnar::makeStringArray(keys), columnar::makeArray<int64_t>(columnar::int64(), values)})
      .valueOrDie();
}

/// "key start end n total" per result row, sorted; times as int64 ms.
std::vector<std::string> rowsOf(const std::vector<RecordBatchPtr>& batches) {
  std::vector<std::string> rows;
  for (const auto& batch : batches) {
    for (int64_t r = 0; r < batch->numRows(); ++r) {
      rows.push_back(fmt::format("{} {} {} {} {}", batch->column(0).formatValue(r),
                                 batch->column(1).values<int64_t>()[r], batch->column(2).values<int64_t>()[r],
                                 batch->column(3).formatValue(r), batch->column(4).formatValue(r)));
    }
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

class ProcessingTimeWindowTest : public ::testing::TestWithParam<runtime::StateBackendKind> {
 protected:
  /// One window subtask on the test's clock.
  struct Driver {
    Driver(const WindowSpec& spec, runtime::StateBackendKind backend, const time::Clock* clock) {
      WindowOptions options;
      options.window = spec;
      options.keys = {"key"};
      options.aggregates = {Aggregate::countAll().as("n"), Aggregate::sum("value").as("total")};
      op = WindowAggregateOperator::make(kInput, options).valueOrDie();
      context.clock = clock;
      context.stateBackend.kind = backend;
      context.stateBackend.directory = sabot::testing::freshTestDirectory("sabot-processing-windows").string();
      state = op->makeState(context).valueOrDie();
    }
    void add(const std::vector<std::pair<std::string, int64_t>>& rows) {
      SABOT_CHECK_OK(op->processBatch(state.get(), 0, batchOf(rows), out));
    }
    std::vector<std::string> results() const { return rowsOf(out.batches); }

    std::shared_ptr<WindowAggregateOperator> op;
    runtime::OperatorContext context;
    std::unique_ptr<runtime::OperatorState> state;
    CapturingCollector out;
  };
};

TEST_P(ProcessingTimeWindowTest, RowsGoToTheWindowOfTheirArrivalAndFireWhenTheClockPassesItsEnd) {
  time::ManualClock clock(1000);
  Driver windows(WindowSpec::tumblingProcessingTime(milliseconds(10'000)), GetParam(), &clock);
  EXPECT_EQ(windows.op->describe().find("tumbling(10000 ms) on processing time"), 7u) << windows.op->describe();
  EXPECT_EQ(windows.op->nextProcessingTime(windows.state.get()), std::nullopt) << "no window yet";
  windows.add({{"a", 1}, {"b", 2}, {"a", 3}});
  EXPECT_EQ(windows.op->nextProcessingTime(windows.state.get()), 10'000);

  // A watermark, however far ahead, is passed on and fires nothing.
  SABOT_CHECK_OK(windows.op->processWatermark(windows.state.get(), 1'000'000, windows.out));
  EXPECT_EQ(windows.out.watermarks, std::vector<runtime::EventTime>{1'000'000});
  EXPECT_TRUE(windows.results().empty());

  SABOT_CHECK_OK(windows.op->onProcessingTime(windows.state.get(), 9'999, windows.out));
  EXPECT_TRUE(windows.results().empty()) << "the window ends at 10000";
  clock.setMillis(12'000);
  windows.add({{"a", 10}});  // arrives in [10000, 20000)
  SABOT_CHECK_OK(windows.op->onProcessingTime(windows.state.get(), 12'000, windows.out));
  EXPECT_EQ(windows.results(), (std::vector<std::string>{"a 0 10000 2 4", "b 0 10000 1 2"}));
  EXPECT_EQ(windows.op->nextProcessingTime(windows.state.get()), 20'000);

  // The end of the input fires what is left.
  SABOT_CHECK_OK(windows.op->finish(windows.state.get(), windows.out));
  EXPECT_EQ(windows.results(), (std::vector<std::string>{"a 0 10000 2 4", "a 10000 20000 1 10", "b 0 10000 1 2"}));
  EXPECT_EQ(windows.op->nextProcessingTime(windows.state.get()), std::nullopt);
}

TEST_P(ProcessingTimeWindowTest, SlidingWindowsHoldARowInEveryWindowOfItsArrivalTime) {
  time::ManualClock clock(7'000);
  Driver windows(WindowSpec::slidingProcessingTime(milliseconds(10'000), milliseconds(5'000)), GetParam(), &clock);
  windows.add({{"a", 1}});  // in [0, 10000) and [5000, 15000)
  clock.setMillis(11'000);
  windows.add({{"a", 2}});  // in [5000, 15000) and [10000, 20000)
  SABOT_CHECK_OK(windows.op->onProcessingTime(windows.state.get(), 15'000, windows.out));
  EXPECT_EQ(windows.results(), (std::vector<std::string>{"a 0 10000 1 1", "a 5000 15000 2 3"}));
  SABOT_CHECK_OK(windows.op->finish(windows.state.get(), windows.out));
  EXPECT_EQ(windows.results(), (std::vector<std::string>{"a 0 10000 1 1", "a 10000 20000 1 2", "a 5000 15000 2 3"}));
}

TEST_P(ProcessingTimeWindowTest, AJobFiresItsOpenWindowsWhenTheInputEnds) {
  // The clock stands still: all rows arrive in one window, which only the
  // end of the input fires.
  time::ManualClock clock(3'000);
  runtime::JobConfig config;
  config.parallelism = 2;
  config.workerThreads = 2;
  config.clock = &clock;
  config.stateBackend.kind = GetParam();
  config.stateBackend.directory = sabot::testing::freshTestDirectory("sabot-processing-window-job").string();
  auto env = api::StreamEnvironment::create(config);
  std::vector<RecordBatchPtr> input;
  for (int b = 0; b < 20; ++b) input.push_back(batchOf({{"a", b}, {"b", 1}, {"c", 2}}));
  auto sink = std::make_shared<connectors::CollectSink>();
  env.fromSource(connectors::MemorySource::make(kInput, input).valueOrDie(), "rows")
      .setParallelism(1)
      .keyBy({"key"})
      .window(WindowSpec::tumblingProcessingTime(milliseconds(60'000)))
      .aggregate({Aggregate::countAll().as("n"), Aggregate::sum("value").as("total")})
      .sinkTo(sink);
  auto result = env.execute("processing-time windows");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(rowsOf(sink->batches()),
            (std::vector<std::string>{"a 0 60000 20 190", "b 0 60000 20 20", "c 0 60000 20 40"}));
}

TEST(ProcessingTimeWindowSpecTest, OnlyTumblingAndSlidingWindowsCanBeOnProcessingTime) {
  WindowSpec session = WindowSpec::session("ts", milliseconds(1000));
  session.processingTime = true;
  EXPECT_NE(session.validate().message().find("session windows are on event time only"), std::string::npos);
  WindowSpec named = WindowSpec::tumblingProcessingTime(milliseconds(1000));
  named.timeColumn = "ts";
  EXPECT_NE(named.validate().message().find("reads no time column, but 'ts' is given"), std::string::npos);
  EXPECT_TRUE(WindowSpec::slidingProcessingTime(milliseconds(1000), milliseconds(500)).validate().ok());
  EXPECT_EQ(WindowSpec::slidingProcessingTime(milliseconds(1000), milliseconds(500)).toString(),
            "sliding(1000 ms every 500 ms) on processing time");
}

INSTANTIATE_TEST_SUITE_P(Backends, ProcessingTimeWindowTest,
                         ::testing::Values(runtime::StateBackendKind::kMemory, runtime::StateBackendKind::kRocksDb),
                         [](const ::testing::TestParamInfo<runtime::StateBackendKind>& info) {
                           return std::string(runtime::stateBackendName(info.param));
                         });

}  // namespace
}  // namespace sabot::operators
