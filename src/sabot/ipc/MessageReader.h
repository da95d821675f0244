#pragma once

// Internal: reads encapsulated IPC messages, from a stream (message by
// message) or from a file held in memory (through the footer's Blocks), and
// verifies their metadata.

#include <cstdint>
#include <cstring>
#include <optional>
#include <type_traits>

#include "sabot/base/Result.h"
#include "sabot/columnar/Buffer.h"
#include "sabot/io/InputStream.h"
#include "sabot/ipc/IpcOptions.h"
#include "sabot/ipc/format/File_generated.h"

namespace sabot::ipc {

/// One message: its verified metadata and its body.
struct IpcMessage {
  int64_t offset = 0;              ///< where its prefix starts in the stream or file
  columnar::BufferPtr metadata;    ///< keeps `message` alive; 8-byte aligned
  const fb::Message* message = nullptr;
  columnar::BufferPtr body;
};

/// Element `index` of a flatbuffers vector of structs, copied out. The
/// verifier only checks such a vector's 4-byte alignment, while FieldNode,
/// Buffer and Block need 8: dereferencing the element in place could be a
/// misaligned load.
template <typename Struct>
Struct loadStruct(const flatbuffers::Vector<const Struct*>& vector, flatbuffers::uoffset_t index) {
  static_assert(std::is_trivially_copyable_v<Struct>);
  Struct value;
  std::memcpy(static_cast<void*>(&value), vector.Data() + static_cast<size_t>(index) * sizeof(Struct),
              sizeof(Struct));
  return value;
}

/// The flatbuffers verifier's table budget for `size` bytes of metadata.
flatbuffers::uoffset_t maxFlatbufferTables(int64_t size);

/// `bytes` if its data is 8-byte aligned, else an aligned copy (flatbuffers
/// and typed buffer access need natural alignment).
Result<columnar::BufferPtr> ensureAligned(columnar::BufferPtr bytes, columnar::MemoryPool* pool);

/// Runs the flatbuffers verifier over a Message and checks what the readers
/// rely on: a known metadata version (V4/V5), a non-negative body length, a
/// header of a supported kind with its table present.
Result<const fb::Message*> verifyMessage(const columnar::Buffer& metadata, const IpcReadOptions& options);

/// Reads the next message of a stream: nullopt at the end-of-stream marker or
/// where the input ends cleanly between messages. Errors carry no position
/// context; the caller adds it.
Result<std::optional<IpcMessage>> readStreamMessage(io::InputStream& input, const IpcReadOptions& options);

/// Reads the message a footer Block points at. `file` is the whole file;
/// messages must lie in [8, dataEnd) (before the footer).
Result<IpcMessage> readFileMessage(const columnar::BufferPtr& file, const fb::Block& block,
                                   int64_t dataEnd, const IpcReadOptions& options);

}  // namespace sabot::ipc
