#include <gtest/gtest.h>

#include <thread>

#include "sabot/runtime/KeyGroups.h"
#include "sabot/state/KeyedStateSnapshot.h"
#include "sabot/state/ListState.h"
#include "sabot/state/MapState.h"
#include "sabot/state/ValueState.h"
#include "sabot/state/tests/StateTestSupport.h"

namespace sabot::state {
namespace {

using testing::configFor;
using testing::setKey;
using testing::TempDirectory;

constexpr int64_t kNumKeys = 3000;

/// The states every snapshot test writes and checks.
struct States {
  explicit States(KeyedStateBackend* backend) {
    ValueStateDescriptor<int64_t> valueDescriptor;
    valueDescriptor.name = "value";
    value.emplace(ValueState<int64_t>::make(backend, valueDescriptor).valueOrDie());
    ListStateDescriptor<std::string> listDescriptor;
    listDescriptor.name = "list";
    list.emplace(ListState<std::string>::make(backend, listDescriptor).valueOrDie());
    MapStateDescriptor<int64_t, std::string> mapDescriptor;
    mapDescriptor.name = "map";
    map.emplace(MapState<int64_t, std::string>::make(backend, mapDescriptor).valueOrDie());
  }
  std::optional<ValueState<int64_t>> value;
  std::optional<ListState<std::string>> list;
  std::optional<MapState<int64_t, std::string>> map;
};

/// Writes the key's state (only keys of the backend's key groups).
void writeKey(KeyedStateBackend& backend, States& states, int64_t key) {
  setKey(backend, key);
  states.value->update(key * 2).abortIfNotOk();
  states.list->add("a" + std::to_string(key)).abortIfNotOk();
  states.list->add("b").abortIfNotOk();
  states.map->put(key, "m" + std::to_string(key)).abortIfNotOk();
  states.map->put(-key - 1, "n").abortIfNotOk();
  backend.setCurrentNamespace("window");
  states.value->update(key * 3).abortIfNotOk();
  backend.setCurrentNamespace("");
}

void expectKey(KeyedStateBackend& backend, States& states, int64_t key) {
  setKey(backend, key);
  ASSERT_EQ(states.value->value().valueOrDie(), key * 2) << key;
  ASSERT_EQ(states.list->get().valueOrDie(), (std::vector<std::string>{"a" + std::to_string(key), "b"})) << key;
  ASSERT_EQ(states.map->get(key).valueOrDie(), "m" + std::to_string(key));
  ASSERT_EQ(states.map->get(-key - 1).valueOrDie(), "n");
  ASSERT_EQ(states.map->keys().valueOrDie().size(), 2u);
  backend.setCurrentNamespace("window");
  ASSERT_EQ(states.value->value().valueOrDie(), key * 3);
  backend.setCurrentNamespace("");
}

using Factory = std::unique_ptr<KeyedStateBackend> (*)(const KeyedStateBackendConfig&, const TempDirectory&,
                                                       const std::string&);
struct Pairing {
  const char* name;
  Factory writer;
  Factory reader;
};

class SnapshotTest : public ::testing::TestWithParam<Pairing> {
 protected:
  TempDirectory directory_;
};

TEST_P(SnapshotTest, RoundTripsAcrossBackends) {
  auto source = GetParam().writer(configFor(0, 127), directory_, "source");
  States sourceStates(source.get());
  for (int64_t key = 0; key < kNumKeys; ++key) writeKey(*source, sourceStates, key);
  auto bytes = source->snapshot().valueOrDie()->toBytes().valueOrDie();

  auto target = GetParam().reader(configFor(0, 127), directory_, "target");
  ASSERT_TRUE(target->restore({bytes}).ok());
  States targetStates(target.get());
  for (int64_t key = 0; key < kNumKeys; ++key) expectKey(*target, targetStates, key);
  setKey(*target, kNumKeys + 1);
  EXPECT_EQ(targetStates.value->value().valueOrDie(), std::nullopt);

  // A snapshot of the restored backend is the same bytes: the format does
  // not depend on the backend that wrote it.
  EXPECT_EQ(target->snapshot().valueOrDie()->toBytes().valueOrDie().size(), bytes.size());
}

TEST_P(SnapshotTest, RestoresIntoADifferentParallelism) {
  // Parallelism 2 writes, parallelism 3 restores (each new subtask reads
  // both old snapshots and keeps its own key groups).
  auto two = runtime::KeyGroupAssigner::make(2, 128).valueOrDie();
  auto three = runtime::KeyGroupAssigner::make(3, 128).valueOrDie();
  std::vector<std::string> snapshots;
  for (int32_t subtask = 0; subtask < 2; ++subtask) {
    const auto range = two.rangeForSubtask(subtask);
    auto backend = GetParam().writer(configFor(range.first, range.last), directory_, "old" + std::to_string(subtask));
    States states(backend.get());
    for (int64_t key = 0; key < kNumKeys; ++key) {
      if (range.contains(keyGroupForInt64Key(key, 128))) writeKey(*backend, states, key);
    }
    snapshots.push_back(backend->snapshot().valueOrDie()->toBytes().valueOrDie());
  }
  int64_t restoredKeys = 0;
  for (int32_t subtask = 0; subtask < 3; ++subtask) {
    const auto range = three.rangeForSubtask(subtask);
    auto backend = GetParam().reader(configFor(range.first, range.last), directory_, "new" + std::to_string(subtask));
    ASSERT_TRUE(backend->restore({snapshots[0], snapshots[1]}).ok());
    States states(backend.get());
    for (int64_t key = 0; key < kNumKeys; ++key) {
      if (!range.contains(keyGroupForInt64Key(key, 128))) continue;
      expectKey(*backend, states, key);
      ++restoredKeys;
    }
    // Nothing of other subtasks' key groups came along.
    int64_t stored = 0;
    ASSERT_TRUE(backend->forEachEntry(states.value->id(), 0, 127, [&](const StateEntryView& entry) {
                         EXPECT_TRUE(range.contains(entry.keyGroup));
                         ++stored;
                         return Status::OK();
                       })
                    .ok());
    EXPECT_GT(stored, 0);
  }
  EXPECT_EQ(restoredKeys, kNumKeys);
}

std::unique_ptr<KeyedStateBackend> makeHeap(const KeyedStateBackendConfig& config, const TempDirectory& directory,
                                            const std::string& name) {
  return testing::HeapFactory::make(config, directory, name);
}
std::unique_ptr<KeyedStateBackend> makeRocksDb(const KeyedStateBackendConfig& config, const TempDirectory& directory,
                                               const std::string& name) {
  return testing::RocksDbFactory::make(config, directory, name);
}

INSTANTIATE_TEST_SUITE_P(Backends, SnapshotTest,
                         ::testing::Values(Pairing{"HeapToHeap", makeHeap, makeHeap},
                                           Pairing{"HeapToRocksDb", makeHeap, makeRocksDb},
                                           Pairing{"RocksDbToHeap", makeRocksDb, makeHeap},
                                           Pairing{"RocksDbToRocksDb", makeRocksDb, makeRocksDb}),
                         [](const ::testing::TestParamInfo<Pairing>& info) { return std::string(info.param.name); });

std::string smallSnapshot() {
  auto backend = HeapKeyedStateBackend::make(configFor(0, 127)).valueOrDie();
  States states(backend.get());
  for (int64_t key = 0; key < 50; ++key) writeKey(*backend, states, key);
  return backend->snapshot().valueOrDie()->toBytes().valueOrDie();
}

TEST(SnapshotErrorTest, CorruptedBytesAreCorruptErrors) {
  const std::string good = smallSnapshot();
  auto backend = HeapKeyedStateBackend::make(configFor(0, 127)).valueOrDie();

  std::string flipped = good;
  flipped[flipped.size() / 2] ^= 0x20;
  Status status = backend->restore({flipped});
  EXPECT_TRUE(status.isCorrupt()) << status;
  EXPECT_NE(status.message().find("restoring snapshot 1 of 1: keyed state snapshot: checksum mismatch"),
            std::string::npos)
      << status;

  Status truncated = backend->restore({std::string_view(good).substr(0, good.size() - 100)});
  EXPECT_TRUE(truncated.isCorrupt()) << truncated;
  Status tiny = backend->restore({std::string_view("SBKS")});
  EXPECT_TRUE(tiny.isCorrupt()) << tiny;
  Status notASnapshot = backend->restore({std::string(64, 'x')});
  EXPECT_TRUE(notASnapshot.isCorrupt()) << notASnapshot;
  EXPECT_NE(notASnapshot.message().find("magic"), std::string::npos);

  // Every single-byte corruption is caught (the checksum covers it all).
  for (size_t offset = 0; offset < good.size(); offset += 97) {
    std::string damaged = good;
    damaged[offset] = static_cast<char>(~damaged[offset]);
    auto fresh = HeapKeyedStateBackend::make(configFor(0, 127)).valueOrDie();
    EXPECT_TRUE(fresh->restore({damaged}).isCorrupt()) << offset;
  }
  EXPECT_EQ(backend->numStates(), 0);  // nothing half-restored
}

TEST(SnapshotErrorTest, MismatchesAreClear) {
  const std::string good = smallSnapshot();
  auto otherMax = HeapKeyedStateBackend::make(configFor(0, 63, nullptr, 64)).valueOrDie();
  Status status = otherMax->restore({good});
  EXPECT_TRUE(status.isInvalid()) << status;
  EXPECT_NE(status.message().find("max parallelism 128, this backend 64"), std::string::npos) << status;

  auto typed = HeapKeyedStateBackend::make(configFor(0, 127)).valueOrDie();
  ValueStateDescriptor<std::string> wrong;
  wrong.name = "value";
  ASSERT_TRUE(ValueState<std::string>::make(typed.get(), wrong).ok());
  Status conflict = typed->restore({good});
  EXPECT_TRUE(conflict.isTypeError()) << conflict;
  EXPECT_NE(conflict.message().find("written with value serializer 'int64', but is now read with 'string'"),
            std::string::npos)
      << conflict;
}

TEST(HeapSnapshotTest, SnapshotIsConsistentWhileWritesContinue) {
  auto backend = HeapKeyedStateBackend::make(configFor(0, 127)).valueOrDie();
  States states(backend.get());
  for (int64_t key = 0; key < kNumKeys; ++key) writeKey(*backend, states, key);
  auto snapshot = backend->snapshot().valueOrDie();

  // Serialize on another thread while this one rewrites every key, adds
  // keys and removes some: the snapshot must show the state at snapshot().
  std::string bytes;
  Status serialized;
  std::thread writer([&] { serialized = snapshot->writeTo(&bytes); });
  for (int64_t key = 0; key < kNumKeys; ++key) {
    setKey(*backend, key);
    ASSERT_TRUE(states.value->update(-1).ok());
    ASSERT_TRUE(states.list->add("late").ok());
    ASSERT_TRUE(states.map->remove(key).ok());
    setKey(*backend, key + kNumKeys);
    ASSERT_TRUE(states.value->update(7).ok());
  }
  writer.join();
  ASSERT_TRUE(serialized.ok()) << serialized;
  snapshot.reset();

  auto restored = HeapKeyedStateBackend::make(configFor(0, 127)).valueOrDie();
  ASSERT_TRUE(restored->restore({bytes}).ok());
  States restoredStates(restored.get());
  for (int64_t key = 0; key < kNumKeys; ++key) expectKey(*restored, restoredStates, key);
  setKey(*restored, kNumKeys + 5);
  EXPECT_EQ(restoredStates.value->value().valueOrDie(), std::nullopt);
  // And the live backend has the new values.
  setKey(*backend, 5);
  EXPECT_EQ(states.value->value().valueOrDie(), -1);
}

TEST(RocksDbSnapshotTest, SnapshotIsConsistentWhileWritesContinue) {
  TempDirectory directory;
  auto backend = testing::RocksDbFactory::make(configFor(0, 127), directory, "db");
  States states(backend.get());
  for (int64_t key = 0; key < 500; ++key) writeKey(*backend, states, key);
  auto snapshot = backend->snapshot().valueOrDie();
  std::string bytes;
  Status serialized;
  std::thread writer([&] { serialized = snapshot->writeTo(&bytes); });
  for (int64_t key = 0; key < 500; ++key) {
    setKey(*backend, key);
    ASSERT_TRUE(states.value->update(-1).ok());
  }
  writer.join();
  ASSERT_TRUE(serialized.ok()) << serialized;
  snapshot.reset();
  auto restored = HeapKeyedStateBackend::make(configFor(0, 127)).valueOrDie();
  ASSERT_TRUE(restored->restore({bytes}).ok());
  States restoredStates(restored.get());
  for (int64_t key = 0; key < 500; ++key) expectKey(*restored, restoredStates, key);
}

}  // namespace
}  // namespace sabot::state
