#pragma once

#include "sabot/base/Result.h"
#include "sabot/compute/Datum.h"

namespace sabot::compute {

// Logical operations on bool arrays, 64 rows per step. Either operand of a
// binary operation may be a bool Scalar (two scalars give one row); arrays
// must have equal lengths; non-bool inputs are a TypeError.

/// AND with SQL's three-valued (Kleene) logic: false AND null = false,
/// true AND null = null, null AND null = null.
Result<Array> booleanAnd(const Datum& left, const Datum& right,
                         MemoryPool* pool = MemoryPool::defaultPool());
/// OR with Kleene logic: true OR null = true, false OR null = null.
Result<Array> booleanOr(const Datum& left, const Datum& right,
                        MemoryPool* pool = MemoryPool::defaultPool());
/// Exclusive or; null if either side is null.
Result<Array> booleanXor(const Datum& left, const Datum& right,
                         MemoryPool* pool = MemoryPool::defaultPool());
/// NOT; null stays null.
Result<Array> booleanNot(const Array& array, MemoryPool* pool = MemoryPool::defaultPool());

/// True where `array` is null (any type; for dictionaries, where the index is
/// null). Never null itself.
Result<Array> isNull(const Array& array, MemoryPool* pool = MemoryPool::defaultPool());
/// True where `array` is not null. Never null itself.
Result<Array> isValid(const Array& array, MemoryPool* pool = MemoryPool::defaultPool());

}  // namespace sabot::compute
