#pragma once

// Internal: the writers' memory of which dictionary each id has on the
// reading side, deciding per batch between nothing, a delta and a
// replacement dictionary batch.

#include <string>
#include <vector>

#include "sabot/base/Result.h"
#include "sabot/columnar/RecordBatch.h"

namespace sabot::ipc {

/// One dictionary batch to send before a record batch.
struct DictionaryUpdate {
  int64_t id;
  columnar::ArrayDataPtr values;  ///< all values, or only the new ones for a delta
  bool isDelta;
};

class DictionaryTracker {
 public:
  /// Dictionary-encoded fields of `schema` get ids 0, 1, ... in pre-order,
  /// matching writeSchema().
  explicit DictionaryTracker(const columnar::Schema& schema);

  /// The dictionary batches to send before `batch`, in id order:
  /// - the first time an id is seen: its whole dictionary;
  /// - the same dictionary (same memory, or equal values): nothing;
  /// - the previous values followed by new ones: a delta with the new ones
  ///   (if `emitDeltas`; else treated as a change);
  /// - anything else: a replacement if `allowReplacement` (stream format),
  ///   else an Invalid error (file format).
  Result<std::vector<DictionaryUpdate>> update(const columnar::RecordBatch& batch, bool allowReplacement,
                                               bool emitDeltas);

  int numDictionaries() const { return static_cast<int>(paths_.size()); }

 private:
  std::vector<std::string> paths_;            ///< field path of each id, for errors
  std::vector<columnar::ArrayDataPtr> sent_;  ///< what the reader holds for each id
};

/// True if the first `prefix.length` values of `values` equal `prefix` bit
/// for bit (floats are compared by their bytes, so -0 differs from 0).
bool dictionaryHasPrefix(const columnar::ArrayData& values, const columnar::ArrayData& prefix);

}  // namespace sabot::ipc
