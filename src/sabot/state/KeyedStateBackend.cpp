#include "sabot/state/KeyedStateBackend.h"

#include "sabot/state/KeyedStateSnapshot.h"

namespace sabot::state {

KeyedStateBackendConfig KeyedStateBackendConfig::forSubtask(const runtime::OperatorContext& context,
                                                            const TtlClock* clock) {
  KeyedStateBackendConfig config;
  config.maxParallelism = context.maxParallelism;
  config.keyGroups = context.keyGroups;
  config.clock = clock;
  config.name = context.subtaskName();
  return config;
}

Status KeyedStateBackendConfig::validate() const {
  if (maxParallelism < 1 || maxParallelism > 32768) {
    return Status::invalid("{}: max parallelism must be in [1, 32768], got {}", name, maxParallelism);
  }
  if (keyGroups.first < 0 || keyGroups.first > keyGroups.last || keyGroups.last >= maxParallelism) {
    return Status::invalid("{}: key groups [{}, {}] are not a range within [0, {}]", name, keyGroups.first,
                           keyGroups.last, maxParallelism - 1);
  }
  if (clock == nullptr) return Status::invalid("{}: needs a TTL clock", name);
  return Status::OK();
}

KeyedStateBackend::KeyedStateBackend(KeyedStateBackendConfig config)
    : config_(std::move(config)), currentKeyGroup_(config_.keyGroups.first) {
  // An empty key and namespace until the first setCurrentKey().
  (void)setCurrentKey({}, currentKeyGroup_);
}

KeyedStateBackend::~KeyedStateBackend() = default;

Result<StateId> KeyedStateBackend::registerState(const StateSpec& spec) {
  SABOT_RETURN_NOT_OK_CONTEXT(spec.validate(), "{}", config_.name);
  for (uint32_t index = 0; index < specs_.size(); ++index) {
    if (specs_[index].name != spec.name) continue;
    SABOT_RETURN_NOT_OK_CONTEXT(specs_[index].checkCompatible(spec), "{}", config_.name);
    // The registration is authoritative for TTL options (a snapshot records
    // only the TTL itself), as it is in Flink.
    specs_[index].ttl = spec.ttl;
    specUpdated(StateId(index));
    return StateId(index);
  }
  const StateId id(static_cast<uint32_t>(specs_.size()));
  specs_.push_back(spec);
  Status status = createStorage(id, spec);
  if (!status.ok()) {
    specs_.pop_back();
    return status;
  }
  return id;
}

Result<StateId> KeyedStateBackend::findState(std::string_view name) const {
  for (uint32_t index = 0; index < specs_.size(); ++index) {
    if (specs_[index].name == name) return StateId(index);
  }
  return Status::keyError("{}: no keyed state named '{}'", config_.name, name);
}

Status KeyedStateBackend::setCurrentKey(std::string_view key, int32_t keyGroup) {
  SABOT_RETURN_NOT_OK(checkKeyGroup(keyGroup));
  currentKeyGroup_ = keyGroup;
  currentKeyAndNamespace_.clear();
  bytes::appendVarint(&currentKeyAndNamespace_, key.size());
  keyOffset_ = currentKeyAndNamespace_.size();
  keySize_ = key.size();
  currentKeyAndNamespace_.append(key);
  // The namespace stays across key changes, as in Flink.
  bytes::appendVarint(&currentKeyAndNamespace_, currentNamespace_.size());
  currentKeyAndNamespace_.append(currentNamespace_);
  return Status::OK();
}

void KeyedStateBackend::setCurrentNamespace(std::string_view ns) {
  if (ns == currentNamespace_) return;
  currentNamespace_.assign(ns.data(), ns.size());
  currentKeyAndNamespace_.resize(keyOffset_ + keySize_);
  bytes::appendVarint(&currentKeyAndNamespace_, currentNamespace_.size());
  currentKeyAndNamespace_.append(currentNamespace_);
}

Status KeyedStateBackend::keyGroupError(int32_t keyGroup) const {
  return Status::indexError("{}: key group {} is not one of this backend's key groups [{}, {}]", config_.name,
                            keyGroup, config_.keyGroups.first, config_.keyGroups.last);
}

std::string KeyedStateBackend::describeState(StateId id) const {
  return fmt::format("state '{}' of {} ({} backend)", specs_[id.value()].name, config_.name, backendName());
}

Status KeyedStateBackend::restore(const std::vector<std::string_view>& snapshots) {
  for (size_t snapshotIndex = 0; snapshotIndex < snapshots.size(); ++snapshotIndex) {
    auto context = [&] { return fmt::format("{}: restoring snapshot {} of {}", config_.name, snapshotIndex + 1, snapshots.size()); };
    auto readerResult = KeyedStateSnapshotReader::make(snapshots[snapshotIndex]);
    if (!readerResult.ok()) return readerResult.status().withContext("{}", context());
    const KeyedStateSnapshotReader& reader = *readerResult;
    if (reader.maxParallelism() != config_.maxParallelism) {
      return Status::invalid("{}: the snapshot has max parallelism {}, this backend {}; key groups cannot be remapped",
                             context(), reader.maxParallelism(), config_.maxParallelism);
    }
    std::vector<StateId> ids;
    for (const StateSpec& spec : reader.specs()) {
      StateId id;
      auto found = findState(spec.name);
      if (found.ok()) {
        id = *found;
        SABOT_RETURN_NOT_OK_CONTEXT(spec.checkCompatible(specs_[id.value()]), "{}", context());
      } else {
        SABOT_ASSIGN_OR_RAISE(id, registerState(spec));
      }
      ids.push_back(id);
    }
    SABOT_RETURN_NOT_OK_CONTEXT(reader.forEachEntry([&](size_t stateIndex, const StateEntryView& entry) {
      // Rescaling: a snapshot of another split holds key groups of others too.
      if (!config_.keyGroups.contains(entry.keyGroup)) return Status::OK();
      return restoreEntry(ids[stateIndex], entry);
    }),
                                "{}", context());
  }
  return finishRestore();
}

Status KeyedStateBackend::forEachSortedEntry(StateId id, int32_t, const OrderedEntryVisitor&, std::string_view) {
  return Status::unsupported("{}: this backend does not keep entries sorted", describeState(id));
}

}  // namespace sabot::state
