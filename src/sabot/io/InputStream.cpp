#include "sabot/io/InputStream.h"

#include <algorithm>

namespace sabot::io {

using columnar::BufferPtr;
using columnar::MutableBuffer;

Result<BufferPtr> InputStream::readBuffer(int64_t size, columnar::MemoryPool* pool) {
  if (size < 0) return Status::invalid("negative read size {} from '{}'", size, name());
  constexpr int64_t kFirstChunk = int64_t{1} << 20;
  SABOT_ASSIGN_OR_RAISE(auto buffer, MutableBuffer::make(std::min(size, kFirstChunk), pool, false));
  int64_t filled = 0;
  while (filled < size) {
    if (filled == buffer->size()) {
      SABOT_RETURN_NOT_OK(buffer->resize(std::min(size, std::max(filled * 2, kFirstChunk))));
    }
    SABOT_ASSIGN_OR_RAISE(int64_t got,
                          read(buffer->size() - filled, buffer->mutableData() + filled));
    if (got == 0) break;
    filled += got;
  }
  SABOT_RETURN_NOT_OK(buffer->resize(filled));
  return BufferPtr(std::move(buffer));
}

}  // namespace sabot::io
