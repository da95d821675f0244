#include "sabot/compute/Selection.h"

#include <algorithm>
#include <bit>
#include <limits>

#include "sabot/compute/BitWords.h"
#include "sabot/compute/KernelOutput.h"
#include "sabot/compute/PhysicalType.h"
#include "sabot/compute/TargetClones.h"

namespace sabot::compute {

using columnar::ArrayDataPtr;
using columnar::bitmap::bytesForBits;
using columnar::bitmap::getBit;
using columnar::isBinaryLike;
using columnar::isLargeBinaryLike;

namespace {

/// Rows to gather: `indices[i]` is a row of the input, or -1 for a null row
/// (only when hasNulls).
struct Selection {
  const int64_t* indices;
  int64_t count;
  bool hasNulls;
};

Result<ArrayDataPtr> gather(const ArrayData& values, const Selection& selection, MemoryPool* pool);

/// The 64 mask bits of word `w` that select rows: true and not null.
struct MaskWords {
  const uint8_t* data;
  int64_t offset;
  ValidityView validity;
  int64_t length;

  explicit MaskWords(const Array& mask)
      : data(mask.data()->buffers[1]->data()), offset(mask.offset()), validity(validityView(*mask.data())),
        length(mask.length()) {}
  uint64_t operator()(int64_t w) const {
    const int64_t n = bitwords::bitsInWord(w, length);
    uint64_t bits = bitwords::read(data, offset + w * 64, n);
    if (validity.bits != nullptr) bits &= bitwords::read(validity.bits, validity.offset + w * 64, n);
    return bits;
  }
};

SABOT_TARGET_CLONES void fillSelection(const MaskWords& mask, int64_t words, int64_t* out) {
  for (int64_t w = 0; w < words; ++w) {
    uint64_t bits = mask(w);
    while (bits != 0) {
      *out++ = w * 64 + std::countr_zero(bits);
      bits &= bits - 1;
    }
  }
}

SABOT_TARGET_CLONES int64_t countSelected(const MaskWords& mask) {
  int64_t selected = 0;
  for (int64_t w = 0; w < bitwords::wordCount(mask.length); ++w) selected += std::popcount(mask(w));
  return selected;
}


/// Output validity: row i is valid if its index is not null and the value it
/// points at is valid.
Result<OutputValidity> gatherValidity(const ArrayData& values, const Selection& selection,
                                      MemoryPool* pool) {
  const ValidityView view = validityView(values);
  if (view.bits == nullptr && !selection.hasNulls) return OutputValidity{};
  SABOT_ASSIGN_OR_RAISE(auto bits, allocateBitmap(selection.count, pool));
  const int64_t* indices = selection.indices;
  if (view.bits == nullptr) {
    bitwords::fillFromPredicate(bits->mutableData(), selection.count,
                                [indices](int64_t i) { return indices[i] >= 0; });
  } else {
    bitwords::fillFromPredicate(bits->mutableData(), selection.count, [&](int64_t i) {
      const int64_t index = indices[i];
      return index >= 0 && getBit(view.bits, view.offset + index);
    });
  }
  const int64_t valid = columnar::bitmap::countSetBits(bits->data(), 0, selection.count);
  if (valid == selection.count) return OutputValidity{};
  return OutputValidity{std::move(bits), selection.count - valid};
}

template <typename T, bool kHasNulls>
void gatherValues(const T* in, const int64_t* indices, int64_t count, T* out) {
  for (int64_t i = 0; i < count; ++i) {
    if constexpr (kHasNulls) {
      const int64_t index = indices[i];
      out[i] = index < 0 ? T{} : in[index];
    } else {
      out[i] = in[indices[i]];
    }
  }
}

/// Gathers values of `width` bytes (1, 2, 4, 8, 16) into a fresh buffer.
Result<BufferPtr> gatherFixed(const uint8_t* values, int width, const Selection& selection,
                              MemoryPool* pool) {
  SABOT_ASSIGN_OR_RAISE(auto out, MutableBuffer::make(selection.count * width, pool, false));
  auto run = [&]<typename T>() {
    const T* in = reinterpret_cast<const T*>(values);
    T* dest = out->mutableDataAs<T>();
    if (selection.hasNulls) {
      gatherValues<T, true>(in, selection.indices, selection.count, dest);
    } else {
      gatherValues<T, false>(in, selection.indices, selection.count, dest);
    }
  };
  switch (width) {
    case 1: run.operator()<uint8_t>(); break;
    case 2: run.operator()<uint16_t>(); break;
    case 4: run.operator()<uint32_t>(); break;
    case 8: run.operator()<uint64_t>(); break;
    case 16: run.operator()<unsigned __int128>(); break;
    default: return Status::internal("gather of {}-byte values", width);
  }
  return BufferPtr(std::move(out));
}

template <typename OffsetType>
Result<std::vector<BufferPtr>> gatherBinary(const ArrayData& values, const Selection& selection,
                                            MemoryPool* pool) {
  const OffsetType* offsets = values.buffers[1]->dataAs<OffsetType>() + values.offset;
  const uint8_t* data = values.buffers[2] ? values.buffers[2]->data() : nullptr;
  SABOT_ASSIGN_OR_RAISE(auto outOffsets,
                        MutableBuffer::make((selection.count + 1) * static_cast<int64_t>(sizeof(OffsetType)), pool, false));
  OffsetType* destOffsets = outOffsets->mutableDataAs<OffsetType>();
  int64_t total = 0;
  destOffsets[0] = 0;
  for (int64_t i = 0; i < selection.count; ++i) {
    const int64_t index = selection.indices[i];
    if (index >= 0) total += offsets[index + 1] - offsets[index];
    if (total > std::numeric_limits<OffsetType>::max()) {
      return Status::invalid("{} result exceeds {} bytes; use the large_ type",
                             values.type->toString(), std::numeric_limits<OffsetType>::max());
    }
    destOffsets[i + 1] = static_cast<OffsetType>(total);
  }
  SABOT_ASSIGN_OR_RAISE(auto outData, MutableBuffer::make(total, pool, false));
  uint8_t* dest = outData->mutableData();
  for (int64_t i = 0; i < selection.count; ++i) {
    const int64_t index = selection.indices[i];
    if (index < 0) continue;
    const int64_t size = offsets[index + 1] - offsets[index];
    if (size > 0) std::memcpy(dest + destOffsets[i], data + offsets[index], static_cast<size_t>(size));
  }
  return std::vector<BufferPtr>{nullptr, std::move(outOffsets), std::move(outData)};
}

Result<ArrayDataPtr> gatherList(const ArrayData& values, const Selection& selection,
                                MemoryPool* pool) {
  const int32_t* offsets = values.buffers[1]->dataAs<int32_t>() + values.offset;
  SABOT_ASSIGN_OR_RAISE(auto outOffsets, MutableBuffer::make((selection.count + 1) * 4, pool, false));
  int32_t* destOffsets = outOffsets->mutableDataAs<int32_t>();
  std::vector<int64_t> childIndices;
  destOffsets[0] = 0;
  for (int64_t i = 0; i < selection.count; ++i) {
    const int64_t index = selection.indices[i];
    if (index >= 0) {
      for (int64_t j = offsets[index]; j < offsets[index + 1]; ++j) childIndices.push_back(j);
    }
    if (childIndices.size() > static_cast<size_t>(INT32_MAX)) {
      return Status::invalid("list result exceeds 2^31 child values");
    }
    destOffsets[i + 1] = static_cast<int32_t>(childIndices.size());
  }
  const Selection childSelection{childIndices.data(), static_cast<int64_t>(childIndices.size()), false};
  SABOT_ASSIGN_OR_RAISE(ArrayDataPtr child, gather(*values.children[0], childSelection, pool));
  SABOT_ASSIGN_OR_RAISE(OutputValidity validity, gatherValidity(values, selection, pool));
  auto out = std::make_shared<ArrayData>();
  out->type = values.type;
  out->length = selection.count;
  out->nullCount = validity.nullCount;
  out->buffers = {std::move(validity.buffer), std::move(outOffsets)};
  out->children = {std::move(child)};
  return ArrayDataPtr(std::move(out));
}

Result<ArrayDataPtr> gather(const ArrayData& values, const Selection& selection, MemoryPool* pool) {
  const TypeId id = values.type->id();
  if (id == TypeId::kNull) {
    return makeOutputArray(values.type, selection.count, {}, selection.count).data();
  }
  if (values.length == 0 && selection.count > 0) {
    // Only null indices can point into an empty array.
    SABOT_ASSIGN_OR_RAISE(Array nulls, makeAllNullArray(values.type, selection.count, pool));
    return nulls.data();
  }
  SABOT_ASSIGN_OR_RAISE(OutputValidity validity, gatherValidity(values, selection, pool));
  auto out = std::make_shared<ArrayData>();
  out->type = values.type;
  out->length = selection.count;
  if (id == TypeId::kBool) {
    SABOT_ASSIGN_OR_RAISE(auto bits, allocateBitmap(selection.count, pool));
    const uint8_t* in = values.buffers[1]->data();
    const int64_t offset = values.offset;
    const int64_t* indices = selection.indices;
    bitwords::fillFromPredicate(bits->mutableData(), selection.count, [&](int64_t i) {
      return indices[i] >= 0 && getBit(in, offset + indices[i]);
    });
    out->buffers = {nullptr, std::move(bits)};
  } else if (isByteFixedWidth(id) || id == TypeId::kDictionary) {
    const int width = values.type->byteWidth();
    SABOT_ASSIGN_OR_RAISE(BufferPtr gathered,
                          gatherFixed(values.buffers[1]->data() + values.offset * width, width, selection, pool));
    out->buffers = {nullptr, std::move(gathered)};
    out->dictionary = values.dictionary;
  } else if (isBinaryLike(id)) {
    SABOT_ASSIGN_OR_RAISE(out->buffers, gatherBinary<int32_t>(values, selection, pool));
  } else if (isLargeBinaryLike(id)) {
    SABOT_ASSIGN_OR_RAISE(out->buffers, gatherBinary<int64_t>(values, selection, pool));
  } else if (id == TypeId::kList) {
    return gatherList(values, selection, pool);
  } else if (id == TypeId::kStruct) {
    out->buffers = {nullptr};
    for (const ArrayDataPtr& child : values.children) {
      // Children are indexed like the struct, plus the struct's offset.
      const ArrayDataPtr window = child->slice(values.offset, values.length);
      SABOT_ASSIGN_OR_RAISE(ArrayDataPtr gathered, gather(*window, selection, pool));
      out->children.push_back(std::move(gathered));
    }
  } else {
    return Status::unsupported("gathering {} values", values.type->toString());
  }
  out->buffers[0] = std::move(validity.buffer);
  out->nullCount = validity.nullCount;
  return ArrayDataPtr(std::move(out));
}

/// Checks `indices` against `length` and turns them into int64 with -1 for nulls.
Result<std::vector<int64_t>> normalizeIndices(const Array& indices, int64_t length) {
  if (!columnar::isInteger(indices.typeId())) {
    return Status::typeError("take: indices must be integers, not {}", indices.type()->toString());
  }
  std::vector<int64_t> out(static_cast<size_t>(indices.length()));
  const ValidityView view = validityView(*indices.data());
  Status status;
  visitInteger(indices.typeId(), [&]<typename T>() {
    const T* in = indices.values<T>();
    bool outOfRange = false;
    for (int64_t i = 0; i < indices.length(); ++i) {
      const auto index = static_cast<int64_t>(in[i]);
      outOfRange |= std::is_unsigned_v<T> && in[i] > static_cast<T>(std::numeric_limits<int64_t>::max());
      outOfRange |= index < 0 || index >= length;
      out[static_cast<size_t>(i)] = index;
    }
    if (view.bits != nullptr) {
      for (int64_t i = 0; i < indices.length(); ++i) {
        if (!getBit(view.bits, view.offset + i)) out[static_cast<size_t>(i)] = -1;
      }
    }
    if (!outOfRange) return;
    for (int64_t i = 0; i < indices.length(); ++i) {
      if (view.bits != nullptr && !getBit(view.bits, view.offset + i)) continue;
      const bool bad = (std::is_unsigned_v<T> && in[i] > static_cast<T>(std::numeric_limits<int64_t>::max())) ||
                       static_cast<int64_t>(in[i]) < 0 || static_cast<int64_t>(in[i]) >= length;
      if (bad) {
        status = Status::indexError("take: index {} at position {} is out of bounds for an array of length {}",
                                    in[i], i, length);
        return;
      }
    }
  });
  SABOT_RETURN_NOT_OK(status);
  return out;
}

Status checkMask(const Array& mask, int64_t length) {
  if (mask.typeId() != TypeId::kBool) {
    return Status::typeError("filter: the mask must be bool, not {}", mask.type()->toString());
  }
  if (mask.length() != length) {
    return Status::invalid("filter: the mask has {} rows but the input has {}", mask.length(), length);
  }
  return Status::OK();
}

}  // namespace

Result<std::vector<int64_t>> selectionIndices(const Array& mask) {
  if (mask.typeId() != TypeId::kBool) {
    return Status::typeError("filter: the mask must be bool, not {}", mask.type()->toString());
  }
  const MaskWords word(mask);
  const int64_t words = bitwords::wordCount(mask.length());
  const int64_t selected = countSelected(word);
  std::vector<int64_t> indices(static_cast<size_t>(selected));
  fillSelection(word, words, indices.data());
  return indices;
}

namespace {

/// Filters fixed-width values straight from the mask words: whole words
/// are copied or skipped, mixed words copied branch-free. `out` has room for
/// one value more than are selected.
template <typename T>
SABOT_TARGET_CLONES void compactValues(const T* in, const MaskWords& mask, T* out) {
  int64_t written = 0;
  for (int64_t w = 0; w < bitwords::wordCount(mask.length); ++w) {
    const uint64_t bits = mask(w);
    const T* block = in + w * 64;
    if (bits == 0) continue;
    if (bits == ~uint64_t{0}) {
      std::memcpy(out + written, block, 64 * sizeof(T));
      written += 64;
      continue;
    }
    const int64_t n = bitwords::bitsInWord(w, mask.length);
    for (int64_t j = 0; j < n; ++j) {
      out[written] = block[j];
      written += static_cast<int64_t>((bits >> j) & 1);
    }
  }
}

Result<Array> filterFixedWidthWithoutNulls(const Array& values, const Array& mask, MemoryPool* pool) {
  const MaskWords words(mask);
  const int64_t selected = countSelected(words);
  if (selected == values.length()) return values;
  const int width = values.type()->byteWidth();
  SABOT_ASSIGN_OR_RAISE(auto out, MutableBuffer::make((selected + 1) * width, pool, false));
  const uint8_t* in = values.data()->buffers[1]->data() + values.offset() * width;
  switch (width) {
    case 1: compactValues(in, words, out->mutableData()); break;
    case 2: compactValues(reinterpret_cast<const uint16_t*>(in), words, out->mutableDataAs<uint16_t>()); break;
    case 4: compactValues(reinterpret_cast<const uint32_t*>(in), words, out->mutableDataAs<uint32_t>()); break;
    case 8: compactValues(reinterpret_cast<const uint64_t*>(in), words, out->mutableDataAs<uint64_t>()); break;
    default:
      compactValues(reinterpret_cast<const unsigned __int128*>(in), words,
                    out->mutableDataAs<unsigned __int128>());
      break;
  }
  SABOT_RETURN_NOT_OK(out->resize(selected * width));
  auto data = std::make_shared<ArrayData>();
  data->type = values.type();
  data->length = selected;
  data->buffers = {nullptr, std::move(out)};
  data->dictionary = values.data()->dictionary;
  return Array(std::move(data));
}

}  // namespace

Result<Array> filter(const Array& values, const Array& mask, MemoryPool* pool) {
  SABOT_RETURN_NOT_OK(checkMask(mask, values.length()));
  const TypeId id = values.typeId();
  if ((isByteFixedWidth(id) || id == TypeId::kDictionary) && values.nullCount() == 0) {
    return filterFixedWidthWithoutNulls(values, mask, pool);
  }
  SABOT_ASSIGN_OR_RAISE(std::vector<int64_t> indices, selectionIndices(mask));
  if (static_cast<int64_t>(indices.size()) == values.length()) return values;
  const Selection selection{indices.data(), static_cast<int64_t>(indices.size()), false};
  SABOT_ASSIGN_OR_RAISE(ArrayDataPtr data, gather(*values.data(), selection, pool));
  return Array(std::move(data));
}

Result<std::vector<Array>> filterColumns(const std::vector<Array>& columns, const Array& mask, MemoryPool* pool) {
  for (const Array& column : columns) {
    if (column.valid()) SABOT_RETURN_NOT_OK(checkMask(mask, column.length()));
  }
  if (columns.size() == 1 && columns[0].valid()) {
    SABOT_ASSIGN_OR_RAISE(Array only, filter(columns[0], mask, pool));
    return std::vector<Array>{std::move(only)};
  }
  SABOT_ASSIGN_OR_RAISE(std::vector<int64_t> indices, selectionIndices(mask));
  const auto count = static_cast<int64_t>(indices.size());
  if (count == mask.length()) return columns;
  const Selection selection{indices.data(), count, false};
  std::vector<Array> out;
  out.reserve(columns.size());
  for (const Array& column : columns) {
    if (!column.valid()) {
      out.emplace_back();
      continue;
    }
    SABOT_ASSIGN_OR_RAISE(ArrayDataPtr data, gather(*column.data(), selection, pool));
    out.emplace_back(std::move(data));
  }
  return out;
}

Result<RecordBatchPtr> filter(const RecordBatch& batch, const Array& mask, MemoryPool* pool) {
  SABOT_RETURN_NOT_OK(checkMask(mask, batch.numRows()));
  SABOT_ASSIGN_OR_RAISE(std::vector<Array> columns, filterColumns(batch.columns(), mask, pool));
  const int64_t rows = columns.empty() ? countSelected(MaskWords(mask)) : columns[0].length();
  return std::make_shared<const RecordBatch>(batch.schema(), rows, std::move(columns));
}

Result<Array> take(const Array& values, const Array& indices, MemoryPool* pool) {
  if (indices.typeId() == TypeId::kInt64 && indices.nullCount() == 0) {
    // Common case: gather straight through the caller's indices once a
    // branch-free min/max pass shows they are all in range.
    const int64_t* raw = indices.values<int64_t>();
    int64_t lowest = 0;
    int64_t highest = 0;
    if (indices.length() > 0) lowest = highest = raw[0];
    for (int64_t i = 0; i < indices.length(); ++i) {
      lowest = std::min(lowest, raw[i]);
      highest = std::max(highest, raw[i]);
    }
    if (indices.length() == 0 || (lowest >= 0 && highest < values.length())) {
      const Selection selection{raw, indices.length(), false};
      SABOT_ASSIGN_OR_RAISE(ArrayDataPtr data, gather(*values.data(), selection, pool));
      return Array(std::move(data));
    }
  }
  SABOT_ASSIGN_OR_RAISE(std::vector<int64_t> normalized, normalizeIndices(indices, values.length()));
  const Selection selection{normalized.data(), static_cast<int64_t>(normalized.size()),
                            indices.nullCount() > 0};
  SABOT_ASSIGN_OR_RAISE(ArrayDataPtr data, gather(*values.data(), selection, pool));
  return Array(std::move(data));
}

Result<RecordBatchPtr> take(const RecordBatch& batch, const Array& indices, MemoryPool* pool) {
  SABOT_ASSIGN_OR_RAISE(std::vector<int64_t> normalized, normalizeIndices(indices, batch.numRows()));
  const Selection selection{normalized.data(), static_cast<int64_t>(normalized.size()),
                            indices.nullCount() > 0};
  std::vector<Array> columns;
  for (const Array& column : batch.columns()) {
    SABOT_ASSIGN_OR_RAISE(ArrayDataPtr data, gather(*column.data(), selection, pool));
    columns.emplace_back(std::move(data));
  }
  // Non-nullable fields may receive nulls from null indices.
  if (indices.nullCount() > 0) return RecordBatch::make(batch.schema(), selection.count, std::move(columns));
  return std::make_shared<const RecordBatch>(batch.schema(), selection.count, std::move(columns));
}

// ------------------------------------------------------------- concatenate

namespace {

/// Concatenated validity of the pieces, or nullptr if none has nulls.
Result<OutputValidity> concatenateValidity(const std::vector<const ArrayData*>& pieces,
                                           int64_t total, MemoryPool* pool) {
  int64_t nullCount = 0;
  for (const ArrayData* piece : pieces) nullCount += piece->nullCount;
  if (nullCount == 0) return OutputValidity{};
  SABOT_ASSIGN_OR_RAISE(auto bits, allocateBitmap(total, pool));
  int64_t position = 0;
  for (const ArrayData* piece : pieces) {
    const ValidityView view = validityView(*piece);
    if (view.bits == nullptr) {
      columnar::bitmap::setBitsTo(bits->mutableData(), position, piece->length, true);
    } else {
      columnar::bitmap::copyBits(view.bits, view.offset, piece->length, bits->mutableData(), position);
    }
    position += piece->length;
  }
  return OutputValidity{std::move(bits), nullCount};
}

Result<ArrayDataPtr> concatenateData(const std::vector<const ArrayData*>& pieces, MemoryPool* pool);

template <typename OffsetType>
Status concatenateOffsets(const std::vector<const ArrayData*>& pieces, int64_t total,
                          MemoryPool* pool, std::shared_ptr<MutableBuffer>& outOffsets,
                          std::vector<std::pair<int64_t, int64_t>>& ranges) {
  SABOT_ASSIGN_OR_RAISE(outOffsets, MutableBuffer::make((total + 1) * static_cast<int64_t>(sizeof(OffsetType)), pool, false));
  OffsetType* dest = outOffsets->mutableDataAs<OffsetType>();
  int64_t position = 0;
  int64_t base = 0;
  dest[0] = 0;
  for (const ArrayData* piece : pieces) {
    const OffsetType* offsets = piece->buffers[1] ? piece->buffers[1]->dataAs<OffsetType>() + piece->offset : nullptr;
    const int64_t first = piece->length == 0 ? 0 : offsets[0];
    const int64_t last = piece->length == 0 ? 0 : offsets[piece->length];
    if (base + (last - first) > std::numeric_limits<OffsetType>::max()) {
      return Status::invalid("concatenate: {} result exceeds {} values/bytes", pieces[0]->type->toString(),
                             std::numeric_limits<OffsetType>::max());
    }
    for (int64_t i = 1; i <= piece->length; ++i) {
      dest[position + i] = static_cast<OffsetType>(base + offsets[i] - first);
    }
    ranges.emplace_back(first, last - first);
    base += last - first;
    position += piece->length;
  }
  return Status::OK();
}

Result<ArrayDataPtr> concatenateDictionaries(const std::vector<const ArrayData*>& pieces,
                                             int64_t total, MemoryPool* pool) {
  const DataTypePtr& type = pieces[0]->type;
  bool sameDictionary = true;
  for (const ArrayData* piece : pieces) sameDictionary &= piece->dictionary == pieces[0]->dictionary;
  std::vector<ArrayDataPtr> indexPieces;
  for (const ArrayData* piece : pieces) {
    auto indices = std::make_shared<ArrayData>(*piece);
    indices->type = type->indexType();
    indices->dictionary = nullptr;
    indexPieces.push_back(std::move(indices));
  }
  std::vector<const ArrayData*> indexViews;
  for (const auto& piece : indexPieces) indexViews.push_back(piece.get());
  SABOT_ASSIGN_OR_RAISE(ArrayDataPtr indices, concatenateData(indexViews, pool));
  ArrayDataPtr dictionary = pieces[0]->dictionary;
  if (!sameDictionary) {
    std::vector<const ArrayData*> dictionaries;
    for (const ArrayData* piece : pieces) dictionaries.push_back(piece->dictionary.get());
    SABOT_ASSIGN_OR_RAISE(dictionary, concatenateData(dictionaries, pool));
    const int bits = type->indexType()->bitWidth() - (columnar::isSignedInteger(type->indexType()->id()) ? 1 : 0);
    if (bits < 63 && dictionary->length - 1 > (int64_t{1} << bits) - 1) {
      return Status::invalid("concatenate: the combined dictionary has {} values, more than {} indices can address",
                             dictionary->length, type->indexType()->toString());
    }
    // Shift each piece's indices by the dictionary entries before it.
    auto shifted = std::make_shared<ArrayData>(*indices);
    SABOT_ASSIGN_OR_RAISE(auto values, MutableBuffer::make(total * type->byteWidth(), pool, false));
    std::memcpy(values->mutableData(), indices->buffers[1]->data(), static_cast<size_t>(total * type->byteWidth()));
    visitInteger(type->indexType()->id(), [&]<typename T>() {
      T* out = values->mutableDataAs<T>();
      int64_t position = 0;
      int64_t base = 0;
      for (const ArrayData* piece : pieces) {
        for (int64_t i = 0; i < piece->length; ++i) out[position + i] = static_cast<T>(out[position + i] + base);
        position += piece->length;
        base += piece->dictionary->length;
      }
    });
    shifted->buffers[1] = std::move(values);
    indices = std::move(shifted);
  }
  auto out = std::make_shared<ArrayData>(*indices);
  out->type = type;
  out->dictionary = std::move(dictionary);
  return ArrayDataPtr(std::move(out));
}

Result<ArrayDataPtr> concatenateData(const std::vector<const ArrayData*>& pieces, MemoryPool* pool) {
  const DataTypePtr& type = pieces[0]->type;
  const TypeId id = type->id();
  int64_t total = 0;
  for (const ArrayData* piece : pieces) total += piece->length;
  if (id == TypeId::kNull) return makeOutputArray(type, total, {}, total).data();
  if (id == TypeId::kDictionary) return concatenateDictionaries(pieces, total, pool);
  SABOT_ASSIGN_OR_RAISE(OutputValidity validity, concatenateValidity(pieces, total, pool));
  auto out = std::make_shared<ArrayData>();
  out->type = type;
  out->length = total;
  out->nullCount = validity.nullCount;
  if (id == TypeId::kBool) {
    SABOT_ASSIGN_OR_RAISE(auto bits, allocateBitmap(total, pool));
    int64_t position = 0;
    for (const ArrayData* piece : pieces) {
      columnar::bitmap::copyBits(piece->buffers[1]->data(), piece->offset, piece->length,
                                 bits->mutableData(), position);
      position += piece->length;
    }
    out->buffers = {std::move(validity.buffer), std::move(bits)};
  } else if (isByteFixedWidth(id)) {
    const int width = type->byteWidth();
    SABOT_ASSIGN_OR_RAISE(auto values, MutableBuffer::make(total * width, pool, false));
    int64_t position = 0;
    for (const ArrayData* piece : pieces) {
      if (piece->length > 0) {
        std::memcpy(values->mutableData() + position * width, piece->buffers[1]->data() + piece->offset * width,
                    static_cast<size_t>(piece->length * width));
      }
      position += piece->length;
    }
    out->buffers = {std::move(validity.buffer), std::move(values)};
  } else if (isBinaryLike(id) || isLargeBinaryLike(id) || id == TypeId::kList) {
    std::shared_ptr<MutableBuffer> offsets;
    std::vector<std::pair<int64_t, int64_t>> ranges;
    if (isLargeBinaryLike(id)) {
      SABOT_RETURN_NOT_OK(concatenateOffsets<int64_t>(pieces, total, pool, offsets, ranges));
    } else {
      SABOT_RETURN_NOT_OK(concatenateOffsets<int32_t>(pieces, total, pool, offsets, ranges));
    }
    if (id == TypeId::kList) {
      std::vector<ArrayDataPtr> windows;
      std::vector<const ArrayData*> children;
      for (size_t p = 0; p < pieces.size(); ++p) {
        windows.push_back(pieces[p]->children[0]->slice(ranges[p].first, ranges[p].second));
        children.push_back(windows.back().get());
      }
      SABOT_ASSIGN_OR_RAISE(ArrayDataPtr child, concatenateData(children, pool));
      out->buffers = {std::move(validity.buffer), std::move(offsets)};
      out->children = {std::move(child)};
    } else {
      int64_t bytes = 0;
      for (const auto& range : ranges) bytes += range.second;
      SABOT_ASSIGN_OR_RAISE(auto data, MutableBuffer::make(bytes, pool, false));
      int64_t position = 0;
      for (size_t p = 0; p < pieces.size(); ++p) {
        if (ranges[p].second > 0) {
          std::memcpy(data->mutableData() + position, pieces[p]->buffers[2]->data() + ranges[p].first,
                      static_cast<size_t>(ranges[p].second));
        }
        position += ranges[p].second;
      }
      out->buffers = {std::move(validity.buffer), std::move(offsets), std::move(data)};
    }
  } else if (id == TypeId::kStruct) {
    out->buffers = {std::move(validity.buffer)};
    for (int f = 0; f < type->numFields(); ++f) {
      std::vector<ArrayDataPtr> windows;
      std::vector<const ArrayData*> children;
      for (const ArrayData* piece : pieces) {
        windows.push_back(piece->children[static_cast<size_t>(f)]->slice(piece->offset, piece->length));
        children.push_back(windows.back().get());
      }
      SABOT_ASSIGN_OR_RAISE(ArrayDataPtr child, concatenateData(children, pool));
      out->children.push_back(std::move(child));
    }
  } else {
    return Status::unsupported("concatenating {} arrays", type->toString());
  }
  return ArrayDataPtr(std::move(out));
}

}  // namespace

Result<Array> concatenate(const std::vector<Array>& arrays, MemoryPool* pool) {
  if (arrays.empty()) return Status::invalid("concatenate: needs at least one array");
  std::vector<const ArrayData*> pieces;
  for (size_t i = 0; i < arrays.size(); ++i) {
    if (!arrays[i].type()->equals(*arrays[0].type())) {
      return Status::typeError("concatenate: array {} has type {}, array 0 has {}", i,
                               arrays[i].type()->toString(), arrays[0].type()->toString());
    }
    pieces.push_back(arrays[i].data().get());
  }
  if (arrays.size() == 1) return arrays[0];
  SABOT_ASSIGN_OR_RAISE(ArrayDataPtr data, concatenateData(pieces, pool));
  return Array(std::move(data));
}

}  // namespace sabot::compute
