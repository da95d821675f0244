// Keyed process functions: keyed state and timers wired into the runtime.
// A function that rebuilds tumbling-window sums from ValueState and
// event-time timers is run at several parallelisms on both state backends
// and compared with a direct computation; processing-time timers are driven
// by a manual clock; a cancelled job restored from a checkpoint gives the
// uninterrupted result.

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <thread>

#include "sabot/base/testing/TestDirectory.h"
#include "sabot/api/StreamEnvironment.h"
#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/connectors/CollectSink.h"
#include "sabot/connectors/SequenceSource.h"
#include "sabot/operators/KeyedProcessFunction.h"
#include "sabot/state/ValueState.h"

namespace sabot::operators {
namespace {

namespace fs = std::filesystem;
using api::StreamEnvironment;
using columnar::RecordBatchPtr;
using compute::col;
using compute::lit;
using state::TimeDomain;

constexpr int64_t kKeys = 37;
constexpr int64_t kWindowMs = 1000;

columnar::SchemaPtr sumsSchema() {
  return columnar::schema({columnar::field("key", columnar::int64()), columnar::field("window_end", columnar::int64()),
                           columnar::field("sum", columnar::int64()), columnar::field("count", columnar::int64())});
}

/// Per key and window of kWindowMs on `value`: the sum and count, kept in
/// ValueState under the window's namespace and emitted by an event-time
/// timer at the window's end. Rows are appended in onTimer and emitted once
/// per round in afterTimers.
class WindowSumFunction final : public KeyedProcessFunction {
 public:
  Status open(KeyedProcessContext& context) override {
    state::ValueStateDescriptor<int64_t> sum;
    sum.name = "sum";
    state::ValueStateDescriptor<int64_t> count;
    count.name = "count";
    SABOT_ASSIGN_OR_RAISE(sum_, state::ValueState<int64_t>::make(&context.stateBackend(), sum));
    SABOT_ASSIGN_OR_RAISE(count_, state::ValueState<int64_t>::make(&context.stateBackend(), count));
    return resetBuilders(context);
  }

  Status processBatch(const RecordBatchPtr& batch, KeyedProcessContext& context) override {
    const int64_t* values = batch->column(batch->schema()->fieldIndex("value")).values<int64_t>();
    std::string ns;
    for (int64_t row = 0; row < batch->numRows(); ++row) {
      const int64_t end = (values[row] / kWindowMs + 1) * kWindowMs - 1;
      ns = std::to_string(end);
      SABOT_RETURN_NOT_OK(context.setCurrentRow(row));
      context.stateBackend().setCurrentNamespace(ns);
      SABOT_ASSIGN_OR_RAISE(auto sum, sum_->value());
      SABOT_ASSIGN_OR_RAISE(auto count, count_->value());
      SABOT_RETURN_NOT_OK(sum_->update(sum.value_or(0) + values[row]));
      SABOT_RETURN_NOT_OK(count_->update(count.value_or(0) + 1));
      SABOT_RETURN_NOT_OK(context.registerEventTimeTimer(end));
    }
    return Status::OK();
  }

  Status onTimer(const state::TimerView& timer, KeyedProcessContext& context) override {
    if (timer.domain != TimeDomain::kEventTime) return Status::invalid("unexpected processing-time timer");
    SABOT_ASSIGN_OR_RAISE(auto sum, sum_->value());
    SABOT_ASSIGN_OR_RAISE(auto count, count_->value());
    if (!sum || !count) return Status::invalid("a timer fired for a window without state");
    SABOT_RETURN_NOT_OK(context.appendCurrentKey(keyBuilders_));
    SABOT_RETURN_NOT_OK(ends_->append(timer.timestamp));
    SABOT_RETURN_NOT_OK(sums_->append(*sum));
    SABOT_RETURN_NOT_OK(counts_->append(*count));
    SABOT_RETURN_NOT_OK(sum_->clear());
    return count_->clear();
  }

