// Checkpoint storage over a file system that fails: write errors, a full
// disk, torn writes, failed fsyncs and renames. A checkpoint whose write
// fails must leave nothing that counts as completed; a torn one must be
// detected and passed over for the previous one.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "sabot/base/testing/TestDirectory.h"
#include "sabot/checkpoint/CheckpointStorage.h"
#include "sabot/checkpoint/FaultInjectingFileSystem.h"
#include "sabot/checkpoint/SnapshotStream.h"

namespace sabot::checkpoint {
namespace {

namespace fs = std::filesystem;

fs::path freshDirectory(const std::string& name) { return sabot::testing::freshTestDirectory("sabot-checkpoint-fault-" + name); }

std::string contentOf(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

CheckpointMetadata metadataFor(int64_t id) {
  CheckpointMetadata metadata;
  metadata.checkpointId = id;
  metadata.timestampMs = 1'700'000'000'000 + id;
  metadata.jobName = "job";
  metadata.operators = {{"source", 2}, {"sink", 1}};
  return metadata;
}

std::map<std::string, std::string> filesFor(int64_t id) {
  return {{"task-0-0.state", "source 0 at " + std::to_string(id)},
          {"task-0-1.state", "source 1 at " + std::to_string(id)},
          {"task-1-0.state", std::string(100, static_cast<char>('a' + id))}};
}

// --- the local file system -------------------------------------------------

TEST(LocalCheckpointFileSystemTest, WritesAtomicallyReadsListsAndRemoves) {
  const fs::path directory = freshDirectory("local");
  LocalCheckpointFileSystem local;
  ASSERT_TRUE(local.createDirectories(directory / "a" / "b").ok());
  ASSERT_TRUE(local.writeFileAtomically(directory / "a" / "f", "first").ok());
  ASSERT_TRUE(local.writeFileAtomically(directory / "a" / "f", "second").ok());
  EXPECT_EQ(local.readFile(directory / "a" / "f").valueOrDie(), "second");
  EXPECT_FALSE(fs::exists(temporaryPathFor(directory / "a" / "f"))) << "the temporary file is renamed away";
  EXPECT_TRUE(local.syncDirectory(directory / "a").ok());
  EXPECT_TRUE(local.exists(directory / "a" / "f").valueOrDie());
  EXPECT_TRUE(local.isDirectory(directory / "a" / "b").valueOrDie());
  EXPECT_FALSE(local.isDirectory(directory / "a" / "f").valueOrDie());
  EXPECT_FALSE(local.isDirectory(directory / "missing").valueOrDie());
  auto names = local.listDirectory(directory / "a").valueOrDie();
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"b", "f"}));

  auto missing = local.readFile(directory / "missing");
  ASSERT_FALSE(missing.ok());
  EXPECT_TRUE(missing.status().isIOError());
  EXPECT_NE(missing.status().message().find("missing"), std::string::npos) << missing.status();
  EXPECT_FALSE(local.listDirectory(directory / "missing").ok());

  ASSERT_TRUE(local.removeAll(directory / "a").ok());
  EXPECT_FALSE(local.exists(directory / "a").valueOrDie());
  EXPECT_TRUE(local.removeAll(directory / "a").ok()) << "removing what is not there is fine";
}

// --- the fault-injecting file system itself ---------------------------------

TEST(FaultInjectingFileSystemTest, FailedWritesLeaveTheTargetUntouched) {
  const fs::path directory = freshDirectory("faulty-writes");
  auto faulty = std::make_shared<FaultInjectingFileSystem>();
  ASSERT_TRUE(faulty->createDirectories(directory).ok());
  const fs::path file = directory / "f";
  ASSERT_TRUE(faulty->writeFileAtomically(file, "old").ok());

  faulty->addFault({.kind = FaultKind::kWriteError, .pathContains = "/f"});
  Status error = faulty->writeFileAtomically(file, "new content");
  ASSERT_FALSE(error.ok());
  EXPECT_TRUE(error.isIOError());
  EXPECT_NE(error.message().find("Input/output error"), std::string::npos) << error;
  EXPECT_EQ(contentOf(file), "old");
  EXPECT_EQ(contentOf(temporaryPathFor(file)), "new c") << "half the bytes reached the temporary file";
  EXPECT_TRUE(faulty->writeFileAtomically(file, "new content").ok()) << "the fault struck once";
  EXPECT_EQ(contentOf(file), "new content");

  faulty->addFault({.kind = FaultKind::kSyncError, .pathContains = "/f"});
  EXPECT_NE(faulty->writeFileAtomically(file, "x").message().find("syncing"), std::string::npos);
  faulty->addFault({.kind = FaultKind::kRenameError, .pathContains = "/f"});
  EXPECT_NE(faulty->writeFileAtomically(file, "y").message().find("moving"), std::string::npos);
  EXPECT_EQ(contentOf(file), "new content");
  EXPECT_EQ(faulty->injected().size(), 3u);
}

