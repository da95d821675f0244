// Watermarks through the runtime: generated per source subtask, combined as
// the minimum over inputs, released by idle inputs, and forwarded through
// chains and exchanges.

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "sabot/api/StreamEnvironment.h"
#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/connectors/CollectSink.h"
#include "sabot/connectors/MemorySource.h"
#include "sabot/runtime/tests/RuntimeTestSupport.h"

namespace sabot::runtime {
namespace {

using api::StreamEnvironment;
using testing::Recording;
using testing::RecordingFunction;

columnar::SchemaPtr timeSchema() {
  static const columnar::SchemaPtr schema = std::make_shared<columnar::Schema>(
      std::vector<columnar::FieldPtr>{columnar::field("ts", columnar::int64(), false)});
  return schema;
}

columnar::RecordBatchPtr timesBatch(std::vector<std::optional<int64_t>> times) {
  return columnar::RecordBatch::make(timeSchema(), {columnar::makeArray<int64_t>(columnar::int64(), times)}).valueOrDie();
}

/// Emits its batches, then waits (never blocking a thread) until `release`
/// is set, then ends.
class HeldSource final : public Source {
 public:
  HeldSource(std::vector<columnar::RecordBatchPtr> batches, std::shared_ptr<std::atomic<bool>> release)
      : batches_(std::move(batches)), release_(std::move(release)) {}
  std::string describe() const override { return "held source"; }
  columnar::SchemaPtr schema() const override { return timeSchema(); }
  Result<std::unique_ptr<SourceReader>> createReader(const OperatorContext&) const override {
    struct Reader final : SourceReader {
      const HeldSource* source;
      size_t next = 0;
      Result<SourcePoll> poll(int64_t) override {
        if (next < source->batches_.size()) return SourcePoll::ofBatch(source->batches_[next++]);
        if (source->release_->load()) return SourcePoll::end();
        return SourcePoll::notNow(std::chrono::microseconds(500));
      }
      std::string position() const override { return std::to_string(next); }
    };
    auto reader = std::make_unique<Reader>();
    reader->source = this;
    return std::unique_ptr<SourceReader>(std::move(reader));
  }

 private:
  std::vector<columnar::RecordBatchPtr> batches_;
  std::shared_ptr<std::atomic<bool>> release_;
};

/// Records watermarks; sets `release` once one reaches `releaseAt`.
class ReleasingRecorder final : public operators::ProcessFunction {
 public:
  ReleasingRecorder(std::shared_ptr<Recording> recording, std::shared_ptr<std::atomic<bool>> release, EventTime releaseAt)
      : recording_(std::move(recording)), release_(std::move(release)), releaseAt_(releaseAt) {}
  Status processBatch(const columnar::RecordBatchPtr& batch, operators::ProcessContext& context) override {
    return context.emit(batch);
  }
  Status onWatermark(operators::ProcessContext& context) override {
    {
      std::lock_guard lock(recording_->mutex);
      recording_->watermarksBySubtask[0].push_back(context.currentWatermark());
    }
    if (context.currentWatermark() >= releaseAt_) release_->store(true);
    return Status::OK();
  }

