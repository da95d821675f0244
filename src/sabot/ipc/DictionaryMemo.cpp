#include "sabot/ipc/DictionaryMemo.h"

#include <cstring>
#include <limits>

#include "sabot/columnar/ArrayBuilder.h"

namespace sabot::ipc {

using columnar::Array;
using columnar::ArrayDataPtr;

namespace {

using columnar::ArrayData;
using columnar::BufferPtr;
using columnar::MutableBuffer;
using columnar::TypeId;
namespace bitmap = columnar::bitmap;

/// The validity of `first` then `second`, or nullptr if neither has nulls.
Result<BufferPtr> concatenateValidity(const ArrayData& first, const ArrayData& second, columnar::MemoryPool* pool) {
  if (first.nullCount == 0 && second.nullCount == 0) return BufferPtr();
  const int64_t length = first.length + second.length;
  SABOT_ASSIGN_OR_RAISE(auto bits, MutableBuffer::make(bitmap::bytesForBits(length), pool, true));
  int64_t position = 0;
  for (const ArrayData* part : {&first, &second}) {
    if (part->nullCount == 0 || !part->buffers[0]) {
      bitmap::setBitsTo(bits->mutableData(), position, part->length, true);
    } else {
      bitmap::copyBits(part->buffers[0]->data(), part->offset, part->length, bits->mutableData(), position);
    }
    position += part->length;
  }
  return BufferPtr(std::move(bits));
}

Result<BufferPtr> concatenateBytes(const uint8_t* first, int64_t firstSize, const uint8_t* second,
                                   int64_t secondSize, columnar::MemoryPool* pool) {
  SABOT_ASSIGN_OR_RAISE(auto bytes, MutableBuffer::make(firstSize + secondSize, pool, false));
  if (firstSize > 0) std::memcpy(bytes->mutableData(), first, static_cast<size_t>(firstSize));
  if (secondSize > 0) std::memcpy(bytes->mutableData() + firstSize, second, static_cast<size_t>(secondSize));
  return BufferPtr(std::move(bytes));
}

template <typename OffsetType>
Status concatenateBinary(const ArrayData& first, const ArrayData& second, ArrayData& out,
                         columnar::MemoryPool* pool) {
  const auto span = [](const ArrayData& input) -> int64_t {
    if (input.length == 0) return 0;
    const OffsetType* in = input.buffers[1]->dataAs<OffsetType>() + input.offset;
    return static_cast<int64_t>(in[input.length] - in[0]);
  };
  if (span(first) > std::numeric_limits<OffsetType>::max() - span(second)) {
    return Status::corrupt("a delta would grow the {} dictionary past {} bytes", first.type->toString(),
                           std::numeric_limits<OffsetType>::max());
  }
  const int64_t length = first.length + second.length;
  SABOT_ASSIGN_OR_RAISE(auto offsets,
                        MutableBuffer::make((length + 1) * static_cast<int64_t>(sizeof(OffsetType)), pool, false));
  OffsetType* outOffsets = offsets->mutableDataAs<OffsetType>();
  outOffsets[0] = 0;
  int64_t position = 0;
  OffsetType base = 0;
  const uint8_t* data[2] = {nullptr, nullptr};
  int64_t sizes[2] = {0, 0};
  int part = 0;
  for (const ArrayData* input : {&first, &second}) {
    if (input->length > 0) {
      const OffsetType* in = input->buffers[1]->dataAs<OffsetType>() + input->offset;
      for (int64_t i = 1; i <= input->length; ++i) outOffsets[position + i] = base + (in[i] - in[0]);
      data[part] = input->buffers[2]->data() + in[0];
      sizes[part] = static_cast<int64_t>(in[input->length] - in[0]);
      base += static_cast<OffsetType>(sizes[part]);
      position += input->length;
    }
    ++part;
  }
  SABOT_ASSIGN_OR_RAISE(BufferPtr bytes, concatenateBytes(data[0], sizes[0], data[1], sizes[1], pool));
  out.buffers.push_back(std::move(offsets));
  out.buffers.push_back(std::move(bytes));
  return Status::OK();
}

/// memcpy-based concatenation for the usual dictionary value types; nullptr
/// for the others.
Result<ArrayDataPtr> concatenateFlat(const ArrayData& first, const ArrayData& second, columnar::MemoryPool* pool) {
  const TypeId id = first.type->id();
  const bool fixedWidth = columnar::isFixedWidth(id) && id != TypeId::kBool;
  const bool binary = columnar::isBinaryLike(id) || columnar::isLargeBinaryLike(id);
  if (!fixedWidth && !binary) return ArrayDataPtr();
  auto out = std::make_shared<ArrayData>();
  out->type = first.type;
  out->length = first.length + second.length;
  out->nullCount = first.nullCount + second.nullCount;
  SABOT_ASSIGN_OR_RAISE(BufferPtr validity, concatenateValidity(first, second, pool));
  out->buffers.push_back(std::move(validity));
  if (fixedWidth) {
    const int64_t width = first.type->byteWidth();
    SABOT_ASSIGN_OR_RAISE(
        BufferPtr values,
        concatenateBytes(first.length > 0 ? first.buffers[1]->data() + first.offset * width : nullptr,
                         first.length * width,
                         second.length > 0 ? second.buffers[1]->data() + second.offset * width : nullptr,
                         second.length * width, pool));
    out->buffers.push_back(std::move(values));
  } else if (columnar::isBinaryLike(id)) {
    SABOT_RETURN_NOT_OK(concatenateBinary<int32_t>(first, second, *out, pool));
  } else {
    SABOT_RETURN_NOT_OK(concatenateBinary<int64_t>(first, second, *out, pool));
  }
  return ArrayDataPtr(std::move(out));
}

}  // namespace

Result<ArrayDataPtr> concatenateArrays(const columnar::ArrayData& first, const columnar::ArrayData& second,
                                       columnar::MemoryPool* pool) {
  SABOT_ASSIGN_OR_RAISE(ArrayDataPtr flat, concatenateFlat(first, second, pool));
  if (flat) return flat;
  // Nested and boolean values: element by element.
  SABOT_ASSIGN_OR_RAISE(auto builder, columnar::makeBuilder(first.type, pool));
  SABOT_RETURN_NOT_OK(builder->reserve(first.length + second.length));
  for (const columnar::ArrayData* part : {&first, &second}) {
    const Array array(std::make_shared<const columnar::ArrayData>(*part));
    for (int64_t i = 0; i < array.length(); ++i) SABOT_RETURN_NOT_OK(builder->appendFrom(array, i));
  }
  SABOT_ASSIGN_OR_RAISE(Array result, builder->finish());
  return result.data();
}

Result<columnar::DataTypePtr> DictionaryMemo::valueType(int64_t id) const {
  const auto found = valueTypes_.find(id);
  if (found == valueTypes_.end()) {
    return Status::corrupt("dictionary batch for id {}, which no field of the schema uses", id);
  }
  return found->second;
}

Status DictionaryMemo::apply(int64_t id, ArrayDataPtr values, bool isDelta, bool allowReplacement,
                             columnar::MemoryPool* pool) {
  auto [current, inserted] = values_.emplace(id, values);
  if (inserted) return Status::OK();
  if (isDelta) {
    if (values->length == 0) return Status::OK();
    SABOT_ASSIGN_OR_RAISE(current->second, concatenateArrays(*current->second, *values, pool));
    return Status::OK();
  }
  if (!allowReplacement) {
    return Status::corrupt("a second non-delta dictionary batch for id {}; the file format allows "
                           "one per id",
                           id);
  }
  current->second = std::move(values);
  return Status::OK();
}

Result<ArrayDataPtr> DictionaryMemo::get(int64_t id) const {
  const auto found = values_.find(id);
  if (found == values_.end()) {
    return Status::corrupt("record batch uses dictionary id {} before any dictionary batch defined it", id);
  }
  return found->second;
}

}  // namespace sabot::ipc