TEST(FaultInjectingFileSystemTest, SkipAndTimesChooseTheCallsThatFail) {
  const fs::path directory = freshDirectory("faulty-counts");
  FaultInjectingFileSystem faulty;
  ASSERT_TRUE(faulty.createDirectories(directory).ok());
  faulty.addFault({.kind = FaultKind::kWriteError, .pathContains = "x", .skip = 2, .times = 2});
  std::vector<bool> outcomes;
  for (int i = 0; i < 6; ++i) outcomes.push_back(faulty.writeFileAtomically(directory / "x", "bytes").ok());
  EXPECT_EQ(outcomes, (std::vector<bool>{true, true, false, false, true, true}));
  EXPECT_TRUE(faulty.writeFileAtomically(directory / "y", "other paths never match").ok());

  faulty.addFault({.kind = FaultKind::kReadError, .pathContains = "", .times = -1});
  EXPECT_FALSE(faulty.readFile(directory / "y").ok());
  EXPECT_FALSE(faulty.readFile(directory / "y").ok()) << "times = -1 fails forever";
  faulty.clearFaults();
  EXPECT_EQ(faulty.readFile(directory / "y").valueOrDie(), "other paths never match");
}

TEST(FaultInjectingFileSystemTest, ADiskFullFailsOnceTheCapacityIsUsed) {
  const fs::path directory = freshDirectory("faulty-full");
  FaultInjectingFileSystem faulty;
  ASSERT_TRUE(faulty.createDirectories(directory).ok());
  faulty.setCapacity(10);
  ASSERT_TRUE(faulty.writeFileAtomically(directory / "a", "123456").ok());
  Status full = faulty.writeFileAtomically(directory / "b", "abcdefgh");
  ASSERT_FALSE(full.ok());
  EXPECT_NE(full.message().find("No space left on device"), std::string::npos) << full;
  EXPECT_NE(full.message().find(".b.tmp"), std::string::npos) << "names the file: " << full;
  EXPECT_FALSE(fs::exists(directory / "b"));
  EXPECT_EQ(contentOf(temporaryPathFor(directory / "b")), "abcd") << "the 4 bytes that fitted";
  EXPECT_FALSE(faulty.writeFileAtomically(directory / "c", "z").ok()) << "still full";
  EXPECT_TRUE(faulty.writeFileAtomically(directory / "c", "").ok()) << "nothing to write fits";
  faulty.setCapacity(std::nullopt);
  EXPECT_TRUE(faulty.writeFileAtomically(directory / "c", "z").ok());
}

TEST(FaultInjectingFileSystemTest, ATornWriteSucceedsButCutsTheFileShort) {
  const fs::path directory = freshDirectory("faulty-torn");
  FaultInjectingFileSystem faulty;
  ASSERT_TRUE(faulty.createDirectories(directory).ok());
  faulty.addFault({.kind = FaultKind::kTornWrite, .pathContains = "", .keepBytes = 3});
  ASSERT_TRUE(faulty.writeFileAtomically(directory / "f", "0123456789").ok());
  EXPECT_EQ(contentOf(directory / "f"), "012");
  faulty.addFault({.kind = FaultKind::kTornWrite, .pathContains = "", .keepBytes = 1000});
  ASSERT_TRUE(faulty.writeFileAtomically(directory / "g", "0123").ok());
  EXPECT_EQ(contentOf(directory / "g"), "012") << "always at least one byte short";
}

// --- checkpoint storage under faults -----------------------------------------

