#pragma once

// Internal: lays out the arrays of a record batch (or the values of one
// dictionary) as an IPC message body: the FieldNodes and Buffer entries of the
// RecordBatch header plus the bytes to write.

#include <vector>

#include "sabot/base/Result.h"
#include "sabot/columnar/Array.h"
#include "sabot/ipc/IpcOptions.h"
#include "sabot/ipc/format/Message_generated.h"

namespace sabot::ipc {

/// One buffer of a body as written: an optional int64 length prefix
/// (compressed bodies) then `bytes`.
struct BodyPiece {
  columnar::BufferPtr bytes;  ///< may be nullptr for an empty buffer
  bool hasPrefix = false;
  int64_t prefix = 0;

  int64_t size() const { return (hasPrefix ? 8 : 0) + (bytes ? bytes->size() : 0); }
};

struct EncodedBody {
  std::vector<fb::FieldNode> nodes;
  std::vector<fb::Buffer> buffers;  ///< where each piece sits in the body
  std::vector<BodyPiece> pieces;
  int64_t bodyLength = 0;           ///< padded to the alignment
};

/// Appends arrays in the IPC order (pre-order over the type tree) and writes
/// every buffer starting at offset 0: sliced inputs get their bitmaps shifted
/// and their offsets re-based, copying only when the slice cannot be shared.
class BodyEncoder {
 public:
  explicit BodyEncoder(const IpcWriteOptions& options) : options_(options) {}

  /// Appends one array window (offset/length as in ArrayData). Dictionary
  /// arrays contribute their indices; their values go in dictionary batches.
  Status append(const columnar::ArrayData& data);

  /// Compresses (if asked) and places the buffers; the encoder is spent.
  Result<EncodedBody> finish();

 private:
  Status appendValidity(const columnar::ArrayData& data);
  Status appendBitmap(const columnar::BufferPtr& bits, int64_t offset, int64_t length);
  Status appendFixedWidth(const columnar::ArrayData& data, int byteWidth);
  /// Appends the offsets buffer re-based to start at 0; returns the range
  /// [first, last) of the values it covers.
  template <typename OffsetType>
  Result<std::pair<int64_t, int64_t>> appendOffsets(const columnar::ArrayData& data);
  void addBuffer(columnar::BufferPtr buffer);

  const IpcWriteOptions& options_;
  std::vector<fb::FieldNode> nodes_;
  std::vector<columnar::BufferPtr> buffers_;
};

}  // namespace sabot::ipc
