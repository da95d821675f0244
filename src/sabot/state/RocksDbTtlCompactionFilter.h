#pragma once

#include <atomic>
#include <string>

#include <rocksdb/compaction_filter.h>

#include "sabot/state/StateSpec.h"
#include "sabot/state/TtlClock.h"

namespace sabot::state {

/// Drops expired entries of one TTL state while RocksDB compacts its column
/// family, and expired elements of list cells (rewriting the cell). Values it
/// cannot parse are kept: cleanup never deletes what it does not understand.
/// Thread-safe (RocksDB calls it from compaction threads); the TTL can be
/// updated when the state is re-registered after a restore.
class RocksDbTtlCompactionFilter final : public rocksdb::CompactionFilter {
 public:
  RocksDbTtlCompactionFilter(StateKind kind, const TtlClock* clock) : kind_(kind), clock_(clock) {}

  /// ttlMillis 0 (or active false) keeps everything.
  void configure(int64_t ttlMillis, bool active) {
    ttlMillis_.store(active ? ttlMillis : 0, std::memory_order_release);
  }

  bool Filter(int level, const rocksdb::Slice& key, const rocksdb::Slice& existingValue, std::string* newValue,
              bool* valueChanged) const override;
  const char* Name() const override { return "SabotTtlCompactionFilter"; }

 private:
  StateKind kind_;
  const TtlClock* clock_;
  std::atomic<int64_t> ttlMillis_{0};
};

}  // namespace sabot::state
