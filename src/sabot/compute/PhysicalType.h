#pragma once

#include <cstdint>
#include <utility>

#include "sabot/base/Check.h"
#include "sabot/columnar/DataType.h"

namespace sabot::compute {

// Kernels are written once per physical C type. These helpers map a logical
// type id to its C type and call a templated lambda with it:
//
//   visitNumeric(id, [&]<typename T>() { ... T ... });
//
// They are only called after type checking, so an unexpected id is a bug.

/// int8..uint64, float32, float64.
template <typename Fn>
decltype(auto) visitNumeric(columnar::TypeId id, Fn&& fn) {
  using columnar::TypeId;
  switch (id) {
    case TypeId::kInt8: return fn.template operator()<int8_t>();
    case TypeId::kInt16: return fn.template operator()<int16_t>();
    case TypeId::kInt32: return fn.template operator()<int32_t>();
    case TypeId::kInt64: return fn.template operator()<int64_t>();
    case TypeId::kUInt8: return fn.template operator()<uint8_t>();
    case TypeId::kUInt16: return fn.template operator()<uint16_t>();
    case TypeId::kUInt32: return fn.template operator()<uint32_t>();
    case TypeId::kUInt64: return fn.template operator()<uint64_t>();
    case TypeId::kFloat32: return fn.template operator()<float>();
    case TypeId::kFloat64: return fn.template operator()<double>();
    default: break;
  }
  SABOT_CHECK(false, "not a numeric type id {}", static_cast<int>(id));
  return fn.template operator()<int64_t>();
}

/// Every fixed-width type stored in whole bytes: numbers, date32 (int32_t),
/// timestamp (int64_t), decimal128 (__int128).
template <typename Fn>
decltype(auto) visitFixedWidth(columnar::TypeId id, Fn&& fn) {
  using columnar::TypeId;
  switch (id) {
    case TypeId::kDate32: return fn.template operator()<int32_t>();
    case TypeId::kTimestamp: return fn.template operator()<int64_t>();
    case TypeId::kDecimal128: return fn.template operator()<__int128>();
    default: return visitNumeric(id, std::forward<Fn>(fn));
  }
}

/// Integer types only (int8..uint64).
template <typename Fn>
decltype(auto) visitInteger(columnar::TypeId id, Fn&& fn) {
  using columnar::TypeId;
  switch (id) {
    case TypeId::kInt8: return fn.template operator()<int8_t>();
    case TypeId::kInt16: return fn.template operator()<int16_t>();
    case TypeId::kInt32: return fn.template operator()<int32_t>();
    case TypeId::kInt64: return fn.template operator()<int64_t>();
    case TypeId::kUInt8: return fn.template operator()<uint8_t>();
    case TypeId::kUInt16: return fn.template operator()<uint16_t>();
    case TypeId::kUInt32: return fn.template operator()<uint32_t>();
    case TypeId::kUInt64: return fn.template operator()<uint64_t>();
    default: break;
  }
  SABOT_CHECK(false, "not an integer type id {}", static_cast<int>(id));
  return fn.template operator()<int64_t>();
}

/// Fixed-width types whose values sit in whole bytes of the values buffer
/// (everything fixed width except bool).
inline bool isByteFixedWidth(columnar::TypeId id) {
  return columnar::isFixedWidth(id) && id != columnar::TypeId::kBool;
}

}  // namespace sabot::compute
