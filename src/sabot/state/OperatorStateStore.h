#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "sabot/base/Result.h"

namespace sabot::state {

/// How non-keyed state is handed out again when a job is restored, possibly
/// with another parallelism (Flink's redistribution schemes).
enum class OperatorStateMode : uint8_t {
  /// The elements of all old subtasks, concatenated in subtask order, are
  /// split into contiguous, evenly sized runs, one per new subtask.
  kEvenSplit = 1,
  /// Every new subtask gets all elements of all old subtasks.
  kUnion = 2,
  /// Broadcast state: a map that every subtask holds the same copy of; each
  /// new subtask gets that map.
  kBroadcast = 3,
};

/// The operator (non-keyed) state of one subtask: named lists (even-split or
/// union redistribution) and named broadcast maps, all as serialized bytes.
/// The typed views (OperatorListState, BroadcastState) serialize on top.
///
/// Snapshot format (docs/state.md): "SBOS", u16 version, the states, XXH3
/// checksum. Used by one thread.
class OperatorStateStore {
 public:
  struct ListEntry {
    std::string name;
    OperatorStateMode mode = OperatorStateMode::kEvenSplit;
    std::string signature;
    std::vector<std::string> elements;
  };
  struct MapEntry {
    std::string name;
    std::string keySignature;
    std::string valueSignature;
    /// Ordered, so snapshots of equal maps are equal bytes.
    std::map<std::string, std::string, std::less<>> entries;
  };

  /// An empty store for subtask `subtaskIndex` of `parallelism`.
  static Result<OperatorStateStore> make(int32_t subtaskIndex, int32_t parallelism);

  /// A store for subtask `subtaskIndex` of `parallelism` from the snapshots
  /// of all subtasks of the previous run (any parallelism), redistributed by
  /// each state's mode. Corrupt if a snapshot is damaged.
  static Result<OperatorStateStore> restore(const std::vector<std::string_view>& snapshots, int32_t subtaskIndex,
                                            int32_t parallelism);

  /// The list state `name` (created empty, or as restored). TypeError if it
  /// exists with another mode or element serializer. The pointer stays valid
  /// for the store's lifetime.
  Result<ListEntry*> listState(std::string_view name, OperatorStateMode mode, std::string_view signature);
  /// The broadcast map `name`, likewise.
  Result<MapEntry*> broadcastState(std::string_view name, std::string_view keySignature,
                                   std::string_view valueSignature);

  /// This subtask's operator state as bytes.
  std::string snapshot() const;

  int32_t subtaskIndex() const { return subtaskIndex_; }
  int32_t parallelism() const { return parallelism_; }

 private:
  OperatorStateStore(int32_t subtaskIndex, int32_t parallelism)
      : subtaskIndex_(subtaskIndex), parallelism_(parallelism) {}

  int32_t subtaskIndex_;
  int32_t parallelism_;
  std::deque<ListEntry> lists_;
  std::deque<MapEntry> maps_;
};

}  // namespace sabot::state
