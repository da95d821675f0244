#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sabot/base/Status.h"
#include "sabot/base/StrongId.h"
#include "sabot/state/TtlConfig.h"

namespace sabot::state {

struct StateIdTag {};
/// A registered keyed state within one backend (its registration order).
using StateId = StrongId<StateIdTag, uint32_t>;

/// The kinds of keyed state. The numbers are written into snapshots.
enum class StateKind : uint8_t {
  kValue = 1,
  kList = 2,
  kMap = 3,
  kReducing = 4,
  kAggregating = 5,
};

std::string_view stateKindName(StateKind kind);

/// What a backend needs to know about a keyed state, with the types erased:
/// the typed descriptors (StateDescriptors.h) produce it. Snapshots carry it,
/// so a restoring backend can check that the state is read back with the
/// serializers it was written with.
struct StateSpec {
  std::string name;
  StateKind kind = StateKind::kValue;
  std::string keySignature;
  std::string namespaceSignature;
  /// The value's serializer; for list state the element's; for aggregating
  /// state the accumulator's.
  std::string valueSignature;
  /// Map state only: the map key's serializer.
  std::string userKeySignature;
  StateTtlConfig ttl;

  /// Map state stores one backend entry per map entry (key + user key);
  /// every other kind stores one cell per key and namespace.
  bool storesMapEntries() const { return kind == StateKind::kMap; }
  /// List cells are sequences of length-prefixed elements that the backend
  /// can append to in O(1).
  bool storesListElements() const { return kind == StateKind::kList; }

  Status validate() const;
  /// TypeError naming the state and the difference if `other` (the same
  /// state as registered or restored elsewhere) does not read the same bytes.
  Status checkCompatible(const StateSpec& other) const;
};

}  // namespace sabot::state
