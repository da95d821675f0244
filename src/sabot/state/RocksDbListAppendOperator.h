#pragma once

#include <string>

#include <rocksdb/merge_operator.h>

namespace sabot::state {

/// The merge operator of list-state column families: a list cell is its
/// length-prefixed elements one after another, so appending is concatenating
/// bytes. ListState::add() becomes a RocksDB Merge — no read, O(1).
class RocksDbListAppendOperator final : public rocksdb::AssociativeMergeOperator {
 public:
  bool Merge(const rocksdb::Slice& key, const rocksdb::Slice* existingValue, const rocksdb::Slice& value,
             std::string* newValue, rocksdb::Logger* logger) const override;
  const char* Name() const override { return "SabotListAppend"; }
};

}  // namespace sabot::state
