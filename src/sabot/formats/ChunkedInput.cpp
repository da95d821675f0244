#include "sabot/formats/ChunkedInput.h"

#include <algorithm>
#include <cstring>

namespace sabot::formats {

Result<bool> ChunkedInput::readMore() {
  if (exhausted_) return false;
  // Keep only the unconsumed tail: usually a fraction of one record.
  const int64_t kept = end_ - begin_;
  const int64_t needed = kept + chunkBytes_;
  if (capacity_ < needed) {
    const int64_t capacity = std::max(needed, 2 * capacity_);
    auto grown = std::make_unique_for_overwrite<char[]>(static_cast<size_t>(capacity));
    if (kept > 0) std::memcpy(grown.get(), buffer_.get() + begin_, static_cast<size_t>(kept));
    buffer_ = std::move(grown);
    capacity_ = capacity;
  } else if (begin_ > 0 && kept > 0) {
    std::memmove(buffer_.get(), buffer_.get() + begin_, static_cast<size_t>(kept));
  }
  begin_ = 0;
  end_ = kept;
  SABOT_ASSIGN_OR_RAISE(int64_t count, stream_->read(chunkBytes_, buffer_.get() + end_));
  if (count == 0) {
    exhausted_ = true;
    return false;
  }
  end_ += count;
  return true;
}

}  // namespace sabot::formats