  Status afterTimers(KeyedProcessContext& context) override {
    if (ends_->length() == 0) return Status::OK();
    std::vector<columnar::Array> columns;
    SABOT_ASSIGN_OR_RAISE(columnar::Array key, keyBuilders_[0]->finish());
    columns.push_back(std::move(key));
    for (auto* builder : {ends_.get(), sums_.get(), counts_.get()}) {
      SABOT_ASSIGN_OR_RAISE(columnar::Array column, builder->finish());
      columns.push_back(std::move(column));
    }
    SABOT_ASSIGN_OR_RAISE(auto batch, columnar::RecordBatch::make(sumsSchema(), std::move(columns)));
    SABOT_RETURN_NOT_OK(context.emit(std::move(batch)));
    return resetBuilders(context);
  }

 private:
  Status resetBuilders(KeyedProcessContext& context) {
    SABOT_ASSIGN_OR_RAISE(keyBuilders_, context.keyEncoder().makeBuilders(context.operatorContext().pool));
    ends_ = std::make_unique<columnar::NumericBuilder<int64_t>>(columnar::int64());
    sums_ = std::make_unique<columnar::NumericBuilder<int64_t>>(columnar::int64());
    counts_ = std::make_unique<columnar::NumericBuilder<int64_t>>(columnar::int64());
    return Status::OK();
  }

