#include "sabot/runtime/KeyGroups.h"

#include <gtest/gtest.h>

#include <set>

#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/compute/Hash.h"

namespace sabot::runtime {
namespace {

using columnar::int64;
using columnar::makeArray;

TEST(KeyGroupsTest, RangesPartitionTheKeyGroupsForEveryParallelism) {
  for (int32_t maxParallelism : {1, 7, 128, 1000}) {
    for (int32_t parallelism : {1, 2, 3, 7, 8, 64, 128}) {
      if (parallelism > maxParallelism) continue;
      auto assigner = KeyGroupAssigner::make(parallelism, maxParallelism).valueOrDie();
      int32_t next = 0;
      for (int32_t subtask = 0; subtask < parallelism; ++subtask) {
        const auto range = assigner.rangeForSubtask(subtask);
        ASSERT_EQ(range.first, next) << "p=" << parallelism << " m=" << maxParallelism;
        ASSERT_GE(range.size(), 1);
        // Every key group of the range maps back to this subtask, and only it.
        for (int32_t group = range.first; group <= range.last; ++group) {
          ASSERT_EQ(assigner.subtaskForKeyGroup(group), subtask)
              << "group " << group << " p=" << parallelism << " m=" << maxParallelism;
        }
        next = range.last + 1;
      }
      EXPECT_EQ(next, maxParallelism);
    }
  }
}

TEST(KeyGroupsTest, RangesAreBalanced) {
  auto assigner = KeyGroupAssigner::make(3, 128).valueOrDie();
  std::multiset<int32_t> sizes;
  for (int32_t subtask = 0; subtask < 3; ++subtask) sizes.insert(assigner.rangeForSubtask(subtask).size());
  EXPECT_EQ(sizes, (std::multiset<int32_t>{42, 43, 43}));
}

TEST(KeyGroupsTest, EveryRowGoesToTheSubtaskOwningItsKeyGroup) {
  std::vector<std::optional<int64_t>> keys;
  for (int64_t key = 0; key < 5000; ++key) keys.push_back(key * 7919 % 1013);
  auto hashes = compute::hash64(makeArray<int64_t>(int64(), keys)).valueOrDie();
  for (int32_t parallelism : {1, 2, 5, 8}) {
    auto assigner = KeyGroupAssigner::make(parallelism).valueOrDie();
    auto rows = assigner.partitionRows(hashes).valueOrDie();
    ASSERT_EQ(static_cast<int32_t>(rows.size()), parallelism);
    int64_t total = 0;
    std::map<int64_t, int32_t> subtaskOfKey;
    for (int32_t subtask = 0; subtask < parallelism; ++subtask) {
      const auto range = assigner.rangeForSubtask(subtask);
      for (int64_t row : rows[static_cast<size_t>(subtask)]) {
        const uint64_t hash = hashes.value<uint64_t>(row);
        // Recomputed independently of the assigner.
        EXPECT_TRUE(range.contains(static_cast<int32_t>(hash % 128)));
        auto [entry, inserted] = subtaskOfKey.emplace(*keys[static_cast<size_t>(row)], subtask);
        EXPECT_EQ(entry->second, subtask) << "key " << entry->first << " went to two subtasks";
        ++total;
      }
      // Row order is kept within a subtask.
      EXPECT_TRUE(std::is_sorted(rows[static_cast<size_t>(subtask)].begin(),
                                 rows[static_cast<size_t>(subtask)].end()));
    }
    EXPECT_EQ(total, 5000);
    if (parallelism > 1) {
      // 1013 distinct keys spread over the subtasks: none is empty.
      for (const auto& subtaskRows : rows) EXPECT_FALSE(subtaskRows.empty());
    }
  }
}

TEST(KeyGroupsTest, BadArgumentsAreErrors) {
  EXPECT_EQ(KeyGroupAssigner::make(0).status().message(),
            "parallelism must be between 1 and the max parallelism 128, got 0");
  EXPECT_TRUE(KeyGroupAssigner::make(200, 128).status().isInvalid());
  EXPECT_TRUE(KeyGroupAssigner::make(1, 40000).status().isInvalid());
  auto assigner = KeyGroupAssigner::make(2).valueOrDie();
  EXPECT_TRUE(assigner.partitionRows(makeArray<int64_t>(int64(), {1})).status().isTypeError());
}

}  // namespace
}  // namespace sabot::runtime
