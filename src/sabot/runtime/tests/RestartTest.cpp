// Restart strategies, in the style of Flink's fault-tolerance tests: a
// source of unique increasing numbers, keyed stateful operators (a window
// aggregation; a KeyedProcessFunction with ValueState and event-time
// timers), a transactional CollectSink; failures injected at seeded random
// points (a user function that throws, a process function that returns an
// error, a sink whose write fails), each failing once, so the job fails
// exactly as often as there are injection points. The restarted job must
// give exactly what an uninterrupted run gives: nothing lost, nothing
// duplicated, on both state backends at parallelism 1 and 3.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "sabot/base/testing/TestDirectory.h"
#include "sabot/api/StreamEnvironment.h"
#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/connectors/CollectSink.h"
#include "sabot/connectors/SequenceSource.h"
#include "sabot/operators/KeyedProcessFunction.h"
#include "sabot/runtime/RestartingExecution.h"
#include "sabot/runtime/RestartStrategy.h"
#include "sabot/state/ValueState.h"

namespace sabot::runtime {
namespace {

namespace fs = std::filesystem;
using api::StreamEnvironment;
using columnar::RecordBatchPtr;
using compute::col;
using compute::lit;
using std::chrono::milliseconds;

constexpr int64_t kRows = 30'000;
constexpr int64_t kKeys = 37;
constexpr int64_t kWindowMs = 500;

fs::path freshDirectory(const std::string& name) { return sabot::testing::freshTestDirectory("sabot-restart-" + name); }

// --- Failure injection ---

/// The points where a job fails, each once: when an injecting operator
/// sees one of `triggers_` it takes it out and fails. A restarted job sees
/// every trigger it has not yet failed on again (the checkpoint it restores
/// lies before them), so every trigger fires. With one subtask per
/// operator each fires in an attempt of its own (restarts == triggers);
/// with several, two subtasks can strike in the same attempt before the
/// first failure stops the other (the job then fails once for both).
class FailureInjector {
 public:
  explicit FailureInjector(std::set<int64_t> triggers) : triggers_(std::move(triggers)) {}

  /// The trigger among `values` that fires now, if any (at most one per call).
  std::optional<int64_t> strike(const int64_t* values, int64_t count) {
    std::lock_guard lock(mutex_);
    for (int64_t i = 0; i < count; ++i) {
      auto found = triggers_.find(values[i]);
      if (found == triggers_.end()) continue;
      triggers_.erase(found);
      ++fired_;
      return values[i];
    }
    return std::nullopt;
  }
  /// Takes any trigger left (true) or finds none (false).
  bool takeAny() {
    std::lock_guard lock(mutex_);
    if (triggers_.empty()) return false;
    triggers_.erase(triggers_.begin());
    ++fired_;
    return true;
  }
  int32_t fired() const {
    std::lock_guard lock(mutex_);
    return fired_;
  }
  size_t left() const {
    std::lock_guard lock(mutex_);
    return triggers_.size();
  }

