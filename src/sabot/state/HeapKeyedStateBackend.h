#pragma once

#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

#include "sabot/state/KeyedStateBackend.h"

namespace sabot::state {

/// Options of the in-memory backend.
struct HeapBackendOptions {
  /// Allows queryCell() (queryable state) from other threads. Writes then
  /// take an uncontended exclusive lock each (tens of nanoseconds), which is
  /// why it is off by default.
  bool queryable = false;
};

/// Keyed state in memory: for every state, one hash map per key group (so
/// snapshots and rescaling work on key-group ranges), holding serialized
/// keys and values.
///
/// Snapshots are copy-on-write per key group: snapshot() only marks the
/// current maps as shared and keeps a reference to them; the first write to
/// a shared key group afterwards copies that group's map (1/maxParallelism of
/// the state at a time), so the snapshot can be serialized on another thread
/// while processing continues.
///
/// TTL cleanup: on read, in full snapshots, and incrementally (every access
/// also checks StateTtlConfig::incrementalCleanupSize stored entries).
class HeapKeyedStateBackend final : public KeyedStateBackend {
 public:
  static Result<std::unique_ptr<HeapKeyedStateBackend>> make(KeyedStateBackendConfig config,
                                                             HeapBackendOptions options = {});
  ~HeapKeyedStateBackend() override;

  std::string_view backendName() const override { return "heap"; }

  Result<bool> getCell(StateId id, std::string* out) override;
  Status putCell(StateId id, std::string_view value) override;
  Status appendToCell(StateId id, std::string_view bytes) override;
  Status removeCell(StateId id) override;

  Result<bool> getMapEntry(StateId id, std::string_view userKey, std::string* out) override;
  Status putMapEntry(StateId id, std::string_view userKey, std::string_view value) override;
  Status removeMapEntry(StateId id, std::string_view userKey) override;
  Status forEachMapEntry(StateId id, const MapEntryVisitor& visitor) override;
  Status clearMap(StateId id) override;

  Status getCells(StateId id, const std::vector<KeyRef>& keys, std::vector<std::string>* values,
                  std::vector<uint8_t>* found) override;
  Status putCells(StateId id, const std::vector<KeyRef>& keys, const std::vector<std::string_view>& values) override;

  Status forEachEntry(StateId id, int32_t firstKeyGroup, int32_t lastKeyGroup,
                      const StateEntryVisitor& visitor) override;
  Result<bool> queryCell(StateId id, std::string_view key, int32_t keyGroup, std::string_view ns,
                         std::string* out) const override;
  Result<std::unique_ptr<KeyedStateSnapshot>> snapshot() override;

  /// Stored cells plus map entries of a state (expired ones included until
  /// cleaned up).
  int64_t numStoredEntries(StateId id) const;

  struct Shard;
  struct Table;

 protected:
  Status createStorage(StateId id, const StateSpec& spec) override;
  Status restoreEntry(StateId id, const StateEntryView& entry) override;

 private:
  HeapKeyedStateBackend(KeyedStateBackendConfig config, HeapBackendOptions options);

  std::unique_lock<std::shared_mutex> lockForWrite() {
    return options_.queryable ? std::unique_lock<std::shared_mutex>(mutex_) : std::unique_lock<std::shared_mutex>();
  }
  /// The shard of `keyGroup`, created or un-shared (copied) for writing.
  Shard& mutableShard(Table& table, int32_t keyGroup);
  const Shard* readShard(const Table& table, int32_t keyGroup) const;
  /// Runs incremental TTL cleanup if the state has it.
  void accessed(StateId id);
  void cleanupIncrementally(Table& table, const StateSpec& spec);

  HeapBackendOptions options_;
  std::vector<std::unique_ptr<Table>> tables_;
  mutable std::shared_mutex mutex_;
  std::string scratchKey_;
};

}  // namespace sabot::state
