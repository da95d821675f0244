#include "sabot/columnar/MemoryPool.h"

#include <cstdlib>
#include <cstring>

namespace sabot::columnar {

namespace {
// Zero-size allocations return this, so callers never see nullptr.
alignas(kBufferAlignment) uint8_t zeroSizeArea[kBufferAlignment];
}  // namespace

MemoryPool::MemoryPool(std::string name, int64_t limitBytes)
    : name_(std::move(name)), limitBytes_(limitBytes) {}

MemoryPool* MemoryPool::defaultPool() {
  static MemoryPool pool("default");
  return &pool;
}

Status MemoryPool::reserve(int64_t bytes) {
  const int64_t now = bytesAllocated_.fetch_add(bytes, std::memory_order_relaxed) + bytes;
  if (bytes > 0 && now > limitBytes_) {
    bytesAllocated_.fetch_sub(bytes, std::memory_order_relaxed);
    return Status::outOfMemory("memory pool '{}' is limited to {} bytes; {} more requested with {} in use",
                               name_, limitBytes_, bytes, now - bytes);
  }
  int64_t peak = peakBytes_.load(std::memory_order_relaxed);
  while (now > peak && !peakBytes_.compare_exchange_weak(peak, now, std::memory_order_relaxed)) {
  }
  return Status::OK();
}

Result<uint8_t*> MemoryPool::allocate(int64_t size) {
  if (size < 0) return Status::invalid("negative allocation size {}", size);
  if (size == 0) return zeroSizeArea;
  SABOT_RETURN_NOT_OK(reserve(size));
  void* memory = std::aligned_alloc(kBufferAlignment, static_cast<size_t>(roundUpToAlignment(size)));
  if (memory == nullptr) {
    bytesAllocated_.fetch_sub(size, std::memory_order_relaxed);
    return Status::outOfMemory("allocating {} bytes failed", size);
  }
  numAllocations_.fetch_add(1, std::memory_order_relaxed);
  return static_cast<uint8_t*>(memory);
}

Result<uint8_t*> MemoryPool::reallocate(uint8_t* pointer, int64_t oldSize, int64_t newSize) {
  SABOT_ASSIGN_OR_RAISE(uint8_t * fresh, allocate(newSize));
  if (oldSize > 0 && newSize > 0) std::memcpy(fresh, pointer, static_cast<size_t>(std::min(oldSize, newSize)));
  free(pointer, oldSize);
  return fresh;
}

void MemoryPool::free(uint8_t* pointer, int64_t size) {
  if (pointer == zeroSizeArea || size == 0) return;
  std::free(pointer);
  bytesAllocated_.fetch_sub(size, std::memory_order_relaxed);
}

}  // namespace sabot::columnar
