#pragma once

#include <string>

#include "sabot/io/InputStream.h"

namespace sabot::io {

/// Reads bytes held in memory; readBuffer() returns zero-copy slices that
/// keep the whole buffer alive. For text in a std::string, copy it in with
/// columnar::Buffer::copyOf().
class BufferInputStream final : public InputStream {
 public:
  explicit BufferInputStream(columnar::BufferPtr buffer) : buffer_(std::move(buffer)) {}

  Result<int64_t> read(int64_t size, void* out) override;
  Result<columnar::BufferPtr> readBuffer(int64_t size, columnar::MemoryPool* pool) override;
  int64_t position() const override { return position_; }
  const std::string& name() const override;

 private:
  columnar::BufferPtr buffer_;
  int64_t position_ = 0;
};

}  // namespace sabot::io
