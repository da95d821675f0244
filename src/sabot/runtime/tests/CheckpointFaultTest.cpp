// Checkpoints whose storage fails: the coordinator reports a failed write
// as a failed checkpoint, never commits it and never restores from it; the
// job survives `tolerableFailures` consecutive failures and fails naming the
// checkpoint after one more; a job restored after such faults gives exactly
// the result of an uninterrupted run.

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <thread>

#include "sabot/base/testing/TestDirectory.h"
#include "sabot/api/StreamEnvironment.h"
#include "sabot/checkpoint/CheckpointStorage.h"
#include "sabot/checkpoint/FaultInjectingFileSystem.h"
#include "sabot/connectors/CollectSink.h"
#include "sabot/connectors/SequenceSource.h"
#include "sabot/runtime/CheckpointCoordinator.h"

namespace sabot::runtime {
namespace {

namespace fs = std::filesystem;
using api::StreamEnvironment;
using checkpoint::Fault;
using checkpoint::FaultInjectingFileSystem;
using checkpoint::FaultKind;
using compute::col;
using compute::lit;

fs::path freshDirectory(const std::string& name) { return sabot::testing::freshTestDirectory("sabot-checkpoint-faults-" + name); }

std::set<int64_t> completedIdsOnDisk(const fs::path& directory) {
  std::set<int64_t> ids;
  for (const fs::path& path : checkpoint::CheckpointStorage::open(directory).valueOrDie().list()) {
    ids.insert(*checkpoint::checkpointIdOf(path));
  }
  return ids;
}

// --- the coordinator alone, with tasks that acknowledge at once --------------

/// A source task that snapshots as soon as it is triggered and records
/// which checkpoints it was told to commit.
class InstantTask final : public CheckpointParticipant {
 public:
  InstantTask(CheckpointCoordinator& coordinator, size_t index) : coordinator_(coordinator), index_(index) {}
  void triggerCheckpoint(int64_t id) override {
    coordinator_.acknowledge(index_, id, "task " + std::to_string(index_) + " at checkpoint " + std::to_string(id));
  }
  void notifyCheckpointComplete(int64_t id) override {
    std::lock_guard lock(mutex_);
    committed_.push_back(id);
  }
  std::vector<int64_t> committed() const {
    std::lock_guard lock(mutex_);
    return committed_;
  }

 private:
  CheckpointCoordinator& coordinator_;
  const size_t index_;
  mutable std::mutex mutex_;
  std::vector<int64_t> committed_;
};

struct CoordinatorHarness {
  CoordinatorHarness(const fs::path& directory, std::shared_ptr<FaultInjectingFileSystem> faulty,
                     int32_t tolerableFailures) {
    CheckpointConfig config;
    config.directory = directory.string();
    config.interval = std::chrono::milliseconds(2);
    config.tolerableFailures = tolerableFailures;
    config.retained = 100;
    config.fileSystem = std::move(faulty);
    coordinator = std::make_unique<CheckpointCoordinator>(
        config, checkpoint::CheckpointStorage::open(directory).valueOrDie(), "job",
        std::vector<checkpoint::OperatorShape>{{"source", 2}}, &control);
    for (size_t i = 0; i < 2; ++i) tasks.push_back(std::make_unique<InstantTask>(*coordinator, i));
    coordinator->setParticipants({tasks[0].get(), tasks[1].get()}, {true, true}, {"task-0-0.state", "task-0-1.state"});
  }
  /// Runs until `done` holds or the job failed (at most 30 s), then stops.
  void runUntil(const std::function<bool(const CheckpointStats&)>& done) {
    coordinator->start(1);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!done(coordinator->stats()) && !control.cancelled() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    coordinator->stop();
  }

