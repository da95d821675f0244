#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sabot/base/Result.h"
#include "sabot/state/KeyedStateBackend.h"

namespace sabot::state {

/// The two clocks a timer can follow (Flink's TimeDomain).
enum class TimeDomain : uint8_t {
  /// Fires when the operator's watermark reaches the timer's timestamp.
  kEventTime = 0,
  /// Fires when the processing-time clock (time::Clock) reaches it.
  kProcessingTime = 1,
};

std::string_view timeDomainName(TimeDomain domain);

/// One timer: (timestamp, key, namespace), for the key group of its key.
/// The views are valid during the callback only.
struct TimerView {
  TimeDomain domain = TimeDomain::kEventTime;
  int64_t timestamp = 0;
  std::string_view key;
  int32_t keyGroup = 0;
  std::string_view ns;
};
using TimerCallback = std::function<Status(const TimerView& timer)>;

/// Per-key timers in event time and processing time for one subtask
/// (Flink's InternalTimerService). At most one timer exists per (domain,
/// timestamp, key, namespace): registering it again does nothing.
///
/// Timers live in the keyed state backend, as two internal states
/// ("_timers.event" and "_timers.processing"), so they are part of every
/// keyed state snapshot, restored with it and redistributed by key group on
/// rescaling. A timer is stored with its timestamp (8 bytes, big-endian,
/// sign bit flipped) as the state key and its key and namespace as the
/// state namespace, so a sorted backend (RocksDB) keeps each key group's
/// timers in timestamp order. Which timers fire next is then found with a
/// small in-memory index:
///  - sorted backends: the earliest timestamp of each key group, refreshed
///    by reading the first entry of the group; memory is per key group, not
///    per timer, so millions of timers stay on disk;
///  - the heap backend: an ordered set of every timer.
///
/// Firing (advance) removes each timer just before its callback runs, with
/// the key set as the backend's current key and the namespace as current
/// namespace. Callbacks may register and delete timers; a timer registered
/// for a time already reached fires within the same advance.
class TimerService {
 public:
  /// Registers the internal timer states in `backend` (which must outlive
  /// the service) and builds the index from what the backend holds (after a
  /// restore: the restored timers).
  static Result<std::unique_ptr<TimerService>> make(KeyedStateBackend* backend);
  ~TimerService();
  TimerService(const TimerService&) = delete;
  TimerService& operator=(const TimerService&) = delete;

  /// Registers a timer for the backend's current key and namespace.
  Status registerTimer(TimeDomain domain, int64_t timestamp);
  /// Deletes the current key's timer at `timestamp`; nothing if none.
  Status deleteTimer(TimeDomain domain, int64_t timestamp);
  /// The same for an explicit key (of `keyGroup`) and namespace.
  Status registerTimerFor(TimeDomain domain, int64_t timestamp, std::string_view key, int32_t keyGroup,
                          std::string_view ns);
  Status deleteTimerFor(TimeDomain domain, int64_t timestamp, std::string_view key, int32_t keyGroup,
                        std::string_view ns);

  /// Fires every timer of `domain` with timestamp <= `time` in timestamp
  /// order (equal timestamps in unspecified order). Stops at the first
  /// callback error (the timers not yet fired stay registered).
  Status advance(TimeDomain domain, int64_t time, const TimerCallback& onTimer);

  /// The earliest registered timestamp of `domain`; nullopt if none.
  Result<std::optional<int64_t>> earliest(TimeDomain domain);
  /// Registered timers of `domain`.
  int64_t numTimers(TimeDomain domain) const;

  /// Call after the backend was restored (KeyedStateBackend::restore) to
  /// rebuild the index from the restored timers.
  Status reload();

  class Index;

 private:
  explicit TimerService(KeyedStateBackend* backend);
  Status store(TimeDomain domain, int64_t timestamp, std::string_view key, int32_t keyGroup, std::string_view ns,
               bool add, bool* changed);
  void noteChange(TimeDomain domain, int64_t timestamp);

  KeyedStateBackend* backend_;
  StateId stateIds_[2];
  std::unique_ptr<Index> indexes_[2];
  // The user's current key and namespace, kept aside while timers are
  // read or written through the backend's current-key interface.
  std::string savedKey_;
  std::string savedNamespace_;
  std::string timerKey_;
  std::string timerNamespace_;
  std::string scratch_;
  /// Bumped by every change a callback makes while timers fire, so the
  /// batch of timers read ahead is re-read.
  uint64_t changes_[2] = {0, 0};
  /// The last timestamp of the batch being fired.
  int64_t horizon_[2] = {0, 0};
  bool firing_[2] = {false, false};
};

}  // namespace sabot::state
