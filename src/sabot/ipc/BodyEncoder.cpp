#include "sabot/ipc/BodyEncoder.h"

#include <cstring>

#include "sabot/ipc/BodyCompression.h"

namespace sabot::ipc {

using columnar::ArrayData;
using columnar::Buffer;
using columnar::BufferPtr;
using columnar::MutableBuffer;
using columnar::TypeId;
namespace bitmap = columnar::bitmap;

namespace {

int64_t alignUp(int64_t value, int64_t alignment) {
  return (value + alignment - 1) / alignment * alignment;
}

/// Shifts `length` bits starting at bit `offset` down to bit 0, a byte at a
/// time (bitmap::copyBits goes bit by bit for unaligned offsets).
void shiftBitsDown(const uint8_t* source, int64_t offset, int64_t length, uint8_t* dest) {
  const int64_t firstByte = offset >> 3;
  const int shift = static_cast<int>(offset & 7);
  const int64_t sourceBytes = bitmap::bytesForBits(offset + length) - firstByte;
  const int64_t destBytes = bitmap::bytesForBits(length);
  for (int64_t i = 0; i < destBytes; ++i) {
    const unsigned low = source[firstByte + i] >> shift;
    const unsigned high = i + 1 < sourceBytes ? source[firstByte + i + 1] << (8 - shift) : 0u;
    dest[i] = static_cast<uint8_t>(low | high);
  }
  // Keep the bits past the end zero, as a freshly built bitmap would have them.
  if ((length & 7) != 0) dest[destBytes - 1] &= static_cast<uint8_t>((1u << (length & 7)) - 1);
}

}  // namespace

void BodyEncoder::addBuffer(BufferPtr buffer) { buffers_.push_back(std::move(buffer)); }

Status BodyEncoder::appendBitmap(const BufferPtr& bits, int64_t offset, int64_t length) {
  const int64_t bytes = bitmap::bytesForBits(length);
  if (length == 0 || !bits) {
    addBuffer(nullptr);
    return Status::OK();
  }
  if ((offset & 7) == 0) {
    addBuffer(Buffer::slice(bits, offset >> 3, bytes));
    return Status::OK();
  }
  SABOT_ASSIGN_OR_RAISE(auto copy, MutableBuffer::make(bytes, options_.pool, false));
  shiftBitsDown(bits->data(), offset, length, copy->mutableData());
  addBuffer(std::move(copy));
  return Status::OK();
}

Status BodyEncoder::appendValidity(const ArrayData& data) {
  // A null count of 0 lets the validity buffer be empty.
  if (data.nullCount == 0 || data.buffers.empty() || !data.buffers[0]) {
    addBuffer(nullptr);
    return Status::OK();
  }
  return appendBitmap(data.buffers[0], data.offset, data.length);
}

Status BodyEncoder::appendFixedWidth(const ArrayData& data, int byteWidth) {
  const BufferPtr& values = data.buffers[1];
  const int64_t bytes = data.length * byteWidth;
  if (bytes == 0 || !values) {
    addBuffer(nullptr);
  } else {
    addBuffer(Buffer::slice(values, data.offset * byteWidth, bytes));
  }
  return Status::OK();
}

template <typename OffsetType>
Result<std::pair<int64_t, int64_t>> BodyEncoder::appendOffsets(const ArrayData& data) {
  const int64_t bytes = (data.length + 1) * static_cast<int64_t>(sizeof(OffsetType));
  if (data.length == 0) {
    // The format wants length + 1 offsets even for an empty array.
    SABOT_ASSIGN_OR_RAISE(auto zero, MutableBuffer::make(bytes, options_.pool, true));
    addBuffer(std::move(zero));
    return std::pair<int64_t, int64_t>{0, 0};
  }
  const BufferPtr& offsetsBuffer = data.buffers[1];
  const OffsetType* offsets = offsetsBuffer->dataAs<OffsetType>() + data.offset;
  const OffsetType first = offsets[0];
  const OffsetType last = offsets[data.length];
  if (first == 0) {
    addBuffer(Buffer::slice(offsetsBuffer, data.offset * static_cast<int64_t>(sizeof(OffsetType)), bytes));
  } else {
    SABOT_ASSIGN_OR_RAISE(auto rebased, MutableBuffer::make(bytes, options_.pool, false));
    OffsetType* out = rebased->mutableDataAs<OffsetType>();
    for (int64_t i = 0; i <= data.length; ++i) out[i] = offsets[i] - first;
    addBuffer(std::move(rebased));
  }
  return std::pair<int64_t, int64_t>{first, last};
}

Status BodyEncoder::append(const ArrayData& data) {
  const TypeId id = data.type->id();
  const int64_t nullCount = id == TypeId::kNull ? data.length : data.nullCount;
  nodes_.emplace_back(data.length, nullCount);
  if (id == TypeId::kNull) return Status::OK();

  SABOT_RETURN_NOT_OK(appendValidity(data));
  if (id == TypeId::kBool) return appendBitmap(data.buffers[1], data.offset, data.length);
  if (columnar::isFixedWidth(id) || id == TypeId::kDictionary) {
    return appendFixedWidth(data, data.type->byteWidth());
  }
  if (columnar::isBinaryLike(id) || columnar::isLargeBinaryLike(id)) {
    std::pair<int64_t, int64_t> range;
    if (columnar::isBinaryLike(id)) {
      SABOT_ASSIGN_OR_RAISE(range, appendOffsets<int32_t>(data));
    } else {
      SABOT_ASSIGN_OR_RAISE(range, appendOffsets<int64_t>(data));
    }
    const auto [first, last] = range;
    if (last == first) {
      addBuffer(nullptr);
    } else {
      addBuffer(Buffer::slice(data.buffers[2], first, last - first));
    }
    return Status::OK();
  }
  switch (id) {
    case TypeId::kList: {
      SABOT_ASSIGN_OR_RAISE(auto range, appendOffsets<int32_t>(data));
      const auto [first, last] = range;
      const ArrayData& values = *data.children[0];
      if (first == 0 && last == values.length) return append(values);
      return append(*values.slice(first, last - first));
    }
    case TypeId::kStruct:
      for (const auto& child : data.children) {
        if (data.offset == 0 && child->length == data.length) {
          SABOT_RETURN_NOT_OK(append(*child));
        } else {
          SABOT_RETURN_NOT_OK(append(*child->slice(data.offset, data.length)));
        }
      }
      return Status::OK();
    default:
      return Status::unsupported("IPC writer: type {} has no IPC encoding", data.type->toString());
  }
}

Result<EncodedBody> BodyEncoder::finish() {
  EncodedBody body;
  body.nodes = std::move(nodes_);
  body.pieces.reserve(buffers_.size());
  body.buffers.reserve(buffers_.size());
  const int64_t alignment = options_.alignment;
  int64_t position = 0;
  for (BufferPtr& buffer : buffers_) {
    BodyPiece piece;
    const int64_t rawSize = buffer ? buffer->size() : 0;
    if (options_.compression != Compression::kNone && rawSize > 0) {
      SABOT_ASSIGN_OR_RAISE(BufferPtr compressed,
                            compressBuffer(options_.compression, options_.compressionLevel,
                                           buffer->data(), rawSize, options_.pool));
      piece.hasPrefix = true;
      if (compressed->size() < rawSize) {
        piece.prefix = rawSize;
        piece.bytes = std::move(compressed);
      } else {
        piece.prefix = kUncompressedLengthPrefix;
        piece.bytes = std::move(buffer);
      }
    } else {
      piece.bytes = std::move(buffer);
    }
    const int64_t size = piece.size();
    body.buffers.emplace_back(position, size);
    body.pieces.push_back(std::move(piece));
    position = alignUp(position + size, alignment);
  }
  body.bodyLength = position;
  return body;
}

}  // namespace sabot::ipc
