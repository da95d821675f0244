#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "sabot/base/Result.h"
#include "sabot/columnar/MemoryPool.h"

namespace sabot::ipc {

/// How the buffers of a message body are compressed (Arrow's BodyCompression,
/// method BUFFER: each buffer on its own, behind its int64 uncompressed length).
enum class Compression : uint8_t {
  kNone,
  kLz4Frame,  ///< one LZ4 frame per buffer (lz4frame.h format)
  kZstd,      ///< one Zstandard frame per buffer
};

/// "none", "lz4", "zstd".
std::string_view compressionName(Compression compression);
/// Parses "none", "lz4" (or "lz4_frame") and "zstd".
Result<Compression> parseCompression(std::string_view name);

/// Options of IpcStreamWriter and IpcFileWriter.
struct IpcWriteOptions {
  /// Codec for record batch and dictionary batch bodies. A buffer that does
  /// not shrink is stored uncompressed (length prefix -1), as the format allows.
  Compression compression = Compression::kNone;
  /// Codec level; unset means the codec's fast default (LZ4: 0, ZSTD: 1).
  std::optional<int> compressionLevel;
  /// Alignment of every buffer inside a message body: 8 (the format's
  /// minimum) or 64 (cache lines, as Arrow C++ writes by default).
  int alignment = 8;
  /// When a batch's dictionary extends the previous one (same values first),
  /// send only the new values as a delta dictionary batch. When false, the
  /// stream writer resends the whole dictionary as a replacement and the file
  /// writer fails (the file format allows one non-delta dictionary per id).
  bool emitDictionaryDeltas = true;
  /// Memory for copies (re-based offsets, shifted bitmaps, compressed buffers).
  columnar::MemoryPool* pool = columnar::MemoryPool::defaultPool();
};

/// Options of IpcStreamReader and IpcFileReader. The limits turn hostile
/// input into a Corrupt error before it can exhaust memory.
struct IpcReadOptions {
  /// Also check that utf8 data is valid UTF-8 (columnar::validateArray full).
  bool validateFull = true;
  /// Largest message metadata (flatbuffer) accepted.
  int64_t maxMetadataBytes = int64_t{64} << 20;
  /// Largest total of decompressed buffer bytes in one message (zip bombs).
  int64_t maxDecompressedBytes = int64_t{1} << 30;
  /// Largest length of any array (rows of a batch, values of a child).
  int64_t maxArrayLength = int64_t{1} << 32;
  /// Memory for bodies read from files, decompressed and realigned buffers.
  columnar::MemoryPool* pool = columnar::MemoryPool::defaultPool();
};

}  // namespace sabot::ipc
