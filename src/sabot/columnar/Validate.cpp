#include "sabot/columnar/Array.h"
#include "sabot/columnar/Utf8.h"

namespace sabot::columnar {

namespace {

// Lengths above this cannot be real and would overflow size arithmetic.
constexpr int64_t kMaxLength = int64_t{1} << 50;

Status checkBufferSize(const ArrayData& data, int index, int64_t neededBytes, const char* what) {
  const BufferPtr& buffer = data.buffers[static_cast<size_t>(index)];
  if (!buffer) {
    if (neededBytes == 0) return Status::OK();
    return Status::corrupt("{} array: {} buffer is missing", data.type->toString(), what);
  }
  if (buffer->size() < neededBytes) {
    return Status::corrupt("{} array of length {} at offset {}: {} buffer has {} bytes, needs {}",
                           data.type->toString(), data.length, data.offset, what, buffer->size(),
                           neededBytes);
  }
  return Status::OK();
}

template <typename OffsetType>
Status checkOffsets(const ArrayData& data, int64_t valuesLength, const char* valuesWhat) {
  const int64_t end = data.offset + data.length;
  if (data.length == 0 && (!data.buffers[1] || data.buffers[1]->size() == 0)) return Status::OK();
  SABOT_RETURN_NOT_OK(
      checkBufferSize(data, 1, (end + 1) * static_cast<int64_t>(sizeof(OffsetType)), "offsets"));
  const OffsetType* offsets = data.buffers[1]->dataAs<OffsetType>();
  if (offsets[data.offset] < 0) {
    return Status::corrupt("{} array: negative offset {} at index {}", data.type->toString(),
                           static_cast<int64_t>(offsets[data.offset]), data.offset);
  }
  for (int64_t i = data.offset; i < end; ++i) {
    if (offsets[i + 1] < offsets[i]) {
      return Status::corrupt("{} array: offsets decrease at index {} ({} then {})",
                             data.type->toString(), i, static_cast<int64_t>(offsets[i]),
                             static_cast<int64_t>(offsets[i + 1]));
    }
  }
  if (offsets[end] > valuesLength) {
    return Status::corrupt("{} array: last offset {} is past the end of {} ({} long)",
                           data.type->toString(), static_cast<int64_t>(offsets[end]), valuesWhat,
                           valuesLength);
  }
  return Status::OK();
}

template <typename OffsetType>
Status checkUtf8(const ArrayData& data) {
  if (data.length == 0) return Status::OK();
  const OffsetType* offsets = data.buffers[1]->dataAs<OffsetType>();
  const char* chars = reinterpret_cast<const char*>(data.buffers[2]->data());
  for (int64_t i = data.offset; i < data.offset + data.length; ++i) {
    std::string_view value(chars + offsets[i], static_cast<size_t>(offsets[i + 1] - offsets[i]));
    if (!isValidUtf8(value)) {
      return Status::corrupt("{} array: element {} is not valid UTF-8", data.type->toString(),
                             i - data.offset);
    }
  }
  return Status::OK();
}

Status checkDictionaryIndices(const ArrayData& data) {
  const Array indices(std::make_shared<const ArrayData>(data));
  const int64_t dictionaryLength = data.dictionary->length;
  for (int64_t i = 0; i < data.length; ++i) {
    if (!indices.isValid(i)) continue;
    const int64_t index = indices.dictionaryIndex(i);
    if (index < 0 || index >= dictionaryLength) {
      return Status::corrupt("dictionary array: index {} at position {} is outside the dictionary of {} values",
                             index, i, dictionaryLength);
    }
  }
  return Status::OK();
}

}  // namespace

Status validateArray(const ArrayData& data, bool full) {
  if (!data.type) return Status::corrupt("array without a type");
  const DataType& type = *data.type;
  const TypeId id = type.id();
  if (data.length < 0 || data.offset < 0 || data.length > kMaxLength || data.offset > kMaxLength) {
    return Status::corrupt("{} array: impossible length {} or offset {}", type.toString(),
                           data.length, data.offset);
  }
  if (data.nullCount < 0 || data.nullCount > data.length) {
    return Status::corrupt("{} array of length {}: impossible null count {}", type.toString(),
                           data.length, data.nullCount);
  }
  const size_t expectedBuffers = static_cast<size_t>(numBuffers(id));
  if (data.buffers.size() != expectedBuffers) {
    return Status::corrupt("{} array: has {} buffers, the layout has {}", type.toString(),
                           data.buffers.size(), expectedBuffers);
  }
  const int64_t end = data.offset + data.length;
  if (id != TypeId::kNull) {
    SABOT_RETURN_NOT_OK(checkBufferSize(data, 0, data.buffers[0] ? bitmap::bytesForBits(end) : 0,
                                        "validity"));
    const int64_t counted = data.computeNullCount();
    if (counted != data.nullCount) {
      return Status::corrupt("{} array: null count says {} but the validity bitmap has {} nulls",
                             type.toString(), data.nullCount, counted);
    }
  } else if (data.nullCount != data.length) {
    return Status::corrupt("null array: null count {} differs from length {}", data.nullCount,
                           data.length);
  }

  if (id == TypeId::kBool) return checkBufferSize(data, 1, bitmap::bytesForBits(end), "values");
  if (isFixedWidth(id)) return checkBufferSize(data, 1, end * type.byteWidth(), "values");

  if (isBinaryLike(id) || isLargeBinaryLike(id)) {
    const int64_t dataSize = data.buffers[2] ? data.buffers[2]->size() : 0;
    if (isBinaryLike(id)) {
      SABOT_RETURN_NOT_OK(checkOffsets<int32_t>(data, dataSize, "the data buffer"));
    } else {
      SABOT_RETURN_NOT_OK(checkOffsets<int64_t>(data, dataSize, "the data buffer"));
    }
    if (data.length > 0 && !data.buffers[2]) {
      return Status::corrupt("{} array: data buffer is missing", type.toString());
    }
    if (full && id == TypeId::kUtf8) return checkUtf8<int32_t>(data);
    if (full && id == TypeId::kLargeUtf8) return checkUtf8<int64_t>(data);
    return Status::OK();
  }

  switch (id) {
    case TypeId::kNull: return Status::OK();
    case TypeId::kList: {
      if (data.children.size() != 1 || !data.children[0]) {
        return Status::corrupt("list array: needs exactly one child, has {}", data.children.size());
      }
      const ArrayData& child = *data.children[0];
      if (!child.type || !child.type->equals(*type.field(0)->type())) {
        return Status::corrupt("list array: child type {} differs from {}",
                               child.type ? child.type->toString() : "none",
                               type.field(0)->type()->toString());
      }
      SABOT_RETURN_NOT_OK(checkOffsets<int32_t>(data, child.length, "the child array"));
      return validateArray(child, full).withContext("in list values");
    }
    case TypeId::kStruct: {
      if (data.children.size() != static_cast<size_t>(type.numFields())) {
        return Status::corrupt("{} array: has {} children, the type has {} fields",
                               type.toString(), data.children.size(), type.numFields());
      }
      for (int i = 0; i < type.numFields(); ++i) {
        const ArrayDataPtr& child = data.children[static_cast<size_t>(i)];
        const Field& childField = *type.field(i);
        if (!child || !child->type || !child->type->equals(*childField.type())) {
          return Status::corrupt("struct array: child '{}' has type {}, the field says {}",
                                 childField.name(), child && child->type ? child->type->toString() : "none",
                                 childField.type()->toString());
        }
        if (child->length < end) {
          return Status::corrupt("struct array: child '{}' has {} values, needs {}",
                                 childField.name(), child->length, end);
        }
        SABOT_RETURN_NOT_OK(validateArray(*child, full).withContext("in struct field '{}'", childField.name()));
      }
      return Status::OK();
    }
    case TypeId::kDictionary: {
      if (!isInteger(type.indexType()->id())) {
        return Status::corrupt("dictionary index type must be an integer, not {}",
                               type.indexType()->toString());
      }
      if (!data.dictionary || !data.dictionary->type ||
          !data.dictionary->type->equals(*type.valueType())) {
        return Status::corrupt("dictionary array: dictionary of type {} is missing",
                               type.valueType()->toString());
      }
      SABOT_RETURN_NOT_OK(checkBufferSize(data, 1, end * type.byteWidth(), "indices"));
      SABOT_RETURN_NOT_OK(validateArray(*data.dictionary, full).withContext("in dictionary"));
      return checkDictionaryIndices(data);
    }
    default:
      return Status::unsupported("validation of type {}", type.toString());
  }
}

}  // namespace sabot::columnar
