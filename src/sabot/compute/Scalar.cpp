#include "sabot/compute/Scalar.h"

#include <fmt/format.h>

#include <cmath>

#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/columnar/Decimal.h"
#include "sabot/columnar/Temporal.h"
#include "sabot/compute/KernelOutput.h"
#include "sabot/compute/PhysicalType.h"

namespace sabot::compute {

using columnar::bitmap::bytesForBits;

Scalar::Scalar() : type_(columnar::null()) {}

Scalar::Scalar(DataTypePtr type, bool valid) : type_(std::move(type)), valid_(valid) {}

Scalar Scalar::null(DataTypePtr type) { return Scalar(std::move(type), false); }
Scalar Scalar::boolean(bool value) { return fixed<uint8_t>(columnar::boolean(), value ? 1 : 0); }
Scalar Scalar::int32(int32_t value) { return fixed(columnar::int32(), value); }
Scalar Scalar::int64(int64_t value) { return fixed(columnar::int64(), value); }
Scalar Scalar::uint64(uint64_t value) { return fixed(columnar::uint64(), value); }
Scalar Scalar::float64(double value) { return fixed(columnar::float64(), value); }
Scalar Scalar::decimal(__int128 unscaled, DataTypePtr type) { return fixed(std::move(type), unscaled); }
Scalar Scalar::timestamp(int64_t ticks, DataTypePtr type) { return fixed(std::move(type), ticks); }
Scalar Scalar::date32(int32_t days) { return fixed(columnar::date32(), days); }

Scalar Scalar::utf8(std::string_view value) {
  Scalar scalar(columnar::utf8(), true);
  scalar.bytes_ = std::string(value);
  return scalar;
}

Scalar Scalar::binary(std::string_view value) {
  Scalar scalar(columnar::binary(), true);
  scalar.bytes_ = std::string(value);
  return scalar;
}

Scalar Scalar::fromArray(const Array& array, int64_t index) {
  const TypeId id = array.typeId();
  if (array.isNull(index)) return null(array.type());
  Scalar scalar(array.type(), true);
  if (id == TypeId::kBool) {
    scalar.raw_[0] = array.boolValue(index) ? 1 : 0;
  } else if (isByteFixedWidth(id)) {
    const int width = array.type()->byteWidth();
    std::memcpy(scalar.raw_, array.data()->buffers[1]->data() + (array.offset() + index) * width,
                static_cast<size_t>(width));
  } else if (columnar::isBinaryLike(id) || columnar::isLargeBinaryLike(id)) {
    scalar.bytes_ = std::string(array.stringValue(index));
  } else if (id == TypeId::kDictionary) {
    // Kept decoded: the one value, as an array of the value type.
    scalar.nested_ = array.dictionary().slice(array.dictionaryIndex(index), 1);
  } else {
    scalar.nested_ = array.slice(index, 1);
  }
  return scalar;
}

Result<Array> Scalar::toArray(int64_t length, MemoryPool* pool) const {
  const TypeId id = typeId();
  if (!valid_) return makeAllNullArray(type_, length, pool);
  if (id == TypeId::kBool) {
    SABOT_ASSIGN_OR_RAISE(auto values, allocateBitmap(length, pool));
    columnar::bitmap::setBitsTo(values->mutableData(), 0, length, boolValue());
    return makeOutputArray(type_, length, {nullptr, std::move(values)}, 0);
  }
  if (isByteFixedWidth(id)) {
    return visitFixedWidth(id, [&]<typename T>() -> Result<Array> {
      SABOT_ASSIGN_OR_RAISE(auto values, allocateValues<T>(length, pool));
      T* out = values->template mutableDataAs<T>();
      const T v = value<T>();
      for (int64_t i = 0; i < length; ++i) out[i] = v;
      return makeOutputArray(type_, length, {nullptr, std::move(values)}, 0);
    });
  }
  if (columnar::isBinaryLike(id) || columnar::isLargeBinaryLike(id)) {
    const auto size = static_cast<int64_t>(bytes_.size());
    const bool large = columnar::isLargeBinaryLike(id);
    if (!large && size * length > INT32_MAX) {
      return Status::invalid("repeating a {}-byte {} value {} times exceeds 2 GiB; use large_utf8",
                             size, type_->toString(), length);
    }
    SABOT_ASSIGN_OR_RAISE(auto offsets, MutableBuffer::make((length + 1) * (large ? 8 : 4), pool, false));
    SABOT_ASSIGN_OR_RAISE(auto data, MutableBuffer::make(size * length, pool, false));
    for (int64_t i = 0; i <= length; ++i) {
      if (large) {
        offsets->mutableDataAs<int64_t>()[i] = i * size;
      } else {
        offsets->mutableDataAs<int32_t>()[i] = static_cast<int32_t>(i * size);
      }
    }
    for (int64_t i = 0; i < length; ++i) {
      if (size > 0) std::memcpy(data->mutableData() + i * size, bytes_.data(), bytes_.size());
    }
    return makeOutputArray(type_, length, {nullptr, std::move(offsets), std::move(data)}, 0);
  }
  if (id == TypeId::kDictionary) {
    // Every row points at entry 0 of a one-value dictionary.
    const Scalar zero = [&] {
      Scalar index(type_->indexType(), true);
      return index;  // raw_ is zero-initialised
    }();
    SABOT_ASSIGN_OR_RAISE(Array indices, zero.toArray(length, pool));
    auto data = std::make_shared<ArrayData>(*indices.data());
    data->type = type_;
    data->dictionary = nested_.data();
    return Array(std::move(data));
  }
  SABOT_ASSIGN_OR_RAISE(auto builder, columnar::makeBuilder(type_, pool));
  for (int64_t i = 0; i < length; ++i) SABOT_RETURN_NOT_OK(builder->appendFrom(nested_, 0));
  return builder->finish();
}

bool Scalar::equals(const Scalar& other) const {
  if (!type_->equals(*other.type_) || valid_ != other.valid_) return false;
  if (!valid_) return true;
  const TypeId id = typeId();
  if (id == TypeId::kFloat32) {
    const float a = value<float>(), b = other.value<float>();
    return a == b || (std::isnan(a) && std::isnan(b));
  }
  if (id == TypeId::kFloat64) {
    const double a = value<double>(), b = other.value<double>();
    return a == b || (std::isnan(a) && std::isnan(b));
  }
  if (id == TypeId::kBool) return boolValue() == other.boolValue();
  if (isByteFixedWidth(id)) {
    return std::memcmp(raw_, other.raw_, static_cast<size_t>(type_->byteWidth())) == 0;
  }
  if (columnar::isBinaryLike(id) || columnar::isLargeBinaryLike(id)) return bytes_ == other.bytes_;
  return nested_.equals(other.nested_);
}

std::string Scalar::toString() const {
  if (!valid_) return "null";
  switch (typeId()) {
    case TypeId::kBool: return boolValue() ? "true" : "false";
    case TypeId::kInt8: return fmt::format("{}", value<int8_t>());
    case TypeId::kInt16: return fmt::format("{}", value<int16_t>());
    case TypeId::kInt32: return fmt::format("{}", value<int32_t>());
    case TypeId::kInt64: return fmt::format("{}", value<int64_t>());
    case TypeId::kUInt8: return fmt::format("{}", value<uint8_t>());
    case TypeId::kUInt16: return fmt::format("{}", value<uint16_t>());
    case TypeId::kUInt32: return fmt::format("{}", value<uint32_t>());
    case TypeId::kUInt64: return fmt::format("{}", value<uint64_t>());
    case TypeId::kFloat32: return fmt::format("{}", value<float>());
    case TypeId::kFloat64: return fmt::format("{}", value<double>());
    case TypeId::kUtf8:
    case TypeId::kLargeUtf8: return "'" + bytes_ + "'";
    case TypeId::kBinary:
    case TypeId::kLargeBinary: {
      std::string hex = "x'";
      for (unsigned char c : bytes_) hex += fmt::format("{:02x}", c);
      return hex + "'";
    }
    case TypeId::kDate32: return columnar::formatDate32(value<int32_t>());
    case TypeId::kTimestamp: return columnar::formatTimestamp(value<int64_t>(), type_->timeUnit());
    case TypeId::kDecimal128: return columnar::formatDecimal128(decimalValue(), type_->scale());
    case TypeId::kDictionary: return nested_.formatValue(0);
    default: return nested_.formatValue(0);
  }
}

}  // namespace sabot::compute
