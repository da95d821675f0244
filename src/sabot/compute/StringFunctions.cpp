#include "sabot/compute/StringFunctions.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <vector>

#include "sabot/columnar/Bitmap.h"
#include "sabot/compute/BitWords.h"
#include "sabot/compute/KernelOutput.h"

namespace sabot::compute {

namespace {

/// The offsets and bytes of a (possibly sliced) string array.
template <typename OffsetType>
struct StringView {
  const OffsetType* offsets;  // already moved by the array's offset
  const char* data;
  int64_t length;

  explicit StringView(const Array& array)
      : offsets(array.data()->buffers[1]->template dataAs<OffsetType>() + array.offset()),
        data(array.data()->buffers[2] ? reinterpret_cast<const char*>(array.data()->buffers[2]->data()) : ""),
        length(array.length()) {}
  std::string_view operator[](int64_t i) const {
    return {data + offsets[i], static_cast<size_t>(offsets[i + 1] - offsets[i])};
  }
};

Status requireStrings(const char* name, const Array& array, bool allowBinary) {
  const TypeId id = array.typeId();
  if (columnar::isStringLike(id)) return Status::OK();
  if (allowBinary && (id == TypeId::kBinary || id == TypeId::kLargeBinary)) return Status::OK();
  return Status::typeError("{} needs {} input, got {}", name, allowBinary ? "utf8 or binary" : "utf8",
                           array.type()->toString());
}

/// Calls body.template operator()<OffsetType>() for the array's offset width.
template <typename Body>
decltype(auto) withOffsets(const Array& array, Body&& body) {
  if (columnar::isLargeBinaryLike(array.typeId())) return body.template operator()<int64_t>();
  return body.template operator()<int32_t>();
}

Result<OutputValidity> sameValidity(const Array& array, MemoryPool* pool) {
  return intersectValidity({array.data().get()}, array.length(), pool);
}

bool isLeadByte(char c) { return (static_cast<uint8_t>(c) & 0xC0) != 0x80; }

template <typename Count>
Result<Array> lengthKernel(const char* name, const Array& strings, bool allowBinary, MemoryPool* pool,
                           Count count) {
  SABOT_RETURN_NOT_OK(requireStrings(name, strings, allowBinary));
  return withOffsets(strings, [&]<typename OffsetType>() -> Result<Array> {
    const StringView<OffsetType> view(strings);
    SABOT_ASSIGN_OR_RAISE(auto values, allocateValues<OffsetType>(view.length, pool));
    OffsetType* out = values->template mutableDataAs<OffsetType>();
    for (int64_t i = 0; i < view.length; ++i) out[i] = static_cast<OffsetType>(count(view[i]));
    SABOT_ASSIGN_OR_RAISE(OutputValidity validity, sameValidity(strings, pool));
    const DataTypePtr type = sizeof(OffsetType) == 8 ? columnar::int64() : columnar::int32();
    return makeFixedWidthArray(type, view.length, std::move(values), std::move(validity));
  });
}

/// Maps every byte of the array's data window; offsets keep their shape.
template <typename MapByte>
Result<Array> mapBytes(const char* name, const Array& strings, MemoryPool* pool, MapByte map) {
  SABOT_RETURN_NOT_OK(requireStrings(name, strings, false));
  return withOffsets(strings, [&]<typename OffsetType>() -> Result<Array> {
    const StringView<OffsetType> view(strings);
    const int64_t length = view.length;
    const OffsetType first = view.offsets[0];
    const int64_t bytes = view.offsets[length] - first;
    SABOT_ASSIGN_OR_RAISE(auto offsets, allocateValues<OffsetType>(length + 1, pool));
    OffsetType* outOffsets = offsets->template mutableDataAs<OffsetType>();
    for (int64_t i = 0; i <= length; ++i) outOffsets[i] = static_cast<OffsetType>(view.offsets[i] - first);
    SABOT_ASSIGN_OR_RAISE(auto data, MutableBuffer::make(bytes, pool, false));
    const char* in = view.data + first;
    char* out = reinterpret_cast<char*>(data->mutableData());
    for (int64_t i = 0; i < bytes; ++i) out[i] = map(in[i]);
    SABOT_ASSIGN_OR_RAISE(OutputValidity validity, sameValidity(strings, pool));
    return makeOutputArray(strings.type(), length, {std::move(validity.buffer), std::move(offsets), std::move(data)},
                           validity.nullCount);
  });
}

template <typename Predicate>
Result<Array> matchKernel(const char* name, const Array& strings, MemoryPool* pool, Predicate predicate) {
  SABOT_RETURN_NOT_OK(requireStrings(name, strings, true));
  return withOffsets(strings, [&]<typename OffsetType>() -> Result<Array> {
    const StringView<OffsetType> view(strings);
    SABOT_ASSIGN_OR_RAISE(auto bits, allocateBitmap(view.length, pool));
    bitwords::fillFromPredicate(bits->mutableData(), view.length, [&](int64_t i) { return predicate(view[i]); });
    SABOT_ASSIGN_OR_RAISE(OutputValidity validity, sameValidity(strings, pool));
    return makeFixedWidthArray(columnar::boolean(), view.length, std::move(bits), std::move(validity));
  });
}

/// Byte position of code point `index` (0-based) in `text`, or text.size().
size_t bytePositionOfChar(std::string_view text, int64_t index) {
  if (index <= 0) return 0;
  int64_t seen = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (isLeadByte(text[i])) {
      if (seen == index) return i;
      ++seen;
    }
  }
  return text.size();
}

}  // namespace

