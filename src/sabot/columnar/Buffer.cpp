#include "sabot/columnar/Buffer.h"

#include <algorithm>

namespace sabot::columnar {

BufferPtr Buffer::slice(const BufferPtr& parent, int64_t offset, int64_t length) {
  return std::make_shared<Buffer>(parent->data() + offset, length, parent);
}

Result<BufferPtr> Buffer::copyOf(std::string_view bytes, MemoryPool* pool) {
  SABOT_ASSIGN_OR_RAISE(auto buffer,
                        MutableBuffer::make(static_cast<int64_t>(bytes.size()), pool, false));
  if (!bytes.empty()) std::memcpy(buffer->mutableData(), bytes.data(), bytes.size());
  return BufferPtr(std::move(buffer));
}

MutableBuffer::~MutableBuffer() {
  if (capacity_ > 0) pool_->free(data_, capacity_);
}

Result<std::shared_ptr<MutableBuffer>> MutableBuffer::make(int64_t size, MemoryPool* pool,
                                                           bool zeroFill) {
  std::shared_ptr<MutableBuffer> buffer(new MutableBuffer(pool));
  // With size_ set first, reserve() zeroes only the padding past it, so a
  // buffer the caller will overwrite is not written twice.
  buffer->size_ = size;
  SABOT_RETURN_NOT_OK(buffer->reserve(size));
  if (zeroFill && size > 0) std::memset(buffer->data_, 0, static_cast<size_t>(size));
  return buffer;
}

Status MutableBuffer::reserve(int64_t capacity) {
  if (capacity <= capacity_) return Status::OK();
  const int64_t newCapacity = roundUpToAlignment(std::max(capacity, capacity_ * 2));
  uint8_t* fresh;
  if (capacity_ == 0) {
    SABOT_ASSIGN_OR_RAISE(fresh, pool_->allocate(newCapacity));
  } else {
    SABOT_ASSIGN_OR_RAISE(fresh, pool_->reallocate(data_, capacity_, newCapacity));
  }
  // Keep the tail zeroed: Arrow padding and bitmaps built bit by bit rely on it.
  std::memset(fresh + size_, 0, static_cast<size_t>(newCapacity - size_));
  data_ = fresh;
  capacity_ = newCapacity;
  return Status::OK();
}

Status MutableBuffer::resize(int64_t newSize) {
  if (newSize < 0) return Status::invalid("negative buffer size {}", newSize);
  if (newSize > capacity_) SABOT_RETURN_NOT_OK(reserve(newSize));
  if (newSize < size_) std::memset(data_ + newSize, 0, static_cast<size_t>(size_ - newSize));
  size_ = newSize;
  return Status::OK();
}

}  // namespace sabot::columnar
