// Timers in the keyed state backends: order, deduplication, deletion,
// changes made while firing, snapshots and rescaling, many timers. The same
// suite runs on the heap and the RocksDB backend; fired sequences are
// compared with a plain sorted list of what was registered.

#include <algorithm>
#include <random>
#include <set>
#include <tuple>

#include "sabot/state/KeyedStateSnapshot.h"
#include "sabot/state/TimerService.h"
#include "sabot/state/tests/StateTestSupport.h"

namespace sabot::state {
namespace {

using testing::TempDirectory;

struct Fired {
  int64_t timestamp;
  int64_t key;
  std::string ns;
  auto tie() const { return std::tie(timestamp, key, ns); }
  bool operator<(const Fired& other) const { return tie() < other.tie(); }
  bool operator==(const Fired& other) const { return tie() == other.tie(); }
};

int64_t decodeKey(std::string_view bytes) {
  return deserializeExactly(Int64Serializer{}, bytes).valueOrDie();
}

template <typename Factory>
class TimerServiceTest : public ::testing::Test {
 protected:
  std::unique_ptr<KeyedStateBackend> makeBackend(int32_t first = 0, int32_t last = 127) {
    return Factory::make(testing::configFor(first, last), directory_, "backend-" + std::to_string(created_++));
  }

  /// Registers the timer of int64 `key` at `timestamp` in namespace `ns`.
  static void add(TimerService& timers, KeyedStateBackend& backend, TimeDomain domain, int64_t key,
                  int64_t timestamp, const std::string& ns = "") {
    testing::setKey(backend, key);
    backend.setCurrentNamespace(ns);
    ASSERT_TRUE(timers.registerTimer(domain, timestamp).ok());
  }

  static std::vector<Fired> advance(TimerService& timers, TimeDomain domain, int64_t time) {
    std::vector<Fired> fired;
    Status status = timers.advance(domain, time, [&](const TimerView& timer) {
      fired.push_back({timer.timestamp, decodeKey(timer.key), std::string(timer.ns)});
      return Status::OK();
    });
    EXPECT_TRUE(status.ok()) << status;
    return fired;
  }