/// Writes checkpoint 1 cleanly, then checkpoint 2 with `fault`, and checks
/// that 2 failed, left nothing that counts, and 1 is what restores.
void expectFailedCheckpointIsNeverUsed(const std::string& name, const Fault& fault) {
  SCOPED_TRACE(name);
  const fs::path directory = freshDirectory("write-" + name);
  auto faulty = std::make_shared<FaultInjectingFileSystem>();
  auto storage = CheckpointStorage::open(directory, faulty).valueOrDie();
  ASSERT_TRUE(storage.write(metadataFor(1), filesFor(1)).ok());
  faulty->addFault(fault);
  auto written = storage.write(metadataFor(2), filesFor(2));
  ASSERT_FALSE(written.ok()) << "the fault did not strike";
  EXPECT_TRUE(written.status().isIOError()) << written.status();
  EXPECT_NE(written.status().message().find("chk-2"), std::string::npos) << "names the checkpoint: " << written.status();
  EXPECT_EQ(faulty->injected().size(), 1u);
  EXPECT_FALSE(fs::exists(directory / "chk-2")) << "the failed checkpoint's files are deleted";
  ASSERT_EQ(storage.list().size(), 1u);
  EXPECT_EQ(storage.highestId(), 1);
  std::vector<std::string> skipped;
  auto latest = storage.loadLatest(&skipped).valueOrDie();
  EXPECT_EQ(latest.metadata.checkpointId, 1);
  EXPECT_TRUE(skipped.empty());
  EXPECT_EQ(latest.files, filesFor(1));
}

TEST(CheckpointStorageFaultTest, AFailedWriteLeavesNoCompletedCheckpoint) {
  expectFailedCheckpointIsNeverUsed("state-write", {.kind = FaultKind::kWriteError, .pathContains = "task-1-0"});
  expectFailedCheckpointIsNeverUsed("state-fsync", {.kind = FaultKind::kSyncError, .pathContains = "task-0-1"});
  expectFailedCheckpointIsNeverUsed("state-rename", {.kind = FaultKind::kRenameError, .pathContains = "task-0-0"});
  expectFailedCheckpointIsNeverUsed("metadata-write", {.kind = FaultKind::kWriteError, .pathContains = "_metadata"});
  expectFailedCheckpointIsNeverUsed("metadata-rename", {.kind = FaultKind::kRenameError, .pathContains = "_metadata"});
  expectFailedCheckpointIsNeverUsed("dir-sync-before-metadata",
                                    {.kind = FaultKind::kSyncDirectoryError, .pathContains = "chk-2"});
  // The metadata is already in place when the last directory sync fails:
  // the checkpoint must still not count.
  expectFailedCheckpointIsNeverUsed("dir-sync-after-metadata",
                                    {.kind = FaultKind::kSyncDirectoryError, .pathContains = "chk-2", .skip = 1});
}

TEST(CheckpointStorageFaultTest, ADiskFullFailsTheCheckpointAtAnyByte) {
  const uint64_t total = [] {
    CheckpointMetadata metadata = metadataFor(2);
    uint64_t bytes = 0;
    for (const auto& [name, content] : filesFor(2)) {
      metadata.files.push_back({name, content.size(), 0});
      bytes += content.size();
    }
    return bytes + metadata.serialize().size();
  }();
  for (uint64_t capacity : {uint64_t{0}, uint64_t{5}, uint64_t{40}, uint64_t{150}, total - 1}) {
    SCOPED_TRACE(capacity);
    const fs::path directory = freshDirectory("full");
    auto faulty = std::make_shared<FaultInjectingFileSystem>();
    auto storage = CheckpointStorage::open(directory, faulty).valueOrDie();
    ASSERT_TRUE(storage.write(metadataFor(1), filesFor(1)).ok());
    faulty->setCapacity(capacity);
    auto written = storage.write(metadataFor(2), filesFor(2));
    ASSERT_FALSE(written.ok());
    EXPECT_NE(written.status().message().find("No space left on device"), std::string::npos) << written.status();
    EXPECT_EQ(storage.list().size(), 1u);
    EXPECT_EQ(storage.loadLatest().valueOrDie().metadata.checkpointId, 1);
  }
}

TEST(CheckpointStorageFaultTest, AFailedWriteWhoseCleanupFailsSaysSo) {
  const fs::path directory = freshDirectory("cleanup");
  auto faulty = std::make_shared<FaultInjectingFileSystem>();
  auto storage = CheckpointStorage::open(directory, faulty).valueOrDie();
  faulty->addFault({.kind = FaultKind::kSyncDirectoryError, .pathContains = "chk-1", .skip = 1});
  faulty->addFault({.kind = FaultKind::kRemoveError, .pathContains = "", .times = -1});
  auto written = storage.write(metadataFor(1), filesFor(1));
  ASSERT_FALSE(written.ok());
  EXPECT_NE(written.status().message().find("could not be deleted"), std::string::npos) << written.status();
}

