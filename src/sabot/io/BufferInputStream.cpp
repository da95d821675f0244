#include "sabot/io/BufferInputStream.h"

#include <algorithm>
#include <cstring>

namespace sabot::io {

using columnar::Buffer;
using columnar::BufferPtr;

Result<int64_t> BufferInputStream::read(int64_t size, void* out) {
  if (size < 0) return Status::invalid("negative read size {} from '{}'", size, name());
  const int64_t count = std::min(size, buffer_->size() - position_);
  if (count > 0) std::memcpy(out, buffer_->data() + position_, static_cast<size_t>(count));
  position_ += count;
  return count;
}

Result<BufferPtr> BufferInputStream::readBuffer(int64_t size, columnar::MemoryPool*) {
  if (size < 0) return Status::invalid("negative read size {} from '{}'", size, name());
  const int64_t count = std::min(size, buffer_->size() - position_);
  BufferPtr slice = Buffer::slice(buffer_, position_, count);
  position_ += count;
  return slice;
}

const std::string& BufferInputStream::name() const {
  static const std::string kName = "<memory>";
  return kName;
}

}  // namespace sabot::io
