#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>

#include "sabot/base/Result.h"
#include "sabot/columnar/MemoryPool.h"

namespace sabot::columnar {

class Buffer;
using BufferPtr = std::shared_ptr<const Buffer>;

/// A contiguous piece of memory holding one Arrow buffer (validity bitmap,
/// offsets or values). Immutable once shared. A Buffer either owns pool memory
/// (see MutableBuffer), views a slice of another buffer (keeping it alive), or
/// wraps foreign memory kept alive by an owner handle (C Data import, mmap).
class Buffer {
 public:
  /// Wraps foreign memory; `owner` keeps it alive and is released with the
  /// last reference to this buffer.
  Buffer(const uint8_t* data, int64_t size, std::shared_ptr<const void> owner = nullptr)
      : data_(const_cast<uint8_t*>(data)), size_(size), owner_(std::move(owner)) {}
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  virtual ~Buffer() = default;

  const uint8_t* data() const { return data_; }
  int64_t size() const { return size_; }
  template <typename T>
  const T* dataAs() const {
    return reinterpret_cast<const T*>(data_);
  }
  std::string_view view() const {
    return {reinterpret_cast<const char*>(data_), static_cast<size_t>(size_)};
  }
  bool equals(const Buffer& other) const {
    return size_ == other.size_ && (size_ == 0 || std::memcmp(data_, other.data_, size_) == 0);
  }

  /// A zero-copy view of `length` bytes at `offset` that keeps `parent` alive.
  static BufferPtr slice(const BufferPtr& parent, int64_t offset, int64_t length);

  /// A buffer that copies `bytes` into pool memory.
  static Result<BufferPtr> copyOf(std::string_view bytes,
                                  MemoryPool* pool = MemoryPool::defaultPool());

 protected:
  Buffer() = default;

  uint8_t* data_ = nullptr;
  int64_t size_ = 0;
  std::shared_ptr<const void> owner_;
};

/// A buffer that owns growable, 64-byte aligned memory from a MemoryPool. The
/// bytes between size() and capacity() are kept zeroed so that writing the
/// buffer with Arrow's padding needs no extra work. Builders fill these and
/// then share them as immutable BufferPtr.
class MutableBuffer final : public Buffer {
 public:
  ~MutableBuffer() override;

  /// A buffer of `size` bytes, zero-filled if `zeroFill`.
  static Result<std::shared_ptr<MutableBuffer>> make(int64_t size,
                                                     MemoryPool* pool = MemoryPool::defaultPool(),
                                                     bool zeroFill = true);

  uint8_t* mutableData() { return data_; }
  template <typename T>
  T* mutableDataAs() {
    return reinterpret_cast<T*>(data_);
  }
  int64_t capacity() const { return capacity_; }
  MemoryPool* pool() const { return pool_; }

  /// Changes the size; grows capacity geometrically when needed. New bytes are
  /// zero.
  Status resize(int64_t newSize);
  /// Makes room for at least `capacity` bytes without changing the size.
  Status reserve(int64_t capacity);

 private:
  explicit MutableBuffer(MemoryPool* pool) : pool_(pool) {}

  MemoryPool* pool_;
  int64_t capacity_ = 0;
};

}  // namespace sabot::columnar