TEST(CheckpointStorageFaultTest, TornStateFilesAreDetectedAndThePreviousCheckpointUsed) {
  for (const std::string file : {"task-0-0.state", "task-1-0.state"}) {
    for (uint64_t keep : {uint64_t{0}, uint64_t{1}, uint64_t{10}, uint64_t{99}}) {
      SCOPED_TRACE(file + " cut to " + std::to_string(keep));
      const fs::path directory = freshDirectory("torn-state");
      auto faulty = std::make_shared<FaultInjectingFileSystem>();
      auto storage = CheckpointStorage::open(directory, faulty).valueOrDie();
      ASSERT_TRUE(storage.write(metadataFor(1), filesFor(1)).ok());
      faulty->addFault({.kind = FaultKind::kTornWrite, .pathContains = "chk-2/" + file, .keepBytes = keep});
      ASSERT_TRUE(storage.write(metadataFor(2), filesFor(2)).ok()) << "a torn write looks like success";
      ASSERT_EQ(faulty->injected().size(), 1u);
      EXPECT_EQ(storage.list().size(), 2u);
      std::vector<std::string> skipped;
      auto latest = storage.loadLatest(&skipped).valueOrDie();
      EXPECT_EQ(latest.metadata.checkpointId, 1);
      ASSERT_EQ(skipped.size(), 1u);
      EXPECT_NE(skipped[0].find("partial write"), std::string::npos) << skipped[0];
      EXPECT_NE(skipped[0].find(file), std::string::npos) << "names the file: " << skipped[0];
    }
  }
}

TEST(CheckpointStorageFaultTest, TornMetadataIsDetectedAtEveryLength) {
  const size_t metadataSize = [] {
    CheckpointMetadata metadata = metadataFor(2);
    for (const auto& [name, content] : filesFor(2)) metadata.files.push_back({name, content.size(), 0});
    return metadata.serialize().size();
  }();
  for (uint64_t keep = 0; keep < metadataSize; ++keep) {
    SCOPED_TRACE(keep);
    const fs::path directory = freshDirectory("torn-metadata");
    auto faulty = std::make_shared<FaultInjectingFileSystem>();
    auto storage = CheckpointStorage::open(directory, faulty).valueOrDie();
    ASSERT_TRUE(storage.write(metadataFor(1), filesFor(1)).ok());
    faulty->addFault({.kind = FaultKind::kTornWrite, .pathContains = "chk-2/_metadata", .keepBytes = keep});
    ASSERT_TRUE(storage.write(metadataFor(2), filesFor(2)).ok());
    EXPECT_EQ(fs::file_size(directory / "chk-2" / "_metadata"), keep);
    std::vector<std::string> skipped;
    EXPECT_EQ(storage.loadLatest(&skipped).valueOrDie().metadata.checkpointId, 1);
    ASSERT_EQ(skipped.size(), 1u);
    EXPECT_NE(skipped[0].find("chk-2/_metadata"), std::string::npos) << skipped[0];
    EXPECT_TRUE(CheckpointStorage::verify(directory / "chk-2").damaged());
  }
}

TEST(CheckpointStorageFaultTest, AReadErrorSkipsToThePreviousCheckpoint) {
  const fs::path directory = freshDirectory("read-error");
  auto faulty = std::make_shared<FaultInjectingFileSystem>();
  auto storage = CheckpointStorage::open(directory, faulty).valueOrDie();
  ASSERT_TRUE(storage.write(metadataFor(1), filesFor(1)).ok());
  ASSERT_TRUE(storage.write(metadataFor(2), filesFor(2)).ok());
  faulty->addFault({.kind = FaultKind::kReadError, .pathContains = "chk-2/task-0-1"});
  std::vector<std::string> skipped;
  EXPECT_EQ(storage.loadLatest(&skipped).valueOrDie().metadata.checkpointId, 1);
  ASSERT_EQ(skipped.size(), 1u);
  EXPECT_NE(skipped[0].find("unreadable"), std::string::npos) << skipped[0];
  EXPECT_EQ(storage.loadLatest().valueOrDie().metadata.checkpointId, 2) << "the fault struck once";
}

TEST(CheckpointStorageFaultTest, RetentionReportsWhatItCouldNotDelete) {
  const fs::path directory = freshDirectory("retain-error");
  auto faulty = std::make_shared<FaultInjectingFileSystem>();
  auto storage = CheckpointStorage::open(directory, faulty).valueOrDie();
  for (int64_t id = 1; id <= 3; ++id) ASSERT_TRUE(storage.write(metadataFor(id), filesFor(id)).ok());
  faulty->addFault({.kind = FaultKind::kRemoveError, .pathContains = "chk-1"});
  Status retained = storage.retain(1);
  ASSERT_FALSE(retained.ok());
  EXPECT_NE(retained.message().find("chk-1"), std::string::npos) << retained;
  EXPECT_EQ(storage.list().size(), 2u) << "chk-2 went, chk-1 stayed";
  EXPECT_TRUE(storage.retain(1).ok());
  EXPECT_EQ(storage.list().size(), 1u);
}

