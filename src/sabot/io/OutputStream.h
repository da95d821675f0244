#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sabot/base/Result.h"

namespace sabot::io {

/// A sequential byte sink that writers write to: a file
/// (FileOutputStream), memory (BufferOutputStream), or anything else.
class OutputStream {
 public:
  virtual ~OutputStream() = default;

  /// Appends `size` bytes.
  virtual Status write(const void* data, int64_t size) = 0;
  /// Appends `bytes`. Subclasses that override write(const void*, int64_t)
  /// bring this overload back with `using OutputStream::write;`.
  Status write(std::string_view bytes) {
    return write(bytes.data(), static_cast<int64_t>(bytes.size()));
  }
  /// Bytes written so far through this stream.
  virtual int64_t position() const = 0;
  /// Pushes buffered bytes to their destination.
  virtual Status flush() { return Status::OK(); }
  /// Flushes and releases the destination; writes after close() fail.
  /// Closing again does nothing.
  virtual Status close() { return flush(); }

  /// The path, or "<memory>": what error messages call this output.
  virtual const std::string& name() const = 0;
};

}  // namespace sabot::io
