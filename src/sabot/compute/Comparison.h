#pragma once

#include <string_view>

#include "sabot/base/Result.h"
#include "sabot/compute/Datum.h"

namespace sabot::compute {

enum class CompareOp : uint8_t { kEqual, kNotEqual, kLess, kLessEqual, kGreater, kGreaterEqual };

/// "equal", "not_equal", "less", "less_equal", "greater", "greater_equal".
std::string_view compareOpName(CompareOp op);
/// The operator with its operands swapped (less <-> greater, ...).
CompareOp flipCompareOp(CompareOp op);

/// Compares row by row into a bool array (bit-packed). Either side may be a
/// Scalar; two arrays must have the same length. If both are scalars the
/// result has one row.
///
/// Types: all numeric types (mixed types are promoted, see TypeRules.h),
/// bool (false < true), date32, timestamps of the same unit, decimal128 of
/// the same scale, utf8/large_utf8 and binary/large_binary (bytewise, which
/// for UTF-8 is code point order), dictionaries (compared on their values; a
/// dictionary against a scalar compares each dictionary entry once). Other
/// combinations are a TypeError "cannot compare X with Y".
///
/// Nulls: a row is null if either input is null there (a null scalar gives an
/// all-null result). Floats follow IEEE 754: NaN is unequal to everything,
/// itself included.
Result<Array> compare(CompareOp op, const Datum& left, const Datum& right,
                      MemoryPool* pool = MemoryPool::defaultPool());

inline Result<Array> equal(const Datum& left, const Datum& right,
                           MemoryPool* pool = MemoryPool::defaultPool()) {
  return compare(CompareOp::kEqual, left, right, pool);
}
inline Result<Array> notEqual(const Datum& left, const Datum& right,
                              MemoryPool* pool = MemoryPool::defaultPool()) {
  return compare(CompareOp::kNotEqual, left, right, pool);
}
inline Result<Array> less(const Datum& left, const Datum& right,
                          MemoryPool* pool = MemoryPool::defaultPool()) {
  return compare(CompareOp::kLess, left, right, pool);
}
inline Result<Array> lessEqual(const Datum& left, const Datum& right,
                               MemoryPool* pool = MemoryPool::defaultPool()) {
  return compare(CompareOp::kLessEqual, left, right, pool);
}
inline Result<Array> greater(const Datum& left, const Datum& right,
                             MemoryPool* pool = MemoryPool::defaultPool()) {
  return compare(CompareOp::kGreater, left, right, pool);
}
inline Result<Array> greaterEqual(const Datum& left, const Datum& right,
                                  MemoryPool* pool = MemoryPool::defaultPool()) {
  return compare(CompareOp::kGreaterEqual, left, right, pool);
}

}  // namespace sabot::compute