  JobControl control;
  std::unique_ptr<CheckpointCoordinator> coordinator;
  std::vector<std::unique_ptr<InstantTask>> tasks;
};

TEST(CheckpointCoordinatorFaultTest, FailedWritesAreToleratedNeverCommittedAndNeverKept) {
  const fs::path directory = freshDirectory("coordinator-tolerated");
  auto faulty = std::make_shared<FaultInjectingFileSystem>();
  faulty->addFault({.kind = FaultKind::kWriteError, .pathContains = "chk-2/task-0-1"});
  faulty->addFault({.kind = FaultKind::kRenameError, .pathContains = "chk-4/_metadata"});
  // The metadata is in place when this one fails.
  faulty->addFault({.kind = FaultKind::kSyncDirectoryError, .pathContains = "chk-6", .skip = 1});
  CoordinatorHarness harness(directory, faulty, /*tolerableFailures=*/1);
  harness.runUntil([](const CheckpointStats& stats) { return stats.completed >= 5; });

  EXPECT_FALSE(harness.control.cancelled()) << harness.control.error();
  const CheckpointStats stats = harness.coordinator->stats();
  EXPECT_EQ(stats.failed, 3) << stats.lastFailure;
  EXPECT_EQ(faulty->injected().size(), 3u);
  EXPECT_NE(stats.lastFailure.find("checkpoint 6 failed"), std::string::npos) << stats.lastFailure;
  const std::set<int64_t> onDisk = completedIdsOnDisk(directory);
  for (int64_t failed : {2, 4, 6}) {
    EXPECT_EQ(onDisk.count(failed), 0u) << "failed checkpoint " << failed << " is on disk";
    EXPECT_FALSE(fs::exists(directory / ("chk-" + std::to_string(failed))));
  }
  EXPECT_EQ(static_cast<int64_t>(onDisk.size()), stats.completed);
  for (const auto& task : harness.tasks) {
    const std::vector<int64_t> committed = task->committed();
    EXPECT_EQ(std::set<int64_t>(committed.begin(), committed.end()), onDisk)
        << "every completed checkpoint, and only those, is committed";
  }
  auto latest = checkpoint::CheckpointStorage::open(directory).valueOrDie().loadLatest().valueOrDie();
  EXPECT_EQ(latest.metadata.checkpointId, stats.lastCompletedId);
}

TEST(CheckpointCoordinatorFaultTest, OneFailureMoreThanToleratedFailsTheJobNamingTheCheckpoint) {
  const fs::path directory = freshDirectory("coordinator-exceeded");
  auto faulty = std::make_shared<FaultInjectingFileSystem>();
  // Checkpoint 1 is written (two state files and the metadata), every write after fails.
  faulty->addFault({.kind = FaultKind::kWriteError, .pathContains = "", .skip = 3, .times = -1});
  CoordinatorHarness harness(directory, faulty, /*tolerableFailures=*/2);
  harness.runUntil([](const CheckpointStats&) { return false; });

  ASSERT_TRUE(harness.control.cancelled()) << "the job was not failed";
  const Status error = harness.control.error();
  EXPECT_TRUE(error.isIOError()) << error;
  for (const std::string expected :
       {"checkpoint 4 failed", "3 consecutive checkpoint failures, 2 tolerated", "chk-4", "Input/output error"}) {
    EXPECT_NE(error.message().find(expected), std::string::npos) << "lacks '" << expected << "': " << error;
  }
  EXPECT_EQ(completedIdsOnDisk(directory), (std::set<int64_t>{1}));
  EXPECT_EQ(harness.tasks[0]->committed(), (std::vector<int64_t>{1}));
}

// --- whole jobs ---------------------------------------------------------------

/// numbers [0, rows) -> slow map -> bucket = value / 10000 -> keyBy bucket ->
/// tumbling windows of 1000 on `value` (as ms) -> count and sum -> sink.
void buildWindowJob(StreamEnvironment& env, std::shared_ptr<const Sink> sink, int64_t rows) {
  auto numbers = env.fromSource(connectors::SequenceSource::make(0, rows).valueOrDie(),
                                time::WatermarkStrategy::forMonotonousTimestamps("value"), "numbers");
  numbers
      .map([](const columnar::RecordBatchPtr& batch) -> Result<columnar::RecordBatchPtr> {
        // Slow enough for several checkpoints per run.
        std::this_thread::sleep_for(std::chrono::microseconds(400));
        return batch;
      }, numbers.schema())
      .name("slow")
      .select({col("value"), (col("value") / lit(int64_t{10000})).alias("bucket")})
      .keyBy({"bucket"})
      .window(operators::WindowSpec::tumbling("value", std::chrono::milliseconds(1000)))
      .aggregate({operators::Aggregate::countAll().as("n"), operators::Aggregate::sum("value").as("total")})
      .sinkTo(std::move(sink));
}

JobConfig faultyConfig(const fs::path& directory, std::shared_ptr<FaultInjectingFileSystem> faulty,
                       int32_t tolerableFailures) {
  JobConfig config;
  config.parallelism = 2;
  config.workerThreads = 2;
  config.batchRows = 500;
  config.checkpoints.directory = directory.string();
  config.checkpoints.interval = std::chrono::milliseconds(20);
  config.checkpoints.retained = 3;
  config.checkpoints.tolerableFailures = tolerableFailures;
  config.checkpoints.fileSystem = std::move(faulty);
  return config;
}

/// "window start, count, sum" per window, sorted.
std::vector<std::string> windowRows(const connectors::CollectSink& sink) {
  std::vector<std::string> rows;
  for (const auto& batch : sink.batches()) {
    for (int64_t r = 0; r < batch->numRows(); ++r) {
      rows.push_back(batch->column(1).formatValue(r) + " " + batch->column(3).formatValue(r) + " " +
                     batch->column(4).formatValue(r));
    }
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

std::vector<std::string> expectedWindowRows(int64_t rows) {
  std::vector<std::string> expected;
  for (int64_t start = 0; start < rows; start += 1000) {
    const int64_t sum = (start + start + 999) * 1000 / 2;
    const auto timestamp =
        columnar::makeArray<int64_t>(columnar::timestamp(columnar::TimeUnit::kMilli), {start}).formatValue(0);
    expected.push_back(timestamp + " 1000 " + std::to_string(sum));
  }
  std::sort(expected.begin(), expected.end());
  return expected;
}

TEST(CheckpointJobFaultTest, AJobKeepsRunningThroughToleratedStorageFaults) {
  const fs::path directory = freshDirectory("job-tolerated");
  auto faulty = std::make_shared<FaultInjectingFileSystem>();
  faulty->addFault({.kind = FaultKind::kWriteError, .pathContains = "chk-1/task-1-"});
  faulty->addFault({.kind = FaultKind::kSyncError, .pathContains = "chk-3/_metadata"});
  auto env = StreamEnvironment::create(faultyConfig(directory, faulty, /*tolerableFailures=*/1));
  auto sink = std::make_shared<connectors::CollectSink>();
  buildWindowJob(env, sink, 400'000);
  auto result = env.execute("tolerated");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(faulty->injected().size(), 2u) << "the job ran long enough for checkpoints 1 to 3";
  EXPECT_EQ(result->checkpoints.failed, 2) << result->checkpoints.lastFailure;
  EXPECT_GT(result->checkpoints.completed, 1);
  EXPECT_EQ(windowRows(*sink), expectedWindowRows(400'000));
  const std::set<int64_t> onDisk = completedIdsOnDisk(directory);
  EXPECT_EQ(onDisk.count(1) + onDisk.count(3), 0u);
}

TEST(CheckpointJobFaultTest, ADiskFullBeyondTheToleranceFailsTheJobNamingTheCheckpoint) {
  const fs::path directory = freshDirectory("job-full");
  auto faulty = std::make_shared<FaultInjectingFileSystem>();
  faulty->setCapacity(0);
  auto env = StreamEnvironment::create(faultyConfig(directory, faulty, /*tolerableFailures=*/1));
  buildWindowJob(env, std::make_shared<connectors::CollectSink>(), 400'000);
  auto result = env.execute("disk full");
  ASSERT_FALSE(result.ok()) << "the job ignored its failed checkpoints";
  const std::string message = result.status().message();
  for (const std::string expected :
       {"checkpoint 2 failed", "2 consecutive checkpoint failures, 1 tolerated", "chk-2", "No space left on device"}) {
    EXPECT_NE(message.find(expected), std::string::npos) << "lacks '" << expected << "': " << result.status();
  }
  EXPECT_TRUE(completedIdsOnDisk(directory).empty());
}

TEST(CheckpointJobFaultTest, RestoringAfterStorageFaultsGivesExactlyTheUninterruptedResult) {
  const fs::path directory = freshDirectory("job-restore");
  auto faulty = std::make_shared<FaultInjectingFileSystem>();
  // Checkpoints 1 and 2 complete. 3 fails after its metadata is in place,
  // every later one when its metadata is renamed into place.
  faulty->addFault({.kind = FaultKind::kSyncDirectoryError, .pathContains = "chk-3", .skip = 1});
  faulty->addFault({.kind = FaultKind::kRenameError, .pathContains = "_metadata", .skip = 3, .times = -1});
  auto sink = std::make_shared<connectors::CollectSink>();
  {
    auto env = StreamEnvironment::create(faultyConfig(directory, faulty, /*tolerableFailures=*/1000));
    buildWindowJob(env, sink, 600'000);
    auto job = env.executeAsync("faulty run").valueOrDie();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (job->checkpointStats().failed < 3 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    job->cancel();
    EXPECT_EQ(job->wait().status().code(), StatusCode::kCancelled) << "the job ended before it was cancelled";
    const CheckpointStats stats = job->checkpointStats();
    EXPECT_EQ(stats.completed, 2);
    EXPECT_EQ(stats.lastCompletedId, 2);
    EXPECT_GE(stats.failed, 3);
  }
  EXPECT_EQ(completedIdsOnDisk(directory), (std::set<int64_t>{1, 2})) << "no failed checkpoint was kept";
  EXPECT_LT(windowRows(*sink).size(), expectedWindowRows(600'000).size()) << "the first run stopped part way";

  JobConfig config = faultyConfig(directory, nullptr, 0);
  config.checkpoints.restoreFrom = "latest";
  auto env = StreamEnvironment::create(config);
  buildWindowJob(env, sink, 600'000);
  auto result = env.execute("restored run");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(fs::path(result->restoredFrom).filename(), "chk-2") << result->restoredFrom;
  EXPECT_EQ(windowRows(*sink), expectedWindowRows(600'000)) << "no window lost, none duplicated";
}

}  // namespace
}  // namespace sabot::runtime
