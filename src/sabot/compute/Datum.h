#pragma once

#include <variant>

#include "sabot/columnar/Array.h"
#include "sabot/compute/Scalar.h"

namespace sabot::compute {

/// A kernel operand: a whole column (Array) or one value broadcast to every
/// row (Scalar). Converts implicitly from both, so `greater(prices, Scalar::int64(100))`
/// and `add(a, b)` read naturally.
class Datum {
 public:
  Datum(Array array) : value_(std::move(array)) {}     // NOLINT(google-explicit-constructor)
  Datum(Scalar scalar) : value_(std::move(scalar)) {}  // NOLINT(google-explicit-constructor)

  bool isArray() const { return value_.index() == 0; }
  bool isScalar() const { return value_.index() == 1; }
  const Array& array() const { return std::get<0>(value_); }
  const Scalar& scalar() const { return std::get<1>(value_); }
  const DataTypePtr& type() const { return isArray() ? array().type() : scalar().type(); }

 private:
  std::variant<Array, Scalar> value_;
};

}  // namespace sabot::compute
