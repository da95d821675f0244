#include "sabot/state/StateSpec.h"

#include "sabot/base/Result.h"

namespace sabot::state {

std::string_view stateKindName(StateKind kind) {
  switch (kind) {
    case StateKind::kValue:
      return "value";
    case StateKind::kList:
      return "list";
    case StateKind::kMap:
      return "map";
    case StateKind::kReducing:
      return "reducing";
    case StateKind::kAggregating:
      return "aggregating";
  }
  return "unknown";
}

Status StateSpec::validate() const {
  if (name.empty()) return Status::invalid("a keyed state needs a non-empty name");
  if (stateKindName(kind) == "unknown") return Status::invalid("state '{}' has unknown kind {}", name, static_cast<int>(kind));
  SABOT_RETURN_NOT_OK_CONTEXT(ttl.validate(), "state '{}'", name);
  return Status::OK();
}

Status StateSpec::checkCompatible(const StateSpec& other) const {
  if (kind != other.kind) {
    return Status::typeError("state '{}' is {} state, but is now used as {} state", name, stateKindName(kind),
                             stateKindName(other.kind));
  }
  auto compare = [&](std::string_view what, const std::string& mine, const std::string& theirs) -> Status {
    if (mine == theirs) return Status::OK();
    return Status::typeError("state '{}' was written with {} serializer '{}', but is now read with '{}'", name, what,
                             mine, theirs);
  };
  SABOT_RETURN_NOT_OK(compare("key", keySignature, other.keySignature));
  SABOT_RETURN_NOT_OK(compare("namespace", namespaceSignature, other.namespaceSignature));
  SABOT_RETURN_NOT_OK(compare("value", valueSignature, other.valueSignature));
  SABOT_RETURN_NOT_OK(compare("map key", userKeySignature, other.userKeySignature));
  if (ttl.enabled() != other.ttl.enabled()) {
    // The stored bytes differ (TTL values carry a timestamp), as in Flink.
    return Status::typeError("state '{}' was written {} TTL, but is now used {} TTL", name,
                             ttl.enabled() ? "with" : "without", other.ttl.enabled() ? "with" : "without");
  }
  return Status::OK();
}

}  // namespace sabot::state
