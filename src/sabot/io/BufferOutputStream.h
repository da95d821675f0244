#pragma once

#include <memory>
#include <string>

#include "sabot/columnar/Buffer.h"
#include "sabot/io/OutputStream.h"

namespace sabot::io {

/// An in-memory sink: collects the bytes in one growing, 64-byte aligned
/// pool buffer that finish() hands over (view() of it for text).
class BufferOutputStream final : public OutputStream {
 public:
  static Result<std::shared_ptr<BufferOutputStream>> make(
      columnar::MemoryPool* pool = columnar::MemoryPool::defaultPool());

  using OutputStream::write;
  Status write(const void* data, int64_t size) override;
  int64_t position() const override { return buffer_ ? buffer_->size() : 0; }
  /// Further writes fail; finish() still hands over what was written.
  Status close() override;
  const std::string& name() const override;

  /// Makes room for `capacity` bytes in total, so that writing up to that
  /// much never moves the bytes already written.
  Status reserve(int64_t capacity);

  /// The bytes written so far; the stream starts again empty.
  Result<columnar::BufferPtr> finish();

  explicit BufferOutputStream(columnar::MemoryPool* pool) : pool_(pool) {}

 private:
  columnar::MemoryPool* pool_;
  std::shared_ptr<columnar::MutableBuffer> buffer_;
  bool closed_ = false;
};

}  // namespace sabot::io
