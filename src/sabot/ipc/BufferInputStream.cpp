#include "sabot/ipc/BufferInputStream.h"

#include <algorithm>
#include <cstring>

namespace sabot::ipc {

using columnar::Buffer;
using columnar::BufferPtr;

Result<int64_t> BufferInputStream::read(int64_t size, void* out) {
  if (size < 0) return Status::invalid("negative read size {}", size);
  const int64_t count = std::min(size, buffer_->size() - position_);
  if (count > 0) std::memcpy(out, buffer_->data() + position_, static_cast<size_t>(count));
  position_ += count;
  return count;
}

Result<BufferPtr> BufferInputStream::readBuffer(int64_t size, columnar::MemoryPool*) {
  if (size < 0) return Status::invalid("negative read size {}", size);
  const int64_t count = std::min(size, buffer_->size() - position_);
  BufferPtr slice = Buffer::slice(buffer_, position_, count);
  position_ += count;
  return slice;
}

}  // namespace sabot::ipc