// --- verify, for `sabot checkpoint verify` ----------------------------------

TEST(CheckpointVerificationTest, ReportsEveryDamagedFile) {
  const fs::path directory = freshDirectory("verify");
  auto storage = CheckpointStorage::open(directory).valueOrDie();
  ASSERT_TRUE(storage.write(metadataFor(4), filesFor(4)).ok());
  CheckpointVerification good = CheckpointStorage::verify(directory / "chk-4");
  EXPECT_TRUE(good.complete());
  EXPECT_TRUE(good.problems().empty());
  EXPECT_EQ(good.id, 4);
  ASSERT_EQ(good.files.size(), 3u);
  EXPECT_EQ(good.files[2].name, "task-1-0.state");
  EXPECT_EQ(good.files[2].recordedSize, 100u);
  EXPECT_EQ(good.files[2].actualSize, 100u);

  std::ofstream(directory / "chk-4" / "task-0-0.state", std::ios::binary) << "source 0 at 5";  // same size
  fs::remove(directory / "chk-4" / "task-1-0.state");
  CheckpointVerification bad = CheckpointStorage::verify(directory / "chk-4");
  EXPECT_FALSE(bad.complete());
  EXPECT_TRUE(bad.damaged());
  const std::vector<std::string> problems = bad.problems();
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_NE(problems[0].find("task-0-0.state: checksum mismatch"), std::string::npos) << problems[0];
  EXPECT_NE(problems[1].find("task-1-0.state: missing"), std::string::npos) << problems[1];

  fs::create_directories(directory / "chk-5");
  CheckpointVerification incomplete = CheckpointStorage::verify(directory / "chk-5");
  EXPECT_FALSE(incomplete.hasMetadata);
  EXPECT_FALSE(incomplete.damaged());
  EXPECT_NE(incomplete.problems().at(0).find("never completed"), std::string::npos);
  EXPECT_EQ(storage.listAll().valueOrDie().size(), 2u);
  EXPECT_EQ(storage.list().size(), 1u);
}

// --- the on-disk format stays what docs/checkpoints.md describes ------------

TEST(CheckpointFormatTest, MetadataBytesAreTheDocumentedFormat) {
  CheckpointMetadata metadata;
  metadata.checkpointId = 17;
  metadata.timestampMs = 1234;
  metadata.jobName = "j";
  metadata.operators = {{"op", 3}};
  metadata.files = {{"task-0-0.state", 5, 0xabcdef, ipc::Compression::kZstd, 40}};
  auto bytesOf = [](uint32_t version) {
    SnapshotWriter expected;
    expected.writeString("SABOTCKP");
    expected.write<uint32_t>(version);
    expected.write<int64_t>(17);
    expected.write<int64_t>(1234);
    expected.writeString("j");
    expected.write<uint64_t>(1);
    expected.writeString("op");
    expected.write<int32_t>(3);
    expected.write<uint64_t>(1);
    expected.writeString("task-0-0.state");
    expected.write<uint64_t>(5);
    expected.write<uint64_t>(0xabcdef);
    if (version >= 2) {
      expected.write<uint8_t>(2);  // zstd
      expected.write<uint64_t>(40);
    }
    std::string bytes = expected.release();
    const uint64_t checksum = checksumOf(bytes);
    bytes.append(reinterpret_cast<const char*>(&checksum), sizeof(checksum));
    return bytes;
  };
  EXPECT_EQ(metadata.serialize(), bytesOf(2));
  auto parsed = CheckpointMetadata::parse(bytesOf(2), "m").valueOrDie();
  EXPECT_EQ(parsed.checkpointId, 17);
  EXPECT_EQ(parsed.files.at(0).checksum, 0xabcdefu);
  EXPECT_EQ(parsed.files.at(0).compression, ipc::Compression::kZstd);
  EXPECT_EQ(parsed.files.at(0).rawSize, 40u);

  // Version 1 (before compression) still reads: its files are stored raw.
  auto old = CheckpointMetadata::parse(bytesOf(1), "m").valueOrDie();
  EXPECT_EQ(old.files.at(0).compression, ipc::Compression::kNone);
  EXPECT_EQ(old.files.at(0).rawSize, 5u);
}

}  // namespace
}  // namespace sabot::checkpoint
