#pragma once

#include <cstdint>
#include <string>

#include "sabot/base/Status.h"

namespace sabot::state {

/// When an entry's TTL timer restarts (Flink's StateTtlConfig.UpdateType).
enum class TtlUpdateType : uint8_t {
  /// Creating or writing the entry restarts the timer; reads do not.
  kOnCreateAndWrite = 1,
  /// Reads restart the timer too (the entry lives while it is used).
  kOnReadAndWrite = 2,
};

/// Whether reads can see an expired entry (Flink's StateVisibility).
enum class TtlStateVisibility : uint8_t {
  /// An expired entry reads as absent, even if it is still stored.
  kNeverReturnExpired = 1,
  /// An expired entry still stored (not cleaned up yet) is returned.
  kReturnExpiredIfNotCleanedUp = 2,
};

/// Time-to-live of a keyed state's entries, in processing time (the
/// backend's TtlClock). For list and map state it applies per element / per
/// map entry. An entry written at t expires at t + ttlMillis.
///
/// Expired entries are removed by whichever cleanups are on:
struct StateTtlConfig {
  /// 0 disables TTL (the state stores no timestamps).
  int64_t ttlMillis = 0;
  TtlUpdateType updateType = TtlUpdateType::kOnCreateAndWrite;
  TtlStateVisibility visibility = TtlStateVisibility::kNeverReturnExpired;
  /// Reading an expired entry removes it (Flink always does this).
  bool cleanupOnRead = true;
  /// Full snapshots leave expired entries out (they are dropped on restore).
  bool cleanupInFullSnapshot = false;
  /// In-memory backend: every access to the state also checks this many
  /// stored entries (cycling through all of them) and removes the expired.
  /// 0 turns incremental cleanup off. Ignored by RocksDB.
  int32_t incrementalCleanupSize = 0;
  /// RocksDB backend: a compaction filter drops expired entries (and expired
  /// list elements) while RocksDB compacts. Ignored by the in-memory backend.
  bool cleanupInRocksDbCompaction = true;

  bool enabled() const { return ttlMillis > 0; }

  /// A config with TTL `ttlMillis` and the defaults above.
  static StateTtlConfig of(int64_t ttlMillis) {
    StateTtlConfig config;
    config.ttlMillis = ttlMillis;
    return config;
  }

  /// Invalid if a field is out of range.
  Status validate() const;
};

}  // namespace sabot::state