  TempDirectory directory_;
  int created_ = 0;
};

using Backends = ::testing::Types<testing::HeapFactory, testing::RocksDbFactory>;
TYPED_TEST_SUITE(TimerServiceTest, Backends);

TYPED_TEST(TimerServiceTest, FiresInTimestampOrderWithTheKeyInScope) {
  auto backend = this->makeBackend();
  auto timers = TimerService::make(backend.get()).valueOrDie();
  std::mt19937_64 random(7);
  std::set<Fired> registered;
  for (int i = 0; i < 3000; ++i) {
    const int64_t key = static_cast<int64_t>(random() % 200);
    const int64_t timestamp = static_cast<int64_t>(random() % 5000) - 1000;  // negatives too
    const std::string ns = (random() % 3 == 0) ? "w1" : "";
    this->add(*timers, *backend, TimeDomain::kEventTime, key, timestamp, ns);
    registered.insert({timestamp, key, ns});
  }
  EXPECT_EQ(timers->numTimers(TimeDomain::kEventTime), static_cast<int64_t>(registered.size()));
  EXPECT_EQ(timers->numTimers(TimeDomain::kProcessingTime), 0);
  EXPECT_EQ(timers->earliest(TimeDomain::kEventTime).valueOrDie(), registered.begin()->timestamp);

  std::vector<Fired> all;
  for (int64_t time : {-2000, -500, 0, 1, 2500, 2500, 10000}) {
    std::vector<Fired> fired;
    Status status = timers->advance(TimeDomain::kEventTime, time, [&](const TimerView& timer) {
      // The timer's key and namespace are the backend's current ones.
      EXPECT_EQ(backend->currentKey(), timer.key);
      EXPECT_EQ(backend->currentNamespace(), timer.ns);
      EXPECT_LE(timer.timestamp, time);
      fired.push_back({timer.timestamp, decodeKey(timer.key), std::string(timer.ns)});
      return Status::OK();
    });
    ASSERT_TRUE(status.ok()) << status;
    for (const Fired& timer : fired) {
      if (!all.empty()) EXPECT_LE(all.back().timestamp, timer.timestamp) << "timestamp order";
      all.push_back(timer);
    }
  }
  std::vector<Fired> expected(registered.begin(), registered.end());
  std::sort(all.begin(), all.end());
  EXPECT_EQ(all, expected) << "every timer fired exactly once";
  EXPECT_EQ(timers->numTimers(TimeDomain::kEventTime), 0);
  EXPECT_FALSE(timers->earliest(TimeDomain::kEventTime).valueOrDie().has_value());
}

TYPED_TEST(TimerServiceTest, DeduplicatesDeletesAndKeepsDomainsApart) {
  auto backend = this->makeBackend();
  auto timers = TimerService::make(backend.get()).valueOrDie();
  this->add(*timers, *backend, TimeDomain::kEventTime, 1, 100);
  this->add(*timers, *backend, TimeDomain::kEventTime, 1, 100);  // again: one timer
  this->add(*timers, *backend, TimeDomain::kEventTime, 2, 100);
  this->add(*timers, *backend, TimeDomain::kEventTime, 3, 50);
  this->add(*timers, *backend, TimeDomain::kProcessingTime, 1, 10);
  EXPECT_EQ(timers->numTimers(TimeDomain::kEventTime), 3);
  EXPECT_EQ(timers->numTimers(TimeDomain::kProcessingTime), 1);

  testing::setKey(*backend, 3);
  ASSERT_TRUE(timers->deleteTimer(TimeDomain::kEventTime, 50).ok());
  ASSERT_TRUE(timers->deleteTimer(TimeDomain::kEventTime, 51).ok()) << "deleting a missing timer is fine";
  EXPECT_EQ(timers->earliest(TimeDomain::kEventTime).valueOrDie(), 100) << "the deleted head is not reported";

  EXPECT_TRUE(this->advance(*timers, TimeDomain::kEventTime, 99).empty());
  const auto fired = this->advance(*timers, TimeDomain::kEventTime, 100);
  ASSERT_EQ(fired.size(), 2u);
  EXPECT_EQ((std::set<int64_t>{fired[0].key, fired[1].key}), (std::set<int64_t>{1, 2}));
  // Event time never fired the processing-time timer.
  const auto processing = this->advance(*timers, TimeDomain::kProcessingTime, 1000);
  ASSERT_EQ(processing.size(), 1u);
  EXPECT_EQ(processing[0], (Fired{10, 1, ""}));
}

TYPED_TEST(TimerServiceTest, RegisteringKeepsTheCurrentKeyAndNamespace) {
  auto backend = this->makeBackend();
  auto timers = TimerService::make(backend.get()).valueOrDie();
  testing::setKey(*backend, 42);
  backend->setCurrentNamespace("window");
  const std::string key(backend->currentKey());
  const int32_t group = backend->currentKeyGroup();
  ASSERT_TRUE(timers->registerTimerFor(TimeDomain::kEventTime, 5, testing::int64Key(7),
                                       keyGroupForInt64Key(7, 128), "other").ok());
  EXPECT_EQ(backend->currentKey(), key);
  EXPECT_EQ(backend->currentKeyGroup(), group);
  EXPECT_EQ(backend->currentNamespace(), "window");
  // A key of a group the backend does not own is an error, not a timer.
  auto narrow = this->makeBackend(0, 9);
  auto narrowTimers = TimerService::make(narrow.get()).valueOrDie();
  EXPECT_EQ(narrowTimers->registerTimerFor(TimeDomain::kEventTime, 5, "k", 100, "").code(), StatusCode::kIndexError);
}

TYPED_TEST(TimerServiceTest, CallbacksMayRegisterAndDeleteTimers) {
  auto backend = this->makeBackend();
  auto timers = TimerService::make(backend.get()).valueOrDie();
  for (int64_t key = 0; key < 10; ++key) this->add(*timers, *backend, TimeDomain::kEventTime, key, 10 * key);
  std::vector<Fired> fired;
  Status status = timers->advance(TimeDomain::kEventTime, 100, [&](const TimerView& timer) {
    const int64_t key = decodeKey(timer.key);
    fired.push_back({timer.timestamp, key, ""});
    if (key == 2 && timer.timestamp == 20) {
      // A timer for a time already reached fires in this advance, in order;
      // one past it waits; another key's due timer is deleted before firing.
      SABOT_RETURN_NOT_OK(timers->registerTimer(TimeDomain::kEventTime, 25));
      SABOT_RETURN_NOT_OK(timers->registerTimer(TimeDomain::kEventTime, 500));
      SABOT_RETURN_NOT_OK(timers->deleteTimerFor(TimeDomain::kEventTime, 70, testing::int64Key(7),
                                                 keyGroupForInt64Key(7, 128), ""));
    }
    return Status::OK();
  });
  ASSERT_TRUE(status.ok()) << status;
  std::vector<Fired> expected = {{0, 0, ""},  {10, 1, ""}, {20, 2, ""}, {25, 2, ""}, {30, 3, ""},
                                 {40, 4, ""}, {50, 5, ""}, {60, 6, ""}, {80, 8, ""}, {90, 9, ""}};
  EXPECT_EQ(fired, expected);
  EXPECT_EQ(timers->numTimers(TimeDomain::kEventTime), 1);
  EXPECT_EQ(this->advance(*timers, TimeDomain::kEventTime, 1000), (std::vector<Fired>{{500, 2, ""}}));

  // A failing callback stops the advance; the rest stays registered.
  for (int64_t key = 0; key < 3; ++key) this->add(*timers, *backend, TimeDomain::kEventTime, key, 2000 + key);
  int calls = 0;
  Status failed = timers->advance(TimeDomain::kEventTime, 3000, [&](const TimerView&) {
    return ++calls == 2 ? Status::invalid("boom") : Status::OK();
  });
  EXPECT_EQ(failed.message(), "boom");
  EXPECT_EQ(timers->numTimers(TimeDomain::kEventTime), 1) << "the failed timer was removed before its callback";
  EXPECT_EQ(this->advance(*timers, TimeDomain::kEventTime, 3000), (std::vector<Fired>{{2002, 2, ""}}));
}

TYPED_TEST(TimerServiceTest, TimersTravelInSnapshotsAndSplitByKeyGroup) {
  auto backend = this->makeBackend();
  auto timers = TimerService::make(backend.get()).valueOrDie();
  std::set<Fired> registered;
  for (int64_t key = 0; key < 300; ++key) {
    this->add(*timers, *backend, TimeDomain::kEventTime, key, 1000 - key);
    this->add(*timers, *backend, TimeDomain::kProcessingTime, key, key);
    registered.insert({1000 - key, key, ""});
  }
  const std::string bytes = backend->snapshot().valueOrDie()->toBytes().valueOrDie();
  // Fire half of them after the snapshot: the snapshot still has all.
  EXPECT_FALSE(this->advance(*timers, TimeDomain::kEventTime, 850).empty());

  // Restore into two backends that split the key groups (rescaling 1 -> 2).
  std::set<Fired> restored;
  for (auto [first, last] : {std::pair{0, 63}, std::pair{64, 127}}) {
    auto half = this->makeBackend(first, last);
    auto halfTimers = TimerService::make(half.get()).valueOrDie();
    ASSERT_TRUE(half->restore({bytes}).ok());
    ASSERT_TRUE(halfTimers->reload().ok());
    EXPECT_EQ(halfTimers->numTimers(TimeDomain::kProcessingTime), halfTimers->numTimers(TimeDomain::kEventTime));
    for (const Fired& timer : this->advance(*halfTimers, TimeDomain::kEventTime, 5000)) {
      const int32_t group = keyGroupForInt64Key(timer.key, 128);
      EXPECT_TRUE(group >= first && group <= last) << "key " << timer.key << " in group " << group;
      restored.insert(timer);
    }
  }
  EXPECT_EQ(restored, registered);
}

TYPED_TEST(TimerServiceTest, ManyTimersFireInOrder) {
  auto backend = this->makeBackend();
  auto timers = TimerService::make(backend.get()).valueOrDie();
  constexpr int64_t kTimers = 60'000;
  std::mt19937_64 random(11);
  for (int64_t key = 0; key < kTimers; ++key) {
    this->add(*timers, *backend, TimeDomain::kEventTime, key, static_cast<int64_t>(random() % 1'000'000));
  }
  ASSERT_EQ(timers->numTimers(TimeDomain::kEventTime), kTimers);
  int64_t count = 0;
  int64_t last = std::numeric_limits<int64_t>::min();
  for (int64_t time = 0; time <= 1'000'000; time += 50'000) {
    Status status = timers->advance(TimeDomain::kEventTime, time, [&](const TimerView& timer) {
      EXPECT_GE(timer.timestamp, last);
      last = timer.timestamp;
      ++count;
      return Status::OK();
    });
    ASSERT_TRUE(status.ok()) << status;
  }
  EXPECT_EQ(count, kTimers);
}

TEST(TimerServiceSortedBackendTest, RocksDbKeepsTimersOnDiskNotInAnIndex) {
  // The RocksDB index keeps one head per key group: after a restore the
  // timers are found again from the database alone.
  TempDirectory directory;
  auto backend = testing::RocksDbFactory::make(testing::configFor(0, 127), directory, "db");
  EXPECT_TRUE(backend->keepsEntriesSorted());
  auto timers = TimerService::make(backend.get()).valueOrDie();
  for (int64_t key = 0; key < 1000; ++key) {
    testing::setKey(*backend, key);
    ASSERT_TRUE(timers->registerTimer(TimeDomain::kProcessingTime, 5000 - key).ok());
  }
  // A second service over the same backend sees them all (built from disk).
  auto reopened = TimerService::make(backend.get()).valueOrDie();
  EXPECT_EQ(reopened->numTimers(TimeDomain::kProcessingTime), 1000);
  EXPECT_EQ(reopened->earliest(TimeDomain::kProcessingTime).valueOrDie(), 4001);
  auto heap = testing::HeapFactory::make(testing::configFor(0, 127), directory, "heap");
  EXPECT_FALSE(heap->keepsEntriesSorted());
  auto heapTimers = TimerService::make(heap.get()).valueOrDie();
  EXPECT_EQ(heap->forEachSortedEntry(StateId(0), 0, [](const StateEntryView&, bool*) { return Status::OK(); }).code(),
            StatusCode::kUnsupported);
}

}  // namespace
}  // namespace sabot::state
