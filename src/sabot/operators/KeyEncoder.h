#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sabot/base/Result.h"
#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/columnar/RecordBatch.h"

namespace sabot::operators {

/// Turns the key columns of each row into one byte string (a hash map key
/// that owns no batch) and back into columns for output. Keys of a window
/// or join live as these bytes, so state never pins whole input batches.
///
/// Per column: one byte 0 (null) or 1 (valid), then for fixed-width types
/// the value's bytes, for strings and binary a 4-byte length and the bytes.
/// Supported: integers, floats, bool, date32, timestamp, utf8, binary (and
/// their large forms); other key types are rejected at plan time.
class KeyEncoder {
 public:
  static Result<KeyEncoder> make(const columnar::Schema& schema, std::vector<int> keyColumns);

  /// The encoded key of every row, one string per row.
  Result<std::vector<std::string>> encode(const columnar::RecordBatch& batch) const;
  /// The key group of every row, as the runtime's keyBy assigns it
  /// (compute::hash64 of the key columns modulo maxParallelism): keyed state
  /// must file each row's key under this group.
  Result<std::vector<int32_t>> keyGroups(const columnar::RecordBatch& batch, int32_t maxParallelism,
                                         columnar::MemoryPool* pool) const;
  /// Appends the key `encoded` to `builders` (one per key column, from
  /// makeBuilders()).
  Status decode(std::string_view encoded, const std::vector<std::unique_ptr<columnar::ArrayBuilder>>& builders) const;
  Result<std::vector<std::unique_ptr<columnar::ArrayBuilder>>> makeBuilders(columnar::MemoryPool* pool) const;

  const std::vector<int>& keyColumns() const { return keyColumns_; }
  /// The key columns' fields, in key order.
  const std::vector<columnar::FieldPtr>& keyFields() const { return keyFields_; }

 private:
  KeyEncoder(std::vector<int> keyColumns, std::vector<columnar::FieldPtr> keyFields)
      : keyColumns_(std::move(keyColumns)), keyFields_(std::move(keyFields)) {}
  std::vector<int> keyColumns_;
  std::vector<columnar::FieldPtr> keyFields_;
};

}  // namespace sabot::operators
