#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sabot/base/Result.h"
#include "sabot/runtime/KeyGroups.h"
#include "sabot/runtime/Operator.h"
#include "sabot/state/StateKey.h"
#include "sabot/state/StateSpec.h"
#include "sabot/state/TtlClock.h"

namespace sabot::state {

class KeyedStateSnapshot;

/// Where a keyed state backend sits: the key groups of one subtask.
struct KeyedStateBackendConfig {
  /// The job's max parallelism: the number of key groups (Flink's model).
  int32_t maxParallelism = runtime::KeyGroupAssigner::kDefaultMaxParallelism;
  /// The key groups this backend owns; keys of other groups are rejected.
  runtime::KeyGroupAssigner::KeyGroupRange keyGroups{0, runtime::KeyGroupAssigner::kDefaultMaxParallelism - 1};
  /// Processing time for TTL. Not owned; must outlive the backend.
  const TtlClock* clock = SystemTtlClock::instance();
  /// How errors name this backend, e.g. the subtask ("window (2/4)").
  std::string name = "keyed state";

  /// The config of one subtask of an operator.
  static KeyedStateBackendConfig forSubtask(const runtime::OperatorContext& context,
                                            const TtlClock* clock = SystemTtlClock::instance());
  Status validate() const;
};

/// One stored entry, as iteration and snapshots see it (TTL not applied:
/// values carry their timestamps when the state has TTL).
struct StateEntryView {
  int32_t keyGroup = 0;
  std::string_view key;
  std::string_view ns;
  /// Map state: the serialized map key; empty for other kinds.
  std::string_view userKey;
  std::string_view value;
};
using StateEntryVisitor = std::function<Status(const StateEntryView& entry)>;
/// Visits one map entry; set *stop to end the iteration early.
using MapEntryVisitor = std::function<Status(std::string_view userKey, std::string_view value, bool* stop)>;
/// Visits one entry of an ordered scan; set *stop to end it early.
using OrderedEntryVisitor = std::function<Status(const StateEntryView& entry, bool* stop)>;

/// The keyed state of one subtask: every registered state, for the keys of
/// its key groups. Works on bytes; the typed handles (ValueState, ListState,
/// MapState, ReducingState, AggregatingState) serialize on top of it.
///
/// Access is scoped like Flink's: setCurrentKey() and setCurrentNamespace()
/// pick the (key group, key, namespace) that the single-key operations act
/// on. The batch operations (getCells / putCells) take many keys at once, so
/// a batch operator pays one virtual call per batch instead of per row.
///
/// A backend is used by one thread (its subtask's); only queryCell() and a
/// snapshot's serialization may run on other threads.
class KeyedStateBackend {
 public:
  virtual ~KeyedStateBackend();
  KeyedStateBackend(const KeyedStateBackend&) = delete;
  KeyedStateBackend& operator=(const KeyedStateBackend&) = delete;

  const KeyedStateBackendConfig& config() const { return config_; }
  const TtlClock& clock() const { return *config_.clock; }
  /// "heap" or "rocksdb".
  virtual std::string_view backendName() const = 0;

  /// Registers a state, or finds it if registered (or restored) before with
  /// a compatible spec. TypeError if the spec differs (other kind or
  /// serializers), Invalid if it is malformed.
  Result<StateId> registerState(const StateSpec& spec);
  const StateSpec& spec(StateId id) const { return specs_[id.value()]; }
  int32_t numStates() const { return static_cast<int32_t>(specs_.size()); }
  /// KeyError if no state of that name is registered or restored.
  Result<StateId> findState(std::string_view name) const;

  /// Makes `key` (serialized) of `keyGroup` the current key. IndexError if
  /// the key group is not one of this backend's.
  Status setCurrentKey(std::string_view key, int32_t keyGroup);
  /// The namespace (serialized, e.g. a window) the next accesses use;
  /// empty by default.
  void setCurrentNamespace(std::string_view ns);
  std::string_view currentKey() const { return std::string_view(currentKeyAndNamespace_).substr(keyOffset_, keySize_); }
  int32_t currentKeyGroup() const { return currentKeyGroup_; }
  std::string_view currentNamespace() const { return currentNamespace_; }

  // --- Cells: value, list, reducing and aggregating state at the current
  // key and namespace. ---

  /// Copies the cell into *out; false if there is none.
  virtual Result<bool> getCell(StateId id, std::string* out) = 0;
  virtual Status putCell(StateId id, std::string_view value) = 0;
  /// Appends bytes to the cell (creating it): O(1) list append.
  virtual Status appendToCell(StateId id, std::string_view bytes) = 0;
  virtual Status removeCell(StateId id) = 0;

  // --- Map state at the current key and namespace. ---

