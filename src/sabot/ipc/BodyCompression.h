#pragma once

// Internal: the per-buffer codecs of Arrow's BodyCompression (LZ4 frame,
// ZSTD). On the wire each compressed buffer is an int64 little-endian
// uncompressed length followed by the codec's frame; -1 means the bytes that
// follow are stored uncompressed.

#include <cstdint>
#include <optional>

#include "sabot/base/Result.h"
#include "sabot/columnar/Buffer.h"
#include "sabot/ipc/IpcOptions.h"

namespace sabot::ipc {

/// Length prefix of a buffer stored uncompressed inside a compressed body.
inline constexpr int64_t kUncompressedLengthPrefix = -1;

/// Compresses `size` bytes into one frame of `codec` (not kNone).
Result<columnar::BufferPtr> compressBuffer(Compression codec, std::optional<int> level,
                                           const uint8_t* data, int64_t size,
                                           columnar::MemoryPool* pool);

/// Decompresses one frame that must expand to exactly `uncompressedSize`
/// bytes. Corrupt if it does not, if the frame is malformed, or if the size is
/// impossible for the codec (LZ4 cannot expand more than 255:1).
Result<columnar::BufferPtr> decompressBuffer(Compression codec, const uint8_t* data, int64_t size,
                                             int64_t uncompressedSize, columnar::MemoryPool* pool);

}  // namespace sabot::ipc
