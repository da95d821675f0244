#include "sabot/state/HeapKeyedStateBackend.h"

#include <xxhash.h>

#include <unordered_map>

#include "sabot/state/KeyedStateSnapshot.h"
#include "sabot/state/TtlFormat.h"

namespace sabot::state {

namespace {

/// XXH3 over the bytes; transparent so lookups take a string_view of the
/// backend's scratch key without building a std::string.
struct BytesHash {
  using is_transparent = void;
  size_t operator()(std::string_view bytes) const { return XXH3_64bits(bytes.data(), bytes.size()); }
};
using BytesMap = std::unordered_map<std::string, std::string, BytesHash, std::equal_to<>>;
using NestedMap = std::unordered_map<std::string, BytesMap, BytesHash, std::equal_to<>>;

}  // namespace

/// One key group of one state. Keys are "key and namespace" bytes
/// (appendKeyAndNamespace). Only one of the two maps is used, by kind.
struct HeapKeyedStateBackend::Shard {
  BytesMap cells;
  NestedMap maps;
};

struct HeapKeyedStateBackend::Table {
  /// One per key group of the backend's range; null until first written.
  std::vector<std::shared_ptr<Shard>> shards;
  /// 1 where a snapshot holds the shard: it must be copied before a write.
  std::vector<uint8_t> sharedWithSnapshot;
  /// Where incremental TTL cleanup continues.
  size_t cleanupShard = 0;
  size_t cleanupBucket = 0;
};

namespace {

Status visitShard(const HeapKeyedStateBackend::Shard& shard, int32_t keyGroup, const StateEntryVisitor& visitor) {
  StateEntryView entry;
  entry.keyGroup = keyGroup;
  for (const auto& [keyAndNamespace, value] : shard.cells) {
    SABOT_ASSIGN_OR_RAISE(auto parts, splitKeyAndNamespace(keyAndNamespace));
    entry.key = parts.key;
    entry.ns = parts.ns;
    entry.value = value;
    SABOT_RETURN_NOT_OK(visitor(entry));
  }
  for (const auto& [keyAndNamespace, map] : shard.maps) {
    SABOT_ASSIGN_OR_RAISE(auto parts, splitKeyAndNamespace(keyAndNamespace));
    entry.key = parts.key;
    entry.ns = parts.ns;
    for (const auto& [userKey, value] : map) {
      entry.userKey = userKey;
      entry.value = value;
      SABOT_RETURN_NOT_OK(visitor(entry));
    }
  }
  return Status::OK();
}

/// The shards of every state at snapshot time; they are never written again.
class HeapSnapshot final : public KeyedStateSnapshot {
 public:
  HeapSnapshot(std::vector<StateSpec> specs, const KeyedStateBackendConfig& config,
               std::vector<std::vector<std::shared_ptr<const HeapKeyedStateBackend::Shard>>> shards)
      : KeyedStateSnapshot(std::move(specs), config.maxParallelism, config.keyGroups, config.clock),
        firstKeyGroup_(config.keyGroups.first),
        shards_(std::move(shards)) {}

 protected:
  Status forEachEntryInKeyGroup(StateId state, int32_t keyGroup, const StateEntryVisitor& visitor) const override {
    const auto& shard = shards_[state.value()][static_cast<size_t>(keyGroup - firstKeyGroup_)];
    if (!shard) return Status::OK();
    return visitShard(*shard, keyGroup, visitor);
  }

