#pragma once

#include <vector>

#include "sabot/base/Result.h"
#include "sabot/compute/Scalar.h"

namespace sabot::compute {

enum class SortOrder : uint8_t { kAscending, kDescending };
enum class NullPlacement : uint8_t { kAtEnd, kAtStart };

/// One column of a multi-column sort.
struct SortKey {
  Array column;
  SortOrder order = SortOrder::kAscending;
  NullPlacement nulls = NullPlacement::kAtEnd;
};

/// The permutation that sorts `array`: a uint64 array of row numbers such
/// that take(array, result) is sorted. The sort is stable (equal values keep
/// their input order, in both directions). Nulls go to the end or the start
/// whatever the order. Floats order NaN after every number (before them when
/// descending) and -0.0 equal to 0.0. Strings and binary order bytewise,
/// bools false < true, decimals by value, dictionaries by their values.
/// Nested types are a TypeError.
Result<Array> sortIndices(const Array& array, SortOrder order = SortOrder::kAscending,
                          NullPlacement nulls = NullPlacement::kAtEnd,
                          MemoryPool* pool = MemoryPool::defaultPool());

/// Lexicographic stable sort by several equally long columns: ties on the
/// first key are broken by the second, and so on.
Result<Array> sortIndices(const std::vector<SortKey>& keys, MemoryPool* pool = MemoryPool::defaultPool());

}  // namespace sabot::compute
