#include "sabot/compute/KernelOutput.h"

#include <bit>

#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/compute/BitWords.h"

namespace sabot::compute {

using columnar::bitmap::bytesForBits;

ValidityView validityView(const ArrayData& data) {
  if (data.nullCount == 0 || data.buffers.empty() || !data.buffers[0]) return {};
  return {data.buffers[0]->data(), data.offset};
}

Result<std::shared_ptr<MutableBuffer>> allocateBitmap(int64_t length, MemoryPool* pool) {
  return MutableBuffer::make(bytesForBits(length), pool, /*zeroFill=*/true);
}

Result<BufferPtr> rebaseBitmap(const BufferPtr& bits, int64_t offset, int64_t length,
                               MemoryPool* pool) {
  if (!bits) return BufferPtr();
  if (offset == 0) return bits;
  if ((offset & 7) == 0) return columnar::Buffer::slice(bits, offset >> 3, bytesForBits(length));
  SABOT_ASSIGN_OR_RAISE(auto out, allocateBitmap(length, pool));
  uint8_t* outBits = out->mutableData();
  for (int64_t w = 0; w < bitwords::wordCount(length); ++w) {
    const int64_t n = bitwords::bitsInWord(w, length);
    bitwords::write(outBits, w, bitwords::read(bits->data(), offset + w * 64, n), n);
  }
  return BufferPtr(std::move(out));
}

Result<OutputValidity> intersectValidity(const std::vector<const ArrayData*>& inputs,
                                         int64_t length, MemoryPool* pool) {
  std::vector<const ArrayData*> withNulls;
  for (const ArrayData* input : inputs) {
    if (input && validityView(*input).bits != nullptr) withNulls.push_back(input);
  }
  if (withNulls.empty()) return OutputValidity{};
  if (withNulls.size() == 1) {
    const ArrayData& only = *withNulls[0];
    SABOT_ASSIGN_OR_RAISE(BufferPtr buffer, rebaseBitmap(only.buffers[0], only.offset, length, pool));
    // The input's own count is exact for its window, which is ours.
    return OutputValidity{std::move(buffer), only.nullCount};
  }
  SABOT_ASSIGN_OR_RAISE(auto out, allocateBitmap(length, pool));
  uint8_t* outBits = out->mutableData();
  int64_t validCount = 0;
  for (int64_t w = 0; w < bitwords::wordCount(length); ++w) {
    const int64_t n = bitwords::bitsInWord(w, length);
    uint64_t word = ~uint64_t{0};
    for (const ArrayData* input : withNulls) {
      word &= bitwords::read(input->buffers[0]->data(), input->offset + w * 64, n);
    }
    if (n < 64) word &= (uint64_t{1} << n) - 1;
    validCount += std::popcount(word);
    bitwords::write(outBits, w, word, n);
  }
  if (validCount == length) return OutputValidity{};
  return OutputValidity{BufferPtr(std::move(out)), length - validCount};
}

Result<OutputValidity> intersectValidity(std::initializer_list<const ArrayData*> inputs,
                                         int64_t length, MemoryPool* pool) {
  return intersectValidity(std::vector<const ArrayData*>(inputs), length, pool);
}

Array makeOutputArray(DataTypePtr type, int64_t length, std::vector<BufferPtr> buffers,
                      int64_t nullCount) {
  auto data = std::make_shared<ArrayData>();
  data->type = std::move(type);
  data->length = length;
  data->nullCount = nullCount;
  data->buffers = std::move(buffers);
  return Array(std::move(data));
}

Array makeFixedWidthArray(DataTypePtr type, int64_t length, BufferPtr values,
                          OutputValidity validity) {
  return makeOutputArray(std::move(type), length, {std::move(validity.buffer), std::move(values)},
                         validity.nullCount);
}

Result<Array> makeAllNullArray(const DataTypePtr& type, int64_t length, MemoryPool* pool) {
  const TypeId id = type->id();
  if (id == TypeId::kNull) return makeOutputArray(type, length, {}, length);
  if (columnar::isFixedWidth(id)) {
    SABOT_ASSIGN_OR_RAISE(auto validity, allocateBitmap(length, pool));
    const int64_t valueBytes = id == TypeId::kBool ? bytesForBits(length) : length * type->byteWidth();
    SABOT_ASSIGN_OR_RAISE(auto values, MutableBuffer::make(valueBytes, pool, true));
    return makeOutputArray(type, length, {std::move(validity), std::move(values)}, length);
  }
  if (columnar::isBinaryLike(id) || columnar::isLargeBinaryLike(id)) {
    SABOT_ASSIGN_OR_RAISE(auto validity, allocateBitmap(length, pool));
    const int64_t offsetWidth = columnar::isBinaryLike(id) ? 4 : 8;
    SABOT_ASSIGN_OR_RAISE(auto offsets, MutableBuffer::make((length + 1) * offsetWidth, pool, true));
    SABOT_ASSIGN_OR_RAISE(auto data, MutableBuffer::make(0, pool, true));
    return makeOutputArray(type, length, {std::move(validity), std::move(offsets), std::move(data)},
                           length);
  }
  // Nested and dictionary types: rare, so the builder does the layout.
  if (id == TypeId::kDictionary) {
    SABOT_ASSIGN_OR_RAISE(Array indices, makeAllNullArray(type->indexType(), length, pool));
    SABOT_ASSIGN_OR_RAISE(auto emptyDictionary, columnar::makeBuilder(type->valueType(), pool));
    SABOT_ASSIGN_OR_RAISE(Array dictionary, emptyDictionary->finish());
    auto data = std::make_shared<ArrayData>(*indices.data());
    data->type = type;
    data->dictionary = dictionary.data();
    return Array(std::move(data));
  }
  SABOT_ASSIGN_OR_RAISE(auto builder, columnar::makeBuilder(type, pool));
  SABOT_RETURN_NOT_OK(builder->appendNulls(length));
  return builder->finish();
}

}  // namespace sabot::compute