Result<Array> byteLength(const Array& strings, MemoryPool* pool) {
  return lengthKernel("byte_length", strings, true, pool, [](std::string_view s) { return s.size(); });
}

Result<Array> charLength(const Array& strings, MemoryPool* pool) {
  return lengthKernel("char_length", strings, false, pool, [](std::string_view s) {
    int64_t count = 0;
    for (char c : s) count += isLeadByte(c) ? 1 : 0;
    return count;
  });
}

Result<Array> lower(const Array& strings, MemoryPool* pool) {
  return mapBytes("lower", strings, pool, [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c | 0x20) : c; });
}

Result<Array> upper(const Array& strings, MemoryPool* pool) {
  return mapBytes("upper", strings, pool, [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c & ~0x20) : c; });
}

Result<Array> startsWith(const Array& strings, std::string_view pattern, MemoryPool* pool) {
  return matchKernel("starts_with", strings, pool, [pattern](std::string_view s) { return s.starts_with(pattern); });
}

Result<Array> endsWith(const Array& strings, std::string_view pattern, MemoryPool* pool) {
  return matchKernel("ends_with", strings, pool, [pattern](std::string_view s) { return s.ends_with(pattern); });
}

Result<Array> contains(const Array& strings, std::string_view pattern, MemoryPool* pool) {
  return matchKernel("contains", strings, pool, [pattern](std::string_view s) {
    // find() scans for the first byte with memchr, which suits the short
    // values of most columns better than a two-way search's setup.
    return s.find(pattern) != std::string_view::npos;
  });
}

Result<Array> substring(const Array& strings, int64_t start, std::optional<int64_t> length, MemoryPool* pool) {
  SABOT_RETURN_NOT_OK(requireStrings("substring", strings, false));
  if (length && *length < 0) return Status::invalid("substring: negative length {}", *length);
  // Characters [first, end) counted from 0.
  const int64_t first = std::max(start, std::numeric_limits<int64_t>::min() + 1) - 1;
  const int64_t end = length ? (first > std::numeric_limits<int64_t>::max() - *length
                                    ? std::numeric_limits<int64_t>::max()
                                    : first + *length)
                             : std::numeric_limits<int64_t>::max();
  return withOffsets(strings, [&]<typename OffsetType>() -> Result<Array> {
    const StringView<OffsetType> view(strings);
    const int64_t count = view.length;
    const int64_t capacity = view.offsets[count] - view.offsets[0];
    SABOT_ASSIGN_OR_RAISE(auto offsets, allocateValues<OffsetType>(count + 1, pool));
    SABOT_ASSIGN_OR_RAISE(auto data, MutableBuffer::make(capacity, pool, false));
    OffsetType* outOffsets = offsets->template mutableDataAs<OffsetType>();
    char* out = reinterpret_cast<char*>(data->mutableData());
    int64_t written = 0;
    outOffsets[0] = 0;
    for (int64_t i = 0; i < count; ++i) {
      const std::string_view text = view[i];
      if (end > 0 && strings.isValid(i)) {
        const size_t from = bytePositionOfChar(text, first);
        const size_t to = end == std::numeric_limits<int64_t>::max() ? text.size() : bytePositionOfChar(text, end);
        if (to > from) {
          std::memcpy(out + written, text.data() + from, to - from);
          written += static_cast<int64_t>(to - from);
        }
      }
      outOffsets[i + 1] = static_cast<OffsetType>(written);
    }
    SABOT_RETURN_NOT_OK(data->resize(written));
    SABOT_ASSIGN_OR_RAISE(OutputValidity validity, sameValidity(strings, pool));
    return makeOutputArray(strings.type(), count, {std::move(validity.buffer), std::move(offsets), std::move(data)},
                           validity.nullCount);
  });
}

