#pragma once

#include <atomic>
#include <cstdint>

namespace sabot::state {

/// Processing time as state TTL sees it, in milliseconds since the epoch.
/// Injectable so tests (ManualClock) decide when state expires. Must be
/// thread-safe: RocksDB's compaction filter reads it from background threads.
class TtlClock {
 public:
  virtual ~TtlClock() = default;
  virtual int64_t nowMillis() const = 0;
};

/// The wall clock (std::chrono::system_clock).
class SystemTtlClock final : public TtlClock {
 public:
  int64_t nowMillis() const override;
  /// A process-wide instance, the default of every backend.
  static const SystemTtlClock* instance();
};

/// A clock that moves only when told to: for tests of TTL semantics.
class ManualClock final : public TtlClock {
 public:
  explicit ManualClock(int64_t startMillis = 0) : nowMillis_(startMillis) {}
  int64_t nowMillis() const override { return nowMillis_.load(std::memory_order_acquire); }
  void setMillis(int64_t millis) { nowMillis_.store(millis, std::memory_order_release); }
  void advanceMillis(int64_t millis) { nowMillis_.fetch_add(millis, std::memory_order_acq_rel); }

 private:
  std::atomic<int64_t> nowMillis_;
};

}  // namespace sabot::state