 private:
  int32_t firstKeyGroup_;
  std::vector<std::vector<std::shared_ptr<const HeapKeyedStateBackend::Shard>>> shards_;
};

}  // namespace

Result<std::unique_ptr<HeapKeyedStateBackend>> HeapKeyedStateBackend::make(KeyedStateBackendConfig config,
                                                                           HeapBackendOptions options) {
  SABOT_RETURN_NOT_OK(config.validate());
  return std::unique_ptr<HeapKeyedStateBackend>(new HeapKeyedStateBackend(std::move(config), options));
}

HeapKeyedStateBackend::HeapKeyedStateBackend(KeyedStateBackendConfig config, HeapBackendOptions options)
    : KeyedStateBackend(std::move(config)), options_(options) {}

HeapKeyedStateBackend::~HeapKeyedStateBackend() = default;

Status HeapKeyedStateBackend::createStorage(StateId id, const StateSpec& spec) {
  auto table = std::make_unique<Table>();
  const auto numGroups = static_cast<size_t>(config_.keyGroups.size());
  table->shards.resize(numGroups);
  table->sharedWithSnapshot.assign(numGroups, 0);
  auto lock = lockForWrite();
  tables_.push_back(std::move(table));
  return Status::OK();
}

HeapKeyedStateBackend::Shard& HeapKeyedStateBackend::mutableShard(Table& table, int32_t keyGroup) {
  const auto index = static_cast<size_t>(keyGroupIndex(keyGroup));
  auto& shard = table.shards[index];
  if (!shard) {
    shard = std::make_shared<Shard>();
  } else if (table.sharedWithSnapshot[index]) {
    // Copy-on-write: the snapshot keeps the old maps untouched.
    shard = std::make_shared<Shard>(*shard);
    table.sharedWithSnapshot[index] = 0;
  }
  return *shard;
}

const HeapKeyedStateBackend::Shard* HeapKeyedStateBackend::readShard(const Table& table, int32_t keyGroup) const {
  return table.shards[static_cast<size_t>(keyGroupIndex(keyGroup))].get();
}

void HeapKeyedStateBackend::accessed(StateId id) {
  const StateSpec& stateSpec = spec(id);
  if (stateSpec.ttl.enabled() && stateSpec.ttl.incrementalCleanupSize > 0) [[unlikely]] {
    cleanupIncrementally(*tables_[id.value()], stateSpec);
  }
}

void HeapKeyedStateBackend::cleanupIncrementally(Table& table, const StateSpec& stateSpec) {
  auto lock = lockForWrite();
  const int64_t now = clock().nowMillis();
  const int64_t ttlMillis = stateSpec.ttl.ttlMillis;
  int64_t budget = stateSpec.ttl.incrementalCleanupSize;
  const size_t numShards = table.shards.size();
  size_t shardsVisited = 0;
  std::string kept;
  std::vector<std::string> expired;
  while (budget > 0 && shardsVisited <= numShards) {
    auto advanceShard = [&] {
      table.cleanupShard = (table.cleanupShard + 1) % numShards;
      table.cleanupBucket = 0;
      ++shardsVisited;
    };
    const auto& shardPointer = table.shards[table.cleanupShard];
    // A shard a snapshot holds is left for later rather than copied just to
    // clean it.
    if (!shardPointer || table.sharedWithSnapshot[table.cleanupShard]) {
      advanceShard();
      continue;
    }
    Shard& shard = *shardPointer;
    expired.clear();
    if (stateSpec.storesMapEntries()) {
      if (table.cleanupBucket >= shard.maps.bucket_count()) {
        advanceShard();
        continue;
      }
      for (auto it = shard.maps.begin(table.cleanupBucket); it != shard.maps.end(table.cleanupBucket); ++it) {
        BytesMap& map = it->second;
        for (auto entry = map.begin(); entry != map.end();) {
          --budget;
          entry = ttl::valueExpired(entry->second, ttlMillis, now) ? map.erase(entry) : std::next(entry);
        }
        if (map.empty()) expired.push_back(it->first);
      }
      for (const auto& key : expired) shard.maps.erase(key);
    } else {
      if (table.cleanupBucket >= shard.cells.bucket_count()) {
        advanceShard();
        continue;
      }
      for (auto it = shard.cells.begin(table.cleanupBucket); it != shard.cells.end(table.cleanupBucket); ++it) {
        --budget;
        if (stateSpec.storesListElements()) {
          switch (ttl::filterExpiredListElements(it->second, ttlMillis, now, &kept)) {
            case ttl::ListFilterResult::kChanged:
              it->second.swap(kept);
              break;
            case ttl::ListFilterResult::kAllExpired:
              expired.push_back(it->first);
              break;
            default:
              break;
          }
        } else if (ttl::valueExpired(it->second, ttlMillis, now)) {
          expired.push_back(it->first);
        }
      }
      for (const auto& key : expired) shard.cells.erase(key);
    }
    // Empty buckets cost a step too, so the cursor always moves on.
    --budget;
    ++table.cleanupBucket;
  }
}

Result<bool> HeapKeyedStateBackend::getCell(StateId id, std::string* out) {
  accessed(id);
  const Shard* shard = readShard(*tables_[id.value()], currentKeyGroup());
  if (shard == nullptr) return false;
  auto it = shard->cells.find(std::string_view(currentKeyAndNamespace()));
  if (it == shard->cells.end()) return false;
  out->assign(it->second);
  return true;
}

Status HeapKeyedStateBackend::putCell(StateId id, std::string_view value) {
  accessed(id);
  auto lock = lockForWrite();
  Shard& shard = mutableShard(*tables_[id.value()], currentKeyGroup());
  auto it = shard.cells.find(std::string_view(currentKeyAndNamespace()));
  if (it != shard.cells.end()) {
    it->second.assign(value.data(), value.size());
  } else {
    shard.cells.emplace(currentKeyAndNamespace(), std::string(value));
  }
  return Status::OK();
}

Status HeapKeyedStateBackend::appendToCell(StateId id, std::string_view bytes) {
  accessed(id);
  auto lock = lockForWrite();
  Shard& shard = mutableShard(*tables_[id.value()], currentKeyGroup());
  auto it = shard.cells.find(std::string_view(currentKeyAndNamespace()));
  if (it != shard.cells.end()) {
    it->second.append(bytes);  // amortised O(1): std::string grows geometrically
  } else {
    shard.cells.emplace(currentKeyAndNamespace(), std::string(bytes));
  }
  return Status::OK();
}

Status HeapKeyedStateBackend::removeCell(StateId id) {
  accessed(id);
  Table& table = *tables_[id.value()];
  const Shard* shard = readShard(table, currentKeyGroup());
  // Removing what is not there must not copy a shared shard.
  if (shard == nullptr || !shard->cells.contains(std::string_view(currentKeyAndNamespace()))) return Status::OK();
  auto lock = lockForWrite();
  auto& cells = mutableShard(table, currentKeyGroup()).cells;
  cells.erase(cells.find(std::string_view(currentKeyAndNamespace())));
  return Status::OK();
}

Result<bool> HeapKeyedStateBackend::getMapEntry(StateId id, std::string_view userKey, std::string* out) {
  accessed(id);
  const Shard* shard = readShard(*tables_[id.value()], currentKeyGroup());
  if (shard == nullptr) return false;
  auto map = shard->maps.find(std::string_view(currentKeyAndNamespace()));
  if (map == shard->maps.end()) return false;
  auto entry = map->second.find(userKey);
  if (entry == map->second.end()) return false;
  out->assign(entry->second);
  return true;
}

Status HeapKeyedStateBackend::putMapEntry(StateId id, std::string_view userKey, std::string_view value) {
  accessed(id);
  auto lock = lockForWrite();
  Shard& shard = mutableShard(*tables_[id.value()], currentKeyGroup());
  auto map = shard.maps.find(std::string_view(currentKeyAndNamespace()));
  if (map == shard.maps.end()) map = shard.maps.emplace(currentKeyAndNamespace(), BytesMap()).first;
  auto entry = map->second.find(userKey);
  if (entry != map->second.end()) {
    entry->second.assign(value.data(), value.size());
  } else {
    map->second.emplace(std::string(userKey), std::string(value));
  }
  return Status::OK();
}

Status HeapKeyedStateBackend::removeMapEntry(StateId id, std::string_view userKey) {
  accessed(id);
  Table& table = *tables_[id.value()];
  const Shard* shard = readShard(table, currentKeyGroup());
  if (shard == nullptr) return Status::OK();
  auto map = shard->maps.find(std::string_view(currentKeyAndNamespace()));
  if (map == shard->maps.end() || !map->second.contains(userKey)) return Status::OK();
  auto lock = lockForWrite();
  auto& maps = mutableShard(table, currentKeyGroup()).maps;
  auto mutableMap = maps.find(std::string_view(currentKeyAndNamespace()));
  mutableMap->second.erase(mutableMap->second.find(userKey));
  if (mutableMap->second.empty()) maps.erase(mutableMap);
  return Status::OK();
}

Status HeapKeyedStateBackend::forEachMapEntry(StateId id, const MapEntryVisitor& visitor) {
  accessed(id);
  const Shard* shard = readShard(*tables_[id.value()], currentKeyGroup());
  if (shard == nullptr) return Status::OK();
  auto map = shard->maps.find(std::string_view(currentKeyAndNamespace()));
  if (map == shard->maps.end()) return Status::OK();
  bool stop = false;
  for (const auto& [userKey, value] : map->second) {
    SABOT_RETURN_NOT_OK(visitor(userKey, value, &stop));
    if (stop) break;
  }
  return Status::OK();
}

Status HeapKeyedStateBackend::clearMap(StateId id) {
  accessed(id);
  Table& table = *tables_[id.value()];
  const Shard* shard = readShard(table, currentKeyGroup());
  if (shard == nullptr || !shard->maps.contains(std::string_view(currentKeyAndNamespace()))) return Status::OK();
  auto lock = lockForWrite();
  auto& maps = mutableShard(table, currentKeyGroup()).maps;
  maps.erase(maps.find(std::string_view(currentKeyAndNamespace())));
  return Status::OK();
}

Status HeapKeyedStateBackend::getCells(StateId id, const std::vector<KeyRef>& keys, std::vector<std::string>* values,
                                       std::vector<uint8_t>* found) {
  accessed(id);
  const Table& table = *tables_[id.value()];
  values->resize(keys.size());
  found->assign(keys.size(), 0);
  for (size_t i = 0; i < keys.size(); ++i) {
    SABOT_RETURN_NOT_OK(checkKeyGroup(keys[i].keyGroup));
    const Shard* shard = readShard(table, keys[i].keyGroup);
    if (shard == nullptr) continue;
    scratchKey_.clear();
    appendKeyAndNamespace(&scratchKey_, keys[i].key, currentNamespace());
    auto it = shard->cells.find(std::string_view(scratchKey_));
    if (it == shard->cells.end()) continue;
    (*values)[i].assign(it->second);
    (*found)[i] = 1;
  }
  return Status::OK();
}

Status HeapKeyedStateBackend::putCells(StateId id, const std::vector<KeyRef>& keys,
                                       const std::vector<std::string_view>& values) {
  if (keys.size() != values.size()) {
    return Status::invalid("{}: putCells got {} keys but {} values", describeState(id), keys.size(), values.size());
  }
  accessed(id);
  Table& table = *tables_[id.value()];
  auto lock = lockForWrite();
  for (size_t i = 0; i < keys.size(); ++i) {
    SABOT_RETURN_NOT_OK(checkKeyGroup(keys[i].keyGroup));
    Shard& shard = mutableShard(table, keys[i].keyGroup);
    scratchKey_.clear();
    appendKeyAndNamespace(&scratchKey_, keys[i].key, currentNamespace());
    auto it = shard.cells.find(std::string_view(scratchKey_));
    if (it != shard.cells.end()) {
      it->second.assign(values[i].data(), values[i].size());
    } else {
      shard.cells.emplace(scratchKey_, std::string(values[i]));
    }
  }
  return Status::OK();
}

Status HeapKeyedStateBackend::forEachEntry(StateId id, int32_t firstKeyGroup, int32_t lastKeyGroup,
                                           const StateEntryVisitor& visitor) {
  const Table& table = *tables_[id.value()];
  const int32_t first = std::max(firstKeyGroup, config_.keyGroups.first);
  const int32_t last = std::min(lastKeyGroup, config_.keyGroups.last);
  for (int32_t keyGroup = first; keyGroup <= last; ++keyGroup) {
    const Shard* shard = readShard(table, keyGroup);
    if (shard != nullptr) SABOT_RETURN_NOT_OK(visitShard(*shard, keyGroup, visitor));
  }
  return Status::OK();
}

Result<bool> HeapKeyedStateBackend::queryCell(StateId id, std::string_view key, int32_t keyGroup,
                                              std::string_view ns, std::string* out) const {
  if (!options_.queryable) {
    return Status::unsupported("{}: queryable state needs HeapBackendOptions::queryable", config_.name);
  }
  SABOT_RETURN_NOT_OK(checkKeyGroup(keyGroup));
  std::string keyAndNamespace;
  appendKeyAndNamespace(&keyAndNamespace, key, ns);
  std::shared_lock lock(mutex_);
  if (id.value() >= tables_.size()) return Status::keyError("{}: no state {}", config_.name, id.value());
  const Shard* shard = readShard(*tables_[id.value()], keyGroup);
  if (shard == nullptr) return false;
  auto it = shard->cells.find(std::string_view(keyAndNamespace));
  if (it == shard->cells.end()) return false;
  out->assign(it->second);
  return true;
}

Result<std::unique_ptr<KeyedStateSnapshot>> HeapKeyedStateBackend::snapshot() {
  std::vector<StateSpec> specs;
  std::vector<std::vector<std::shared_ptr<const Shard>>> shards;
  for (int32_t index = 0; index < numStates(); ++index) {
    specs.push_back(spec(StateId(static_cast<uint32_t>(index))));
    Table& table = *tables_[static_cast<size_t>(index)];
    shards.emplace_back(table.shards.begin(), table.shards.end());
    for (size_t group = 0; group < table.shards.size(); ++group) {
      if (table.shards[group]) table.sharedWithSnapshot[group] = 1;
    }
  }
  return std::unique_ptr<KeyedStateSnapshot>(new HeapSnapshot(std::move(specs), config_, std::move(shards)));
}

Status HeapKeyedStateBackend::restoreEntry(StateId id, const StateEntryView& entry) {
  auto lock = lockForWrite();
  Shard& shard = mutableShard(*tables_[id.value()], entry.keyGroup);
  std::string keyAndNamespace;
  appendKeyAndNamespace(&keyAndNamespace, entry.key, entry.ns);
  if (spec(id).storesMapEntries()) {
    shard.maps[keyAndNamespace].insert_or_assign(std::string(entry.userKey), std::string(entry.value));
  } else {
    shard.cells.insert_or_assign(std::move(keyAndNamespace), std::string(entry.value));
  }
  return Status::OK();
}

int64_t HeapKeyedStateBackend::numStoredEntries(StateId id) const {
  int64_t count = 0;
  for (const auto& shard : tables_[id.value()]->shards) {
    if (!shard) continue;
    count += static_cast<int64_t>(shard->cells.size());
    for (const auto& [key, map] : shard->maps) count += static_cast<int64_t>(map.size());
  }
  return count;
}

}  // namespace sabot::state
