#pragma once

#include <string_view>

#include "sabot/base/Result.h"
#include "sabot/compute/Datum.h"

namespace sabot::compute {

enum class ArithmeticOp : uint8_t { kAdd, kSubtract, kMultiply, kDivide, kModulo };

/// "add", "subtract", "multiply", "divide", "modulo".
std::string_view arithmeticOpName(ArithmeticOp op);

struct ArithmeticOptions {
  /// true (the default): integer overflow is an Invalid error naming the row
  /// and the operands ("integer overflow in add at row 3: 9223372036854775807
  /// + 1 does not fit int64"). false: integers wrap around (two's complement).
  /// Floats never overflow (IEEE 754 gives inf).
  bool checkOverflow = true;
};

/// Row-by-row arithmetic on numeric operands; either side may be a Scalar
/// (two scalars give a one-row result). Operands of different types are
/// promoted first (TypeRules.h: int32 + int64 -> int64, int64 + float64 ->
/// float64, a literal that fits takes the column's type, ...); the result has
/// the promoted type. Other types (strings, decimals, temporal) are a
/// TypeError "cannot add utf8 and int64".
///
/// Nulls: a row is null if either input is null there. Integer division
/// truncates toward zero; division by zero is always an error ("division by
/// zero at row N"), whether or not overflow is checked. Float division by
/// zero follows IEEE 754 (inf, -inf or NaN).
///
/// Modulo is for integers only (floats are a TypeError) and follows SQL's
/// MOD: the remainder of the truncating division, so it has the sign of the
/// dividend (-7 % 3 = -1, 7 % -3 = 1); a zero divisor is an error as for
/// division, and MIN % -1 is 0 (it cannot overflow).
Result<Array> arithmetic(ArithmeticOp op, const Datum& left, const Datum& right,
                         const ArithmeticOptions& options = {},
                         MemoryPool* pool = MemoryPool::defaultPool());

inline Result<Array> add(const Datum& left, const Datum& right, const ArithmeticOptions& options = {},
                         MemoryPool* pool = MemoryPool::defaultPool()) {
  return arithmetic(ArithmeticOp::kAdd, left, right, options, pool);
}
inline Result<Array> subtract(const Datum& left, const Datum& right,
                              const ArithmeticOptions& options = {},
                              MemoryPool* pool = MemoryPool::defaultPool()) {
  return arithmetic(ArithmeticOp::kSubtract, left, right, options, pool);
}
inline Result<Array> multiply(const Datum& left, const Datum& right,
                              const ArithmeticOptions& options = {},
                              MemoryPool* pool = MemoryPool::defaultPool()) {
  return arithmetic(ArithmeticOp::kMultiply, left, right, options, pool);
}
inline Result<Array> divide(const Datum& left, const Datum& right,
                            const ArithmeticOptions& options = {},
                            MemoryPool* pool = MemoryPool::defaultPool()) {
  return arithmetic(ArithmeticOp::kDivide, left, right, options, pool);
}

inline Result<Array> modulo(const Datum& left, const Datum& right, const ArithmeticOptions& options = {},
                            MemoryPool* pool = MemoryPool::defaultPool()) {
  return arithmetic(ArithmeticOp::kModulo, left, right, options, pool);
}

/// -x for signed integers and floats (checked like the binary operations:
/// -(-128) in int8 overflows). Unsigned integers are a TypeError.
Result<Array> negate(const Array& array, const ArithmeticOptions& options = {},
                     MemoryPool* pool = MemoryPool::defaultPool());

}  // namespace sabot::compute
