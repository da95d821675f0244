#include "sabot/connectors/NexmarkColumnWriters.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "sabot/columnar/Bitmap.h"

namespace sabot::connectors {

Status NexmarkStringColumn::start(int64_t capacity, int64_t expectedBytes, int64_t overshoot,
                                  columnar::MemoryPool* pool) {
  SABOT_ASSIGN_OR_RAISE(
      offsetsBuffer_, columnar::MutableBuffer::make((capacity + 1) * 4, pool, /*zeroFill=*/false));
  offsets_ = offsetsBuffer_->mutableDataAs<int32_t>();
  offsets_[0] = 0;
  // Not zero-filled: finish() zeroes what stays unused. Writes may go past
  // the buffer's size up to its capacity; grow() and finish() set the size
  // to what was written before anything could zero that space.
  SABOT_ASSIGN_OR_RAISE(dataBuffer_,
                        columnar::MutableBuffer::make(std::max<int64_t>(expectedBytes, 64), pool,
                                                      /*zeroFill=*/false));
  characters_ = reinterpret_cast<char*>(dataBuffer_->mutableData());
  dataCapacity_ = dataBuffer_->capacity();
  capacity_ = capacity;
  length_ = 0;
  dataLength_ = 0;
  overshoot_ = overshoot;
  return Status::OK();
}

Status NexmarkStringColumn::grow(int64_t needed) {
  const int64_t required = dataLength_ + needed;
  if (required > std::numeric_limits<int32_t>::max()) {
    return Status::invalid(
        "nexmark: {} bytes of strings in one utf8 column of a batch of {} rows exceed its 2 GiB; "
        "ask for fewer rows per batch",
        required, capacity_);
  }
  // Make the written bytes part of the buffer's size first: reserve() zeroes
  // everything past the size.
  SABOT_RETURN_NOT_OK(dataBuffer_->resize(dataLength_));
  SABOT_RETURN_NOT_OK(dataBuffer_->reserve(std::max(required, dataCapacity_ * 2)));
  characters_ = reinterpret_cast<char*>(dataBuffer_->mutableData());
  dataCapacity_ = dataBuffer_->capacity();
  return Status::OK();
}

Result<columnar::Array> NexmarkStringColumn::finish(const columnar::DataTypePtr& type,
                                                    columnar::BufferPtr validity,
                                                    int64_t nullCount) {
  SABOT_RETURN_NOT_OK(offsetsBuffer_->resize((length_ + 1) * 4));
  // Overshooting writes left bytes past the end; the padding must be zero.
  const int64_t dirtyEnd = std::min(dataLength_ + overshoot_, dataCapacity_);
  if (dirtyEnd > dataLength_) {
    std::memset(characters_ + dataLength_, 0, static_cast<size_t>(dirtyEnd - dataLength_));
  }
  SABOT_RETURN_NOT_OK(dataBuffer_->resize(dataLength_));
  columnar::ArrayData data;
  data.type = type;
  data.length = length_;
  data.nullCount = nullCount;
  data.buffers = {std::move(validity), std::move(offsetsBuffer_), std::move(dataBuffer_)};
  offsets_ = nullptr;
  characters_ = nullptr;
  return columnar::Array(std::make_shared<const columnar::ArrayData>(std::move(data)));
}

Status NexmarkValidityColumn::start(int64_t capacity, columnar::MemoryPool* pool) {
  SABOT_ASSIGN_OR_RAISE(
      buffer_, columnar::MutableBuffer::make(columnar::bitmap::bytesForBits(capacity), pool,
                                             /*zeroFill=*/true));
  bits_ = buffer_->mutableData();
  validCount_ = 0;
  return Status::OK();
}

Result<columnar::BufferPtr> NexmarkValidityColumn::finish(int64_t length) {
  SABOT_RETURN_NOT_OK(buffer_->resize(columnar::bitmap::bytesForBits(length)));
  bits_ = nullptr;
  return columnar::BufferPtr(std::move(buffer_));
}

}  // namespace sabot::connectors
