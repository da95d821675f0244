// Checkpoints: storage with checksums, barriers through a parallel keyed
// window job, and exactly-once output across a cancel and a restore.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "sabot/base/testing/TestDirectory.h"
#include "sabot/api/StreamEnvironment.h"
#include "sabot/checkpoint/CheckpointStorage.h"
#include "sabot/connectors/CollectSink.h"
#include "sabot/connectors/SequenceSource.h"
#include "sabot/runtime/tests/RuntimeTestSupport.h"

namespace sabot::runtime {
namespace {

namespace fs = std::filesystem;
using api::StreamEnvironment;
using compute::col;
using compute::lit;

fs::path freshDirectory(const std::string& name) { return sabot::testing::freshTestDirectory("sabot-checkpoint-" + name); }

checkpoint::CheckpointMetadata metadataFor(int64_t id) {
  checkpoint::CheckpointMetadata metadata;
  metadata.checkpointId = id;
  metadata.jobName = "job";
  metadata.operators = {{"source", 2}, {"sink", 1}};
  return metadata;
}

TEST(CheckpointStorageTest, WritesVerifiesAndSkipsDamagedCheckpoints) {
  const fs::path directory = freshDirectory("storage");
  auto storage = checkpoint::CheckpointStorage::open(directory).valueOrDie();
  ASSERT_TRUE(storage.write(metadataFor(1), {{"task-0-0.state", "first"}}).ok());
  ASSERT_TRUE(storage.write(metadataFor(2), {{"task-0-0.state", "second"}}).ok());
  auto latest = storage.loadLatest().valueOrDie();
  EXPECT_EQ(latest.metadata.checkpointId, 2);
  EXPECT_EQ(latest.files.at("task-0-0.state"), "second");
  EXPECT_EQ(latest.metadata.operators.size(), 2u);

  // Damage checkpoint 2's state file: it is detected and 1 is used.
  std::ofstream(directory / "chk-2" / "task-0-0.state", std::ios::binary) << "sec0nd";
  std::vector<std::string> skipped;
  auto fallback = storage.loadLatest(&skipped).valueOrDie();
  EXPECT_EQ(fallback.metadata.checkpointId, 1);
  ASSERT_EQ(skipped.size(), 1u);
  EXPECT_NE(skipped[0].find("checksum mismatch"), std::string::npos) << skipped[0];

  // A truncated file and damaged metadata are caught too.
  std::ofstream(directory / "chk-2" / "task-0-0.state", std::ios::binary) << "sec";
  EXPECT_NE(checkpoint::CheckpointStorage::load(directory / "chk-2").status().message().find("partial write"),
            std::string::npos);
  {
    std::fstream metadata(directory / "chk-1" / "_metadata", std::ios::in | std::ios::out | std::ios::binary);
    metadata.seekp(12);
    metadata.put('X');
  }
  EXPECT_TRUE(checkpoint::CheckpointStorage::load(directory / "chk-1").status().isCorrupt());
  EXPECT_FALSE(storage.loadLatest().ok());

  // A checkpoint without metadata never counts.
  fs::create_directories(directory / "chk-9");
  EXPECT_EQ(storage.list().size(), 2u);
}

TEST(CheckpointStorageTest, KeepsOnlyTheRetainedCheckpoints) {
  const fs::path directory = freshDirectory("retain");
  auto storage = checkpoint::CheckpointStorage::open(directory).valueOrDie();
  for (int64_t id = 1; id <= 5; ++id) ASSERT_TRUE(storage.write(metadataFor(id), {{"a.state", "x"}}).ok());
  ASSERT_TRUE(storage.retain(2).ok());
  const auto remaining = storage.list();
  ASSERT_EQ(remaining.size(), 2u);
  EXPECT_EQ(remaining[0].filename(), "chk-5");
  EXPECT_EQ(remaining[1].filename(), "chk-4");
}

TEST(CheckpointStorageTest, MetadataParsingRejectsGarbage) {
  EXPECT_TRUE(checkpoint::CheckpointMetadata::parse("", "m").status().isCorrupt());
  std::string bytes = metadataFor(3).serialize();
  EXPECT_EQ(checkpoint::CheckpointMetadata::parse(bytes, "m").valueOrDie().checkpointId, 3);
  for (size_t cut = 0; cut < bytes.size(); ++cut) {
    EXPECT_FALSE(checkpoint::CheckpointMetadata::parse(bytes.substr(0, cut), "m").ok()) << cut;
  }
}

/// numbers [0, rows) -> slow map -> bucket = value / 10000 -> keyBy bucket ->
/// tumbling windows of 1000 on `value` as milliseconds -> sink.
void buildWindowJob(StreamEnvironment& env, std::shared_ptr<const Sink> sink, int64_t rows) {
  auto numbers = env.fromSource(connectors::SequenceSource::make(0, rows).valueOrDie(),
                                time::WatermarkStrategy::forMonotonousTimestamps("value"), "numbers");
  numbers
      .map([](const columnar::RecordBatchPtr& batch) -> Result<columnar::RecordBatchPtr> {
        // Slow enough that checkpoints happen while it runs.
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

JobConfig checkpointedConfig(const fs::path& directory) {
  JobConfig config;
  config.parallelism = 2;
  config.workerThreads = 2;
  config.batchRows = 500;
  config.checkpoints.directory = directory.string();
  config.checkpoints.interval = std::chrono::milliseconds(20);
  config.checkpoints.retained = 2;
  return config;
}

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
    auto ts = columnar::makeArray<int64_t>(columnar::timestamp(columnar::TimeUnit::kMilli), {start}).formatValue(0);
    expected.push_back(ts + " 1000 " + std::to_string(sum));
  }
  std::sort(expected.begin(), expected.end());
  return expected;
}

TEST(CheckpointTest, ACheckpointedWindowJobGivesTheSameResult) {
  const fs::path directory = freshDirectory("uninterrupted");
  auto env = StreamEnvironment::create(checkpointedConfig(directory));
  auto sink = std::make_shared<connectors::CollectSink>();
  buildWindowJob(env, sink, 200'000);
  auto result = env.execute("checkpointed");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_GT(result->checkpoints.completed, 0) << "the job ran long enough for checkpoints";
  EXPECT_EQ(result->checkpoints.failed, 0) << result->checkpoints.lastFailure;
  EXPECT_EQ(windowRows(*sink), expectedWindowRows(200'000));
  EXPECT_LE(checkpoint::CheckpointStorage::open(directory).valueOrDie().list().size(), 2u) << "retention";
}

TEST(CheckpointStorageTest, CompressedStateFilesRoundTripAndIncompressibleOnesStayRaw) {
  std::string compressible;
  for (int i = 0; i < 5000; ++i) compressible += "window 42 sum " + std::to_string(i % 7) + "\n";
  for (ipc::Compression codec : {ipc::Compression::kLz4Frame, ipc::Compression::kZstd}) {
    const fs::path directory = freshDirectory(std::string("compressed-") + std::string(ipc::compressionName(codec)));
    auto opened = checkpoint::CheckpointStorage::open(directory).valueOrDie();
    opened.setCompression(codec);
    // The coordinator swaps in an injected file system: compression stays.
    auto storage = opened.withFileSystem(checkpoint::localCheckpointFileSystem());
    ASSERT_TRUE(storage.write(metadataFor(1), {{"task-0-0.state", compressible}, {"task-0-1.state", "x"}}).ok());
    auto loaded = checkpoint::CheckpointStorage::load(directory / "chk-1").valueOrDie();
    EXPECT_EQ(loaded.files.at("task-0-0.state"), compressible);
    EXPECT_EQ(loaded.files.at("task-0-1.state"), "x");
    const auto& files = loaded.metadata.files;
    ASSERT_EQ(files.size(), 2u);
    EXPECT_EQ(files[0].compression, codec);
    EXPECT_EQ(files[0].rawSize, compressible.size());
    EXPECT_LT(fs::file_size(directory / "chk-1" / "task-0-0.state") * 10, compressible.size()) << "it shrank";
    EXPECT_EQ(files[1].compression, ipc::Compression::kNone) << "one byte does not shrink: stored as is";
    EXPECT_TRUE(checkpoint::CheckpointStorage::verify(directory / "chk-1").complete());

    // Damage inside the compressed frame is caught (by the checksum).
    {
      std::fstream state(directory / "chk-1" / "task-0-0.state", std::ios::in | std::ios::out | std::ios::binary);
      state.seekp(20);
      state.put('X');
    }
    EXPECT_TRUE(checkpoint::CheckpointStorage::load(directory / "chk-1").status().isCorrupt());
    EXPECT_FALSE(checkpoint::CheckpointStorage::verify(directory / "chk-1").complete());
  }
}

TEST(CheckpointTest, CancelledAndRestoredJobsProduceEveryRowExactlyOnce) {
  const fs::path directory = freshDirectory("restore");
  auto sink = std::make_shared<connectors::CollectSink>();
  {
    // Compressed checkpoints: the restore reads them back.
    JobConfig first = checkpointedConfig(directory);
    first.checkpoints.compression = ipc::Compression::kZstd;
    auto env = StreamEnvironment::create(first);
    buildWindowJob(env, sink, 200'000);
    auto job = env.executeAsync("first run").valueOrDie();
    while (job->checkpointStats().completed < 3) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    job->cancel();
    EXPECT_EQ(job->wait().status().code(), StatusCode::kCancelled);
  }
  const size_t committedBefore = windowRows(*sink).size();
  EXPECT_LT(committedBefore, expectedWindowRows(200'000).size()) << "the first run stopped part way";

  JobConfig config = checkpointedConfig(directory);
  config.checkpoints.restoreFrom = "latest";
  auto env = StreamEnvironment::create(config);
  buildWindowJob(env, sink, 200'000);
  auto result = env.execute("second run");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_NE(result->restoredFrom.find("chk-"), std::string::npos);
  EXPECT_EQ(windowRows(*sink), expectedWindowRows(200'000)) << "no window lost, none duplicated";
}

TEST(CheckpointTest, RestoringWithAnotherShapeIsAClearError) {
  const fs::path directory = freshDirectory("shape");
  {
    auto env = StreamEnvironment::create(checkpointedConfig(directory));
    buildWindowJob(env, std::make_shared<connectors::CollectSink>(), 100'000);
    ASSERT_TRUE(env.execute("first").ok());
  }
  JobConfig config = checkpointedConfig(directory);
  config.parallelism = 3;
  config.checkpoints.restoreFrom = "latest";
  auto env = StreamEnvironment::create(config);
  buildWindowJob(env, std::make_shared<connectors::CollectSink>(), 100'000);
  auto result = env.execute("rescaled");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("restoring with a different parallelism is not supported yet"),
            std::string::npos)
      << result.status();

  config.checkpoints.restoreFrom = (directory / "chk-999").string();
  auto missing = StreamEnvironment::create(config);
  buildWindowJob(missing, std::make_shared<connectors::CollectSink>(), 100'000);
  EXPECT_NE(missing.execute("missing").status().message().find("not a completed checkpoint"), std::string::npos);
}

TEST(CheckpointTest, RestoringWindowsWithTheOtherStateBackendIsAClearError) {
  const fs::path directory = freshDirectory("backend-switch");
  {
    auto env = StreamEnvironment::create(checkpointedConfig(directory));
    buildWindowJob(env, std::make_shared<connectors::CollectSink>(), 100'000);
    ASSERT_TRUE(env.execute("in memory").ok());
  }
  JobConfig config = checkpointedConfig(directory);
  config.stateBackend.kind = StateBackendKind::kRocksDb;
  config.stateBackend.directory = freshDirectory("backend-switch-state").string();
  config.checkpoints.restoreFrom = "latest";
  auto env = StreamEnvironment::create(config);
  buildWindowJob(env, std::make_shared<connectors::CollectSink>(), 100'000);
  auto result = env.execute("on rocksdb");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("the checkpoint holds the state of tumbling or sliding windows in "
                                           "operator memory (state backend memory), but this job keeps tumbling or "
                                           "sliding windows in the keyed state backend (state backend rocksdb)"),
            std::string::npos)
      << result.status();
}

TEST(CheckpointTest, ASourceThatCannotReplayIsRejectedWhenCheckpointing) {
  struct OneShot final : Source {
    std::string describe() const override { return "one shot"; }
    columnar::SchemaPtr schema() const override {
      return std::make_shared<columnar::Schema>(std::vector<columnar::FieldPtr>{columnar::field("x", columnar::int64())});
    }
    Result<std::unique_ptr<SourceReader>> createReader(const OperatorContext&) const override {
      return Status::internal("not used");
    }
  };
  auto env = StreamEnvironment::create(checkpointedConfig(freshDirectory("replay")));
  env.fromSource(std::make_shared<OneShot>()).sinkTo(std::make_shared<connectors::DiscardSink>());
  auto result = env.execute("one shot");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("cannot replay its input"), std::string::npos) << result.status();
}

}  // namespace
}  // namespace sabot::runtime
