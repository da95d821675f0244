// End-to-end tests of the runtime through the DataStream API: chaining,
// partitioning, scheduling more subtasks than threads, backpressure, the
// latency bound, control events, failures and metrics.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <numeric>
#include <thread>

#include "sabot/api/StreamEnvironment.h"
#include "sabot/compute/Hash.h"
#include "sabot/compute/Selection.h"
#include "sabot/connectors/CollectSink.h"
#include "sabot/runtime/tests/RuntimeTestSupport.h"

namespace sabot::runtime {
namespace {

using api::DataStream;
using api::StreamEnvironment;
using compute::col;
using compute::lit;
using testing::keyedBatches;
using testing::Recording;
using testing::RecordingFunction;
using testing::sortedColumn;

JobConfig configWith(int32_t parallelism, int32_t threads) {
  JobConfig config;
  config.parallelism = parallelism;
  config.workerThreads = threads;
  return config;
}

struct Shape {
  int32_t parallelism;
  int32_t threads;
};

class PipelineTest : public ::testing::TestWithParam<Shape> {};

TEST_P(PipelineTest, FilterAndProjectGiveTheSameRowsAtEveryParallelism) {
  auto env = StreamEnvironment::create(configWith(GetParam().parallelism, GetParam().threads));
  env.config().batchRows = 1000;
  auto sink = std::make_shared<connectors::CollectSink>();
  env.fromSequence(0, 100'000)
      .filter(col("value") >= lit(int64_t{50'000}))
      .select({col("value"), (col("value") * lit(int64_t{2})).alias("doubled")})
      .sinkTo(sink);
  auto result = env.execute("pipeline");
  ASSERT_TRUE(result.ok()) << result.status();

  const std::vector<int64_t> values = sortedColumn(sink->batches(), "value");
  ASSERT_EQ(values.size(), 50'000u);
  for (size_t i = 0; i < values.size(); ++i) ASSERT_EQ(values[i], static_cast<int64_t>(50'000 + i));
  const std::vector<int64_t> doubled = sortedColumn(sink->batches(), "doubled");
  EXPECT_EQ(std::accumulate(doubled.begin(), doubled.end(), int64_t{0}),
            2 * std::accumulate(values.begin(), values.end(), int64_t{0}));
  EXPECT_EQ(result->recordsRead(), 100'000);
  EXPECT_EQ(result->recordsWritten(), 50'000);
  EXPECT_EQ(sink->finishedWriters(), GetParam().parallelism);
}

TEST_P(PipelineTest, KeyByRoutesEveryKeyToTheSubtaskOfItsKeyGroup) {
  const int32_t parallelism = GetParam().parallelism;
  auto env = StreamEnvironment::create(configWith(parallelism, GetParam().threads));
  columnar::SchemaPtr schema;
  auto batches = keyedBatches(20'000, 500, 777, &schema);
  auto recording = std::make_shared<Recording>();
  auto sink = std::make_shared<connectors::CollectSink>();
  env.fromBatches(schema, batches)
      .setParallelism(1)
      .keyBy({"key"})
      .process([recording] { return std::make_unique<RecordingFunction>(recording); }, schema)
      .sinkTo(sink);
  auto result = env.execute("keyed");
  ASSERT_TRUE(result.ok()) << result.status();

  auto assigner = KeyGroupAssigner::make(parallelism).valueOrDie();
  std::set<int64_t> seen;
  for (const auto& [subtask, keys] : recording->keysBySubtask) {
    for (int64_t key : keys) {
      const columnar::Array hash = compute::hash64(columnar::makeArray<int64_t>(columnar::int64(), {key})).valueOrDie();
      EXPECT_EQ(assigner.subtaskForHash(hash.values<uint64_t>()[0]), subtask) << "key " << key;
      EXPECT_TRUE(seen.insert(key).second) << "key " << key << " reached two subtasks";
    }
  }
  EXPECT_EQ(seen.size(), 500u);
  EXPECT_EQ(sink->numRows(), 20'000);
  EXPECT_EQ(recording->finishCalls, parallelism);
}

INSTANTIATE_TEST_SUITE_P(Shapes, PipelineTest,
                         ::testing::Values(Shape{1, 1}, Shape{2, 2}, Shape{3, 2}, Shape{8, 2}, Shape{8, 1},
                                           Shape{7, 3}),
                         [](const auto& info) {
                           return "p" + std::to_string(info.param.parallelism) + "_threads" +
                                  std::to_string(info.param.threads);
                         });

TEST(JobExecutionTest, ForwardEdgesFuseIntoOneTaskUnlessChainingIsOff) {
  for (bool chaining : {true, false}) {
    auto env = StreamEnvironment::create(configWith(2, 2));
    env.config().chaining = chaining;
    env.fromSequence(0, 10).filter(col("value") > lit(3)).select({col("value")}).sinkTo(
        std::make_shared<connectors::DiscardSink>());
    auto job = env.executeAsync("chain").valueOrDie();
    const std::string physical = job->describePhysical();
    ASSERT_TRUE(job->wait().ok());
    if (chaining) {
      EXPECT_EQ(physical, "task 0: [0] sequence -> [1] filter -> [2] select -> [3] sink x 2\n");
      EXPECT_EQ(job->graph().node(NodeId(2)).op->describe(), "(fused into [1])")
          << "a filter followed by a projection runs as one operator";
    } else {
      EXPECT_EQ(std::count(physical.begin(), physical.end(), '\n'), 4) << physical;
    }
  }
}

TEST(JobExecutionTest, BroadcastSendsEveryRowToEverySubtaskAndRebalanceSpreadsThem) {
  auto env = StreamEnvironment::create(configWith(4, 2));
  env.config().flushInterval = std::chrono::microseconds(0);
  auto broadcastRecording = std::make_shared<Recording>();
  auto rebalanceRecording = std::make_shared<Recording>();
  columnar::SchemaPtr schema;
  auto batches = keyedBatches(8'000, 10, 100, &schema);
  auto source = env.fromBatches(schema, batches).setParallelism(1);
  source.broadcast()
      .process([broadcastRecording] { return std::make_unique<RecordingFunction>(broadcastRecording); }, schema)
      .sinkTo(std::make_shared<connectors::DiscardSink>());
  source.rebalance()
      .process([rebalanceRecording] { return std::make_unique<RecordingFunction>(rebalanceRecording); }, schema)
      .sinkTo(std::make_shared<connectors::DiscardSink>());
  ASSERT_TRUE(env.execute("fan out").ok());
  for (int32_t subtask = 0; subtask < 4; ++subtask) {
    EXPECT_EQ(broadcastRecording->rowsBySubtask[subtask], 8'000);
    EXPECT_EQ(rebalanceRecording->rowsBySubtask[subtask], 2'000) << "80 batches round robin over 4 subtasks";
  }
}

TEST(JobExecutionTest, UnionMergesStreamsOfTheSameSchemaAndRejectsOthers) {
  auto env = StreamEnvironment::create(configWith(2, 2));
  auto sink = std::make_shared<connectors::CollectSink>();
  auto low = env.fromSequence(0, 1000);
  auto high = env.fromSequence(1000, 3000).setParallelism(3);
  low.unionWith({high}).sinkTo(sink);
  auto result = env.execute("union");
  ASSERT_TRUE(result.ok()) << result.status();
  const auto values = sortedColumn(sink->batches(), "value");
  ASSERT_EQ(values.size(), 3000u);
  for (size_t i = 0; i < values.size(); ++i) ASSERT_EQ(values[i], static_cast<int64_t>(i));

  auto bad = StreamEnvironment::create();
  auto numbers = bad.fromSequence(0, 10);
  auto renamed = bad.fromSequence(0, 10).select({col("value").alias("other")});
  numbers.unionWith({renamed}).sinkTo(std::make_shared<connectors::DiscardSink>());
  auto failure = bad.execute("bad union");
  ASSERT_FALSE(failure.ok());
  EXPECT_TRUE(failure.status().isTypeError()) << failure.status();
  EXPECT_NE(failure.status().message().find("union: stream 1 has columns"), std::string::npos) << failure.status();
}

/// Sends rows with even values to the main output, odd ones to "odd".
class SplitByParity final : public operators::ProcessFunction {
 public:
  Status processBatch(const columnar::RecordBatchPtr& batch, operators::ProcessContext& context) override {
    const compute::Expression remainder = col("value") - (col("value") / lit(int64_t{2})) * lit(int64_t{2});
    SABOT_ASSIGN_OR_RAISE(auto isEven, compute::bind(remainder == lit(int64_t{0}), *batch->schema()));
    SABOT_ASSIGN_OR_RAISE(auto isOdd, compute::bind(remainder != lit(int64_t{0}), *batch->schema()));
    SABOT_ASSIGN_OR_RAISE(auto evenMask, compute::evaluate(isEven, *batch));
    SABOT_ASSIGN_OR_RAISE(auto oddMask, compute::evaluate(isOdd, *batch));
    SABOT_ASSIGN_OR_RAISE(auto even, compute::filter(*batch, evenMask));
    SABOT_ASSIGN_OR_RAISE(auto odd, compute::filter(*batch, oddMask));
    SABOT_RETURN_NOT_OK(context.emit(even));
    return context.emitSide("odd", odd);
  }
};

TEST(JobExecutionTest, SideOutputsReachTheirOwnConsumers) {
  auto env = StreamEnvironment::create(configWith(3, 2));
  auto evens = std::make_shared<connectors::CollectSink>();
  auto odds = std::make_shared<connectors::CollectSink>();
  auto numbers = env.fromSequence(0, 10'000);
  auto split = numbers.process([] { return std::make_unique<SplitByParity>(); }, numbers.schema(),
                               {operators::OutputTag{"odd", numbers.schema()}});
  split.sinkTo(evens);
  split.sideOutput("odd").rebalance().sinkTo(odds);
  auto result = env.execute("side outputs");
  ASSERT_TRUE(result.ok()) << result.status();
  const auto even = sortedColumn(evens->batches(), "value");
  const auto odd = sortedColumn(odds->batches(), "value");
  ASSERT_EQ(even.size(), 5'000u);
  ASSERT_EQ(odd.size(), 5'000u);
  for (size_t i = 0; i < even.size(); ++i) {
    ASSERT_EQ(even[i], static_cast<int64_t>(2 * i));
    ASSERT_EQ(odd[i], static_cast<int64_t>(2 * i + 1));
  }

  auto unknown = StreamEnvironment::create();
  auto stream = unknown.fromSequence(0, 10);
  stream.process([] { return std::make_unique<SplitByParity>(); }, stream.schema()).sideOutput("odd");
  EXPECT_TRUE(unknown.status().isKeyError()) << unknown.status();
}

TEST(JobExecutionTest, EndOfInputBringsTheMaxWatermarkAndOneFinishPerSubtask) {
  auto env = StreamEnvironment::create(configWith(2, 2));
  auto recording = std::make_shared<Recording>();
  auto numbers = env.fromSequence(0, 100).setParallelism(3);
  numbers.rebalance()
      .process([recording] { return std::make_unique<RecordingFunction>(recording); }, numbers.schema())
      .sinkTo(std::make_shared<connectors::DiscardSink>());
  ASSERT_TRUE(env.execute("watermarks").ok());
  EXPECT_EQ(recording->finishCalls, 2);
  for (int32_t subtask = 0; subtask < 2; ++subtask) {
    ASSERT_EQ(recording->watermarksBySubtask[subtask], std::vector<EventTime>{kMaxWatermark})
        << "the combined watermark moves only when the last of 3 inputs ends";
  }
}

/// A sink that takes its time with every batch.
class SlowSink final : public Sink {
 public:
  std::string describe() const override { return "slow sink"; }
  Result<std::unique_ptr<SinkWriter>> createWriter(const OperatorContext&, const columnar::SchemaPtr&) const override {
    struct Writer final : SinkWriter {
      std::atomic<int64_t>* rows;
      Status write(const columnar::RecordBatchPtr& batch) override {
        std::this_thread::sleep_for(std::chrono::microseconds(200));
        *rows += batch->numRows();
        return Status::OK();
      }
      Status finish() override { return Status::OK(); }
    };
    auto writer = std::make_unique<Writer>();
    writer->rows = &rows;
    return std::unique_ptr<SinkWriter>(std::move(writer));
  }
  mutable std::atomic<int64_t> rows{0};
};

TEST(JobExecutionTest, ASlowSinkBoundsWhatTheChannelsHold) {
  auto env = StreamEnvironment::create(configWith(1, 2));
  env.config().batchRows = 1024;
  env.config().channel.capacityBatches = 4;
  env.config().flushInterval = std::chrono::microseconds(0);
  auto sink = std::make_shared<SlowSink>();
  // 2,000 batches of 8 KiB each: unbounded queues would hold ~16 MiB.
  env.fromSequence(0, 2'048'000).rebalance().sinkTo(sink);
  auto job = env.executeAsync("backpressure").valueOrDie();
  auto result = job->wait();
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(sink->rows.load(), 2'048'000);
  const OperatorSubtaskMetrics sinkMetrics = result->metrics.totalOf(1);
  const int64_t batchBytes = 1024 * 8;
  EXPECT_LE(sinkMetrics.inputQueuePeakBytes, 4 * batchBytes + 4096) << "the channel must stop the source";
  EXPECT_GT(result->metrics.totalOf(0).backpressuredNanos, 0) << "the source must have waited for the sink";
  std::printf("peak queued bytes %lld of %lld produced\n", static_cast<long long>(sinkMetrics.inputQueuePeakBytes),
              static_cast<long long>(2'048'000 * 8));
}

/// Emits one row, then waits (without blocking a thread) until the sink has
/// it, which only the flush-by-time latency bound can bring about.
class OneRowThenWaitSource final : public Source {
 public:
  explicit OneRowThenWaitSource(std::shared_ptr<connectors::CollectSink> sink) : sink_(std::move(sink)) {}
  std::string describe() const override { return "one row then wait"; }
  columnar::SchemaPtr schema() const override { return schema_; }
  Result<std::unique_ptr<SourceReader>> createReader(const OperatorContext&) const override {
    struct Reader final : SourceReader {
      const OneRowThenWaitSource* source;
      bool sent = false;
      std::chrono::steady_clock::time_point giveUpAt = std::chrono::steady_clock::now() + std::chrono::seconds(20);
      Result<SourcePoll> poll(int64_t) override {
        if (!sent) {
          sent = true;
          auto values = columnar::makeArray<int64_t>(columnar::int64(), {int64_t{1}});
          return SourcePoll::ofBatch(columnar::RecordBatch::make(source->schema_, {values}).valueOrDie());
        }
        if (source->sink_->numRows() > 0) return SourcePoll::end();
        if (std::chrono::steady_clock::now() > giveUpAt) {
          source->timedOut = true;
          return SourcePoll::end();
        }
        return SourcePoll::notNow(std::chrono::microseconds(200));
      }
      std::string position() const override { return sent ? "sent" : "start"; }
    };
    auto reader = std::make_unique<Reader>();
    reader->source = this;
    return std::unique_ptr<SourceReader>(std::move(reader));
  }
  mutable std::atomic<bool> timedOut{false};

 private:
  std::shared_ptr<connectors::CollectSink> sink_;
  columnar::SchemaPtr schema_ = std::make_shared<columnar::Schema>(
      std::vector<columnar::FieldPtr>{columnar::field("x", columnar::int64())});
};

TEST(JobExecutionTest, APartlyFilledBatchLeavesWithinTheFlushInterval) {
  auto env = StreamEnvironment::create(configWith(1, 1));
  env.config().batchRows = 1'000'000;  // never filled by one row
  env.config().flushInterval = std::chrono::milliseconds(2);
  auto sink = std::make_shared<connectors::CollectSink>();
  auto source = std::make_shared<OneRowThenWaitSource>(sink);
  env.fromSource(source).rebalance().sinkTo(sink);
  ASSERT_TRUE(env.execute("latency").ok());
  EXPECT_FALSE(source->timedOut.load()) << "the row waited for a full batch instead of the flush interval";
  EXPECT_EQ(sink->numRows(), 1);
}

TEST(JobExecutionTest, SmallBatchesAreGatheredUpToTheBatchSize) {
  auto env = StreamEnvironment::create(configWith(1, 1));
  env.config().batchRows = 100;
  env.config().flushInterval = std::chrono::seconds(10);
  columnar::SchemaPtr schema;
  auto batches = keyedBatches(1000, 3, 10, &schema);
  auto sink = std::make_shared<connectors::CollectSink>();
  env.fromBatches(schema, batches).rebalance().sinkTo(sink);
  ASSERT_TRUE(env.execute("gather").ok());
  const auto received = sink->batches();
  EXPECT_EQ(received.size(), 10u) << "100 batches of 10 rows gathered into batches of 100";
  EXPECT_EQ(sortedColumn(received, "value").size(), 1000u);
}

TEST(JobExecutionTest, AFailingOperatorStopsTheJobNamingOperatorSubtaskAndCause) {
  for (int32_t threads : {1, 2}) {
    auto env = StreamEnvironment::create(configWith(4, threads));
    auto numbers = env.fromSequence(0, 1'000'000);
    numbers
        .map([](const columnar::RecordBatchPtr& batch) -> Result<columnar::RecordBatchPtr> {
          const auto values = batch->column(0);
          if (values.values<int64_t>()[0] >= 600'000) return Status::invalid("value {} is too big", values.values<int64_t>()[0]);
          return batch;
        }, numbers.schema())
        .name("checker")
        .sinkTo(std::make_shared<connectors::DiscardSink>());
    auto result = env.execute("failing");
    ASSERT_FALSE(result.ok());
    const std::string message = result.status().message();
    EXPECT_TRUE(result.status().isInvalid()) << result.status();
    EXPECT_NE(message.find("job 'failing' failed"), std::string::npos) << message;
    EXPECT_NE(message.find("operator [1] checker ("), std::string::npos) << message;
    EXPECT_NE(message.find("/4)"), std::string::npos) << message;
    EXPECT_NE(message.find("is too big"), std::string::npos) << message;
  }
}

TEST(JobExecutionTest, AnExceptionInAUserFunctionBecomesAJobError) {
  auto env = StreamEnvironment::create(configWith(2, 2));
  auto numbers = env.fromSequence(0, 100);
  numbers
      .flatMap([](const columnar::RecordBatchPtr&) -> Result<std::vector<columnar::RecordBatchPtr>> {
        throw std::runtime_error("boom");
      }, numbers.schema())
      .sinkTo(std::make_shared<connectors::DiscardSink>());
  auto result = env.execute("throwing");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("a user function threw: boom"), std::string::npos) << result.status();
  EXPECT_NE(result.status().message().find("flatMap"), std::string::npos) << result.status();
}

TEST(JobExecutionTest, AWrongOutputSchemaIsCaughtAtTheOperator) {
  auto env = StreamEnvironment::create(configWith(1, 1));
  auto numbers = env.fromSequence(0, 100);
  auto declared = std::make_shared<columnar::Schema>(
      std::vector<columnar::FieldPtr>{columnar::field("other", columnar::utf8())});
  numbers.map([](const columnar::RecordBatchPtr& batch) -> Result<columnar::RecordBatchPtr> { return batch; }, declared)
      .sinkTo(std::make_shared<connectors::DiscardSink>());
  auto result = env.execute("schema");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("emitted a batch with columns"), std::string::npos) << result.status();
}

TEST(JobExecutionTest, PlanErrorsNameTheOperator) {
  {
    auto env = StreamEnvironment::create();
    env.fromSequence(0, 10).filter(col("nope") > lit(1)).sinkTo(std::make_shared<connectors::DiscardSink>());
    auto result = env.execute("unknown column");
    ASSERT_FALSE(result.ok());
    EXPECT_TRUE(result.status().isKeyError()) << result.status();
    EXPECT_NE(result.status().message().find("filter on the output of [0] 'sequence'"), std::string::npos)
        << result.status();
  }
  {
    auto env = StreamEnvironment::create();
    env.fromSequence(0, 10).filter(col("value") + lit(1)).sinkTo(std::make_shared<connectors::DiscardSink>());
    auto result = env.execute("not boolean");
    ASSERT_FALSE(result.ok());
    EXPECT_TRUE(result.status().isTypeError()) << result.status();
  }
  {
    auto env = StreamEnvironment::create();
    env.fromSequence(0, 10).filter(col("value") > lit(1));
    auto result = env.execute("no sink");
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.status().message().find("every stream must end in a sink"), std::string::npos) << result.status();
  }
  {
    auto env = StreamEnvironment::create(configWith(2, 1));
    env.fromSequence(0, 10).setParallelism(2).forward().select({col("value")}).setParallelism(3).sinkTo(
        std::make_shared<connectors::DiscardSink>());
    auto result = env.execute("forward");
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.status().message().find("forward partitioning needs equal parallelism"), std::string::npos)
        << result.status();
  }
  {
    auto env = StreamEnvironment::create();
    env.fromSequence(0, 10).keyBy({"missing"});
    EXPECT_TRUE(env.status().isKeyError()) << env.status();
  }
  {
    auto env = StreamEnvironment::create();
    env.fromSequence(0, 10).setParallelism(0);
    EXPECT_TRUE(env.status().isInvalid()) << env.status();
  }
  {
    auto env = StreamEnvironment::create();
    auto sink = env.fromSequence(0, 10).sinkTo(std::make_shared<connectors::DiscardSink>());
    sink.filter(col("value") > lit(1));
    EXPECT_NE(env.status().message().find("is a sink: nothing can read its output"), std::string::npos)
        << env.status();
  }
  {
    auto env = StreamEnvironment::create();
    env.fromSequence(0, 10).keyBy({"value"}).setParallelism(2);
    EXPECT_NE(env.status().message().find("setParallelism applies to the stream an operator produces"),
              std::string::npos)
        << env.status();
  }
}

TEST(JobExecutionTest, CancelStopsEveryTaskOfAnEndlessJob) {
  auto env = StreamEnvironment::create(configWith(4, 2));
  // Close to endless: it would take minutes to run out.
  env.fromSequence(0, int64_t{1} << 50).keyBy({"value"}).select({col("value")}).sinkTo(
      std::make_shared<connectors::DiscardSink>());
  auto job = env.executeAsync("endless").valueOrDie();
  while (job->metrics().totalOf(2).recordsIn == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  job->cancel();
  auto result = job->wait();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kCancelled) << result.status();
}

TEST(JobExecutionTest, MetricsCountRecordsPerOperatorAndSubtask) {
  auto env = StreamEnvironment::create(configWith(2, 2));
  env.fromSequence(0, 10'000).filter(col("value") < lit(int64_t{2'500})).keyBy({"value"}).select({col("value")}).sinkTo(
      std::make_shared<connectors::DiscardSink>());
  auto result = env.execute("metrics");
  ASSERT_TRUE(result.ok()) << result.status();
  const JobMetrics& metrics = result->metrics;
  EXPECT_EQ(metrics.subtasks.size(), 8u) << "4 operators x 2 subtasks";
  EXPECT_EQ(metrics.totalOf(0).recordsOut, 10'000);
  EXPECT_EQ(metrics.totalOf(1).recordsIn, 10'000);
  EXPECT_EQ(metrics.totalOf(1).recordsOut, 2'500);
  EXPECT_EQ(metrics.totalOf(2).recordsIn, 2'500);
  EXPECT_EQ(metrics.totalOf(3).recordsIn, 2'500);
  EXPECT_TRUE(metrics.totalOf(3).finished);
  EXPECT_EQ(metrics.totalOf(3).watermark, kMaxWatermark);
  EXPECT_GT(metrics.totalOf(0).busyNanos, 0);
  EXPECT_NE(metrics.toString().find("[1] filter (2/2)"), std::string::npos) << metrics.toString();
}

TEST(JobExecutionTest, DescribeListsOperatorsWithParallelismAndPartitioning) {
  auto env = StreamEnvironment::create(configWith(2, 1));
  env.fromSequence(0, 10).filter(col("value") > lit(1)).keyBy({"value"}).select({col("value")}).sinkTo(
      std::make_shared<connectors::DiscardSink>());
  const std::string text = env.describe();
  EXPECT_NE(text.find("[0] sequence [0, 10)"), std::string::npos) << text;
  EXPECT_NE(text.find("[1] filter(greater(value, 1))"), std::string::npos) << text;
  EXPECT_NE(text.find("<- [1] hash(value)"), std::string::npos) << text;
}

}  // namespace
}  // namespace sabot::runtime
