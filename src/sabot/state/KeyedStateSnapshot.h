#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "sabot/base/Result.h"
#include "sabot/runtime/KeyGroups.h"
#include "sabot/state/KeyedStateBackend.h"
#include "sabot/state/StateSpec.h"
#include "sabot/state/TtlClock.h"

namespace sabot::state {

/// The backend-independent keyed state snapshot format (docs/state.md has
/// the byte layout). Heap and RocksDB backends write and read the same bytes,
/// which is what makes savepoints portable and rescaling possible.
namespace snapshot_format {
inline constexpr std::string_view kMagic = "SBKS";
inline constexpr uint16_t kVersion = 1;
inline constexpr uint8_t kKeyGroupTag = 1;
inline constexpr uint8_t kEntryTag = 2;
inline constexpr uint8_t kEndTag = 3;
}  // namespace snapshot_format

/// A point-in-time view of a keyed state backend. Taking it is cheap and
/// happens on the subtask's thread; writeTo() may then run on another thread
/// while the backend keeps processing (heap: copy-on-write key groups;
/// RocksDB: a RocksDB snapshot). Must be destroyed before its backend.
class KeyedStateSnapshot {
 public:
  virtual ~KeyedStateSnapshot() = default;

  /// Serializes the snapshot (appending to *out). States whose TTL has
  /// cleanupInFullSnapshot leave out entries expired at this call's time.
  Status writeTo(std::string* out) const;
  Result<std::string> toBytes() const;

  const std::vector<StateSpec>& specs() const { return specs_; }
  runtime::KeyGroupAssigner::KeyGroupRange keyGroups() const { return keyGroups_; }

 protected:
  KeyedStateSnapshot(std::vector<StateSpec> specs, int32_t maxParallelism,
                     runtime::KeyGroupAssigner::KeyGroupRange keyGroups, const TtlClock* clock)
      : specs_(std::move(specs)), maxParallelism_(maxParallelism), keyGroups_(keyGroups), clock_(clock) {}

  /// Visits every entry of `state` in key group `keyGroup`.
  virtual Status forEachEntryInKeyGroup(StateId state, int32_t keyGroup, const StateEntryVisitor& visitor) const = 0;

 private:
  std::vector<StateSpec> specs_;
  int32_t maxParallelism_;
  runtime::KeyGroupAssigner::KeyGroupRange keyGroups_;
  const TtlClock* clock_;
};

/// A parsed snapshot header, and a reader of its entries.
class KeyedStateSnapshotReader {
 public:
  /// Verifies the checksum and parses the header: Corrupt if the bytes are
  /// damaged or not a keyed state snapshot; Unsupported for a newer version.
  static Result<KeyedStateSnapshotReader> make(std::string_view bytes);

  int32_t maxParallelism() const { return maxParallelism_; }
  runtime::KeyGroupAssigner::KeyGroupRange keyGroups() const { return keyGroups_; }
  const std::vector<StateSpec>& specs() const { return specs_; }

  /// Visits every entry with the index of its state in specs().
  Status forEachEntry(const std::function<Status(size_t stateIndex, const StateEntryView& entry)>& visitor) const;

 private:
  KeyedStateSnapshotReader() = default;

  std::string_view body_;
  int32_t maxParallelism_ = 0;
  runtime::KeyGroupAssigner::KeyGroupRange keyGroups_{0, 0};
  std::vector<StateSpec> specs_;
};

}  // namespace sabot::state
