#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <thread>

#include "sabot/state/AggregatingState.h"
#include "sabot/state/CompositeSerializers.h"
#include "sabot/state/ListState.h"
#include "sabot/state/MapState.h"
#include "sabot/state/ReducingState.h"
#include "sabot/state/ValueState.h"
#include "sabot/state/tests/StateTestSupport.h"

namespace sabot::state {
namespace {

using testing::configFor;
using testing::int64Key;
using testing::setKey;
using testing::TempDirectory;

/// Every state type against every backend: the same suite, typed by the
/// backend factory.
template <typename Factory>
class KeyedStateTest : public ::testing::Test {
 protected:
  void SetUp() override { backend_ = Factory::make(configFor(0, 127, &clock_), directory_, "db"); }

  TempDirectory directory_;
  ManualClock clock_{1000};
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
TYPED_TEST_SUITE(KeyedStateTest, Backends, BackendNames);

TYPED_TEST(KeyedStateTest, ValueStateIsScopedByKeyAndNamespace) {
  auto& backend = *this->backend_;
  ValueStateDescriptor<int64_t> descriptor;
  descriptor.name = "count";
  auto state = ValueState<int64_t>::make(&backend, descriptor).valueOrDie();

  setKey(backend, 1);
  EXPECT_EQ(state.value().valueOrDie(), std::nullopt);
  ASSERT_TRUE(state.update(10).ok());
  setKey(backend, 2);
  EXPECT_EQ(state.value().valueOrDie(), std::nullopt);
  ASSERT_TRUE(state.update(20).ok());
  backend.setCurrentNamespace("w1");
  EXPECT_EQ(state.value().valueOrDie(), std::nullopt);
  ASSERT_TRUE(state.update(21).ok());
  backend.setCurrentNamespace("");
  EXPECT_EQ(state.value().valueOrDie(), 20);
  setKey(backend, 1);
  EXPECT_EQ(state.value().valueOrDie(), 10);
  ASSERT_TRUE(state.update(11).ok());
  EXPECT_EQ(state.value().valueOrDie(), 11);
  ASSERT_TRUE(state.clear().ok());
  EXPECT_EQ(state.value().valueOrDie(), std::nullopt);
  setKey(backend, 2);
  backend.setCurrentNamespace("w1");
  EXPECT_EQ(state.value().valueOrDie(), 21);
}

TYPED_TEST(KeyedStateTest, ValueStateDefaultAndCompositeValues) {
  auto& backend = *this->backend_;
  ValueStateDescriptor<int64_t> withDefault;
  withDefault.name = "with-default";
  withDefault.defaultValue = -1;
  auto counter = ValueState<int64_t>::make(&backend, withDefault).valueOrDie();
  using Pair = TupleSerializer<StringSerializer, DoubleSerializer>;
  ValueStateDescriptor<Pair::Value, Pair> pairs;
  pairs.name = "pairs";
  auto pairState = ValueState<Pair::Value, Pair>::make(&backend, pairs).valueOrDie();

  setKey(backend, 5);
  EXPECT_EQ(counter.value().valueOrDie(), -1);
  ASSERT_TRUE(pairState.update({"x", 2.5}).ok());
  EXPECT_EQ(pairState.value().valueOrDie(), std::make_tuple(std::string("x"), 2.5));
}

TYPED_TEST(KeyedStateTest, ListStateAppendsUpdatesAndClears) {
  auto& backend = *this->backend_;
  ListStateDescriptor<std::string> descriptor;
  descriptor.name = "events";
  auto list = ListState<std::string>::make(&backend, descriptor).valueOrDie();

  setKey(backend, 7);
  EXPECT_TRUE(list.get().valueOrDie().empty());
  ASSERT_TRUE(list.add("a").ok());
  ASSERT_TRUE(list.add("").ok());
  ASSERT_TRUE(list.addAll({"b", "c"}).ok());
  EXPECT_EQ(list.get().valueOrDie(), (std::vector<std::string>{"a", "", "b", "c"}));
  setKey(backend, 8);
  ASSERT_TRUE(list.add("other").ok());
  setKey(backend, 7);
  ASSERT_TRUE(list.update({"z"}).ok());
  ASSERT_TRUE(list.add("y").ok());
  EXPECT_EQ(list.get().valueOrDie(), (std::vector<std::string>{"z", "y"}));
  ASSERT_TRUE(list.update({}).ok());
  EXPECT_TRUE(list.get().valueOrDie().empty());
  ASSERT_TRUE(list.add("again").ok());
  ASSERT_TRUE(list.clear().ok());
  EXPECT_TRUE(list.get().valueOrDie().empty());
  setKey(backend, 8);
  EXPECT_EQ(list.get().valueOrDie(), (std::vector<std::string>{"other"}));
}

TYPED_TEST(KeyedStateTest, ListStateManyAppends) {
  auto& backend = *this->backend_;
  ListStateDescriptor<int64_t> descriptor;
  descriptor.name = "many";
  auto list = ListState<int64_t>::make(&backend, descriptor).valueOrDie();
  setKey(backend, 1);
  std::vector<int64_t> expected;
  for (int64_t i = 0; i < 2000; ++i) {
    ASSERT_TRUE(list.add(i * 3).ok());
    expected.push_back(i * 3);
  }
  EXPECT_EQ(list.get().valueOrDie(), expected);
}

TYPED_TEST(KeyedStateTest, MapStateOperationsAndIteration) {
  auto& backend = *this->backend_;
  MapStateDescriptor<std::string, int64_t> descriptor;
  descriptor.name = "map";
  auto map = MapState<std::string, int64_t>::make(&backend, descriptor).valueOrDie();

  setKey(backend, 1);
  EXPECT_TRUE(map.isEmpty().valueOrDie());
  ASSERT_TRUE(map.put("a", 1).ok());
  ASSERT_TRUE(map.put("b", 2).ok());
  ASSERT_TRUE(map.putAll({{"c", 3}, {"a", 10}}).ok());
  EXPECT_EQ(map.get("a").valueOrDie(), 10);
  EXPECT_EQ(map.get("missing").valueOrDie(), std::nullopt);
  EXPECT_TRUE(map.contains("b").valueOrDie());
  EXPECT_FALSE(map.contains("d").valueOrDie());
  EXPECT_FALSE(map.isEmpty().valueOrDie());

  // Another key (and a key whose bytes extend key 1's) must not leak in.
  setKey(backend, 2);
  ASSERT_TRUE(map.put("a", 99).ok());
  ASSERT_TRUE(backend.setCurrentKey(int64Key(1) + "x", keyGroupForInt64Key(1, 128)).ok());
  ASSERT_TRUE(map.put("zz", 5).ok());

  setKey(backend, 1);
  auto entries = map.entries().valueOrDie();
  std::sort(entries.begin(), entries.end());
  EXPECT_EQ(entries, (std::vector<std::pair<std::string, int64_t>>{{"a", 10}, {"b", 2}, {"c", 3}}));
  auto keys = map.keys().valueOrDie();
  EXPECT_EQ(std::set<std::string>(keys.begin(), keys.end()), (std::set<std::string>{"a", "b", "c"}));
  auto values = map.values().valueOrDie();
  EXPECT_EQ(std::multiset<int64_t>(values.begin(), values.end()), (std::multiset<int64_t>{10, 2, 3}));

  ASSERT_TRUE(map.remove("b").ok());
  ASSERT_TRUE(map.remove("never").ok());
  EXPECT_EQ(map.keys().valueOrDie().size(), 2u);
  ASSERT_TRUE(map.clear().ok());
  EXPECT_TRUE(map.isEmpty().valueOrDie());
  setKey(backend, 2);
  EXPECT_EQ(map.get("a").valueOrDie(), 99);
}

TYPED_TEST(KeyedStateTest, ReducingAndAggregatingState) {
  auto& backend = *this->backend_;
  ReducingStateDescriptor<int64_t> sumDescriptor;
  sumDescriptor.name = "sum";
  sumDescriptor.reduce = [](const int64_t& a, const int64_t& b) { return a + b; };
  auto sum = ReducingState<int64_t>::make(&backend, sumDescriptor).valueOrDie();

  // Average: accumulator (sum, count), result sum / count.
  using AverageAccumulator = TupleSerializer<DoubleSerializer, Int64Serializer>;
  AggregatingStateDescriptor<double, AverageAccumulator::Value, double, AverageAccumulator> averageDescriptor;
  averageDescriptor.name = "average";
  averageDescriptor.function.createAccumulator = [] { return std::make_tuple(0.0, int64_t{0}); };
  averageDescriptor.function.add = [](const double& value, AverageAccumulator::Value& accumulator) {
    std::get<0>(accumulator) += value;
    std::get<1>(accumulator) += 1;
  };
  averageDescriptor.function.getResult = [](const AverageAccumulator::Value& accumulator) {
    return std::get<0>(accumulator) / static_cast<double>(std::get<1>(accumulator));
  };
  auto average =
      AggregatingState<double, AverageAccumulator::Value, double, AverageAccumulator>::make(&backend,
                                                                                           averageDescriptor)
          .valueOrDie();

  setKey(backend, 3);
  EXPECT_EQ(sum.get().valueOrDie(), std::nullopt);
  EXPECT_EQ(average.get().valueOrDie(), std::nullopt);
  for (int64_t i = 1; i <= 4; ++i) {
    ASSERT_TRUE(sum.add(i).ok());
    ASSERT_TRUE(average.add(static_cast<double>(i)).ok());
  }
  EXPECT_EQ(sum.get().valueOrDie(), 10);
  EXPECT_EQ(average.get().valueOrDie(), 2.5);
  setKey(backend, 4);
  ASSERT_TRUE(sum.add(100).ok());
  EXPECT_EQ(sum.get().valueOrDie(), 100);
  setKey(backend, 3);
  ASSERT_TRUE(sum.clear().ok());
  EXPECT_EQ(sum.get().valueOrDie(), std::nullopt);
  EXPECT_EQ(average.get().valueOrDie(), 2.5);

  ReducingStateDescriptor<int64_t> noFunction;
  noFunction.name = "broken";
  EXPECT_TRUE(ReducingState<int64_t>::make(&backend, noFunction).status().isInvalid());
}

TYPED_TEST(KeyedStateTest, VectorisedGetAndUpdateMatchSingleKeyAccess) {
  auto& backend = *this->backend_;
  ValueStateDescriptor<int64_t> descriptor;
  descriptor.name = "batch";
  descriptor.defaultValue = 0;
  auto state = ValueState<int64_t>::make(&backend, descriptor).valueOrDie();

  std::vector<std::string> keyBytes;
  for (int64_t key = 0; key < 1000; ++key) keyBytes.push_back(int64Key(key));
  std::vector<KeyRef> keys;
  for (int64_t key = 0; key < 1000; ++key) {
    keys.push_back({keyBytes[static_cast<size_t>(key)], keyGroupForInt64Key(key, 128)});
  }
  std::vector<int64_t> values;
  for (int64_t key = 0; key < 1000; ++key) values.push_back(key * key);
  // Half the keys first, so the batch read sees both hits and misses.
  std::vector<KeyRef> evenKeys;
  std::vector<int64_t> evenValues;
  for (size_t i = 0; i < keys.size(); i += 2) {
    evenKeys.push_back(keys[i]);
    evenValues.push_back(values[i]);
  }
  ASSERT_TRUE(state.updateMany(evenKeys, evenValues).ok());
  std::vector<std::optional<int64_t>> read;
  ASSERT_TRUE(state.getMany(keys, &read).ok());
  ASSERT_EQ(read.size(), keys.size());
  for (size_t i = 0; i < keys.size(); ++i) EXPECT_EQ(read[i], i % 2 == 0 ? values[i] : 0) << i;

  ASSERT_TRUE(state.updateMany(keys, values).ok());
  for (int64_t key : {0, 1, 999}) {
    setKey(backend, key);
    EXPECT_EQ(state.value().valueOrDie(), key * key);
  }
  // Batch access uses the current namespace.
  backend.setCurrentNamespace("other");
  ASSERT_TRUE(state.getMany(keys, &read).ok());
  EXPECT_EQ(read[5], 0);

  std::vector<KeyRef> badKeys{{keyBytes[0], 128}};
  EXPECT_TRUE(state.getMany(badKeys, &read).isIndexError());
  EXPECT_TRUE(state.updateMany(keys, {1, 2}).isInvalid());
}

TYPED_TEST(KeyedStateTest, IterationByKeyGroupRange) {
  auto& backend = *this->backend_;
  ValueStateDescriptor<int64_t> descriptor;
  descriptor.name = "iterated";
  auto state = ValueState<int64_t>::make(&backend, descriptor).valueOrDie();
  MapStateDescriptor<int64_t, int64_t> mapDescriptor;
  mapDescriptor.name = "iterated-map";
  auto map = MapState<int64_t, int64_t>::make(&backend, mapDescriptor).valueOrDie();
  std::map<int32_t, std::set<int64_t>> keysByGroup;
  for (int64_t key = 0; key < 500; ++key) {
    setKey(backend, key);
    ASSERT_TRUE(state.update(key).ok());
    ASSERT_TRUE(map.put(key, 1).ok());
    ASSERT_TRUE(map.put(key + 1000, 2).ok());
    keysByGroup[keyGroupForInt64Key(key, 128)].insert(key);
  }
  std::map<int32_t, std::set<int64_t>> seen;
  int32_t lastGroup = -1;
  ASSERT_TRUE(backend.forEachEntry(state.id(), 10, 40, [&](const StateEntryView& entry) {
                       EXPECT_GE(entry.keyGroup, lastGroup);  // ascending key groups
                       lastGroup = entry.keyGroup;
                       const int64_t key = deserializeExactly(Int64Serializer{}, entry.key).valueOrDie();
                       EXPECT_EQ(keyGroupForInt64Key(key, 128), entry.keyGroup);
                       EXPECT_EQ(deserializeExactly(Int64Serializer{}, entry.value).valueOrDie(), key);
                       EXPECT_TRUE(entry.userKey.empty());
                       seen[entry.keyGroup].insert(key);
                       return Status::OK();
                     })
                  .ok());
  std::map<int32_t, std::set<int64_t>> expected;
  for (const auto& [group, keys] : keysByGroup) {
    if (group >= 10 && group <= 40) expected[group] = keys;
  }
  EXPECT_EQ(seen, expected);

  int64_t mapEntries = 0;
  ASSERT_TRUE(backend.forEachEntry(map.id(), 0, 127, [&](const StateEntryView& entry) {
                       EXPECT_EQ(entry.userKey.size(), 8u);
                       ++mapEntries;
                       return Status::OK();
                     })
                  .ok());
  EXPECT_EQ(mapEntries, 1000);
}

TYPED_TEST(KeyedStateTest, QueryableStateReadsFromAnotherThread) {
  auto& backend = *this->backend_;
  ValueStateDescriptor<int64_t> descriptor;
  descriptor.name = "queryable";
  auto state = ValueState<int64_t>::make(&backend, descriptor).valueOrDie();
  setKey(backend, 42);
  ASSERT_TRUE(state.update(1).ok());

  std::atomic<bool> done{false};
  std::atomic<int64_t> lastSeen{0};
  std::atomic<bool> failed{false};
  std::thread reader([&] {
    while (!done.load()) {
      auto value = state.query(int64Key(42), keyGroupForInt64Key(42, 128));
      if (!value.ok() || !value->has_value()) {
        failed = true;
        return;
      }
      // Values only grow: a reader never sees a torn or older-than-seen one.
      if (**value < lastSeen.load()) failed = true;
      lastSeen = **value;
    }
  });
  for (int64_t i = 2; i <= 20000; ++i) {
    ASSERT_TRUE(state.update(i).ok());
    // Other keys' writes rehash the maps under the reader.
    setKey(backend, 1000 + i);
    ASSERT_TRUE(state.update(i).ok());
    setKey(backend, 42);
  }
  done = true;
  reader.join();
  EXPECT_FALSE(failed.load());
  EXPECT_EQ(state.query(int64Key(42), keyGroupForInt64Key(42, 128)).valueOrDie(), 20000);
  EXPECT_EQ(state.query(int64Key(43), keyGroupForInt64Key(43, 128)).valueOrDie(), std::nullopt);
}

TYPED_TEST(KeyedStateTest, MisuseIsReportedClearly) {
  auto& backend = *this->backend_;
  ValueStateDescriptor<int64_t> descriptor;
  descriptor.name = "typed";
  ASSERT_TRUE(ValueState<int64_t>::make(&backend, descriptor).ok());
  // Same name, other serializer.
  ValueStateDescriptor<std::string> asString;
  asString.name = "typed";
  auto conflict = ValueState<std::string>::make(&backend, asString);
  ASSERT_FALSE(conflict.ok());
  EXPECT_TRUE(conflict.status().isTypeError());
  EXPECT_NE(conflict.status().message().find("state 'typed' was written with value serializer 'int64', but is now "
                                             "read with 'string'"),
            std::string::npos)
      << conflict.status();
  // Same name, other kind.
  ListStateDescriptor<int64_t> asList;
  asList.name = "typed";
  EXPECT_TRUE(ListState<int64_t>::make(&backend, asList).status().isTypeError());

  ValueStateDescriptor<int64_t> unnamed;
  EXPECT_TRUE(ValueState<int64_t>::make(&backend, unnamed).status().isInvalid());

  auto outside = backend.setCurrentKey("k", 128);
  EXPECT_TRUE(outside.isIndexError());
  EXPECT_NE(outside.message().find("key group 128 is not one of this backend's key groups [0, 127]"),
            std::string::npos)
      << outside;
  EXPECT_TRUE(backend.findState("nope").status().isKeyError());
  EXPECT_EQ(backend.findState("typed").valueOrDie(), StateId(0));
}

}  // namespace
}  // namespace sabot::state
