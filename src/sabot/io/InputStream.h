#pragma once

#include <cstdint>
#include <string>

#include "sabot/base/Result.h"
#include "sabot/columnar/Buffer.h"

namespace sabot::io {

/// A sequential byte source that readers pull from: a file
/// (FileInputStream), memory (BufferInputStream), a socket, ...
class InputStream {
 public:
  virtual ~InputStream() = default;

  /// Reads up to `size` bytes into `out` and returns how many it read; fewer
  /// than `size` only at the end of the input.
  virtual Result<int64_t> read(int64_t size, void* out) = 0;

  /// Reads up to `size` bytes as a buffer, shorter only at the end of the
  /// input. In-memory streams return zero-copy slices. The default reads in
  /// growing chunks, so a bogus `size` from corrupt input costs at most about
  /// twice the bytes that really are there.
  virtual Result<columnar::BufferPtr> readBuffer(int64_t size, columnar::MemoryPool* pool);

  /// Bytes consumed so far.
  virtual int64_t position() const = 0;

  /// The path, or "<memory>": what error messages call this input.
  virtual const std::string& name() const = 0;
};

}  // namespace sabot::io
