#include "sabot/io/BufferOutputStream.h"

#include <cstring>

namespace sabot::io {

using columnar::BufferPtr;
using columnar::MutableBuffer;

Result<std::shared_ptr<BufferOutputStream>> BufferOutputStream::make(columnar::MemoryPool* pool) {
  return std::make_shared<BufferOutputStream>(pool);
}

Status BufferOutputStream::reserve(int64_t capacity) {
  if (!buffer_) SABOT_RETURN_NOT_OK(write(nullptr, 0));
  return buffer_->reserve(capacity);
}

Status BufferOutputStream::write(const void* data, int64_t size) {
  if (closed_) return Status::invalid("write to '{}' after close", name());
  if (size < 0) return Status::invalid("negative write size {} to '{}'", size, name());
  if (!buffer_) {
    SABOT_ASSIGN_OR_RAISE(buffer_, MutableBuffer::make(0, pool_));
    SABOT_RETURN_NOT_OK(buffer_->reserve(4096));
  }
  const int64_t start = buffer_->size();
  // resize() grows the capacity geometrically, so appends are amortised O(1).
  SABOT_RETURN_NOT_OK(buffer_->resize(start + size));
  if (size > 0) std::memcpy(buffer_->mutableData() + start, data, static_cast<size_t>(size));
  return Status::OK();
}

Status BufferOutputStream::close() {
  closed_ = true;
  return Status::OK();
}

const std::string& BufferOutputStream::name() const {
  static const std::string kName = "<memory>";
  return kName;
}

Result<BufferPtr> BufferOutputStream::finish() {
  if (!buffer_) {
    SABOT_ASSIGN_OR_RAISE(buffer_, MutableBuffer::make(0, pool_));
  }
  BufferPtr result = std::move(buffer_);
  buffer_.reset();
  return result;
}

}  // namespace sabot::io
