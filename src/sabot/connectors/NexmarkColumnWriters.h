#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>

#include "sabot/base/Result.h"
#include "sabot/columnar/Array.h"
#include "sabot/columnar/Buffer.h"
#include "sabot/columnar/MemoryPool.h"

namespace sabot::connectors {

// Column writers for the generator's hot loop. The generic ArrayBuilders
// resize their buffers and track validity on every append; these size their
// buffers once per batch and then store raw values, so an append is a store
// (numbers) or a bounds check and a memcpy (strings).

/// Fixed-width values (int8, int64, timestamps) into one buffer sized for
/// the whole batch at start().
template <typename T>
class NexmarkFixedColumn {
 public:
  /// Room for `capacity` values; forgets what was written before.
  Status start(int64_t capacity, columnar::MemoryPool* pool) {
    SABOT_ASSIGN_OR_RAISE(
        buffer_, columnar::MutableBuffer::make(capacity * static_cast<int64_t>(sizeof(T)), pool,
                                               /*zeroFill=*/false));
    values_ = buffer_->template mutableDataAs<T>();
    capacity_ = capacity;
    length_ = 0;
    return Status::OK();
  }
  /// Unchecked beyond a debug check: at most `capacity` appends per start().
  void append(T value) {
    SABOT_DCHECK(length_ < capacity_, "column full at {} values", capacity_);
    values_[length_++] = value;
  }
  /// Appends zeros up to `length` values (the filler values under null
  /// struct rows, filled in bulk).
  void padTo(int64_t length) {
    SABOT_DCHECK(length >= length_ && length <= capacity_, "pad {} to {}", length_, length);
    std::fill(values_ + length_, values_ + length, T{});
    length_ = length;
  }
  int64_t length() const { return length_; }

  /// The values as an array of `type`; `validity` (may be null) and
  /// `nullCount` describe its nulls. The writer needs start() again after.
  Result<columnar::Array> finish(const columnar::DataTypePtr& type, columnar::BufferPtr validity,
                                 int64_t nullCount) {
    SABOT_RETURN_NOT_OK(buffer_->resize(length_ * static_cast<int64_t>(sizeof(T))));
    columnar::ArrayData data;
    data.type = type;
    data.length = length_;
    data.nullCount = nullCount;
    data.buffers = {std::move(validity), std::move(buffer_)};
    values_ = nullptr;
    return columnar::Array(std::make_shared<const columnar::ArrayData>(std::move(data)));
  }

 private:
  std::shared_ptr<columnar::MutableBuffer> buffer_;
  T* values_ = nullptr;
  int64_t capacity_ = 0;
  int64_t length_ = 0;
};

/// utf8 values: int32 offsets sized for the batch at start(), character data
/// reserved from an estimate and grown (doubling) when asked for room.
///
/// Appends are unchecked: the caller first makes sure of the room with
/// hasRoom() / makeRoom(). Writes may overshoot the end of a string by up to
/// `overshoot` bytes (fixed-size copies, strings generated in place at
/// tail()); finish() zeroes what lies past the last string, as a buffer's
/// padding must be.
class NexmarkStringColumn {
 public:
  /// Room for `capacity` strings and `expectedBytes` of characters.
  Status start(int64_t capacity, int64_t expectedBytes, int64_t overshoot,
               columnar::MemoryPool* pool);

  bool hasRoom(int64_t bytes) const { return dataLength_ + bytes <= dataCapacity_; }
  Status makeRoom(int64_t bytes) { return hasRoom(bytes) ? Status::OK() : grow(bytes); }

  /// Appends `value` (room for it checked by the caller). A value already
  /// written at tail() is taken where it is.
  void append(std::string_view value) {
    const auto size = static_cast<int64_t>(value.size());
    SABOT_DCHECK(hasRoom(size), "no room for {} bytes", size);
    if (value.data() != characters_ + dataLength_) {
      std::memcpy(characters_ + dataLength_, value.data(), value.size());
    }
    commit(size);
  }
  /// Appends `value` by copying exactly kBytes >= value.size() bytes, which
  /// must be readable at value.data() and fit (hasRoom(kBytes)). A fixed
  /// size makes the copy a few vector moves instead of a call to memcpy.
  template <int64_t kBytes>
  void appendPadded(std::string_view value) {
    SABOT_DCHECK(
        static_cast<int64_t>(value.size()) <= kBytes && kBytes <= overshoot_ && hasRoom(kBytes),
        "padded copy of {} bytes", value.size());
    std::memcpy(characters_ + dataLength_, value.data(), kBytes);
    commit(static_cast<int64_t>(value.size()));
  }
  /// Where the next string's characters go.
  char* tail() { return characters_ + dataLength_; }
  /// Appends empty strings up to `length` values (the filler values under
  /// null struct rows, filled in bulk).
  void padTo(int64_t length) {
    SABOT_DCHECK(length >= length_ && length <= capacity_, "pad {} to {}", length_, length);
    std::fill(offsets_ + length_ + 1, offsets_ + length + 1, offsets_[length_]);
    length_ = length;
  }
  int64_t length() const { return length_; }

  Result<columnar::Array> finish(const columnar::DataTypePtr& type, columnar::BufferPtr validity,
                                 int64_t nullCount);

 private:
  void commit(int64_t size) {
    SABOT_DCHECK(length_ < capacity_, "column full at {} values", capacity_);
    dataLength_ += size;
    offsets_[++length_] = static_cast<int32_t>(dataLength_);
  }
  Status grow(int64_t needed);

  std::shared_ptr<columnar::MutableBuffer> offsetsBuffer_;
  std::shared_ptr<columnar::MutableBuffer> dataBuffer_;
  int32_t* offsets_ = nullptr;
  char* characters_ = nullptr;
  int64_t capacity_ = 0;
  int64_t length_ = 0;
  int64_t dataLength_ = 0;
  int64_t dataCapacity_ = 0;
  int64_t overshoot_ = 0;
};

/// A validity bitmap, all null until rows are set valid, for the struct
/// columns of the event stream (the bitmap is shared with the struct's
/// fields).
class NexmarkValidityColumn {
 public:
  Status start(int64_t capacity, columnar::MemoryPool* pool);
  void setValid(int64_t row) {
    bits_[row >> 3] |= static_cast<uint8_t>(1u << (row & 7));
    ++validCount_;
  }
  /// Nulls among the first `length` rows.
  int64_t nullCount(int64_t length) const { return length - validCount_; }
  /// The bitmap of the first `length` rows; start() again after.
  Result<columnar::BufferPtr> finish(int64_t length);

 private:
  std::shared_ptr<columnar::MutableBuffer> buffer_;
  uint8_t* bits_ = nullptr;
  int64_t validCount_ = 0;
};

}  // namespace sabot::connectors
