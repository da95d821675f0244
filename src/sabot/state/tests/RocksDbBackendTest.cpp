#include <gtest/gtest.h>

#include <rocksdb/db.h>

#include <fstream>

#include "sabot/state/ValueState.h"
#include "sabot/state/tests/StateTestSupport.h"

namespace sabot::state {
namespace {

using testing::configFor;
using testing::int64Key;
using testing::setKey;
using testing::TempDirectory;

TEST(RocksDbBackendTest, StateFarLargerThanTheBlockCache) {
  TempDirectory directory;
  RocksDbBackendOptions options;
  options.directory = directory.sub("db");
  options.blockCacheBytes = 8 << 20;
  options.writeBufferBytes = 2 << 20;
  options.writeBufferManagerBytes = 4 << 20;
  auto backend = RocksDbKeyedStateBackend::make(configFor(0, 127), options).valueOrDie();
  ValueStateDescriptor<std::string> descriptor;
  descriptor.name = "payload";
  auto state = ValueState<std::string>::make(backend.get(), descriptor).valueOrDie();

  // 200k keys x 200 bytes = 40 MB of values, five times the cache.
  constexpr int64_t kKeys = 200'000;
  auto payload = [](int64_t key) {
    std::string value(200, static_cast<char>('a' + key % 26));
    std::memcpy(value.data(), &key, sizeof key);
    return value;
  };
  for (int64_t key = 0; key < kKeys; ++key) {
    setKey(*backend, key);
    ASSERT_TRUE(state.update(payload(key)).ok());
  }
  ASSERT_TRUE(backend->flush().ok());
  for (int64_t key = 0; key < kKeys; key += 7) {
    setKey(*backend, key);
    ASSERT_EQ(state.value().valueOrDie(), payload(key)) << key;
  }
  const auto usage = backend->memoryUsage();
  EXPECT_EQ(usage.blockCacheCapacity, 8 << 20);
  // The cache (which also carries the memtable reservations) stays within
  // its capacity, with RocksDB's small per-shard slack.
  EXPECT_LE(usage.blockCacheUsage, (8 << 20) + (1 << 20)) << usage.blockCacheUsage;
  int64_t stored = 0;
  ASSERT_TRUE(backend->forEachEntry(state.id(), 0, 127, [&](const StateEntryView&) {
                       ++stored;
                       return Status::OK();
                     })
                  .ok());
  EXPECT_EQ(stored, kKeys);
}

TEST(RocksDbBackendTest, DirectoryThatCannotBeOpenedIsAClearError) {
  TempDirectory directory;
  std::filesystem::create_directories(directory.path());
  const std::string file = directory.sub("a-file");
  std::ofstream(file) << "not a directory";
  RocksDbBackendOptions options;
  options.directory = file;
  auto result = RocksDbKeyedStateBackend::make(configFor(0, 127), options);
  ASSERT_FALSE(result.ok());
  EXPECT_TRUE(result.status().isIOError()) << result.status();
  EXPECT_NE(result.status().message().find("cannot use '" + file + "' as the RocksDB state directory"),
            std::string::npos)
      << result.status();

  options.directory = file + "/below";
  auto below = RocksDbKeyedStateBackend::make(configFor(0, 127), options);
  ASSERT_FALSE(below.ok());
  EXPECT_TRUE(below.status().isIOError()) << below.status();
  EXPECT_NE(below.status().message().find(file + "/below"), std::string::npos) << below.status();

  // A directory already holding data is refused rather than reused.
  std::filesystem::create_directories(directory.sub("used"));
  std::ofstream(directory.sub("used/CURRENT")) << "x";
  options.directory = directory.sub("used");
  EXPECT_TRUE(RocksDbKeyedStateBackend::make(configFor(0, 127), options).status().isInvalid());

  options.directory.clear();
  EXPECT_TRUE(RocksDbKeyedStateBackend::make(configFor(0, 127), options).status().isInvalid());
}

TEST(RocksDbBackendTest, BadOptionsAreRejected) {
  TempDirectory directory;
  RocksDbBackendOptions options;
  options.directory = directory.sub("db");
  options.blockCacheBytes = 0;
  auto result = RocksDbKeyedStateBackend::make(configFor(0, 127), options);
  EXPECT_TRUE(result.status().isInvalid());
  EXPECT_NE(result.status().message().find("blockCacheBytes"), std::string::npos);
}

TEST(RocksDbBackendTest, NativeCheckpointIsAnOpenableRocksDb) {
  TempDirectory directory;
  auto backend = testing::RocksDbFactory::make(configFor(0, 127), directory, "db");
  ValueStateDescriptor<int64_t> descriptor;
  descriptor.name = "counts";
  auto state = ValueState<int64_t>::make(backend.get(), descriptor).valueOrDie();
  for (int64_t key = 0; key < 1000; ++key) {
    setKey(*backend, key);
    ASSERT_TRUE(state.update(key + 1).ok());
  }
  const std::string checkpoint = directory.sub("checkpoint-1");
  ASSERT_TRUE(static_cast<RocksDbKeyedStateBackend*>(backend.get())->createCheckpoint(checkpoint).ok());
  // Writes after the checkpoint are not in it.
  setKey(*backend, 0);
  ASSERT_TRUE(state.update(-5).ok());

  // Open it with plain RocksDB, read-only: the column family per state and
  // the key layout (key group, key, namespace) are all there.
  std::vector<std::string> families;
  ASSERT_TRUE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), checkpoint, &families).ok());
  EXPECT_NE(std::find(families.begin(), families.end(), "s:counts"), families.end());
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const auto& name : families) descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  ASSERT_TRUE(rocksdb::DB::OpenForReadOnly(rocksdb::DBOptions(), checkpoint, descriptors, &handles, &db).ok());
  rocksdb::ColumnFamilyHandle* counts = nullptr;
  for (size_t i = 0; i < families.size(); ++i) {
    if (families[i] == "s:counts") counts = handles[i];
  }
  std::string key;
  bytes::appendFixed16BigEndian(&key, static_cast<uint16_t>(keyGroupForInt64Key(0, 128)));
  appendKeyAndNamespace(&key, int64Key(0), "");
  std::string value;
  ASSERT_TRUE(db->Get(rocksdb::ReadOptions(), counts, key, &value).ok());
  EXPECT_EQ(deserializeExactly(Int64Serializer{}, value).valueOrDie(), 1);
  int64_t entries = 0;
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), counts));
  for (it->SeekToFirst(); it->Valid(); it->Next()) ++entries;
  EXPECT_EQ(entries, 1000);
  it.reset();
  for (auto* handle : handles) (void)db->DestroyColumnFamilyHandle(handle);
  delete db;  // NOLINT: RocksDB's raw-pointer API

  // A checkpoint never overwrites an existing directory.
  Status again = static_cast<RocksDbKeyedStateBackend*>(backend.get())->createCheckpoint(checkpoint);
  EXPECT_FALSE(again.ok());
  EXPECT_NE(again.message().find("checkpoint-1"), std::string::npos) << again;
}

}  // namespace
}  // namespace sabot::state
