#include <gtest/gtest.h>

#include <algorithm>

#include "sabot/state/OperatorState.h"

namespace sabot::state {
namespace {

/// Snapshots of `parallelism` subtasks, subtask i holding list elements
/// i*100 .. i*100+count-1 and the same broadcast map.
std::vector<std::string> oldSnapshots(int32_t parallelism, int64_t count) {
  std::vector<std::string> snapshots;
  for (int32_t subtask = 0; subtask < parallelism; ++subtask) {
    auto store = OperatorStateStore::make(subtask, parallelism).valueOrDie();
    ListStateDescriptor<int64_t> offsets;
    offsets.name = "offsets";
    auto even = OperatorListState<int64_t>::make(&store, offsets).valueOrDie();
    ListStateDescriptor<int64_t> all;
    all.name = "all";
    auto unionState = OperatorListState<int64_t>::make(&store, all, OperatorStateMode::kUnion).valueOrDie();
    MapStateDescriptor<std::string, int64_t> rules;
    rules.name = "rules";
    auto broadcast = BroadcastState<std::string, int64_t>::make(&store, rules).valueOrDie();
    for (int64_t i = 0; i < count; ++i) {
      even.add(subtask * 100 + i);
      unionState.add(subtask * 100 + i);
    }
    broadcast.put("limit", 10);
    broadcast.put("window", 60);
    snapshots.push_back(store.snapshot());
  }
  return snapshots;
}

std::vector<std::string_view> views(const std::vector<std::string>& snapshots) {
  return std::vector<std::string_view>(snapshots.begin(), snapshots.end());
}

TEST(OperatorStateTest, EvenSplitRedistributesAllElementsOnce) {
  const auto snapshots = oldSnapshots(2, 5);  // 10 elements
  std::vector<int64_t> seen;
  std::vector<size_t> sizes;
  for (int32_t subtask = 0; subtask < 3; ++subtask) {
    auto store = OperatorStateStore::restore(views(snapshots), subtask, 3).valueOrDie();
    ListStateDescriptor<int64_t> offsets;
    offsets.name = "offsets";
    auto state = OperatorListState<int64_t>::make(&store, offsets).valueOrDie();
    auto elements = state.get().valueOrDie();
    sizes.push_back(elements.size());
    seen.insert(seen.end(), elements.begin(), elements.end());
  }
  EXPECT_EQ(sizes, (std::vector<size_t>{3, 3, 4}));
  EXPECT_EQ(seen, (std::vector<int64_t>{0, 1, 2, 3, 4, 100, 101, 102, 103, 104}));
}

TEST(OperatorStateTest, UnionGivesEverySubtaskEverything) {
  const auto snapshots = oldSnapshots(3, 2);
  for (int32_t subtask = 0; subtask < 2; ++subtask) {
    auto store = OperatorStateStore::restore(views(snapshots), subtask, 2).valueOrDie();
    ListStateDescriptor<int64_t> all;
    all.name = "all";
    auto state = OperatorListState<int64_t>::make(&store, all, OperatorStateMode::kUnion).valueOrDie();
    EXPECT_EQ(state.get().valueOrDie(), (std::vector<int64_t>{0, 1, 100, 101, 200, 201}));
  }
}

TEST(OperatorStateTest, BroadcastStateIsReplicated) {
  const auto snapshots = oldSnapshots(2, 1);
  for (int32_t subtask = 0; subtask < 4; ++subtask) {
    auto store = OperatorStateStore::restore(views(snapshots), subtask, 4).valueOrDie();
    MapStateDescriptor<std::string, int64_t> rules;
    rules.name = "rules";
    auto broadcast = BroadcastState<std::string, int64_t>::make(&store, rules).valueOrDie();
    EXPECT_EQ(broadcast.get("limit").valueOrDie(), 10);
    EXPECT_TRUE(broadcast.contains("window"));
    EXPECT_FALSE(broadcast.contains("other"));
    EXPECT_EQ(broadcast.entries().valueOrDie(),
              (std::vector<std::pair<std::string, int64_t>>{{"limit", 10}, {"window", 60}}));
    broadcast.remove("limit");
    EXPECT_EQ(broadcast.size(), 1u);
  }
}

TEST(OperatorStateTest, UpdateClearAndMismatches) {
  auto store = OperatorStateStore::make(0, 1).valueOrDie();
  ListStateDescriptor<int64_t> offsets;
  offsets.name = "offsets";
  auto state = OperatorListState<int64_t>::make(&store, offsets).valueOrDie();
  state.addAll({1, 2});
  state.update({7});
  EXPECT_EQ(state.get().valueOrDie(), (std::vector<int64_t>{7}));
  state.clear();
  EXPECT_TRUE(state.get().valueOrDie().empty());

  EXPECT_TRUE(OperatorListState<int64_t>::make(&store, offsets, OperatorStateMode::kUnion).status().isTypeError());
  ListStateDescriptor<std::string> asString;
  asString.name = "offsets";
  EXPECT_TRUE(OperatorListState<std::string>::make(&store, asString).status().isTypeError());
  MapStateDescriptor<std::string, int64_t> asMap;
  asMap.name = "offsets";
  EXPECT_TRUE((BroadcastState<std::string, int64_t>::make(&store, asMap).status().isTypeError()));
  EXPECT_TRUE(OperatorStateStore::make(2, 2).status().isInvalid());
}

TEST(OperatorStateTest, CorruptSnapshotsAreRejected) {
  auto snapshots = oldSnapshots(1, 3);
  std::string damaged = snapshots[0];
  damaged[8] ^= 1;
  auto result = OperatorStateStore::restore({damaged}, 0, 1);
  ASSERT_FALSE(result.ok());
  EXPECT_TRUE(result.status().isCorrupt());
  EXPECT_NE(result.status().message().find("snapshot of old subtask 0: operator state snapshot: checksum mismatch"),
            std::string::npos)
      << result.status();
  EXPECT_TRUE(OperatorStateStore::restore({std::string_view("junk")}, 0, 1).status().isCorrupt());
}

}  // namespace
}  // namespace sabot::state
