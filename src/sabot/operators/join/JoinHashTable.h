#pragma once

#include <cstdint>
#include <vector>

#include "sabot/base/Result.h"
#include "sabot/columnar/MemoryPool.h"
#include "sabot/columnar/RecordBatch.h"
#include "sabot/operators/join/JoinKeys.h"

namespace sabot::operators {

/// The result of probing a JoinHashTable with a batch: pairs of (row of the
/// probe batch, row id in the table), probe rows in ascending order.
struct JoinMatches {
  std::vector<int64_t> probeRows;
  std::vector<uint32_t> buildRows;

  size_t size() const { return probeRows.size(); }
  bool empty() const { return probeRows.empty(); }
  void clear() {
    probeRows.clear();
    buildRows.clear();
  }
};

/// A hash table over the key columns of a growing set of batches of one
/// join side (the build side), probed with whole batches of the other side
/// (the vectorised hash join kernel).
///
/// - Keys are hashed a column at a time with compute::hash64, the hash keyBy
///   partitions by; a row's key is compared column by column only when the
///   hashes are equal.
/// - Rows get ids 0, 1, ... in the order they were appended; the table keeps
///   the batches (shared, never copied) and maps a row id to its batch and
///   row. Rows with a null in any key column get an id but never match.
/// - erase() marks a row dead: probes skip it. Its memory is released when
///   the owner builds a new table from the live rows (compaction), so erasing
///   costs O(1) and the chains stay singly linked.
/// - Chained buckets, indexed by the hash's high bits (keyBy uses the low
///   bits to pick the subtask, so within one subtask they are skewed).
class JoinHashTable {
 public:
  /// A table holding rows of `buildSide`, probed by batches of the other side.
  JoinHashTable(JoinKeys keys, JoinSide buildSide) : keys_(std::move(keys)), buildSide_(buildSide) {}

  /// Adds every row of `batch`, a batch of the build side's schema. At most
  /// 2^32 - 1 rows in one table.
  Status append(columnar::RecordBatchPtr batch, columnar::MemoryPool* pool = columnar::MemoryPool::defaultPool());
  /// Appends to `out` every (probe row, live table row) pair with equal keys.
  Status probe(const columnar::RecordBatch& probe, JoinMatches& out,
               columnar::MemoryPool* pool = columnar::MemoryPool::defaultPool()) const;

  /// Marks row `row` dead: later probes do not return it.
  void erase(uint32_t row) {
    if (live_[row]) {
      live_[row] = 0;
      --numLiveRows_;
    }
  }
  bool isLive(uint32_t row) const { return live_[row] != 0; }

  /// Rows appended so far (live or erased).
  int64_t numRows() const { return static_cast<int64_t>(rowBatch_.size()); }
  int64_t numLiveRows() const { return numLiveRows_; }
  const std::vector<columnar::RecordBatchPtr>& batches() const { return batches_; }
  uint32_t batchOf(uint32_t row) const { return rowBatch_[row]; }
  uint32_t rowInBatch(uint32_t row) const { return rowIndex_[row]; }
  JoinSide buildSide() const { return buildSide_; }
  const JoinKeys& keys() const { return keys_; }

 private:
  static constexpr uint32_t kEnd = 0xFFFFFFFFu;
  size_t bucketOf(uint64_t hash) const { return static_cast<size_t>(hash >> bucketShift_); }
  void rehash(size_t numBuckets);

  JoinKeys keys_;
  JoinSide buildSide_;
  std::vector<columnar::RecordBatchPtr> batches_;
  // Per row id.
  std::vector<uint64_t> hashes_;
  std::vector<uint32_t> next_;      ///< the next row of the same bucket, or kEnd
  std::vector<uint32_t> rowBatch_;  ///< index into batches_
  std::vector<uint32_t> rowIndex_;  ///< row within that batch
  std::vector<uint8_t> live_;       ///< 0 once erased, or for a null key
  // Per bucket: the first row, or kEnd.
  std::vector<uint32_t> heads_;
  int bucketShift_ = 64;
  int64_t numLiveRows_ = 0;
  int64_t numChained_ = 0;
};

}  // namespace sabot::operators