  std::optional<state::ValueState<int64_t>> sum_;
  std::optional<state::ValueState<int64_t>> count_;
  std::vector<std::unique_ptr<columnar::ArrayBuilder>> keyBuilders_;
  std::unique_ptr<columnar::NumericBuilder<int64_t>> ends_;
  std::unique_ptr<columnar::NumericBuilder<int64_t>> sums_;
  std::unique_ptr<columnar::NumericBuilder<int64_t>> counts_;
};

/// key -> window end -> (sum, count), computed directly.
std::map<std::pair<int64_t, int64_t>, std::pair<int64_t, int64_t>> expectedSums(int64_t rows) {
  std::map<std::pair<int64_t, int64_t>, std::pair<int64_t, int64_t>> expected;
  for (int64_t value = 0; value < rows; ++value) {
    auto& cell = expected[{value % kKeys, (value / kWindowMs + 1) * kWindowMs - 1}];
    cell.first += value;
    cell.second += 1;
  }
  return expected;
}

std::map<std::pair<int64_t, int64_t>, std::pair<int64_t, int64_t>> collectedSums(const connectors::CollectSink& sink,
                                                                               int64_t* duplicates) {
  std::map<std::pair<int64_t, int64_t>, std::pair<int64_t, int64_t>> actual;
  *duplicates = 0;
  for (const auto& batch : sink.batches()) {
    for (int64_t row = 0; row < batch->numRows(); ++row) {
      const std::pair<int64_t, int64_t> at{batch->column(0).value<int64_t>(row), batch->column(1).value<int64_t>(row)};
      if (actual.count(at) != 0) ++*duplicates;
      actual[at] = {batch->column(2).value<int64_t>(row), batch->column(3).value<int64_t>(row)};
    }
  }
  return actual;
}

void buildSumJob(StreamEnvironment& env, std::shared_ptr<const runtime::Sink> sink, int64_t rows, bool slow) {
  auto numbers = env.fromSource(connectors::SequenceSource::make(0, rows).valueOrDie(),
                                time::WatermarkStrategy::forMonotonousTimestamps("value"), "numbers");
  api::DataStream stream = numbers;
  if (slow) {
    stream = numbers.map(
        [](const RecordBatchPtr& batch) -> Result<RecordBatchPtr> {
          std::this_thread::sleep_for(std::chrono::microseconds(300));
          return batch;
        },
        numbers.schema());
  }
  stream.select({compute::call("modulo", {col("value"), lit(kKeys)}).alias("key"), col("value")})
      .keyBy({"key"})
      .process([] { return std::make_unique<WindowSumFunction>(); }, sumsSchema())
      .name("window sums")
      .sinkTo(std::move(sink));
}

fs::path freshDirectory(const std::string& name) { return sabot::testing::freshTestDirectory("sabot-keyed-" + name); }

struct BackendCase {
  runtime::StateBackendKind backend;
  int32_t parallelism;
};

class KeyedProcessRuntimeTest : public ::testing::TestWithParam<BackendCase> {};

TEST_P(KeyedProcessRuntimeTest, EventTimeTimersAndValueStateRebuildWindowSums) {
  runtime::JobConfig config;
  config.parallelism = GetParam().parallelism;
  config.workerThreads = 2;
  config.batchRows = 700;
  config.stateBackend.kind = GetParam().backend;
  // One directory per case: CTest runs the cases in parallel.
  config.stateBackend.directory =
      freshDirectory("sums-" + std::string(runtime::stateBackendName(GetParam().backend)) + "-" +
                     std::to_string(GetParam().parallelism))
          .string();
  auto env = StreamEnvironment::create(config);
  auto sink = std::make_shared<connectors::CollectSink>();
  constexpr int64_t kRows = 20'000;
  buildSumJob(env, sink, kRows, /*slow=*/false);
  auto result = env.execute("window sums");
  ASSERT_TRUE(result.ok()) << result.status();
  int64_t duplicates = 0;
  EXPECT_EQ(collectedSums(*sink, &duplicates), expectedSums(kRows));
  EXPECT_EQ(duplicates, 0);
  if (GetParam().backend == runtime::StateBackendKind::kRocksDb) {
    // Every subtask's RocksDB directory is gone with the job.
    EXPECT_TRUE(fs::is_empty(config.stateBackend.directory));
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, KeyedProcessRuntimeTest,
                         ::testing::Values(BackendCase{runtime::StateBackendKind::kMemory, 1},
                                           BackendCase{runtime::StateBackendKind::kMemory, 3},
                                           BackendCase{runtime::StateBackendKind::kRocksDb, 1},
                                           BackendCase{runtime::StateBackendKind::kRocksDb, 3}),
                         [](const auto& info) {
                           return std::string(runtime::stateBackendName(info.param.backend)) + "_p" +
                                  std::to_string(info.param.parallelism);
                         });

TEST_P(KeyedProcessRuntimeTest, ARestoredJobKeepsStateAndTimers) {
  const fs::path directory = freshDirectory("restore-" + std::string(runtime::stateBackendName(GetParam().backend)) +
                                            "-" + std::to_string(GetParam().parallelism));
  runtime::JobConfig config;
  config.parallelism = GetParam().parallelism;
  config.workerThreads = 2;
  config.batchRows = 500;
  config.stateBackend.kind = GetParam().backend;
  config.checkpoints.directory = directory.string();
  config.checkpoints.interval = std::chrono::milliseconds(20);
  constexpr int64_t kRows = 60'000;
  auto sink = std::make_shared<connectors::CollectSink>();
  {
    auto env = StreamEnvironment::create(config);
    buildSumJob(env, sink, kRows, /*slow=*/true);
    auto job = env.executeAsync("first run").valueOrDie();
    while (job->checkpointStats().completed < 3) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    job->cancel();
    EXPECT_EQ(job->wait().status().code(), StatusCode::kCancelled);
  }
  int64_t duplicates = 0;
  EXPECT_LT(collectedSums(*sink, &duplicates).size(), expectedSums(kRows).size()) << "stopped part way";
  config.checkpoints.restoreFrom = "latest";
  auto env = StreamEnvironment::create(config);
  buildSumJob(env, sink, kRows, /*slow=*/true);
  auto result = env.execute("second run");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(collectedSums(*sink, &duplicates), expectedSums(kRows)) << "state and timers restored";
  EXPECT_EQ(duplicates, 0) << "no window emitted twice";
}

// --- Processing time, driven by a manual clock ---

/// Collects what an operator emits.
class VectorCollector final : public runtime::Collector {
 public:
  Status emit(RecordBatchPtr batch) override {
    batches.push_back(std::move(batch));
    return Status::OK();
  }
  Status emitSide(int32_t, RecordBatchPtr) override { return Status::OK(); }
  Status emitWatermark(runtime::EventTime watermark) override {
    watermarks.push_back(watermark);
    return Status::OK();
  }
  std::vector<RecordBatchPtr> batches;
  std::vector<runtime::EventTime> watermarks;
};

columnar::SchemaPtr firedSchema() {
  return columnar::schema({columnar::field("key", columnar::int64()), columnar::field("at", columnar::int64())});
}

/// Registers a processing-time timer `delay` ms after the clock's now for
/// every row's key; deletes it again for rows with a negative value; emits
/// (key, timer time) when one fires.
class DelayFunction final : public KeyedProcessFunction {
 public:
  explicit DelayFunction(int64_t delay, std::atomic<int64_t>* fired = nullptr) : delay_(delay), fired_(fired) {}

  Status processBatch(const RecordBatchPtr& batch, KeyedProcessContext& context) override {
    const int64_t* values = batch->column(1).values<int64_t>();
    for (int64_t row = 0; row < batch->numRows(); ++row) {
      SABOT_RETURN_NOT_OK(context.setCurrentRow(row));
      const int64_t at = context.currentProcessingTime() + delay_;
      if (values[row] < 0) {
        SABOT_RETURN_NOT_OK(context.deleteProcessingTimeTimer(at));
      } else {
        SABOT_RETURN_NOT_OK(context.registerProcessingTimeTimer(at));
      }
    }
    return Status::OK();
  }
  Status onTimer(const state::TimerView& timer, KeyedProcessContext& context) override {
    if (timer.domain != TimeDomain::kProcessingTime) return Status::invalid("unexpected event-time timer");
    SABOT_ASSIGN_OR_RAISE(auto builders, context.keyEncoder().makeBuilders(context.operatorContext().pool));
    SABOT_RETURN_NOT_OK(context.appendCurrentKey(builders));
    SABOT_ASSIGN_OR_RAISE(columnar::Array key, builders[0]->finish());
    auto at = columnar::makeArray<int64_t>(columnar::int64(), {std::optional<int64_t>(timer.timestamp)});
    SABOT_ASSIGN_OR_RAISE(auto batch, columnar::RecordBatch::make(firedSchema(), {std::move(key), std::move(at)}));
    if (fired_ != nullptr) fired_->fetch_add(1);
    return context.emit(std::move(batch));
  }

 private:
  int64_t delay_;
  std::atomic<int64_t>* fired_;
};

columnar::Array int64Array(const std::vector<int64_t>& values) {
  return columnar::makeArray<int64_t>(columnar::int64(), std::vector<std::optional<int64_t>>(values.begin(), values.end()));
}

RecordBatchPtr keyValueBatch(std::vector<int64_t> keys, std::vector<int64_t> values) {
  auto schema = columnar::schema({columnar::field("key", columnar::int64()), columnar::field("value", columnar::int64())});
  return columnar::RecordBatch::make(schema, {int64Array(keys), int64Array(values)})
      .valueOrDie();
}

std::vector<std::pair<int64_t, int64_t>> firedRows(const std::vector<RecordBatchPtr>& batches) {
  std::vector<std::pair<int64_t, int64_t>> rows;
  for (const auto& batch : batches) {
    for (int64_t row = 0; row < batch->numRows(); ++row) {
      rows.emplace_back(batch->column(0).value<int64_t>(row), batch->column(1).value<int64_t>(row));
    }
  }
  return rows;
}

TEST(KeyedProcessOperatorTest, ProcessingTimeTimersFollowTheInjectedClock) {
  time::ManualClock clock(1000);
  auto input = keyValueBatch({1}, {0});
  auto keys = KeyEncoder::make(*input->schema(), {0}).valueOrDie();
  KeyedProcessOperator op("delay", [] { return std::make_unique<DelayFunction>(100); }, {}, std::move(keys));
  runtime::OperatorContext context;
  context.operatorName = "delay";
  context.clock = &clock;
  auto state = op.makeState(context).valueOrDie();
  VectorCollector out;

  EXPECT_FALSE(op.nextProcessingTime(state.get()).has_value());
  ASSERT_TRUE(op.processBatch(state.get(), 0, keyValueBatch({1, 2, 1}, {5, 6, 7}), out).ok());  // timers at 1100
  clock.setMillis(1050);
  ASSERT_TRUE(op.processBatch(state.get(), 0, keyValueBatch({3, 4}, {1, 1}), out).ok());  // at 1150
  ASSERT_TRUE(op.processBatch(state.get(), 0, keyValueBatch({4}, {-1}), out).ok());       // deletes key 4's
  EXPECT_EQ(op.nextProcessingTime(state.get()), 1100);

  ASSERT_TRUE(op.onProcessingTime(state.get(), 1099, out).ok());
  EXPECT_TRUE(out.batches.empty()) << "nothing is due before 1100";
  // Event time does not fire processing-time timers.
  ASSERT_TRUE(op.processWatermark(state.get(), 1'000'000, out).ok());
  EXPECT_TRUE(out.batches.empty());

  ASSERT_TRUE(op.onProcessingTime(state.get(), 1120, out).ok());
  auto fired = firedRows(out.batches);
  std::sort(fired.begin(), fired.end());
  EXPECT_EQ(fired, (std::vector<std::pair<int64_t, int64_t>>{{1, 1100}, {2, 1100}})) << "one timer per key and time";
  EXPECT_EQ(op.nextProcessingTime(state.get()), 1150);
  ASSERT_TRUE(op.onProcessingTime(state.get(), 2000, out).ok());
  fired = firedRows(out.batches);
  ASSERT_EQ(fired.size(), 3u);
  EXPECT_EQ(fired.back(), (std::pair<int64_t, int64_t>{3, 1150})) << "key 4's timer was deleted";
  EXPECT_FALSE(op.nextProcessingTime(state.get()).has_value());
}

/// Emits one batch, then nothing until `done` is set (or 20 s pass).
class WaitingSource final : public runtime::Source {
 public:
  explicit WaitingSource(std::atomic<int64_t>* done) : done_(done) {}
  std::string describe() const override { return "waiting"; }
  columnar::SchemaPtr schema() const override { return keyValueBatch({0}, {0})->schema(); }
  Result<std::unique_ptr<runtime::SourceReader>> createReader(const runtime::OperatorContext&) const override {
    struct Reader final : runtime::SourceReader {
      std::atomic<int64_t>* done;
      bool sent = false;
      std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
      Result<runtime::SourcePoll> poll(int64_t) override {
        if (!sent) {
          sent = true;
          return runtime::SourcePoll::ofBatch(keyValueBatch({1, 2, 3}, {0, 0, 0}));
        }
        if (done->load() >= 3 || std::chrono::steady_clock::now() - started > std::chrono::seconds(20)) {
          return runtime::SourcePoll::end();
        }
        return runtime::SourcePoll::notNow(std::chrono::milliseconds(5));
      }
      std::string position() const override { return sent ? "sent" : "start"; }
    };
    auto reader = std::make_unique<Reader>();
    reader->done = done_;
    return std::unique_ptr<runtime::SourceReader>(std::move(reader));
  }

 private:
  std::atomic<int64_t>* done_;
};

TEST(KeyedProcessRuntimeClockTest, TasksWakeUpForProcessingTimeWithoutInput) {
  time::ManualClock clock(0);
  std::atomic<int64_t> fired{0};
  runtime::JobConfig config;
  config.clock = &clock;
  config.workerThreads = 1;
  auto env = StreamEnvironment::create(config);
  auto sink = std::make_shared<connectors::CollectSink>();
  env.fromSource(std::make_shared<WaitingSource>(&fired))
      .keyBy({"key"})
      .process([&fired] { return std::make_unique<DelayFunction>(60'000, &fired); }, firedSchema())
      .sinkTo(sink);
  auto job = env.executeAsync("clock").valueOrDie();
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(fired.load(), 0) << "the clock has not reached the timers";
  clock.setMillis(60'000);  // a minute passes at once: the idle task notices
  auto result = job->wait();
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(fired.load(), 3);
  auto rows = firedRows(sink->batches());
  std::sort(rows.begin(), rows.end());
  EXPECT_EQ(rows, (std::vector<std::pair<int64_t, int64_t>>{{1, 60'000}, {2, 60'000}, {3, 60'000}}));
}

TEST(KeyedProcessApiTest, RejectsBadArgumentsAtPlanTime) {
  auto env = StreamEnvironment::create();
  auto numbers = env.fromSource(connectors::SequenceSource::make(0, 10).valueOrDie());
  auto keyed = numbers.keyBy({"value"});
  auto missingFactory = keyed.process(KeyedProcessFunctionFactory{}, sumsSchema());
  EXPECT_NE(missingFactory.status().message().find("needs a process function factory"), std::string::npos)
      << missingFactory.status();
  auto missingSchema = keyed.process([] { return std::make_unique<WindowSumFunction>(); }, nullptr);
  EXPECT_NE(missingSchema.status().message().find("needs an output schema"), std::string::npos);
}

}  // namespace
}  // namespace sabot::operators
