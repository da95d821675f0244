#pragma once

#include <atomic>
#include <cstdint>
#include <limits>
#include <string>

#include "sabot/base/Result.h"

namespace sabot::columnar {

/// Alignment of every buffer Sabot allocates: a cache line, as the Arrow
/// format recommends, so kernels can use aligned SIMD loads.
inline constexpr int64_t kBufferAlignment = 64;

/// Rounds up to a multiple of kBufferAlignment.
constexpr int64_t roundUpToAlignment(int64_t size) {
  return (size + kBufferAlignment - 1) & ~(kBufferAlignment - 1);
}

/// Hands out 64-byte aligned memory and accounts for it. The runtime bounds a
/// job's memory by giving its operators a pool with a limit.
class MemoryPool {
 public:
  /// `limitBytes`: allocations that would take the pool above it fail with
  /// OutOfMemory. `name` appears in those errors.
  explicit MemoryPool(std::string name = "default",
                      int64_t limitBytes = std::numeric_limits<int64_t>::max());
  MemoryPool(const MemoryPool&) = delete;
  MemoryPool& operator=(const MemoryPool&) = delete;

  /// The process-wide pool without a limit.
  static MemoryPool* defaultPool();

  /// Returns aligned, uninitialised memory of at least `size` bytes.
  Result<uint8_t*> allocate(int64_t size);
  /// Grows or shrinks an allocation, keeping its contents.
  Result<uint8_t*> reallocate(uint8_t* pointer, int64_t oldSize, int64_t newSize);
  void free(uint8_t* pointer, int64_t size);

  int64_t bytesAllocated() const { return bytesAllocated_.load(std::memory_order_relaxed); }
  int64_t peakBytes() const { return peakBytes_.load(std::memory_order_relaxed); }
  int64_t numAllocations() const { return numAllocations_.load(std::memory_order_relaxed); }
  int64_t limitBytes() const { return limitBytes_; }
  const std::string& name() const { return name_; }

 private:
  Status reserve(int64_t bytes);

  std::string name_;
  int64_t limitBytes_;
  std::atomic<int64_t> bytesAllocated_{0};
  std::atomic<int64_t> peakBytes_{0};
  std::atomic<int64_t> numAllocations_{0};
};

}  // namespace sabot::columnar
