#pragma once

#include <cstdint>
#include <vector>

#include "sabot/base/Result.h"
#include "sabot/columnar/Array.h"

namespace sabot::runtime {

/// Keyed state is partitioned the way Flink partitions it: a key's hash picks
/// one of `maxParallelism` key groups, and each subtask owns a contiguous
/// range of key groups. Rescaling moves whole key groups between subtasks, so
/// state can be redistributed without rehashing keys.
///
///   keyGroup(hash) = hash % maxParallelism
///   subtask(keyGroup) = keyGroup * parallelism / maxParallelism
///
/// The hash is compute::hash64 of the key columns (xxh3; stable across runs
/// and machines).
class KeyGroupAssigner {
 public:
  /// The default upper bound on a job's parallelism, as in Flink.
  static constexpr int32_t kDefaultMaxParallelism = 128;

  /// Needs 1 <= parallelism <= maxParallelism <= 32768 (Flink's limit).
  static Result<KeyGroupAssigner> make(int32_t parallelism,
                                       int32_t maxParallelism = kDefaultMaxParallelism);

  int32_t parallelism() const { return parallelism_; }
  int32_t maxParallelism() const { return maxParallelism_; }

  int32_t keyGroupForHash(uint64_t hash) const {
    return static_cast<int32_t>(hash % static_cast<uint64_t>(maxParallelism_));
  }
  int32_t subtaskForKeyGroup(int32_t keyGroup) const {
    return static_cast<int32_t>(static_cast<int64_t>(keyGroup) * parallelism_ / maxParallelism_);
  }
  int32_t subtaskForHash(uint64_t hash) const { return subtaskForKeyGroup(keyGroupForHash(hash)); }

  /// The key groups [first, last] that `subtask` owns (never empty).
  struct KeyGroupRange {
    int32_t first;
    int32_t last;
    bool contains(int32_t keyGroup) const { return keyGroup >= first && keyGroup <= last; }
    int32_t size() const { return last - first + 1; }
  };
  KeyGroupRange rangeForSubtask(int32_t subtask) const;

  /// For each subtask, the rows of `hashes` (a uint64 array from
  /// compute::hash64, no nulls) that go to it, in row order: the selection
  /// vectors a keyBy exchange gathers each outgoing batch with.
  Result<std::vector<std::vector<int64_t>>> partitionRows(const columnar::Array& hashes) const;

 private:
  KeyGroupAssigner(int32_t parallelism, int32_t maxParallelism)
      : parallelism_(parallelism), maxParallelism_(maxParallelism) {}

  int32_t parallelism_;
  int32_t maxParallelism_;
};

}  // namespace sabot::runtime
