#pragma once

#include "sabot/base/Result.h"
#include "sabot/columnar/Array.h"
#include "sabot/compute/Scalar.h"

namespace sabot::compute {

/// How cast() treats values that do not fit the target type.
struct CastOptions {
  /// true (the default): a value that does not fit is an error naming its row
  /// and value — integer overflow, float out of an integer's range or NaN,
  /// float64 too large for float32, timestamp precision that a coarser unit
  /// would drop, decimal digits a smaller scale would drop.
  /// false: integers wrap (two's complement), floats saturate to the integer
  /// range (NaN becomes 0), timestamps and decimals are truncated (timestamps
  /// floor towards the earlier instant). Text that does not parse and values
  /// beyond a decimal's precision are errors either way.
  bool safe = true;
};

/// Converts `array` to type `to`. Nulls stay null; the output has `to`'s type
/// exactly. Supported conversions (anything else is a TypeError):
///   - any type to itself (returned as is; timestamps may change time zone)
///   - null to any type (all null)
///   - between all numeric types and bool (bool -> number gives 0/1; number ->
///     bool is value != 0); float -> integer truncates toward zero
///   - numeric, bool, date32, timestamp, decimal128 -> utf8 / large_utf8
///     (the text Array::formatValue() prints)
///   - utf8 / large_utf8 -> numeric (decimal text, optional sign; floats also
///     take exponents, "inf", "nan"), bool ("true"/"false"/"1"/"0", any case),
///     date32 ("YYYY-MM-DD"), timestamp (columnar/Temporal.h formats),
///     decimal128 (parseDecimal128)
///   - timestamp -> timestamp of another unit; timestamp <-> date32 (a
///     timestamp becomes the day it falls on, UTC); timestamp <-> int64 and
///     date32 <-> int32 (the raw ticks / days), other integers via those
///   - decimal128 <-> integers and floats (float -> decimal rounds half away
///     from zero), decimal128 -> decimal128 of another precision/scale
///   - utf8 <-> large_utf8 <-> binary <-> large_binary (binary -> utf8
///     checks the bytes are UTF-8)
///   - dictionary -> its value type (decoded), or onwards to any type the
///     value type casts to
Result<Array> cast(const Array& array, const DataTypePtr& to, const CastOptions& options = {},
                   MemoryPool* pool = MemoryPool::defaultPool());

/// cast() of one value.
Result<Scalar> cast(const Scalar& scalar, const DataTypePtr& to, const CastOptions& options = {},
                    MemoryPool* pool = MemoryPool::defaultPool());

/// Whether cast() supports `from` -> `to` at all (it may still fail on values).
bool canCast(const DataTypePtr& from, const DataTypePtr& to);

}  // namespace sabot::compute
