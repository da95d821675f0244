#include <gtest/gtest.h>

#include <algorithm>

#include "sabot/state/KeyedStateSnapshot.h"
#include "sabot/state/ListState.h"
#include "sabot/state/MapState.h"
#include "sabot/state/ReducingState.h"
#include "sabot/state/ValueState.h"
#include "sabot/state/tests/StateTestSupport.h"

namespace sabot::state {
namespace {

using testing::configFor;
using testing::setKey;
using testing::TempDirectory;

/// TTL semantics per option, on both backends, with a ManualClock.
template <typename Factory>
class TtlTest : public ::testing::Test {
 protected:
  void SetUp() override { backend_ = Factory::make(configFor(0, 127, &clock_), directory_, "db"); }

  /// Raw entries stored for a state (TTL not applied).
  int64_t storedEntries(StateId id) {
    int64_t count = 0;
    backend_->forEachEntry(id, 0, 127, [&](const StateEntryView&) {
                ++count;
                return Status::OK();
              })
        .abortIfNotOk();
    return count;
  }

  TempDirectory directory_;
  ManualClock clock_{10'000};
  std::unique_ptr<KeyedStateBackend> backend_;
};

using Backends = ::testing::Types<testing::HeapFactory, testing::RocksDbFactory>;
class BackendNames {
 public:
  template <typename T>
  static std::string GetName(int) {
    return T::kName;
  }
};
TYPED_TEST_SUITE(TtlTest, Backends, BackendNames);

TYPED_TEST(TtlTest, NeverReturnExpiredOnCreateAndWrite) {
  ValueStateDescriptor<int64_t> descriptor;
  descriptor.name = "v";
  descriptor.ttl = StateTtlConfig::of(100);
  auto state = ValueState<int64_t>::make(this->backend_.get(), descriptor).valueOrDie();
  setKey(*this->backend_, 1);
  ASSERT_TRUE(state.update(5).ok());
  this->clock_.advanceMillis(99);
  EXPECT_EQ(state.value().valueOrDie(), 5);  // reads do not restart the timer
  this->clock_.advanceMillis(1);              // written at 10000, expires at 10100
  EXPECT_EQ(this->storedEntries(state.id()), 1);
  EXPECT_EQ(state.value().valueOrDie(), std::nullopt);
  EXPECT_EQ(this->storedEntries(state.id()), 0);  // cleaned up on read

  ASSERT_TRUE(state.update(6).ok());
  this->clock_.advanceMillis(60);
  ASSERT_TRUE(state.update(7).ok());  // a write restarts the timer
  this->clock_.advanceMillis(60);
  EXPECT_EQ(state.value().valueOrDie(), 7);
}

TYPED_TEST(TtlTest, OnReadAndWriteRestartsTheTimerOnRead) {
  ValueStateDescriptor<int64_t> descriptor;
  descriptor.name = "v";
  descriptor.ttl = StateTtlConfig::of(100);
  descriptor.ttl.updateType = TtlUpdateType::kOnReadAndWrite;
  auto state = ValueState<int64_t>::make(this->backend_.get(), descriptor).valueOrDie();
  setKey(*this->backend_, 1);
  ASSERT_TRUE(state.update(5).ok());
  for (int i = 0; i < 5; ++i) {
    this->clock_.advanceMillis(90);
    EXPECT_EQ(state.value().valueOrDie(), 5) << i;
  }
  this->clock_.advanceMillis(100);
  EXPECT_EQ(state.value().valueOrDie(), std::nullopt);
}

TYPED_TEST(TtlTest, ReturnExpiredIfNotCleanedUp) {
  ValueStateDescriptor<int64_t> descriptor;
  descriptor.name = "v";
  descriptor.ttl = StateTtlConfig::of(100);
  descriptor.ttl.visibility = TtlStateVisibility::kReturnExpiredIfNotCleanedUp;
  descriptor.ttl.cleanupOnRead = false;
  auto state = ValueState<int64_t>::make(this->backend_.get(), descriptor).valueOrDie();
  setKey(*this->backend_, 1);
  ASSERT_TRUE(state.update(5).ok());
  this->clock_.advanceMillis(500);
  EXPECT_EQ(state.value().valueOrDie(), 5);  // expired but still stored
  EXPECT_EQ(state.value().valueOrDie(), 5);

  // With cleanup on read the expired value is returned once, then gone.
  ValueStateDescriptor<int64_t> cleaning = descriptor;
  cleaning.name = "cleaning";
  cleaning.ttl.cleanupOnRead = true;
  auto cleaned = ValueState<int64_t>::make(this->backend_.get(), cleaning).valueOrDie();
  ASSERT_TRUE(cleaned.update(8).ok());
  this->clock_.advanceMillis(500);
  EXPECT_EQ(cleaned.value().valueOrDie(), 8);
  EXPECT_EQ(cleaned.value().valueOrDie(), std::nullopt);
}

TYPED_TEST(TtlTest, ListElementsExpireOneByOne) {
  ListStateDescriptor<int64_t> descriptor;
  descriptor.name = "list";
  descriptor.ttl = StateTtlConfig::of(100);
  auto list = ListState<int64_t>::make(this->backend_.get(), descriptor).valueOrDie();
  setKey(*this->backend_, 1);
  ASSERT_TRUE(list.add(1).ok());  // t = 10000
  this->clock_.advanceMillis(50);
  ASSERT_TRUE(list.addAll({2, 3}).ok());  // t = 10050
  this->clock_.advanceMillis(50);         // t = 10100: element 1 expired
  EXPECT_EQ(list.get().valueOrDie(), (std::vector<int64_t>{2, 3}));
  this->clock_.advanceMillis(50);
  EXPECT_TRUE(list.get().valueOrDie().empty());
  EXPECT_EQ(this->storedEntries(list.id()), 0);
}

TYPED_TEST(TtlTest, MapEntriesExpireOneByOne) {
  MapStateDescriptor<std::string, int64_t> descriptor;
  descriptor.name = "map";
  descriptor.ttl = StateTtlConfig::of(100);
  auto map = MapState<std::string, int64_t>::make(this->backend_.get(), descriptor).valueOrDie();
  setKey(*this->backend_, 1);
  ASSERT_TRUE(map.put("old", 1).ok());
  this->clock_.advanceMillis(60);
  ASSERT_TRUE(map.put("new", 2).ok());
  this->clock_.advanceMillis(60);
  EXPECT_EQ(map.get("old").valueOrDie(), std::nullopt);
  EXPECT_EQ(map.get("new").valueOrDie(), 2);
  EXPECT_FALSE(map.contains("old").valueOrDie());
  EXPECT_EQ(map.keys().valueOrDie(), (std::vector<std::string>{"new"}));
  this->clock_.advanceMillis(60);
  EXPECT_TRUE(map.isEmpty().valueOrDie());
  EXPECT_TRUE(map.entries().valueOrDie().empty());
  EXPECT_EQ(this->storedEntries(map.id()), 0);  // iteration cleaned them up
}

TYPED_TEST(TtlTest, ReducingStateRestartsAfterExpiry) {
  ReducingStateDescriptor<int64_t> descriptor;
  descriptor.name = "sum";
  descriptor.reduce = [](const int64_t& a, const int64_t& b) { return a + b; };
  descriptor.ttl = StateTtlConfig::of(100);
  auto sum = ReducingState<int64_t>::make(this->backend_.get(), descriptor).valueOrDie();
  setKey(*this->backend_, 1);
  ASSERT_TRUE(sum.add(1).ok());
  ASSERT_TRUE(sum.add(2).ok());
  this->clock_.advanceMillis(200);
  ASSERT_TRUE(sum.add(10).ok());
  EXPECT_EQ(sum.get().valueOrDie(), 10);
}

TYPED_TEST(TtlTest, FullSnapshotsLeaveExpiredEntriesOut) {
  ValueStateDescriptor<int64_t> descriptor;
  descriptor.name = "v";
  descriptor.ttl = StateTtlConfig::of(100);
  descriptor.ttl.cleanupInFullSnapshot = true;
  auto state = ValueState<int64_t>::make(this->backend_.get(), descriptor).valueOrDie();
  ListStateDescriptor<int64_t> listDescriptor;
  listDescriptor.name = "l";
  listDescriptor.ttl = descriptor.ttl;
  auto list = ListState<int64_t>::make(this->backend_.get(), listDescriptor).valueOrDie();
  for (int64_t key = 0; key < 10; ++key) {
    setKey(*this->backend_, key);
    ASSERT_TRUE(state.update(key).ok());
    ASSERT_TRUE(list.add(key).ok());
  }
  this->clock_.advanceMillis(60);
  for (int64_t key = 0; key < 10; key += 2) {
    setKey(*this->backend_, key);
    ASSERT_TRUE(state.update(key * 10).ok());
    ASSERT_TRUE(list.add(key * 10).ok());
  }
  this->clock_.advanceMillis(60);  // the first writes expired
  auto bytes = this->backend_->snapshot().valueOrDie()->toBytes().valueOrDie();

  auto restored = testing::HeapFactory::make(configFor(0, 127, &this->clock_), this->directory_, "restored");
  ASSERT_TRUE(restored->restore({bytes}).ok());
  const StateId id = restored->findState("v").valueOrDie();
  const StateId listId = restored->findState("l").valueOrDie();
  EXPECT_EQ(static_cast<HeapKeyedStateBackend*>(restored.get())->numStoredEntries(id), 5);
  auto restoredList = ListState<int64_t>::make(restored.get(), listDescriptor).valueOrDie();
  setKey(*restored, 4);
  EXPECT_EQ(restoredList.get().valueOrDie(), (std::vector<int64_t>{40}));  // element 4 dropped
  EXPECT_EQ(static_cast<HeapKeyedStateBackend*>(restored.get())->numStoredEntries(listId), 5);
}

TEST(HeapTtlTest, IncrementalCleanupRemovesUntouchedExpiredEntries) {
  ManualClock clock(0);
  auto backend = HeapKeyedStateBackend::make(configFor(0, 127, &clock)).valueOrDie();
  ValueStateDescriptor<int64_t> descriptor;
  descriptor.name = "v";
  descriptor.ttl = StateTtlConfig::of(100);
  descriptor.ttl.incrementalCleanupSize = 50;
  auto state = ValueState<int64_t>::make(backend.get(), descriptor).valueOrDie();
  for (int64_t key = 0; key < 1000; ++key) {
    setKey(*backend, key);
    ASSERT_TRUE(state.update(key).ok());
  }
  EXPECT_EQ(backend->numStoredEntries(state.id()), 1000);
  clock.advanceMillis(100);
  // Touch a single fresh key over and over: the cleanup walks the rest.
  setKey(*backend, 5000);
  for (int i = 0; i < 200; ++i) ASSERT_TRUE(state.update(i).ok());
  EXPECT_EQ(backend->numStoredEntries(state.id()), 1);
  EXPECT_EQ(state.value().valueOrDie(), 199);
}

TEST(HeapTtlTest, IncrementalCleanupOfListsAndMaps) {
  ManualClock clock(0);
  auto backend = HeapKeyedStateBackend::make(configFor(0, 127, &clock)).valueOrDie();
  StateTtlConfig ttl = StateTtlConfig::of(100);
  ttl.incrementalCleanupSize = 1000;
  ListStateDescriptor<int64_t> listDescriptor;
  listDescriptor.name = "l";
  listDescriptor.ttl = ttl;
  auto list = ListState<int64_t>::make(backend.get(), listDescriptor).valueOrDie();
  MapStateDescriptor<int64_t, int64_t> mapDescriptor;
  mapDescriptor.name = "m";
  mapDescriptor.ttl = ttl;
  auto map = MapState<int64_t, int64_t>::make(backend.get(), mapDescriptor).valueOrDie();
  for (int64_t key = 0; key < 20; ++key) {
    setKey(*backend, key);
    ASSERT_TRUE(list.add(1).ok());
    ASSERT_TRUE(map.put(1, 1).ok());
  }
  clock.advanceMillis(50);
  setKey(*backend, 3);
  ASSERT_TRUE(list.add(2).ok());
  ASSERT_TRUE(map.put(2, 2).ok());
  clock.advanceMillis(50);  // everything but key 3's second element/entry expired
  setKey(*backend, 999);
  for (int i = 0; i < 300; ++i) {
    ASSERT_TRUE(list.clear().ok());
    ASSERT_TRUE(map.clear().ok());
  }
  EXPECT_EQ(backend->numStoredEntries(list.id()), 1);
  EXPECT_EQ(backend->numStoredEntries(map.id()), 1);
  setKey(*backend, 3);
  EXPECT_EQ(list.get().valueOrDie(), (std::vector<int64_t>{2}));
}

TEST(RocksDbTtlTest, CompactionFilterDropsExpiredEntriesAndListElements) {
  TempDirectory directory;
  ManualClock clock(0);
  auto backend = testing::RocksDbFactory::make(configFor(0, 127, &clock), directory, "db");
  auto* rocks = static_cast<RocksDbKeyedStateBackend*>(backend.get());
  StateTtlConfig ttl = StateTtlConfig::of(100);
  ttl.cleanupOnRead = false;
  ttl.visibility = TtlStateVisibility::kReturnExpiredIfNotCleanedUp;
  ValueStateDescriptor<int64_t> valueDescriptor;
  valueDescriptor.name = "v";
  valueDescriptor.ttl = ttl;
  auto value = ValueState<int64_t>::make(backend.get(), valueDescriptor).valueOrDie();
  ListStateDescriptor<int64_t> listDescriptor;
  listDescriptor.name = "l";
  listDescriptor.ttl = ttl;
  auto list = ListState<int64_t>::make(backend.get(), listDescriptor).valueOrDie();
  MapStateDescriptor<int64_t, int64_t> mapDescriptor;
  mapDescriptor.name = "m";
  mapDescriptor.ttl = ttl;
  auto map = MapState<int64_t, int64_t>::make(backend.get(), mapDescriptor).valueOrDie();

  for (int64_t key = 0; key < 100; ++key) {
    setKey(*backend, key);
    ASSERT_TRUE(value.update(key).ok());
    ASSERT_TRUE(list.update({key}).ok());
    ASSERT_TRUE(map.put(key, key).ok());
  }
  clock.advanceMillis(60);
  for (int64_t key = 0; key < 100; key += 4) {
    setKey(*backend, key);
    ASSERT_TRUE(value.update(key).ok());
    ASSERT_TRUE(list.update({key, key + 1}).ok());
    ASSERT_TRUE(list.add(key + 2).ok());  // a merge operand
    ASSERT_TRUE(map.put(key + 1000, key).ok());
  }
  clock.advanceMillis(60);  // the first writes expired; nothing read them
  auto count = [&](StateId id) {
    int64_t entries = 0;
    backend->forEachEntry(id, 0, 127, [&](const StateEntryView&) {
              ++entries;
              return Status::OK();
            })
        .abortIfNotOk();
    return entries;
  };
  EXPECT_EQ(count(value.id()), 100);
  EXPECT_EQ(count(map.id()), 125);
  // The first compaction merges the list's operands into values; the second
  // one filters them too.
  for (int round = 0; round < 2; ++round) {
    ASSERT_TRUE(rocks->compact(value.id()).ok());
    ASSERT_TRUE(rocks->compact(list.id()).ok());
    ASSERT_TRUE(rocks->compact(map.id()).ok());
  }
  EXPECT_EQ(count(value.id()), 25);
  EXPECT_EQ(count(list.id()), 25);
  EXPECT_EQ(count(map.id()), 25);
  setKey(*backend, 8);
  EXPECT_EQ(list.get().valueOrDie(), (std::vector<int64_t>{8, 9, 10}));
  setKey(*backend, 1);
  EXPECT_EQ(value.value().valueOrDie(), std::nullopt);  // gone, not just hidden
}

TEST(TtlConfigTest, RejectsBadOptions) {
  EXPECT_TRUE(StateTtlConfig::of(-1).validate().isInvalid());
  StateTtlConfig config = StateTtlConfig::of(10);
  config.incrementalCleanupSize = -3;
  EXPECT_TRUE(config.validate().isInvalid());
}

}  // namespace
}  // namespace sabot::state
