#include "sabot/ipc/MessageWriter.h"

#include <cstring>

#include "sabot/ipc/IpcFormat.h"
#include "sabot/ipc/SchemaFlatbuffer.h"

namespace sabot::ipc {

namespace {

constexpr uint8_t kZeros[64] = {};

Status writePadding(io::OutputStream& sink, int64_t bytes) {
  while (bytes > 0) {
    const int64_t chunk = bytes < 64 ? bytes : 64;
    SABOT_RETURN_NOT_OK(sink.write(kZeros, chunk));
    bytes -= chunk;
  }
  return Status::OK();
}

Status writeInt32(io::OutputStream& sink, uint32_t value) {
  uint8_t bytes[4];
  std::memcpy(bytes, &value, 4);  // little-endian hosts only (x86-64, arm64)
  return sink.write(bytes, 4);
}

flatbuffers::Offset<fb::RecordBatch> writeRecordBatchTable(flatbuffers::FlatBufferBuilder& builder,
                                                           int64_t length, const EncodedBody& body,
                                                           Compression compression) {
  const auto nodes = builder.CreateVectorOfStructs(body.nodes);
  const auto buffers = builder.CreateVectorOfStructs(body.buffers);
  flatbuffers::Offset<fb::BodyCompression> codec = 0;
  if (compression != Compression::kNone) {
    codec = fb::CreateBodyCompression(builder,
                                      compression == Compression::kZstd ? fb::CompressionType::ZSTD
                                                                        : fb::CompressionType::LZ4_FRAME,
                                      fb::BodyCompressionMethod::BUFFER);
  }
  return fb::CreateRecordBatch(builder, length, nodes, buffers, codec);
}

}  // namespace

void buildSchemaMessage(flatbuffers::FlatBufferBuilder& builder, const columnar::Schema& schema) {
  const auto header = writeSchema(builder, schema);
  builder.Finish(fb::CreateMessage(builder, fb::MetadataVersion::V5, fb::MessageHeader::Schema,
                                   header.Union(), 0));
}

void buildRecordBatchMessage(flatbuffers::FlatBufferBuilder& builder, int64_t length,
                             const EncodedBody& body, Compression compression) {
  const auto header = writeRecordBatchTable(builder, length, body, compression);
  builder.Finish(fb::CreateMessage(builder, fb::MetadataVersion::V5, fb::MessageHeader::RecordBatch,
                                   header.Union(), body.bodyLength));
}

void buildDictionaryBatchMessage(flatbuffers::FlatBufferBuilder& builder, int64_t id, bool isDelta,
                                 int64_t length, const EncodedBody& body, Compression compression) {
  const auto data = writeRecordBatchTable(builder, length, body, compression);
  const auto header = fb::CreateDictionaryBatch(builder, id, data, isDelta);
  builder.Finish(fb::CreateMessage(builder, fb::MetadataVersion::V5,
                                   fb::MessageHeader::DictionaryBatch, header.Union(),
                                   body.bodyLength));
}

Result<fb::Block> writeMessage(io::OutputStream& sink, const flatbuffers::FlatBufferBuilder& metadata,
                               const EncodedBody* body, int alignment) {
  const int64_t start = sink.position();
  const auto flatbufferSize = static_cast<int64_t>(metadata.GetSize());
  // Prefix (8 bytes) + flatbuffer + padding is a multiple of the alignment,
  // and the length field counts the padding, as the format requires.
  const int64_t prefixed = (8 + flatbufferSize + alignment - 1) / alignment * alignment;
  const int64_t paddedSize = prefixed - 8;
  if (paddedSize > INT32_MAX) {
    return Status::invalid("IPC message metadata of {} bytes exceeds the format's 2 GiB limit",
                           paddedSize);
  }
  SABOT_RETURN_NOT_OK(writeInt32(sink, kContinuationMarker));
  SABOT_RETURN_NOT_OK(writeInt32(sink, static_cast<uint32_t>(paddedSize)));
  SABOT_RETURN_NOT_OK(sink.write(metadata.GetBufferPointer(), flatbufferSize));
  SABOT_RETURN_NOT_OK(writePadding(sink, paddedSize - flatbufferSize));

  int64_t bodyLength = 0;
  if (body) {
    int64_t position = 0;
    for (size_t i = 0; i < body->pieces.size(); ++i) {
      const BodyPiece& piece = body->pieces[i];
      SABOT_RETURN_NOT_OK(writePadding(sink, body->buffers[i].offset() - position));
      position = body->buffers[i].offset();
      if (piece.hasPrefix) {
        uint8_t prefix[8];
        std::memcpy(prefix, &piece.prefix, 8);
        SABOT_RETURN_NOT_OK(sink.write(prefix, 8));
      }
      if (piece.bytes && piece.bytes->size() > 0) {
        SABOT_RETURN_NOT_OK(sink.write(piece.bytes->data(), piece.bytes->size()));
      }
      position += piece.size();
    }
    SABOT_RETURN_NOT_OK(writePadding(sink, body->bodyLength - position));
    bodyLength = body->bodyLength;
  }
  return fb::Block(start, static_cast<int32_t>(prefixed), bodyLength);
}

Status writeEndOfStream(io::OutputStream& sink) {
  SABOT_RETURN_NOT_OK(writeInt32(sink, kContinuationMarker));
  return writeInt32(sink, 0);
}

}  // namespace sabot::ipc