 private:
  mutable std::mutex mutex_;
  std::set<int64_t> triggers_;
  int32_t fired_ = 0;
};

/// `count` distinct seeded values of the sequence [0, kRows), each in the
/// first 5% .. 40% of the range of the source subtask that reads it. So a
/// failure strikes while at least 60% of that subtask's rows are still to
/// come: with channels of one batch, no sink subtask can have finished its
/// input then (CollectSink commits at the end of its input).
std::set<int64_t> seededValues(uint64_t seed, int count, int32_t parallelism) {
  std::mt19937_64 random(seed);
  std::set<int64_t> values;
  while (static_cast<int>(values.size()) < count) {
    const int32_t subtask = static_cast<int32_t>(random() % static_cast<uint64_t>(parallelism));
    const int64_t begin = kRows * subtask / parallelism;
    const int64_t size = kRows * (subtask + 1) / parallelism - begin;
    const int64_t low = size * 5 / 100;
    const int64_t high = size * 40 / 100;
    values.insert(begin + low + static_cast<int64_t>(random() % static_cast<uint64_t>(high - low)));
  }
  return values;
}

/// `count` distinct seeded window ends (value / kWindowMs * kWindowMs +
/// kWindowMs - 1) among the first 40% of source subtask 0's range: those
/// windows fire while every source still has rows to read.
std::set<int64_t> seededWindowEnds(uint64_t seed, int count, int32_t parallelism) {
  std::mt19937_64 random(seed);
  const int64_t windows = (kRows / parallelism) * 40 / 100 / kWindowMs;
  std::set<int64_t> ends;
  while (static_cast<int>(ends.size()) < std::min<int64_t>(count, windows)) {
    ends.insert(static_cast<int64_t>(random() % static_cast<uint64_t>(windows)) * kWindowMs + kWindowMs - 1);
  }
  return ends;
}

const int64_t* int64Values(const RecordBatchPtr& batch, const std::string& column) {
  return batch->column(batch->schema()->fieldIndex(column)).values<int64_t>();
}

/// A map on the source's chain that is slow enough for checkpoints to
/// happen between failures and throws (a user function's exception) at the
/// injector's points. `checkpointDirectory` set: it fails only once that
/// directory holds a completed checkpoint, and then at the next batch.
api::DataStream failingMap(api::DataStream numbers, std::shared_ptr<FailureInjector> injector,
                           std::string checkpointDirectory = "") {
  return numbers
      .map(
          [injector, checkpointDirectory](const RecordBatchPtr& batch) -> Result<RecordBatchPtr> {
            std::this_thread::sleep_for(std::chrono::microseconds(500));
            if (injector == nullptr) return batch;
            if (!checkpointDirectory.empty()) {
              std::error_code error;
              bool completed = false;
              for (const auto& entry : fs::directory_iterator(checkpointDirectory, error)) {
                if (fs::exists(entry.path() / "_metadata", error)) completed = true;
              }
              if (completed && injector->takeAny()) {
                throw std::runtime_error(
                    fmt::format("injected failure after a checkpoint, at value {}", int64Values(batch, "value")[0]));
              }
              return batch;
            }
            if (auto value = injector->strike(int64Values(batch, "value"), batch->numRows())) {
              throw std::runtime_error(fmt::format("injected failure at value {}", *value));
            }
            return batch;
          },
          numbers.schema())
      .name("failing map");
}

// --- Jobs ---

api::DataStream numbersWithKeys(StreamEnvironment& env, const std::shared_ptr<FailureInjector>& mapFailures,
                                const std::string& gateDirectory = "") {
  auto numbers = env.fromSource(connectors::SequenceSource::make(0, kRows).valueOrDie(),
                                time::WatermarkStrategy::forMonotonousTimestamps("value"), "numbers");
  return failingMap(numbers, mapFailures, gateDirectory)
      .select({compute::call("modulo", {col("value"), lit(kKeys)}).alias("key"), col("value")});
}

/// Per key, tumbling event-time windows of kWindowMs: count and sum.
void buildWindowJob(StreamEnvironment& env, std::shared_ptr<const Sink> sink,
                    const std::shared_ptr<FailureInjector>& mapFailures, const std::string& gateDirectory = "") {
  numbersWithKeys(env, mapFailures, gateDirectory)
      .keyBy({"key"})
      .window(operators::WindowSpec::tumbling("value", milliseconds(kWindowMs)))
      .aggregate({operators::Aggregate::countAll().as("n"), operators::Aggregate::sum("value").as("total")})
      .sinkTo(std::move(sink))
      .name("collect");
}

columnar::SchemaPtr sumsSchema() {
  return columnar::schema({columnar::field("key", columnar::int64()), columnar::field("window_end", columnar::int64()),
                           columnar::field("sum", columnar::int64()), columnar::field("count", columnar::int64())});
}

/// Window sums rebuilt from ValueState and event-time timers (as in
/// KeyedProcessTest); returns an error (not an exception) at the injector's
/// points.
class FailingWindowSums final : public operators::KeyedProcessFunction {
 public:
  explicit FailingWindowSums(std::shared_ptr<FailureInjector> injector) : injector_(std::move(injector)) {}

  Status open(operators::KeyedProcessContext& context) override {
    state::ValueStateDescriptor<int64_t> sum;
    sum.name = "sum";
    state::ValueStateDescriptor<int64_t> count;
    count.name = "count";
    SABOT_ASSIGN_OR_RAISE(sum_, state::ValueState<int64_t>::make(&context.stateBackend(), sum));
    SABOT_ASSIGN_OR_RAISE(count_, state::ValueState<int64_t>::make(&context.stateBackend(), count));
    return resetBuilders(context);
  }

  Status processBatch(const RecordBatchPtr& batch, operators::KeyedProcessContext& context) override {
    const int64_t* values = int64Values(batch, "value");
    if (injector_ != nullptr) {
      if (auto value = injector_->strike(values, batch->numRows())) {
        return Status::invalid("injected failure at value {}", *value);
      }
    }
    for (int64_t row = 0; row < batch->numRows(); ++row) {
      const int64_t end = (values[row] / kWindowMs + 1) * kWindowMs - 1;
      SABOT_RETURN_NOT_OK(context.setCurrentRow(row));
      context.stateBackend().setCurrentNamespace(std::to_string(end));
      SABOT_ASSIGN_OR_RAISE(auto sum, sum_->value());
      SABOT_ASSIGN_OR_RAISE(auto count, count_->value());
      SABOT_RETURN_NOT_OK(sum_->update(sum.value_or(0) + values[row]));
      SABOT_RETURN_NOT_OK(count_->update(count.value_or(0) + 1));
      SABOT_RETURN_NOT_OK(context.registerEventTimeTimer(end));
    }
    return Status::OK();
  }

