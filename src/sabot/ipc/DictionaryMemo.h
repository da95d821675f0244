#pragma once

// Internal: the readers' current dictionary for each id, updated by
// dictionary batches (replacement or delta).

#include <map>

#include "sabot/base/Result.h"
#include "sabot/columnar/Array.h"

namespace sabot::ipc {

class DictionaryMemo {
 public:
  explicit DictionaryMemo(std::map<int64_t, columnar::DataTypePtr> valueTypes)
      : valueTypes_(std::move(valueTypes)) {}

  /// The value type the schema gives dictionary `id`; Corrupt if no field
  /// uses that id.
  Result<columnar::DataTypePtr> valueType(int64_t id) const;

  /// Applies a dictionary batch. A delta appends to the current values (a
  /// delta with nothing before it starts the dictionary); a non-delta
  /// replaces them, which `allowReplacement` false (file format) refuses.
  Status apply(int64_t id, columnar::ArrayDataPtr values, bool isDelta, bool allowReplacement,
               columnar::MemoryPool* pool);

  /// The current values of `id`; Corrupt if no dictionary batch defined it.
  Result<columnar::ArrayDataPtr> get(int64_t id) const;

 private:
  std::map<int64_t, columnar::DataTypePtr> valueTypes_;
  std::map<int64_t, columnar::ArrayDataPtr> values_;
};

/// The values of `first` followed by those of `second` (same type), in new
/// buffers.
Result<columnar::ArrayDataPtr> concatenateArrays(const columnar::ArrayData& first,
                                                 const columnar::ArrayData& second,
                                                 columnar::MemoryPool* pool);

}  // namespace sabot::ipc
