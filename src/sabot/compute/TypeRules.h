#pragma once

#include <optional>

#include "sabot/base/Result.h"
#include "sabot/compute/Scalar.h"

// The implicit conversions of the compute layer, shared by the kernels (which
// promote mismatched inputs themselves) and by bind() (which inserts the same
// conversions as explicit casts at plan time).
//
// Numeric promotion (arithmeticType), for operands of different types:
//   - two integers of the same signedness: the wider one;
//   - a signed and an unsigned integer: the signed one if it is wider,
//     otherwise the signed type of twice the unsigned width, at most int64
//     (uint64 values above INT64_MAX then fail the checked cast);
//   - float64 with anything numeric: float64; float32 with float32 or an
//     integer of at most 16 bits: float32; float32 with wider integers: float64.
// Comparisons (comparisonType) use the same numeric rule, and also accept:
//   equal types; timestamps of the same unit (any time zone); decimals of the
//   same scale (any precision); utf8 with large_utf8 and binary with
//   large_binary (as the large type); dictionaries as their value type; the
//   null type with anything.
// Literal adaptation (adaptLiteral): when one side is a scalar, it first takes
// the other side's type if its value is exactly representable there, so
// `int32 column > 100` compares int32 values and `int32 column + 1` stays
// int32; `int32 column > 2.5` promotes the column to float64 instead.
// A utf8 literal adapts to timestamp and date32 by parsing.

namespace sabot::compute {

/// The type add/subtract/multiply/divide compute in. On mismatch a TypeError
/// whose message is a detail to append (often empty).
Result<DataTypePtr> arithmeticType(const DataTypePtr& left, const DataTypePtr& right);

/// The type modulo computes in: arithmeticType() for two integers; floats
/// (and everything else) are a TypeError.
Result<DataTypePtr> moduloType(const DataTypePtr& left, const DataTypePtr& right);

/// The type a comparison converts both sides to. On mismatch a TypeError
/// whose message is a detail to append (often empty).
Result<DataTypePtr> comparisonType(const DataTypePtr& left, const DataTypePtr& right);

/// `literal` as a value of `target`, if it is exactly representable there
/// (see above); nullopt otherwise.
std::optional<Scalar> adaptLiteral(const Scalar& literal, const DataTypePtr& target);

/// "cannot {verb} {left} {joiner} {right}" plus ": detail" when the rule gave one.
Status typeMismatch(std::string_view verb, std::string_view left, std::string_view joiner,
                    std::string_view right, const Status& detail);

}  // namespace sabot::compute
