#include "sabot/columnar/Array.h"

namespace sabot::columnar {

int64_t ArrayData::computeNullCount() const {
  if (type->id() == TypeId::kNull) return length;
  if (buffers.empty() || !buffers[0]) return 0;
  return length - bitmap::countSetBits(buffers[0]->data(), offset, length);
}

ArrayDataPtr ArrayData::slice(int64_t sliceOffset, int64_t sliceLength) const {
  SABOT_CHECK(sliceOffset >= 0 && sliceLength >= 0 && sliceOffset + sliceLength <= length,
              "slice [{}, {}) of an array of length {}", sliceOffset, sliceOffset + sliceLength,
              length);
  auto sliced = std::make_shared<ArrayData>(*this);
  sliced->offset = offset + sliceOffset;
  sliced->length = sliceLength;
  sliced->nullCount = nullCount == 0 ? 0 : sliced->computeNullCount();
  return sliced;
}

Result<Array> Array::make(ArrayData data) {
  SABOT_RETURN_NOT_OK(validateArray(data, /*full=*/false));
  return Array(std::make_shared<const ArrayData>(std::move(data)));
}

__int128 Array::decimalValue(int64_t index) const {
  // Little-endian two's complement, 16 bytes per value.
  const uint8_t* bytes = data_->buffers[1]->data() + (data_->offset + index) * 16;
  unsigned __int128 value;
  std::memcpy(&value, bytes, sizeof(value));
  return static_cast<__int128>(value);
}

Array Array::structField(int index) const {
  const ArrayDataPtr& child = data_->children[static_cast<size_t>(index)];
  if (data_->offset == 0 && child->length == data_->length) return Array(child);
  return Array(child->slice(data_->offset, data_->length));
}

int64_t Array::dictionaryIndex(int64_t index) const {
  const int64_t position = data_->offset + index;
  const uint8_t* indices = data_->buffers[1]->data();
  switch (data_->type->indexType()->id()) {
    case TypeId::kInt8: return reinterpret_cast<const int8_t*>(indices)[position];
    case TypeId::kUInt8: return indices[position];
    case TypeId::kInt16: return reinterpret_cast<const int16_t*>(indices)[position];
    case TypeId::kUInt16: return reinterpret_cast<const uint16_t*>(indices)[position];
    case TypeId::kInt32: return reinterpret_cast<const int32_t*>(indices)[position];
    case TypeId::kUInt32: return reinterpret_cast<const uint32_t*>(indices)[position];
    case TypeId::kInt64: return reinterpret_cast<const int64_t*>(indices)[position];
    case TypeId::kUInt64:
      return static_cast<int64_t>(reinterpret_cast<const uint64_t*>(indices)[position]);
    default: SABOT_CHECK(false, "dictionary index type {}", data_->type->indexType()->toString());
  }
  return 0;
}

}  // namespace sabot::columnar
