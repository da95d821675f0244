#include "sabot/state/OperatorStateStore.h"

#include <xxhash.h>

#include <algorithm>

#include "sabot/state/ByteCodec.h"

namespace sabot::state {

namespace {

constexpr std::string_view kMagic = "SBOS";
constexpr uint16_t kVersion = 1;

/// One subtask's snapshot, parsed.
struct ParsedSnapshot {
  std::vector<OperatorStateStore::ListEntry> lists;
  std::vector<OperatorStateStore::MapEntry> maps;
};

Result<ParsedSnapshot> parseSnapshot(std::string_view bytes) {
  if (bytes.size() < kMagic.size() + 2 + 8 || bytes.substr(0, kMagic.size()) != kMagic) {
    return Status::corrupt("operator state snapshot: not an operator state snapshot ({} bytes, no 'SBOS' magic)",
                           bytes.size());
  }
  const std::string_view content = bytes.substr(0, bytes.size() - 8);
  uint64_t stored;
  std::memcpy(&stored, bytes.data() + content.size(), sizeof stored);
  if (stored != XXH3_64bits(content.data(), content.size())) {
    return Status::corrupt("operator state snapshot: checksum mismatch over {} bytes", content.size());
  }
  ByteReader in(content.substr(kMagic.size()), "operator state snapshot");
  SABOT_ASSIGN_OR_RAISE(auto version, in.readFixedLittleEndian<uint16_t>());
  if (version > kVersion) {
    return Status::unsupported("operator state snapshot has format version {}; this Sabot reads up to {}", version,
                               kVersion);
  }
  ParsedSnapshot parsed;
  SABOT_ASSIGN_OR_RAISE(uint64_t numStates, in.readVarint());
  for (uint64_t i = 0; i < numStates; ++i) {
    SABOT_ASSIGN_OR_RAISE(auto name, in.readLengthPrefixed());
    SABOT_ASSIGN_OR_RAISE(auto mode, in.readFixedLittleEndian<uint8_t>());
    if (mode == static_cast<uint8_t>(OperatorStateMode::kBroadcast)) {
      OperatorStateStore::MapEntry map;
      map.name = std::string(name);
      SABOT_ASSIGN_OR_RAISE(auto keySignature, in.readLengthPrefixed());
      SABOT_ASSIGN_OR_RAISE(auto valueSignature, in.readLengthPrefixed());
      map.keySignature = std::string(keySignature);
      map.valueSignature = std::string(valueSignature);
      SABOT_ASSIGN_OR_RAISE(uint64_t count, in.readVarint());
      for (uint64_t e = 0; e < count; ++e) {
        SABOT_ASSIGN_OR_RAISE(auto key, in.readLengthPrefixed());
        SABOT_ASSIGN_OR_RAISE(auto value, in.readLengthPrefixed());
        map.entries.emplace(std::string(key), std::string(value));
      }
      parsed.maps.push_back(std::move(map));
    } else if (mode == static_cast<uint8_t>(OperatorStateMode::kEvenSplit) ||
               mode == static_cast<uint8_t>(OperatorStateMode::kUnion)) {
      OperatorStateStore::ListEntry list;
      list.name = std::string(name);
      list.mode = static_cast<OperatorStateMode>(mode);
      SABOT_ASSIGN_OR_RAISE(auto signature, in.readLengthPrefixed());
      list.signature = std::string(signature);
      SABOT_ASSIGN_OR_RAISE(uint64_t count, in.readVarint());
      if (count > in.remaining()) return in.corrupt(fmt::format("element count {} exceeds the data", count));
      for (uint64_t e = 0; e < count; ++e) {
        SABOT_ASSIGN_OR_RAISE(auto element, in.readLengthPrefixed());
        list.elements.emplace_back(element);
      }
      parsed.lists.push_back(std::move(list));
    } else {
      return in.corrupt(fmt::format("state '{}' has unknown mode {}", name, mode));
    }
  }
  if (!in.atEnd()) return in.corrupt("trailing bytes after the last state");
  return parsed;
}

}  // namespace

Result<OperatorStateStore> OperatorStateStore::make(int32_t subtaskIndex, int32_t parallelism) {
  if (parallelism < 1 || subtaskIndex < 0 || subtaskIndex >= parallelism) {
    return Status::invalid("operator state: subtask {} of parallelism {} does not exist", subtaskIndex, parallelism);
  }
  return OperatorStateStore(subtaskIndex, parallelism);
}

Result<OperatorStateStore> OperatorStateStore::restore(const std::vector<std::string_view>& snapshots,
                                                       int32_t subtaskIndex, int32_t parallelism) {
  SABOT_ASSIGN_OR_RAISE(OperatorStateStore store, make(subtaskIndex, parallelism));
  std::vector<ParsedSnapshot> parsed;
  for (size_t i = 0; i < snapshots.size(); ++i) {
    auto snapshot = parseSnapshot(snapshots[i]);
    if (!snapshot.ok()) return snapshot.status().withContext("snapshot of old subtask {}", i);
    parsed.push_back(std::move(*snapshot));
  }
  // Lists: gather each name's elements over the old subtasks, in order.
  for (const ParsedSnapshot& snapshot : parsed) {
    for (const ListEntry& list : snapshot.lists) {
      SABOT_ASSIGN_OR_RAISE(ListEntry * target, store.listState(list.name, list.mode, list.signature));
      target->elements.insert(target->elements.end(), list.elements.begin(), list.elements.end());
    }
  }
  for (ListEntry& list : store.lists_) {
    if (list.mode != OperatorStateMode::kEvenSplit) continue;
    const size_t total = list.elements.size();
    const size_t begin = total * static_cast<size_t>(subtaskIndex) / static_cast<size_t>(parallelism);
    const size_t end = total * static_cast<size_t>(subtaskIndex + 1) / static_cast<size_t>(parallelism);
    list.elements = std::vector<std::string>(list.elements.begin() + static_cast<std::ptrdiff_t>(begin),
                                             list.elements.begin() + static_cast<std::ptrdiff_t>(end));
  }
  // Broadcast maps are equal on every old subtask: the first copy wins.
  for (const ParsedSnapshot& snapshot : parsed) {
    for (const MapEntry& map : snapshot.maps) {
      const bool seen = std::any_of(store.maps_.begin(), store.maps_.end(),
                                    [&](const MapEntry& existing) { return existing.name == map.name; });
      if (seen) continue;
      SABOT_ASSIGN_OR_RAISE(MapEntry * target, store.broadcastState(map.name, map.keySignature, map.valueSignature));
      target->entries = map.entries;
    }
  }
  return store;
}

Result<OperatorStateStore::ListEntry*> OperatorStateStore::listState(std::string_view name, OperatorStateMode mode,
                                                                     std::string_view signature) {
  if (name.empty()) return Status::invalid("operator state needs a non-empty name");
  if (mode == OperatorStateMode::kBroadcast) {
    return Status::invalid("operator list state '{}' cannot use broadcast mode; use broadcastState()", name);
  }
  for (ListEntry& list : lists_) {
    if (list.name != name) continue;
    if (list.mode != mode) return Status::typeError("operator list state '{}' exists with another redistribution mode", name);
    if (list.signature != signature) {
      return Status::typeError("operator list state '{}' has elements of '{}', not '{}'", name, list.signature,
                               signature);
    }
    return &list;
  }
  for (const MapEntry& map : maps_) {
    if (map.name == name) return Status::typeError("operator state '{}' is a broadcast state, not a list", name);
  }
  lists_.push_back(ListEntry{std::string(name), mode, std::string(signature), {}});
  return &lists_.back();
}

Result<OperatorStateStore::MapEntry*> OperatorStateStore::broadcastState(std::string_view name,
                                                                         std::string_view keySignature,
                                                                         std::string_view valueSignature) {
  if (name.empty()) return Status::invalid("broadcast state needs a non-empty name");
  for (MapEntry& map : maps_) {
    if (map.name != name) continue;
    if (map.keySignature != keySignature || map.valueSignature != valueSignature) {
      return Status::typeError("broadcast state '{}' maps '{}' to '{}', not '{}' to '{}'", name, map.keySignature,
                               map.valueSignature, keySignature, valueSignature);
    }
    return &map;
  }
  for (const ListEntry& list : lists_) {
    if (list.name == name) return Status::typeError("operator state '{}' is a list state, not broadcast", name);
  }
  maps_.push_back(MapEntry{std::string(name), std::string(keySignature), std::string(valueSignature), {}});
  return &maps_.back();
}

std::string OperatorStateStore::snapshot() const {
  std::string out(kMagic);
  bytes::appendFixedLittleEndian<uint16_t>(&out, kVersion);
  bytes::appendVarint(&out, lists_.size() + maps_.size());
  for (const ListEntry& list : lists_) {
    bytes::appendLengthPrefixed(&out, list.name);
    out.push_back(static_cast<char>(list.mode));
    bytes::appendLengthPrefixed(&out, list.signature);
    bytes::appendVarint(&out, list.elements.size());
    for (const auto& element : list.elements) bytes::appendLengthPrefixed(&out, element);
  }
  for (const MapEntry& map : maps_) {
    bytes::appendLengthPrefixed(&out, map.name);
    out.push_back(static_cast<char>(OperatorStateMode::kBroadcast));
    bytes::appendLengthPrefixed(&out, map.keySignature);
    bytes::appendLengthPrefixed(&out, map.valueSignature);
    bytes::appendVarint(&out, map.entries.size());
    for (const auto& [key, value] : map.entries) {
      bytes::appendLengthPrefixed(&out, key);
      bytes::appendLengthPrefixed(&out, value);
    }
  }
  bytes::appendFixedLittleEndian<uint64_t>(&out, XXH3_64bits(out.data(), out.size()));
  return out;
}

}  // namespace sabot::state
