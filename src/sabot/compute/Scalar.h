#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "sabot/base/Result.h"
#include "sabot/columnar/Array.h"
#include "sabot/columnar/DataType.h"
#include "sabot/columnar/MemoryPool.h"

namespace sabot::compute {

using columnar::Array;
using columnar::DataTypePtr;
using columnar::MemoryPool;
using columnar::TypeId;

/// One typed value or a typed null: the literals of expressions and the
/// right-hand side of array-vs-scalar kernels.
///
/// Fixed-width values (numbers, bool, date32, timestamp, decimal128) are
/// stored in the physical C type of their column type (date32 as int32_t,
/// timestamp as int64_t, decimal128 as __int128 unscaled), strings and binary
/// as bytes, and nested or dictionary values as a one-element array.
class Scalar {
 public:
  /// A null of type null.
  Scalar();

  static Scalar null(DataTypePtr type);
  static Scalar boolean(bool value);
  static Scalar int32(int32_t value);
  static Scalar int64(int64_t value);
  static Scalar uint64(uint64_t value);
  static Scalar float64(double value);
  static Scalar utf8(std::string_view value);
  static Scalar binary(std::string_view value);
  /// `unscaled` at the scale of `type` (a decimal128 type).
  static Scalar decimal(__int128 unscaled, DataTypePtr type);
  static Scalar timestamp(int64_t ticks, DataTypePtr type);
  static Scalar date32(int32_t days);
  /// A fixed-width value of `type`, given in its physical C type T.
  template <typename T>
  static Scalar fixed(DataTypePtr type, T value) {
    Scalar scalar(std::move(type), true);
    static_assert(sizeof(T) <= sizeof(scalar.raw_));
    std::memcpy(scalar.raw_, &value, sizeof(T));
    return scalar;
  }
  /// Element `index` of `array` (any type).
  static Scalar fromArray(const Array& array, int64_t index);

  const DataTypePtr& type() const { return type_; }
  TypeId typeId() const { return type_->id(); }
  bool isValid() const { return valid_; }
  bool isNull() const { return !valid_; }

  /// The value of a fixed-width scalar in its physical C type.
  template <typename T>
  T value() const {
    T out;
    std::memcpy(&out, raw_, sizeof(T));
    return out;
  }
  bool boolValue() const { return raw_[0] != 0; }
  __int128 decimalValue() const { return value<__int128>(); }
  /// The bytes of a string or binary scalar.
  std::string_view stringValue() const { return bytes_; }
  /// Nested and dictionary scalars: the value as a one-element array.
  const Array& nestedValue() const { return nested_; }

  /// `length` copies of this value as an array of its type.
  Result<Array> toArray(int64_t length = 1,
                        MemoryPool* pool = MemoryPool::defaultPool()) const;

  /// Same type and value (nulls of the same type are equal; NaN equals NaN).
  bool equals(const Scalar& other) const;
  /// The value as text: 5, 2.5, 'abc', true, 2024-01-01, null.
  std::string toString() const;

 private:
  Scalar(DataTypePtr type, bool valid);

  DataTypePtr type_;
  bool valid_ = false;
  alignas(16) unsigned char raw_[16] = {};
  std::string bytes_;
  Array nested_;
};

}  // namespace sabot::compute