Result<Array> split(const Array& strings, std::string_view delimiter, MemoryPool* pool) {
  SABOT_RETURN_NOT_OK(requireStrings("split", strings, false));
  if (delimiter.empty()) return Status::invalid("split: the delimiter must not be empty");
  return withOffsets(strings, [&]<typename OffsetType>() -> Result<Array> {
    const StringView<OffsetType> view(strings);
    const int64_t count = view.length;
    SABOT_ASSIGN_OR_RAISE(auto listOffsets, allocateValues<int32_t>(count + 1, pool));
    int32_t* outListOffsets = listOffsets->mutableDataAs<int32_t>();
    std::vector<OffsetType> pieceOffsets{0};
    SABOT_ASSIGN_OR_RAISE(auto data, MutableBuffer::make(view.offsets[count] - view.offsets[0], pool, false));
    char* out = reinterpret_cast<char*>(data->mutableData());
    int64_t written = 0;
    outListOffsets[0] = 0;
    for (int64_t i = 0; i < count; ++i) {
      if (strings.isValid(i)) {
        const std::string_view text = view[i];
        size_t position = 0;
        while (true) {
          const size_t found = text.find(delimiter, position);
          const size_t pieceEnd = found == std::string_view::npos ? text.size() : found;
          std::memcpy(out + written, text.data() + position, pieceEnd - position);
          written += static_cast<int64_t>(pieceEnd - position);
          pieceOffsets.push_back(static_cast<OffsetType>(written));
          if (found == std::string_view::npos) break;
          position = found + delimiter.size();
        }
      }
      if (pieceOffsets.size() - 1 > static_cast<size_t>(std::numeric_limits<int32_t>::max())) {
        return Status::invalid("split: more than 2^31 pieces");
      }
      outListOffsets[i + 1] = static_cast<int32_t>(pieceOffsets.size() - 1);
    }
    SABOT_RETURN_NOT_OK(data->resize(written));
    const auto pieces = static_cast<int64_t>(pieceOffsets.size() - 1);
    SABOT_ASSIGN_OR_RAISE(BufferPtr childOffsets,
                          columnar::Buffer::copyOf({reinterpret_cast<const char*>(pieceOffsets.data()),
                                                    pieceOffsets.size() * sizeof(OffsetType)}, pool));
    Array child = makeOutputArray(strings.type(), pieces, {nullptr, std::move(childOffsets), std::move(data)}, 0);
    SABOT_ASSIGN_OR_RAISE(OutputValidity validity, sameValidity(strings, pool));
    auto list = std::make_shared<ArrayData>();
    list->type = columnar::list(strings.type());
    list->length = count;
    list->nullCount = validity.nullCount;
    list->buffers = {std::move(validity.buffer), std::move(listOffsets)};
    list->children = {child.data()};
    return Array(std::move(list));
  });
}

Result<Array> splitIndex(const Array& strings, std::string_view delimiter, int64_t index, MemoryPool* pool) {
  SABOT_RETURN_NOT_OK(requireStrings("split_index", strings, false));
  if (delimiter.empty()) return Status::invalid("split_index: the delimiter must not be empty");
  return withOffsets(strings, [&]<typename OffsetType>() -> Result<Array> {
    const StringView<OffsetType> view(strings);
    const int64_t count = view.length;
    SABOT_ASSIGN_OR_RAISE(auto offsets, allocateValues<OffsetType>(count + 1, pool));
    SABOT_ASSIGN_OR_RAISE(auto data, MutableBuffer::make(view.offsets[count] - view.offsets[0], pool, false));
    // The output has its own validity: a value with too few pieces is null.
    SABOT_ASSIGN_OR_RAISE(auto validity, allocateBitmap(count, pool));
    OffsetType* outOffsets = offsets->template mutableDataAs<OffsetType>();
    uint8_t* validBits = validity->mutableData();
    char* out = reinterpret_cast<char*>(data->mutableData());
    int64_t written = 0;
    int64_t nullCount = 0;
    outOffsets[0] = 0;
    for (int64_t i = 0; i < count; ++i) {
      bool found = false;
      if (index >= 0 && strings.isValid(i)) {
        const std::string_view text = view[i];
        size_t start = 0;
        int64_t piece = 0;
        // Skip `index` delimiters; the piece then runs to the next one.
        while (piece < index) {
          const size_t next = text.find(delimiter, start);
          if (next == std::string_view::npos) break;
          start = next + delimiter.size();
          ++piece;
        }
        if (piece == index) {
          const size_t end = std::min(text.find(delimiter, start), text.size());
          std::memcpy(out + written, text.data() + start, end - start);
          written += static_cast<int64_t>(end - start);
          found = true;
        }
      }
      if (found) {
        columnar::bitmap::setBit(validBits, i);
      } else {
        ++nullCount;
      }
      outOffsets[i + 1] = static_cast<OffsetType>(written);
    }
    SABOT_RETURN_NOT_OK(data->resize(written));
    return makeOutputArray(strings.type(), count,
                           {nullCount == 0 ? nullptr : BufferPtr(std::move(validity)), std::move(offsets),
                            std::move(data)},
                           nullCount);
  });
}

}  // namespace sabot::compute