  virtual Result<bool> getMapEntry(StateId id, std::string_view userKey, std::string* out) = 0;
  virtual Status putMapEntry(StateId id, std::string_view userKey, std::string_view value) = 0;
  virtual Status removeMapEntry(StateId id, std::string_view userKey) = 0;
  /// Visits every entry of the current key's map (order unspecified).
  virtual Status forEachMapEntry(StateId id, const MapEntryVisitor& visitor) = 0;
  /// Removes every entry of the current key's map.
  virtual Status clearMap(StateId id) = 0;

  // --- Vectorised access: many keys, the current namespace. ---

  /// For each key: (*found)[i] = 1 and (*values)[i] = the cell, or 0. The
  /// vectors are resized; their strings are reused across calls.
  virtual Status getCells(StateId id, const std::vector<KeyRef>& keys, std::vector<std::string>* values,
                          std::vector<uint8_t>* found) = 0;
  /// Sets the cell of each key to values[i] (same length as keys).
  virtual Status putCells(StateId id, const std::vector<KeyRef>& keys, const std::vector<std::string_view>& values) = 0;

  /// Visits every stored entry of state `id` in key groups [first, last]
  /// (ascending key group; order within a group unspecified). The views are
  /// valid during the call only. Do not modify the state meanwhile.
  virtual Status forEachEntry(StateId id, int32_t firstKeyGroup, int32_t lastKeyGroup,
                              const StateEntryVisitor& visitor) = 0;

  /// True if the backend keeps each key group's entries sorted by their
  /// stored (length-prefixed) key and namespace bytes, so forEachSortedEntry()
  /// works: RocksDB does, the heap backend does not. Timers use it to find
  /// the earliest timer without holding them all in memory.
  virtual bool keepsEntriesSorted() const { return false; }
  /// Visits the entries of state `id` in key group `keyGroup` in ascending
  /// order of their stored key and namespace bytes, starting at the first
  /// whose bytes are >= `from` (appendKeyAndNamespace form, or a prefix of
  /// it; empty: the group's first), until the visitor sets *stop.
  /// Unsupported unless keepsEntriesSorted(). The views are valid during the
  /// call only; do not modify the state meanwhile. Starting past entries
  /// deleted in order matters on RocksDB: its iterators step over every
  /// deleted entry (tombstone) between the seek target and the next live one.
  virtual Status forEachSortedEntry(StateId id, int32_t keyGroup, const OrderedEntryVisitor& visitor,
                                    std::string_view from = {});

  /// Queryable state: reads the cell of (key, keyGroup, namespace) of state
  /// `id` from any thread while the subtask keeps running. The heap backend
  /// needs HeapBackendOptions::queryable (Unsupported otherwise).
  virtual Result<bool> queryCell(StateId id, std::string_view key, int32_t keyGroup, std::string_view ns,
                                 std::string* out) const = 0;

  /// A consistent view of all state at this moment, serializable (on any
  /// thread) while processing continues. Cheap to take.
  virtual Result<std::unique_ptr<KeyedStateSnapshot>> snapshot() = 0;

  /// Loads snapshots (KeyedStateSnapshot::writeTo) of any backend, taken
  /// with any key-group split of the same maxParallelism: the entries of
  /// this backend's key groups are kept, the rest skipped (rescaling).
  /// Corrupt if a snapshot is damaged (checksum, truncation), TypeError if a
  /// state's spec conflicts with a registered one. Call before processing.
  Status restore(const std::vector<std::string_view>& snapshots);

 protected:
  explicit KeyedStateBackend(KeyedStateBackendConfig config);

  /// Prepares storage for a newly registered state (a column family, ...).
  virtual Status createStorage(StateId id, const StateSpec& spec) = 0;
  /// Stores one restored entry (its key group is one of this backend's).
  virtual Status restoreEntry(StateId id, const StateEntryView& entry) = 0;
  /// Called once after all entries of a restore.
  virtual Status finishRestore() { return Status::OK(); }
  /// A state was re-registered (after a restore) with possibly other TTL
  /// options; spec(id) has them.
  virtual void specUpdated(StateId id) {}

  Status checkKeyGroup(int32_t keyGroup) const {
    if (!config_.keyGroups.contains(keyGroup)) [[unlikely]] {
      return keyGroupError(keyGroup);
    }
    return Status::OK();
  }
  Status keyGroupError(int32_t keyGroup) const;
  /// "state 'counts' of <backend name>": how errors name a state.
  std::string describeState(StateId id) const;

  /// The current key and namespace, as appendKeyAndNamespace writes them.
  const std::string& currentKeyAndNamespace() const { return currentKeyAndNamespace_; }
  int32_t keyGroupIndex(int32_t keyGroup) const { return keyGroup - config_.keyGroups.first; }

  KeyedStateBackendConfig config_;

 private:
  std::vector<StateSpec> specs_;
  std::string currentKeyAndNamespace_;
  int32_t currentKeyGroup_;
  size_t keyOffset_ = 0;
  size_t keySize_ = 0;
  std::string currentNamespace_;
};

}  // namespace sabot::state
