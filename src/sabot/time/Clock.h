#pragma once

#include <atomic>
#include <cstdint>

namespace sabot::time {

/// Processing time: wall-clock milliseconds since the epoch. Injectable, so
/// tests decide when processing-time timers fire and when state TTL expires
/// (ManualClock). Must be thread-safe: RocksDB's compaction filter and the
/// task threads read it concurrently.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual int64_t nowMillis() const = 0;
};

/// The wall clock (std::chrono::system_clock).
class SystemClock final : public Clock {
 public:
  int64_t nowMillis() const override;
  /// A process-wide instance, the default everywhere.
  static const SystemClock* instance();
};

/// A clock that moves only when told to: the test clock.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t startMillis = 0) : nowMillis_(startMillis) {}
  int64_t nowMillis() const override { return nowMillis_.load(std::memory_order_acquire); }
  void setMillis(int64_t millis) { nowMillis_.store(millis, std::memory_order_release); }
  void advanceMillis(int64_t millis) { nowMillis_.fetch_add(millis, std::memory_order_acq_rel); }

 private:
  std::atomic<int64_t> nowMillis_;
};

}  // namespace sabot::time
