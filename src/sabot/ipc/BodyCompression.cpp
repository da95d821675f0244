#include "sabot/ipc/BodyCompression.h"

#include <lz4frame.h>
#include <zstd.h>

#include <cstring>
#include <memory>

namespace sabot::ipc {

using columnar::BufferPtr;
using columnar::MutableBuffer;

namespace {

Result<BufferPtr> compressLz4(std::optional<int> level, const uint8_t* data, int64_t size,
                              columnar::MemoryPool* pool) {
  LZ4F_preferences_t preferences;
  std::memset(&preferences, 0, sizeof(preferences));
  // The content size in the frame header lets readers check the prefix.
  preferences.frameInfo.contentSize = static_cast<unsigned long long>(size);
  preferences.compressionLevel = level.value_or(0);
  const size_t bound = LZ4F_compressFrameBound(static_cast<size_t>(size), &preferences);
  SABOT_ASSIGN_OR_RAISE(auto out, MutableBuffer::make(static_cast<int64_t>(bound), pool, false));
  const size_t written = LZ4F_compressFrame(out->mutableData(), bound, data, static_cast<size_t>(size),
                                            &preferences);
  if (LZ4F_isError(written)) {
    return Status::internal("LZ4 frame compression failed: {}", LZ4F_getErrorName(written));
  }
  SABOT_RETURN_NOT_OK(out->resize(static_cast<int64_t>(written)));
  return BufferPtr(std::move(out));
}

Result<BufferPtr> compressZstd(std::optional<int> level, const uint8_t* data, int64_t size,
                               columnar::MemoryPool* pool) {
  const size_t bound = ZSTD_compressBound(static_cast<size_t>(size));
  SABOT_ASSIGN_OR_RAISE(auto out, MutableBuffer::make(static_cast<int64_t>(bound), pool, false));
  const size_t written = ZSTD_compress(out->mutableData(), bound, data, static_cast<size_t>(size),
                                       level.value_or(1));
  if (ZSTD_isError(written)) {
    return Status::internal("ZSTD compression failed: {}", ZSTD_getErrorName(written));
  }
  SABOT_RETURN_NOT_OK(out->resize(static_cast<int64_t>(written)));
  return BufferPtr(std::move(out));
}

struct Lz4ContextDeleter {
  void operator()(LZ4F_dctx* context) const { LZ4F_freeDecompressionContext(context); }
};

Status decompressLz4(const uint8_t* data, int64_t size, uint8_t* out, int64_t outSize) {
  LZ4F_dctx* rawContext = nullptr;
  const size_t created = LZ4F_createDecompressionContext(&rawContext, LZ4F_VERSION);
  if (LZ4F_isError(created)) return Status::outOfMemory("cannot create an LZ4 decompression context");
  std::unique_ptr<LZ4F_dctx, Lz4ContextDeleter> context(rawContext);

  size_t inputPosition = 0;
  size_t outputPosition = 0;
  const auto inputSize = static_cast<size_t>(size);
  const auto outputSize = static_cast<size_t>(outSize);
  while (true) {
    size_t inputChunk = inputSize - inputPosition;
    size_t outputChunk = outputSize - outputPosition;
    const size_t hint = LZ4F_decompress(context.get(), out + outputPosition, &outputChunk,
                                        data + inputPosition, &inputChunk, nullptr);
    if (LZ4F_isError(hint)) return Status::corrupt("malformed LZ4 frame: {}", LZ4F_getErrorName(hint));
    inputPosition += inputChunk;
    outputPosition += outputChunk;
    if (hint == 0) break;  // frame complete
    if (inputChunk == 0 && outputChunk == 0) {
      if (outputPosition == outputSize) {
        return Status::corrupt("LZ4 frame expands beyond the declared {} bytes", outSize);
      }
      return Status::corrupt("LZ4 frame is truncated after {} of {} bytes", outputPosition, outSize);
    }
  }
  if (outputPosition != outputSize) {
    return Status::corrupt("LZ4 frame expands to {} bytes but its length prefix says {}",
                           outputPosition, outSize);
  }
  if (inputPosition != inputSize) {
    return Status::corrupt("{} bytes of garbage follow the LZ4 frame", inputSize - inputPosition);
  }
  return Status::OK();
}

Status decompressZstd(const uint8_t* data, int64_t size, uint8_t* out, int64_t outSize) {
  const unsigned long long declared = ZSTD_getFrameContentSize(data, static_cast<size_t>(size));
  if (declared == ZSTD_CONTENTSIZE_ERROR) return Status::corrupt("malformed ZSTD frame header");
  if (declared != ZSTD_CONTENTSIZE_UNKNOWN && declared != static_cast<unsigned long long>(outSize)) {
    return Status::corrupt("ZSTD frame holds {} bytes but its length prefix says {}", declared, outSize);
  }
  const size_t produced = ZSTD_decompress(out, static_cast<size_t>(outSize), data, static_cast<size_t>(size));
  if (ZSTD_isError(produced)) {
    return Status::corrupt("malformed ZSTD frame: {}", ZSTD_getErrorName(produced));
  }
  if (produced != static_cast<size_t>(outSize)) {
    return Status::corrupt("ZSTD frame expands to {} bytes but its length prefix says {}", produced,
                           outSize);
  }
  return Status::OK();
}

}  // namespace

Result<BufferPtr> compressBuffer(Compression codec, std::optional<int> level, const uint8_t* data,
                                 int64_t size, columnar::MemoryPool* pool) {
  switch (codec) {
    case Compression::kLz4Frame: return compressLz4(level, data, size, pool);
    case Compression::kZstd: return compressZstd(level, data, size, pool);
    case Compression::kNone: break;
  }
  return Status::internal("compressBuffer without a codec");
}

Result<BufferPtr> decompressBuffer(Compression codec, const uint8_t* data, int64_t size,
                                   int64_t uncompressedSize, columnar::MemoryPool* pool) {
  if (uncompressedSize < 0) {
    return Status::corrupt("negative uncompressed length {}", uncompressedSize);
  }
  // LZ4's format cannot encode more than 255 output bytes per input byte, so
  // a larger claim is a lie; refuse it before allocating the memory.
  constexpr int64_t kLz4MaxRatio = 255;
  if (codec == Compression::kLz4Frame && uncompressedSize / kLz4MaxRatio > size + 64) {
    return Status::corrupt("LZ4 frame of {} bytes cannot expand to the {} bytes its length prefix says",
                           size, uncompressedSize);
  }
  SABOT_ASSIGN_OR_RAISE(auto out, MutableBuffer::make(uncompressedSize, pool, false));
  switch (codec) {
    case Compression::kLz4Frame:
      SABOT_RETURN_NOT_OK(decompressLz4(data, size, out->mutableData(), uncompressedSize));
      break;
    case Compression::kZstd:
      SABOT_RETURN_NOT_OK(decompressZstd(data, size, out->mutableData(), uncompressedSize));
      break;
    case Compression::kNone: return Status::internal("decompressBuffer without a codec");
  }
  return BufferPtr(std::move(out));
}

}  // namespace sabot::ipc
