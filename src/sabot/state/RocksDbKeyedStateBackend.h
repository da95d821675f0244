#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sabot/state/KeyedStateBackend.h"
#include "sabot/state/RocksDbBackendOptions.h"

namespace sabot::state {

/// Keyed state in an embedded RocksDB, for state larger than memory.
///
/// Layout: one column family per state (named "s:" + state name); a stored
/// key is
///   keyGroup (2 bytes, big-endian) | varint(len) key | varint(len) namespace
/// followed, for map state, by the serialized map key. Big-endian key groups
/// sort first, so a key-group range is one contiguous key range (iteration,
/// snapshots, rescaling). List cells are appended to with a merge operator;
/// TTL states get a compaction filter that drops expired entries.
///
/// Memory is bounded by RocksDbBackendOptions (block cache, write buffers).
/// Every RocksDB error becomes a Status naming the operation, the state and
/// the directory; nothing is silently dropped.
class RocksDbKeyedStateBackend final : public KeyedStateBackend {
 public:
  /// Opens a new RocksDB in options.directory (which must not exist or be
  /// empty). IOError if the directory cannot be created or opened.
  static Result<std::unique_ptr<RocksDbKeyedStateBackend>> make(KeyedStateBackendConfig config,
                                                                RocksDbBackendOptions options);
  ~RocksDbKeyedStateBackend() override;

  std::string_view backendName() const override { return "rocksdb"; }

  Result<bool> getCell(StateId id, std::string* out) override;
  Status putCell(StateId id, std::string_view value) override;
  Status appendToCell(StateId id, std::string_view bytes) override;
  Status removeCell(StateId id) override;

  Result<bool> getMapEntry(StateId id, std::string_view userKey, std::string* out) override;
  Status putMapEntry(StateId id, std::string_view userKey, std::string_view value) override;
  Status removeMapEntry(StateId id, std::string_view userKey) override;
  Status forEachMapEntry(StateId id, const MapEntryVisitor& visitor) override;
  Status clearMap(StateId id) override;

  /// One RocksDB MultiGet for the whole batch.
  Status getCells(StateId id, const std::vector<KeyRef>& keys, std::vector<std::string>* values,
                  std::vector<uint8_t>* found) override;
  /// One RocksDB WriteBatch for the whole batch.
  Status putCells(StateId id, const std::vector<KeyRef>& keys, const std::vector<std::string_view>& values) override;

  Status forEachEntry(StateId id, int32_t firstKeyGroup, int32_t lastKeyGroup,
                      const StateEntryVisitor& visitor) override;
  bool keepsEntriesSorted() const override { return true; }
  Status forEachSortedEntry(StateId id, int32_t keyGroup, const OrderedEntryVisitor& visitor,
                            std::string_view from = {}) override;
  /// Thread-safe (RocksDB reads are).
  Result<bool> queryCell(StateId id, std::string_view key, int32_t keyGroup, std::string_view ns,
                         std::string* out) const override;
  Result<std::unique_ptr<KeyedStateSnapshot>> snapshot() override;

  /// A native RocksDB checkpoint in `directory` (which must not exist):
  /// memtables are flushed, SST files hard-linked (copied only across file
  /// systems). The directory is a complete RocksDB that RocksDB can open;
  /// unchanged SST files are shared between successive checkpoints, which is
  /// what incremental checkpoints will build on.
  Status createCheckpoint(const std::string& directory);
  /// Flushes all memtables to SST files.
  Status flush();
  /// Compacts a state's column family fully (runs the TTL compaction filter
  /// over every entry).
  Status compact(StateId id);

  struct MemoryUsage {
    int64_t blockCacheCapacity = 0;
    /// Bytes in the block cache, including memtable reservations when they
    /// are charged to it.
    int64_t blockCacheUsage = 0;
    /// Bytes in memtables of all column families.
    int64_t memtableBytes = 0;
  };
  MemoryUsage memoryUsage() const;
  const RocksDbBackendOptions& options() const;

  struct Impl;

 protected:
  Status createStorage(StateId id, const StateSpec& spec) override;
  Status restoreEntry(StateId id, const StateEntryView& entry) override;
  Status finishRestore() override;
  void specUpdated(StateId id) override;

 private:
  RocksDbKeyedStateBackend(KeyedStateBackendConfig config, std::shared_ptr<Impl> impl);

  /// keyGroup | current key and namespace (| userKey) into dbKey_.
  const std::string& currentDbKey(std::string_view userKey = {});
  std::string where(StateId id) const;

  std::shared_ptr<Impl> impl_;
  std::string dbKey_;
  std::string batchKeys_;
};

}  // namespace sabot::state
