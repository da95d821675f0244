#pragma once

#include <cstdint>

#include "sabot/base/Result.h"

namespace sabot::ipc {

/// A sequential byte sink that IPC writers write to: a file
/// (FileOutputStream), memory (BufferOutputStream), or anything else.
class OutputStream {
 public:
  virtual ~OutputStream() = default;

  /// Appends `size` bytes.
  virtual Status write(const void* data, int64_t size) = 0;
  /// Bytes written so far.
  virtual int64_t position() const = 0;
  /// Pushes buffered bytes to their destination.
  virtual Status flush() { return Status::OK(); }
  /// Flushes and releases the destination; writes after close() fail.
  virtual Status close() { return flush(); }
};

}  // namespace sabot::ipc