  Status onTimer(const state::TimerView& timer, operators::KeyedProcessContext& context) override {
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

  Status afterTimers(operators::KeyedProcessContext& context) override {
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
  Status resetBuilders(operators::KeyedProcessContext& context) {
    SABOT_ASSIGN_OR_RAISE(keyBuilders_, context.keyEncoder().makeBuilders(context.operatorContext().pool));
    ends_ = std::make_unique<columnar::NumericBuilder<int64_t>>(columnar::int64());
    sums_ = std::make_unique<columnar::NumericBuilder<int64_t>>(columnar::int64());
    counts_ = std::make_unique<columnar::NumericBuilder<int64_t>>(columnar::int64());
    return Status::OK();
  }

  std::shared_ptr<FailureInjector> injector_;
  std::optional<state::ValueState<int64_t>> sum_;
  std::optional<state::ValueState<int64_t>> count_;
  std::vector<std::unique_ptr<columnar::ArrayBuilder>> keyBuilders_;
  std::unique_ptr<columnar::NumericBuilder<int64_t>> ends_;
  std::unique_ptr<columnar::NumericBuilder<int64_t>> sums_;
  std::unique_ptr<columnar::NumericBuilder<int64_t>> counts_;
};

void buildKeyedProcessJob(StreamEnvironment& env, std::shared_ptr<const Sink> sink,
                          std::shared_ptr<FailureInjector> processFailures) {
  numbersWithKeys(env, nullptr)
      .keyBy({"key"})
      .process([processFailures] { return std::make_unique<FailingWindowSums>(processFailures); }, sumsSchema())
      .name("window sums")
      .sinkTo(std::move(sink))
      .name("collect");
}

/// A CollectSink whose writers fail a write that holds one of the
/// injector's values in column `window_end` (a sink error).
class FailingSink final : public Sink {
 public:
  FailingSink(std::shared_ptr<connectors::CollectSink> inner, std::shared_ptr<FailureInjector> injector)
      : inner_(std::move(inner)), injector_(std::move(injector)) {}
  std::string describe() const override { return "failing collect sink"; }
  bool transactional() const override { return true; }
  Result<std::unique_ptr<SinkWriter>> createWriter(const OperatorContext& context,
                                                   const columnar::SchemaPtr& schema) const override {
    SABOT_ASSIGN_OR_RAISE(auto writer, inner_->createWriter(context, schema));
    return std::unique_ptr<SinkWriter>(std::make_unique<Writer>(std::move(writer), injector_));
  }

 private:
  class Writer final : public SinkWriter {
   public:
    Writer(std::unique_ptr<SinkWriter> inner, std::shared_ptr<FailureInjector> injector)
        : inner_(std::move(inner)), injector_(std::move(injector)) {}
    Status write(const RecordBatchPtr& batch) override {
      if (auto end = injector_->strike(int64Values(batch, "window_end"), batch->numRows())) {
        return Status::ioError("injected sink failure at window end {}", *end);
      }
      return inner_->write(batch);
    }
    Status finish() override { return inner_->finish(); }
    void abort() override { inner_->abort(); }
    Status preCommit(int64_t id, checkpoint::SnapshotWriter& out) override { return inner_->preCommit(id, out); }
    Status commit(int64_t id) override { return inner_->commit(id); }
    Status recover(checkpoint::SnapshotReader& in) override { return inner_->recover(in); }

   private:
    std::unique_ptr<SinkWriter> inner_;
    std::shared_ptr<FailureInjector> injector_;
  };

  std::shared_ptr<connectors::CollectSink> inner_;
  std::shared_ptr<FailureInjector> injector_;
};

/// Every row the sink committed, all columns formatted, sorted.
std::vector<std::string> committedRows(const connectors::CollectSink& sink) {
  std::vector<std::string> rows;
  for (const auto& batch : sink.batches()) {
    for (int64_t row = 0; row < batch->numRows(); ++row) {
      std::string text;
      for (int c = 0; c < batch->numColumns(); ++c) text += batch->column(c).formatValue(row) + " ";
      rows.push_back(std::move(text));
    }
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

struct Difference {
  int64_t lost = 0;
  int64_t duplicated = 0;
  int64_t unexpected = 0;
};

/// Rows of `expected` missing from `actual`, rows of `actual` more often
/// than in `expected`, and rows `expected` does not have at all.
Difference compare(const std::vector<std::string>& expected, const std::vector<std::string>& actual) {
  std::map<std::string, int64_t> counts;
  for (const auto& row : expected) ++counts[row];
  Difference difference;
  std::map<std::string, int64_t> seen;
  for (const auto& row : actual) ++seen[row];
  for (const auto& [row, count] : counts) difference.lost += std::max<int64_t>(0, count - seen[row]);
  for (const auto& [row, count] : seen) {
    auto found = counts.find(row);
    if (found == counts.end()) {
      difference.unexpected += count;
    } else {
      difference.duplicated += std::max<int64_t>(0, count - found->second);
    }
  }
  return difference;
}

// --- Failure injection across backends and parallelisms ---

struct Case {
  StateBackendKind backend;
  int32_t parallelism;
};

std::string caseName(const ::testing::TestParamInfo<Case>& info) {
  return std::string(stateBackendName(info.param.backend)) + "_p" + std::to_string(info.param.parallelism);
}

class RestartFaultTest : public ::testing::TestWithParam<Case> {
 protected:
  JobConfig config(const std::string& name) const {
    JobConfig config;
    config.parallelism = GetParam().parallelism;
    config.workerThreads = 2;
    config.batchRows = 200;
    config.channel.capacityBatches = 1;
    config.stateBackend.kind = GetParam().backend;
    stateDirectory_ = freshDirectory(name + "-state-" + caseSuffix());
    config.stateBackend.directory = stateDirectory_.string();
    config.checkpoints.directory = freshDirectory(name + "-ckpt-" + caseSuffix()).string();
    config.checkpoints.interval = milliseconds(10);
    config.checkpoints.retained = 2;
    return config;
  }
  std::string caseSuffix() const {
    return std::string(stateBackendName(GetParam().backend)) + "-" + std::to_string(GetParam().parallelism);
  }
  uint64_t seed(uint64_t base) const {
    return base * 1000 + static_cast<uint64_t>(GetParam().backend) * 10 + static_cast<uint64_t>(GetParam().parallelism);
  }
  /// Exactly one restart per injected failure with one subtask per
  /// operator; with several, failures of one attempt can coincide.
  void expectRestarts(int32_t restarts, int32_t failures) const {
    if (GetParam().parallelism == 1) {
      EXPECT_EQ(restarts, failures);
    } else {
      EXPECT_GE(restarts, 1);
      EXPECT_LE(restarts, failures);
    }
  }
  /// The RocksDB directories of every attempt are gone once the job ended.
  void expectStateCleanedUp() const {
    if (GetParam().backend == StateBackendKind::kRocksDb && fs::exists(stateDirectory_)) {
      EXPECT_TRUE(fs::is_empty(stateDirectory_)) << "a RocksDB directory of a failed attempt was left behind";
    }
  }

  mutable fs::path stateDirectory_;
};

TEST_P(RestartFaultTest, AWindowAggregationSurvivesAUserFunctionThatThrows) {
  auto reference = std::make_shared<connectors::CollectSink>();
  {
    auto env = StreamEnvironment::create(config("window-reference"));
    buildWindowJob(env, reference, nullptr);
    auto result = env.execute("uninterrupted");
    ASSERT_TRUE(result.ok()) << result.status();
    EXPECT_EQ(result->restarts, 0);
  }
  const std::vector<std::string> expected = committedRows(*reference);
  ASSERT_EQ(static_cast<int64_t>(expected.size()), kRows / kWindowMs * kKeys) << "one row per key and window";

  const uint64_t runSeed = seed(1);
  SCOPED_TRACE("seed " + std::to_string(runSeed));
  auto injector = std::make_shared<FailureInjector>(seededValues(runSeed, 3, GetParam().parallelism));
  JobConfig jobConfig = config("window");
  jobConfig.restart = RestartStrategy::fixedDelay(3, milliseconds(1));
  auto env = StreamEnvironment::create(jobConfig);
  auto sink = std::make_shared<connectors::CollectSink>();
  buildWindowJob(env, sink, injector);
  auto result = env.execute("restarted");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(injector->fired(), 3);
  expectRestarts(result->restarts, 3);
  const Difference difference = compare(expected, committedRows(*sink));
  EXPECT_EQ(difference.lost, 0);
  EXPECT_EQ(difference.duplicated, 0);
  EXPECT_EQ(difference.unexpected, 0);
  EXPECT_EQ(committedRows(*sink), expected);
  expectStateCleanedUp();
}

TEST_P(RestartFaultTest, AKeyedProcessFunctionWithStateAndTimersSurvivesReturnedErrors) {
  auto reference = std::make_shared<connectors::CollectSink>();
  {
    auto env = StreamEnvironment::create(config("process-reference"));
    buildKeyedProcessJob(env, reference, nullptr);
    auto result = env.execute("uninterrupted");
    ASSERT_TRUE(result.ok()) << result.status();
  }
  const std::vector<std::string> expected = committedRows(*reference);
  ASSERT_EQ(static_cast<int64_t>(expected.size()), kRows / kWindowMs * kKeys);

  const uint64_t runSeed = seed(2);
  SCOPED_TRACE("seed " + std::to_string(runSeed));
  auto injector = std::make_shared<FailureInjector>(seededValues(runSeed, 3, GetParam().parallelism));
  JobConfig jobConfig = config("process");
  jobConfig.restart = RestartStrategy::exponentialDelay(milliseconds(1), milliseconds(4), 2.0, 3);
  auto env = StreamEnvironment::create(jobConfig);
  auto sink = std::make_shared<connectors::CollectSink>();
  buildKeyedProcessJob(env, sink, injector);
  auto job = env.executeAsync("restarted").valueOrDie();
  auto result = job->wait();
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(injector->fired(), 3);
  expectRestarts(result->restarts, 3);
  const std::vector<milliseconds> growing{milliseconds(1), milliseconds(2), milliseconds(4)};
  EXPECT_EQ(job->restartStats().delays,
            std::vector<milliseconds>(growing.begin(), growing.begin() + std::min(result->restarts, 3)));
  const Difference difference = compare(expected, committedRows(*sink));
  EXPECT_EQ(difference.lost, 0);
  EXPECT_EQ(difference.duplicated, 0);
  EXPECT_EQ(difference.unexpected, 0);
  job.reset();  // the last attempt's state lives as long as the execution
  expectStateCleanedUp();
}

TEST_P(RestartFaultTest, ASinkWhoseWritesFailGetsEveryRowExactlyOnce) {
  auto reference = std::make_shared<connectors::CollectSink>();
  {
    auto env = StreamEnvironment::create(config("sink-reference"));
    buildKeyedProcessJob(env, reference, nullptr);
    ASSERT_TRUE(env.execute("uninterrupted").ok());
  }
  const std::vector<std::string> expected = committedRows(*reference);

  const uint64_t runSeed = seed(3);
  SCOPED_TRACE("seed " + std::to_string(runSeed));
  const std::set<int64_t> ends = seededWindowEnds(runSeed, 3, GetParam().parallelism);
  auto injector = std::make_shared<FailureInjector>(ends);
  JobConfig jobConfig = config("sink");
  jobConfig.restart = RestartStrategy::fixedDelay(5, milliseconds(0));
  auto env = StreamEnvironment::create(jobConfig);
  auto collected = std::make_shared<connectors::CollectSink>();
  buildKeyedProcessJob(env, std::make_shared<FailingSink>(collected, injector), nullptr);
  auto result = env.execute("restarted");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(injector->fired(), static_cast<int32_t>(ends.size()));
  expectRestarts(result->restarts, static_cast<int32_t>(ends.size()));
  const Difference difference = compare(expected, committedRows(*collected));
  EXPECT_EQ(difference.lost, 0);
  EXPECT_EQ(difference.duplicated, 0);
  EXPECT_EQ(difference.unexpected, 0);
  expectStateCleanedUp();
}

INSTANTIATE_TEST_SUITE_P(Backends, RestartFaultTest,
                         ::testing::Values(Case{StateBackendKind::kMemory, 1}, Case{StateBackendKind::kMemory, 3},
                                           Case{StateBackendKind::kRocksDb, 1}, Case{StateBackendKind::kRocksDb, 3}),
                         caseName);

// --- Where a restart resumes ---

JobConfig smallConfig(const std::string& name) {
  JobConfig config;
  config.parallelism = 2;
  config.workerThreads = 2;
  config.batchRows = 200;
  config.channel.capacityBatches = 1;
  config.checkpoints.directory = freshDirectory(name).string();
  config.checkpoints.interval = milliseconds(10);
  config.checkpoints.retained = 2;
  return config;
}

std::vector<std::string> referenceWindows() {
  static const std::vector<std::string> rows = [] {
    auto sink = std::make_shared<connectors::CollectSink>();
    auto env = StreamEnvironment::create(smallConfig("reference"));
    buildWindowJob(env, sink, nullptr);
    SABOT_CHECK_OK(env.execute("reference").status());
    return committedRows(*sink);
  }();
  return rows;
}

TEST(RestartTest, AFailureAfterACheckpointRestartsFromThatCheckpoint) {
  JobConfig config = smallConfig("after-checkpoint");
  config.restart = RestartStrategy::fixedDelay(1, milliseconds(0));
  auto injector = std::make_shared<FailureInjector>(std::set<int64_t>{-1});
  auto env = StreamEnvironment::create(config);
  auto sink = std::make_shared<connectors::CollectSink>();
  buildWindowJob(env, sink, injector, config.checkpoints.directory);
  auto job = env.executeAsync("after a checkpoint").valueOrDie();
  auto result = job->wait();
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->restarts, 1);
  EXPECT_NE(result->restoredFrom.find("chk-"), std::string::npos) << "the restart resumed from a checkpoint";
  EXPECT_NE(job->restartStats().lastFailure.find("injected failure after a checkpoint"), std::string::npos)
      << job->restartStats().lastFailure;
  EXPECT_GE(result->checkpoints.completed, 1) << "counted over both attempts";
  EXPECT_EQ(committedRows(*sink), referenceWindows());
}

TEST(RestartTest, AFailureBeforeTheFirstCheckpointRestartsFromTheBeginningExactlyOnce) {
  JobConfig config = smallConfig("before-checkpoint");
  config.checkpoints.interval = std::chrono::hours(1);  // no periodic checkpoint completes
  config.restart = RestartStrategy::fixedDelay(2, milliseconds(0));
  auto env = StreamEnvironment::create(config);
  auto sink = std::make_shared<connectors::CollectSink>();
  // Values early in each subtask's range (subtask 0 reads [0, 15000), 1 the rest).
  buildWindowJob(env, sink, std::make_shared<FailureInjector>(std::set<int64_t>{2000, 16'000}));
  auto result = env.execute("before a checkpoint");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_GE(result->restarts, 1) << "both subtasks may fail in the first attempt";
  EXPECT_LE(result->restarts, 2);
  EXPECT_EQ(result->restoredFrom, "") << "no checkpoint to restore";
  EXPECT_EQ(committedRows(*sink), referenceWindows()) << "staged rows of the failed attempts were dropped";
}

TEST(RestartTest, WithoutCheckpointsAJobRestartsFromTheBeginningAtLeastOnce) {
  JobConfig config = smallConfig("no-checkpoints");
  config.checkpoints = {};
  config.restart = RestartStrategy::fixedDelay(1, milliseconds(0));
  auto env = StreamEnvironment::create(config);
  auto sink = std::make_shared<connectors::CollectSink>();
  buildWindowJob(env, sink, std::make_shared<FailureInjector>(std::set<int64_t>{9000}));
  auto result = env.execute("no checkpoints");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->restarts, 1);
  const Difference difference = compare(referenceWindows(), committedRows(*sink));
  EXPECT_EQ(difference.lost, 0) << "every row at least once";
  EXPECT_EQ(difference.unexpected, 0);
  // The non-transactional writer passed the first attempt's windows on at
  // once: they are there twice (Flink's at-least-once without checkpoints).
}

// --- When restarts stop ---

/// Fails at the first batch of every attempt.
std::shared_ptr<FailureInjector> alwaysFailing() {
  std::set<int64_t> everyStart;
  for (int64_t value = 0; value < kRows; value += 200) everyStart.insert(value);
  return std::make_shared<FailureInjector>(std::move(everyStart));
}

TEST(RestartTest, ExhaustedAttemptsFailNamingTheFailureAndTheRestarts) {
  JobConfig config = smallConfig("exhausted");
  config.parallelism = 1;
  config.restart = RestartStrategy::fixedDelay(2, milliseconds(1));
  auto env = StreamEnvironment::create(config);
  buildWindowJob(env, std::make_shared<connectors::CollectSink>(), alwaysFailing());
  auto job = env.executeAsync("doomed").valueOrDie();
  auto result = job->wait();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInvalid);
  const std::string& message = result.status().message();
  EXPECT_NE(message.find("job 'doomed' failed and was restarted 2 times, all that its restart strategy fixed delay "
                         "(2 attempts, 1 ms apart) allows"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("operator [1] failing map (1/1): a user function threw: injected failure at value 400"),
            std::string::npos)
      << message;
  EXPECT_EQ(job->restartStats().restarts, 2);
  EXPECT_EQ(job->restartStats().delays, (std::vector<milliseconds>{milliseconds(1), milliseconds(1)}));
}

TEST(RestartTest, TheNoneStrategyFailsAsASingleExecution) {
  JobConfig config = smallConfig("none");
  config.parallelism = 1;
  auto env = StreamEnvironment::create(config);
  buildWindowJob(env, std::make_shared<connectors::CollectSink>(), alwaysFailing());
  auto result = env.execute("once");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().message(),
            "job 'once' failed: operator [1] failing map (1/1): a user function threw: injected failure at value 0");
}

TEST(RestartTest, ExponentialBackoffGrowsToItsMaximum) {
  JobConfig config = smallConfig("exponential");
  config.parallelism = 1;
  config.restart = RestartStrategy::exponentialDelay(milliseconds(1), milliseconds(5), 2.0, 5, milliseconds(0));
  auto env = StreamEnvironment::create(config);
  buildWindowJob(env, std::make_shared<connectors::CollectSink>(), alwaysFailing());
  auto job = env.executeAsync("backoff").valueOrDie();
  auto result = job->wait();
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("restarted 5 times"), std::string::npos) << result.status();
  EXPECT_EQ(job->restartStats().delays, (std::vector<milliseconds>{milliseconds(1), milliseconds(2), milliseconds(4),
                                                                    milliseconds(5), milliseconds(5)}));
}

TEST(RestartTest, CancelDuringTheBackoffDelayStopsAtOnce) {
  JobConfig config = smallConfig("cancel-backoff");
  config.parallelism = 1;
  // If cancel() did not cut the delay short, this test would hang for an hour.
  config.restart = RestartStrategy::fixedDelay(3, std::chrono::hours(1));
  auto env = StreamEnvironment::create(config);
  buildWindowJob(env, std::make_shared<connectors::CollectSink>(), alwaysFailing());
  auto job = env.executeAsync("cancelled in backoff").valueOrDie();
  while (!job->restartStats().waitingToRestart) std::this_thread::sleep_for(milliseconds(1));
  job->cancel();
  auto result = job->wait();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kCancelled);
  EXPECT_NE(result.status().message().find("cancelled while waiting to restart it after 0 restarts"),
            std::string::npos)
      << result.status();
  EXPECT_NE(result.status().message().find("injected failure at value 0"), std::string::npos) << result.status();
  EXPECT_EQ(job->restartStats().restarts, 0);
}

TEST(RestartTest, ACancelledJobIsNotRestarted) {
  JobConfig config = smallConfig("cancel-running");
  config.restart = RestartStrategy::fixedDelay(3, milliseconds(0));
  auto env = StreamEnvironment::create(config);
  buildWindowJob(env, std::make_shared<connectors::CollectSink>(), nullptr);
  auto job = env.executeAsync("cancelled").valueOrDie();
  while (job->metrics().totalOf(0).recordsOut == 0) std::this_thread::sleep_for(milliseconds(1));
  job->cancel();
  auto result = job->wait();
  EXPECT_EQ(result.status().code(), StatusCode::kCancelled) << result.status();
  EXPECT_EQ(job->restartStats().restarts, 0);
  EXPECT_TRUE(job->restartStats().delays.empty());
}

TEST(RestartTest, AnInvalidStrategyIsRejectedBeforeTheJobStarts) {
  JobConfig config = smallConfig("invalid");
  config.restart = RestartStrategy::fixedDelay(0, milliseconds(10));
  auto env = StreamEnvironment::create(config);
  buildWindowJob(env, std::make_shared<connectors::CollectSink>(), nullptr);
  auto result = env.execute("invalid");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().message(),
            "job 'invalid': a fixed-delay restart strategy needs at least 1 attempt, got 0");
}

// --- The strategy's decisions, without a job ---

TEST(RestartBackoffTest, FixedDelayAllowsItsAttemptsThenStops) {
  RestartBackoff backoff(RestartStrategy::fixedDelay(2, milliseconds(30)));
  EXPECT_EQ(backoff.onFailure(milliseconds(0)), milliseconds(30));
  EXPECT_EQ(backoff.onFailure(std::chrono::hours(5)), milliseconds(30)) << "a fixed delay never resets";
  EXPECT_EQ(backoff.onFailure(milliseconds(0)), std::nullopt);
  EXPECT_EQ(backoff.restarts(), 2);
}

TEST(RestartBackoffTest, NoneNeverRestarts) {
  RestartBackoff backoff(RestartStrategy::none());
  EXPECT_EQ(backoff.onFailure(milliseconds(0)), std::nullopt);
  EXPECT_EQ(backoff.restarts(), 0);
}

TEST(RestartBackoffTest, ExponentialDelayGrowsCapsAndResetsAfterAStablePeriod) {
  RestartBackoff backoff(
      RestartStrategy::exponentialDelay(milliseconds(100), milliseconds(1000), 3.0, 4, std::chrono::minutes(10)));
  EXPECT_EQ(backoff.onFailure(milliseconds(5)), milliseconds(100));
  EXPECT_EQ(backoff.onFailure(milliseconds(5)), milliseconds(300));
  EXPECT_EQ(backoff.onFailure(milliseconds(5)), milliseconds(900));
  EXPECT_EQ(backoff.onFailure(milliseconds(5)), milliseconds(1000)) << "capped at the maximum";
  EXPECT_EQ(backoff.onFailure(milliseconds(5)), std::nullopt) << "4 attempts since the last reset";
  // An attempt that ran for the stable period starts over: delay and count.
  EXPECT_EQ(backoff.onFailure(std::chrono::minutes(10)), milliseconds(100));
  EXPECT_EQ(backoff.onFailure(milliseconds(5)), milliseconds(300));
  EXPECT_EQ(backoff.restarts(), 6);
}

TEST(RestartBackoffTest, ExponentialDelayWithoutALimitKeepsTheMaximum) {
  RestartBackoff backoff(RestartStrategy::exponentialDelay(milliseconds(1), milliseconds(8), 1e9, 0, milliseconds(0)));
  EXPECT_EQ(backoff.onFailure(milliseconds(0)), milliseconds(1));
  for (int i = 0; i < 100; ++i) EXPECT_EQ(backoff.onFailure(std::chrono::hours(100)), milliseconds(8));
}

TEST(RestartStrategyTest, ParsesTheCliForms) {
  EXPECT_EQ(parseRestartStrategy("none").valueOrDie().kind, RestartStrategyKind::kNone);
  const RestartStrategy fixed = parseRestartStrategy("fixed:3:250").valueOrDie();
  EXPECT_EQ(fixed.kind, RestartStrategyKind::kFixedDelay);
  EXPECT_EQ(fixed.maxAttempts, 3);
  EXPECT_EQ(fixed.delay, milliseconds(250));
  EXPECT_EQ(fixed.describe(), "fixed delay (3 attempts, 250 ms apart)");
  const RestartStrategy exponential = parseRestartStrategy("exponential:100:10000").valueOrDie();
  EXPECT_EQ(exponential.kind, RestartStrategyKind::kExponentialDelay);
  EXPECT_EQ(exponential.initialBackoff, milliseconds(100));
  EXPECT_EQ(exponential.maxBackoff, milliseconds(10000));
  EXPECT_EQ(exponential.multiplier, 2.0);
  EXPECT_EQ(exponential.maxAttempts, 0);
  const RestartStrategy full = parseRestartStrategy("exponential:10:80:1.5:6:60000").valueOrDie();
  EXPECT_EQ(full.multiplier, 1.5);
  EXPECT_EQ(full.maxAttempts, 6);
  EXPECT_EQ(full.resetAfter, milliseconds(60000));
  EXPECT_EQ(full.describe(), "exponential delay (10 ms to 80 ms, x1.5, 6 attempts, reset after 60000 ms without failure)");
}

TEST(RestartStrategyTest, BadFormsAndSettingsAreClearErrors) {
  auto message = [](std::string_view text) { return parseRestartStrategy(text).status().message(); };
  EXPECT_EQ(message("sometimes"),
            "unknown restart strategy 'sometimes': use none, fixed:ATTEMPTS:DELAY_MS or exponential:INITIAL_MS:MAX_MS");
  EXPECT_EQ(message("fixed:3"), "restart strategy 'fixed:3': use fixed:ATTEMPTS:DELAY_MS, e.g. fixed:3:1000");
  EXPECT_EQ(message("fixed:x:10"), "restart strategy 'fixed:x:10': the number of attempts must be a whole number, got 'x'");
  EXPECT_EQ(message("fixed:0:10"),
            "restart strategy 'fixed:0:10': a fixed-delay restart strategy needs at least 1 attempt, got 0");
  EXPECT_EQ(message("fixed:2:-5"), "restart strategy 'fixed:2:-5': the restart delay must not be negative, got -5 ms");
  EXPECT_EQ(message("none:1"), "restart strategy 'none:1': 'none' takes no arguments");
  EXPECT_EQ(message("exponential:100"),
            "restart strategy 'exponential:100': use exponential:INITIAL_MS:MAX_MS[:MULTIPLIER[:ATTEMPTS[:RESET_MS]]], "
            "e.g. exponential:100:10000");
  EXPECT_EQ(message("exponential:100:50"),
            "restart strategy 'exponential:100:50': the maximum restart backoff (50 ms) must not be below the initial "
            "one (100 ms)");
  EXPECT_EQ(message("exponential:0:50"),
            "restart strategy 'exponential:0:50': the initial restart backoff must be at least 1 ms, got 0 ms");
  EXPECT_EQ(message("exponential:1:50:0.5"),
            "restart strategy 'exponential:1:50:0.5': the restart backoff multiplier must be at least 1, got 0.5");
  EXPECT_EQ(message("exponential:1:50:nan"),
            "restart strategy 'exponential:1:50:nan': the restart backoff multiplier must be at least 1, got nan");
  EXPECT_EQ(message("exponential:1:50:2:-1"),
            "restart strategy 'exponential:1:50:2:-1': the number of attempts must be between 0 and 2147483647, got -1");
  EXPECT_EQ(message(""), "unknown restart strategy '': use none, fixed:ATTEMPTS:DELAY_MS or "
                         "exponential:INITIAL_MS:MAX_MS");
}

}  // namespace
}  // namespace sabot::runtime
