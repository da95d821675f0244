#include "sabot/operators/join/JoinHashTable.h"

#include "sabot/compute/Hash.h"

namespace sabot::operators {

using columnar::Array;
using columnar::RecordBatch;

namespace {

std::vector<Array> keyColumnsOf(const RecordBatch& batch, const std::vector<int>& columns) {
  std::vector<Array> keys;
  keys.reserve(columns.size());
  for (int column : columns) keys.push_back(batch.column(column));
  return keys;
}

/// Checks that `batch` has the key columns `keys` expects on `side`.
Status checkKeyColumns(const RecordBatch& batch, const JoinKeys& keys, JoinSide side, const char* role) {
  const std::vector<int>& columns = keys.columns(side);
  for (size_t k = 0; k < columns.size(); ++k) {
    if (columns[k] >= batch.numColumns() || batch.schema()->field(columns[k])->name() != keys.names(side)[k]) {
      return Status::invalid("the {} batch ({}) has no {} join key column '{}' at position {}", role,
                             batch.schema()->toString(), sideName(side), keys.names(side)[k], columns[k]);
    }
  }
  return Status::OK();
}

/// Whether row `row` has a null in any of `keys`.
bool anyNull(const std::vector<Array>& keys, int64_t row) {
  for (const Array& key : keys) {
    if (key.nullCount() != 0 && key.isNull(row)) return true;
  }
  return false;
}

bool anyNulls(const std::vector<Array>& keys) {
  for (const Array& key : keys) {
    if (key.nullCount() != 0) return true;
  }
  return false;
}

}  // namespace

Status JoinHashTable::append(columnar::RecordBatchPtr batch, columnar::MemoryPool* pool) {
  SABOT_RETURN_NOT_OK(checkKeyColumns(*batch, keys_, buildSide_, "build"));
  const int64_t numRows = batch->numRows();
  const int64_t first = this->numRows();
  if (first + numRows >= static_cast<int64_t>(kEnd)) {
    return Status::invalid("a join hash table holds at most {} rows; {} more do not fit", kEnd - 1, numRows);
  }
  if (numRows == 0) return Status::OK();
  const std::vector<Array> keys = keyColumnsOf(*batch, keys_.columns(buildSide_));
  SABOT_ASSIGN_OR_RAISE(Array hashArray, compute::hash64(keys, pool));
  const uint64_t* hashes = hashArray.values<uint64_t>();
  const auto batchIndex = static_cast<uint32_t>(batches_.size());
  batches_.push_back(std::move(batch));

  const auto total = static_cast<size_t>(first + numRows);
  hashes_.insert(hashes_.end(), hashes, hashes + numRows);
  next_.resize(total, kEnd);
  rowBatch_.resize(total, batchIndex);
  rowIndex_.reserve(total);
  for (int64_t row = 0; row < numRows; ++row) rowIndex_.push_back(static_cast<uint32_t>(row));
  live_.resize(total, 1);
  const bool nulls = anyNulls(keys);
  for (int64_t row = 0; row < numRows; ++row) {
    if (nulls && anyNull(keys, row)) live_[static_cast<size_t>(first + row)] = 0;
  }

  int64_t added = 0;
  for (int64_t row = 0; row < numRows; ++row) added += live_[static_cast<size_t>(first + row)];
  numLiveRows_ += added;
  if (static_cast<size_t>(numChained_ + added) > heads_.size()) {
    // Load factor at most 1: grow to the next power of two (at least 1024)
    // and chain every row again.
    size_t buckets = std::max<size_t>(heads_.size(), 1024);
    while (buckets < static_cast<size_t>(numChained_ + added)) buckets *= 2;
    if (buckets != heads_.size()) {
      rehash(buckets);  // chains the new rows too
      return Status::OK();
    }
  }
  for (size_t id = static_cast<size_t>(first); id < total; ++id) {
    if (!live_[id]) continue;
    const size_t bucket = bucketOf(hashes_[id]);
    next_[id] = heads_[bucket];
    heads_[bucket] = static_cast<uint32_t>(id);
    ++numChained_;
  }
  return Status::OK();
}

void JoinHashTable::rehash(size_t numBuckets) {
  int bits = 0;
  while ((size_t{1} << bits) < numBuckets) ++bits;
  bucketShift_ = 64 - bits;
  heads_.assign(numBuckets, kEnd);
  numChained_ = 0;
  // Dead rows are left out: they can never match again.
  for (size_t id = 0; id < hashes_.size(); ++id) {
    if (!live_[id]) continue;
    const size_t bucket = bucketOf(hashes_[id]);
    next_[id] = heads_[bucket];
    heads_[bucket] = static_cast<uint32_t>(id);
    ++numChained_;
  }
}

Status JoinHashTable::probe(const RecordBatch& probe, JoinMatches& out, columnar::MemoryPool* pool) const {
  const JoinSide probeSide = otherSide(buildSide_);
  SABOT_RETURN_NOT_OK(checkKeyColumns(probe, keys_, probeSide, "probe"));
  if (numLiveRows_ == 0 || probe.numRows() == 0) return Status::OK();
  const std::vector<Array> probeKeys = keyColumnsOf(probe, keys_.columns(probeSide));
  SABOT_ASSIGN_OR_RAISE(Array hashArray, compute::hash64(probeKeys, pool));
  const uint64_t* hashes = hashArray.values<uint64_t>();
  const bool nulls = anyNulls(probeKeys);
  const std::vector<int>& buildColumns = keys_.columns(buildSide_);
  const size_t numKeys = keys_.size();
  for (int64_t row = 0; row < probe.numRows(); ++row) {
    if (nulls && anyNull(probeKeys, row)) continue;
    const uint64_t hash = hashes[row];
    for (uint32_t id = heads_[bucketOf(hash)]; id != kEnd; id = next_[id]) {
      if (hashes_[id] != hash || !live_[id]) continue;
      const RecordBatch& build = *batches_[rowBatch_[id]];
      const int64_t buildRow = rowIndex_[id];
      bool equal = true;
      for (size_t k = 0; k < numKeys && equal; ++k) {
        equal = keys_.equal(k, probeKeys[k], row, build.column(buildColumns[k]), buildRow);
      }
      if (!equal) continue;
      out.probeRows.push_back(row);
      out.buildRows.push_back(id);
    }
  }
  return Status::OK();
}

}  // namespace sabot::operators