 private:
  std::shared_ptr<Recording> recording_;
  std::shared_ptr<std::atomic<bool>> release_;
  EventTime releaseAt_;
};

JobConfig oneSubtask() {
  JobConfig config;
  config.parallelism = 1;
  config.workerThreads = 2;
  return config;
}

TEST(WatermarkPropagationTest, TheSlowestInputHoldsTheWatermarkBack) {
  auto env = StreamEnvironment::create(oneSubtask());
  auto release = std::make_shared<std::atomic<bool>>(false);
  auto recording = std::make_shared<Recording>();
  const auto strategy = time::WatermarkStrategy::forBoundedOutOfOrderness("ts", std::chrono::milliseconds(0));
  auto fast = env.fromSource(std::make_shared<HeldSource>(std::vector{timesBatch({0, 5000, 10000})}, release), strategy, "fast");
  auto slow = env.fromSource(std::make_shared<HeldSource>(std::vector{timesBatch({100})}, release), strategy, "slow");
  fast.unionWith({slow})
      .process([=] { return std::make_unique<ReleasingRecorder>(recording, release, kMaxWatermark); }, timeSchema())
      .sinkTo(std::make_shared<connectors::DiscardSink>());
  auto job = env.executeAsync("min").valueOrDie();
  // Let both sources emit and wait; the combined watermark can only be 99.
  while (true) {
    {
      std::lock_guard lock(recording->mutex);
      auto& seen = recording->watermarksBySubtask[0];
      if (!seen.empty() && seen.back() == 99) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  // Until the sources are released, nothing passes the slow input's 99.
  // After it, the slow source may end first, and then the watermark rightly
  // moves on to the fast one's 9999 before the end.
  size_t whileHeld = 0;
  {
    std::lock_guard lock(recording->mutex);
    whileHeld = recording->watermarksBySubtask[0].size();
  }
  release->store(true);
  ASSERT_TRUE(job->wait().ok());
  const std::vector<EventTime>& seen = recording->watermarksBySubtask[0];
  ASSERT_GE(seen.size(), 2u);
  EXPECT_EQ(seen.back(), kMaxWatermark);
  for (size_t i = 0; i < seen.size(); ++i) {
    if (i < whileHeld) EXPECT_LE(seen[i], 99) << "the watermark passed the slow input's time";
    if (i > 0) EXPECT_GT(seen[i], seen[i - 1]) << "watermarks must rise";
  }
}

TEST(WatermarkPropagationTest, AnIdleInputStopsHoldingTheWatermarkBack) {
  auto env = StreamEnvironment::create(oneSubtask());
  auto release = std::make_shared<std::atomic<bool>>(false);
  auto recording = std::make_shared<Recording>();
  const auto strategy = time::WatermarkStrategy::forBoundedOutOfOrderness("ts", std::chrono::milliseconds(0));
  // Only the slow source may go idle: were both idle, nothing could advance.
  auto fast = env.fromSource(std::make_shared<HeldSource>(std::vector{timesBatch({0, 5000, 10000})}, release), strategy, "fast");
  auto slow = env.fromSource(std::make_shared<HeldSource>(std::vector{timesBatch({100})}, release),
                             strategy.withIdleness(std::chrono::milliseconds(20)), "slow");
  fast.unionWith({slow})
      .process([=] { return std::make_unique<ReleasingRecorder>(recording, release, 9999); }, timeSchema())
      .sinkTo(std::make_shared<connectors::DiscardSink>());
  auto result = env.execute("idle");
  ASSERT_TRUE(result.ok()) << result.status();
  const std::vector<EventTime>& seen = recording->watermarksBySubtask[0];
  EXPECT_NE(std::find(seen.begin(), seen.end(), 9999), seen.end())
      << "with the slow source idle, the fast one's watermark must get through";
  EXPECT_EQ(seen.back(), kMaxWatermark);
}

TEST(WatermarkPropagationTest, WatermarksCrossKeyedExchangesAsTheMinimumOfTheSenders) {
  JobConfig config;
  config.parallelism = 3;
  config.workerThreads = 2;
  auto env = StreamEnvironment::create(config);
  columnar::SchemaPtr schema;
  std::vector<columnar::RecordBatchPtr> batches;
  for (int64_t b = 0; b < 30; ++b) {
    std::vector<std::optional<int64_t>> times;
    for (int64_t i = 0; i < 100; ++i) times.push_back(b * 100 + i);
    batches.push_back(timesBatch(times));
  }
  auto recording = std::make_shared<Recording>();
  auto source = std::make_shared<connectors::MemorySource>(timeSchema(), batches);
  env.fromSource(source, time::WatermarkStrategy::forMonotonousTimestamps("ts"), "times")
      .keyBy({"ts"})
      .process([recording] { return std::make_unique<RecordingFunction>(recording); }, timeSchema())
      .sinkTo(std::make_shared<connectors::DiscardSink>());
  auto result = env.execute("exchange");
  ASSERT_TRUE(result.ok()) << result.status();
  for (int32_t subtask = 0; subtask < 3; ++subtask) {
    const auto& seen = recording->watermarksBySubtask[subtask];
    ASSERT_FALSE(seen.empty());
    EXPECT_EQ(seen.back(), kMaxWatermark);
    for (size_t i = 1; i < seen.size(); ++i) EXPECT_GT(seen[i], seen[i - 1]);
    // Source subtask s reads batches s, s+3, ...: before the end, no combined
    // watermark can pass what the slowest of the three had reached.
    for (size_t i = 0; i + 1 < seen.size(); ++i) EXPECT_LT(seen[i], 3000);
  }
  EXPECT_EQ(result->metrics.totalOf(1).watermark, kMaxWatermark);
}

TEST(WatermarkPropagationTest, AStrategyOnAMissingColumnIsAPlanError) {
  auto env = StreamEnvironment::create();
  env.fromSequence(0, 10).assignTimestampsAndWatermarks(time::WatermarkStrategy::forMonotonousTimestamps("ts"));
  EXPECT_TRUE(env.status().isKeyError()) << env.status();
}

TEST(WatermarkPropagationTest, AnAssignerInTheMiddleReplacesUpstreamWatermarks) {
  auto env = StreamEnvironment::create(oneSubtask());
  auto recording = std::make_shared<Recording>();
  auto numbers = env.fromSequence(0, 10'000);
  numbers.assignTimestampsAndWatermarks(time::WatermarkStrategy::forBoundedOutOfOrderness("value", std::chrono::milliseconds(10)))
      .process([recording] { return std::make_unique<RecordingFunction>(recording); }, numbers.schema())
      .sinkTo(std::make_shared<connectors::DiscardSink>());
  ASSERT_TRUE(env.execute("assigner").ok());
  const auto& seen = recording->watermarksBySubtask[0];
  ASSERT_GE(seen.size(), 2u);
  EXPECT_EQ(seen[seen.size() - 2], 9'999 - 10 - 1) << "the last generated watermark";
  EXPECT_EQ(seen.back(), kMaxWatermark);
}

}  // namespace
}  // namespace sabot::runtime
