#include "sabot/ipc/MessageReader.h"

#include <flatbuffers/flatbuffers.h>

#include <algorithm>
#include <cstring>

#include "sabot/ipc/IpcFormat.h"

namespace sabot::ipc {

using columnar::Buffer;
using columnar::BufferPtr;
using columnar::MutableBuffer;

namespace {

// Deep enough for any schema Sabot can represent, small enough to keep the
// recursive readers' stack use bounded.
constexpr flatbuffers::uoffset_t kMaxFlatbufferDepth = 128;

int32_t loadInt32(const uint8_t* bytes) {
  int32_t value;
  std::memcpy(&value, bytes, 4);
  return value;
}

}  // namespace

flatbuffers::uoffset_t maxFlatbufferTables(int64_t size) {
  // Every table starts with a 4-byte vtable offset, so an honest flatbuffer of
  // `size` bytes has at most size / 4 of them. Several references to one
  // table are legal flatbuffers but would let a few kilobytes of schema
  // describe millions of fields (the verifier counts each visit).
  return static_cast<flatbuffers::uoffset_t>(std::min<int64_t>(size / 4 + 1024, 10'000'000));
}

Result<BufferPtr> ensureAligned(BufferPtr bytes, columnar::MemoryPool* pool) {
  if (reinterpret_cast<uintptr_t>(bytes->data()) % 8 == 0) return bytes;
  return Buffer::copyOf(bytes->view(), pool);
}

Result<const fb::Message*> verifyMessage(const Buffer& metadata, const IpcReadOptions& options) {
  flatbuffers::Verifier verifier(metadata.data(), static_cast<size_t>(metadata.size()),
                                 kMaxFlatbufferDepth, maxFlatbufferTables(metadata.size()));
  if (!fb::VerifyMessageBuffer(verifier)) {
    return Status::corrupt("message metadata ({} bytes) is not a valid Message flatbuffer",
                           metadata.size());
  }
  const fb::Message* message = fb::GetMessage(metadata.data());
  const auto version = message->version();
  if (version < fb::MetadataVersion::V4) {
    return Status::unsupported("metadata version V{} (Arrow before 0.8) is not supported",
                               static_cast<int>(version) + 1);
  }
  if (version > fb::MetadataVersion::V5) {
    return Status::unsupported("metadata version {} is newer than V5", static_cast<int>(version) + 1);
  }
  if (message->bodyLength() < 0) {
    return Status::corrupt("message has a negative body length {}", message->bodyLength());
  }
  switch (message->header_type()) {
    case fb::MessageHeader::Schema:
    case fb::MessageHeader::DictionaryBatch:
    case fb::MessageHeader::RecordBatch:
      if (!message->header()) {
        return Status::corrupt("{} message without its header table",
                               fb::EnumNameMessageHeader(message->header_type()));
      }
      return message;
    case fb::MessageHeader::Tensor:
    case fb::MessageHeader::SparseTensor:
      return Status::unsupported("{} messages are not supported",
                                 fb::EnumNameMessageHeader(message->header_type()));
    case fb::MessageHeader::NONE: return Status::corrupt("message without a header");
  }
  return Status::corrupt("message header of unknown kind {}",
                         static_cast<int>(message->header_type()));
}

Result<std::optional<IpcMessage>> readStreamMessage(io::InputStream& input, const IpcReadOptions& options) {
  IpcMessage result;
  result.offset = input.position();
  uint8_t prefix[8];
  SABOT_ASSIGN_OR_RAISE(int64_t got, input.read(4, prefix));
  if (got == 0) return std::optional<IpcMessage>();  // clean end without the marker
  if (got < 4) return Status::corrupt("truncated message prefix: the input ends after {} of 8 bytes", got);
  int32_t length = loadInt32(prefix);
  if (static_cast<uint32_t>(length) == kContinuationMarker) {
    SABOT_ASSIGN_OR_RAISE(got, input.read(4, prefix + 4));
    if (got < 4) {
      return Status::corrupt("truncated message prefix: the input ends after {} of 8 bytes", 4 + got);
    }
    length = loadInt32(prefix + 4);
  }
  // else: a pre-0.15 stream, whose prefix is the length alone.
  if (length == 0) return std::optional<IpcMessage>();  // end-of-stream marker
  if (length < 0) return Status::corrupt("negative message metadata length {}", length);
  if (length > options.maxMetadataBytes) {
    return Status::corrupt("message metadata length {} exceeds the limit of {} bytes", length,
                           options.maxMetadataBytes);
  }
  SABOT_ASSIGN_OR_RAISE(BufferPtr metadata, input.readBuffer(length, options.pool));
  if (metadata->size() < length) {
    return Status::corrupt("message metadata is {} bytes but the input ends after {}", length,
                           metadata->size());
  }
  SABOT_ASSIGN_OR_RAISE(result.metadata, ensureAligned(std::move(metadata), options.pool));
  SABOT_ASSIGN_OR_RAISE(result.message, verifyMessage(*result.metadata, options));
  const int64_t bodyLength = result.message->bodyLength();
  SABOT_ASSIGN_OR_RAISE(result.body, input.readBuffer(bodyLength, options.pool));
  if (result.body->size() < bodyLength) {
    return Status::corrupt("message body is {} bytes but the input ends after {}", bodyLength,
                           result.body->size());
  }
  return std::optional<IpcMessage>(std::move(result));
}

Result<IpcMessage> readFileMessage(const BufferPtr& file, const fb::Block& block, int64_t dataEnd,
                                   const IpcReadOptions& options) {
  const int64_t offset = block.offset();
  const int64_t metadataLength = block.metaDataLength();
  const int64_t bodyLength = block.bodyLength();
  if (offset < 8 || offset >= dataEnd) {
    return Status::corrupt("block offset {} is outside the data section [8, {})", offset, dataEnd);
  }
  if (metadataLength < 8 || metadataLength > dataEnd - offset) {
    return Status::corrupt("block metadata length {} at offset {} runs past the data section end {}",
                           metadataLength, offset, dataEnd);
  }
  if (bodyLength < 0 || bodyLength > dataEnd - offset - metadataLength) {
    return Status::corrupt("block body of {} bytes at offset {} runs past the data section end {}",
                           bodyLength, offset + metadataLength, dataEnd);
  }
  const uint8_t* start = file->data() + offset;
  int64_t prefixSize = 4;
  int32_t length = loadInt32(start);
  if (static_cast<uint32_t>(length) == kContinuationMarker) {
    prefixSize = 8;
    length = loadInt32(start + 4);
  }
  if (length <= 0 || length > metadataLength - prefixSize) {
    return Status::corrupt("message metadata length {} does not fit the block's {} bytes", length,
                           metadataLength - prefixSize);
  }
  IpcMessage result;
  result.offset = offset;
  SABOT_ASSIGN_OR_RAISE(result.metadata,
                        ensureAligned(Buffer::slice(file, offset + prefixSize, length), options.pool));
  SABOT_ASSIGN_OR_RAISE(result.message, verifyMessage(*result.metadata, options));
  if (result.message->bodyLength() != bodyLength) {
    return Status::corrupt("message body length {} differs from the footer block's {}",
                           result.message->bodyLength(), bodyLength);
  }
  result.body = Buffer::slice(file, offset + metadataLength, bodyLength);
  return result;
}

}  // namespace sabot::ipc
