#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sabot/state/OperatorStateStore.h"
#include "sabot/state/StateDescriptors.h"

namespace sabot::state {

/// A typed view of an operator list state: Flink's getListState (even
/// split on restore) or getUnionListState (union on restore).
template <typename T, StateSerializer S = DefaultSerializer<T>>
class OperatorListState {
 public:
  static Result<OperatorListState> make(OperatorStateStore* store, const ListStateDescriptor<T, S>& descriptor,
                                        OperatorStateMode mode = OperatorStateMode::kEvenSplit) {
    SABOT_ASSIGN_OR_RAISE(auto* entry, store->listState(descriptor.name, mode, descriptor.serializer.signature()));
    return OperatorListState(entry, descriptor.serializer);
  }

  Result<std::vector<T>> get() const {
    std::vector<T> result;
    result.reserve(entry_->elements.size());
    for (const auto& element : entry_->elements) {
      SABOT_ASSIGN_OR_RAISE(T value, deserializeExactly(serializer_, element, "operator list state element"));
      result.push_back(std::move(value));
    }
    return result;
  }
  void add(const T& value) { entry_->elements.push_back(serializeToString(serializer_, value)); }
  void addAll(const std::vector<T>& values) {
    for (const T& value : values) add(value);
  }
  void update(const std::vector<T>& values) {
    entry_->elements.clear();
    addAll(values);
  }
  void clear() { entry_->elements.clear(); }

 private:
  OperatorListState(OperatorStateStore::ListEntry* entry, S serializer)
      : entry_(entry), serializer_(std::move(serializer)) {}

  OperatorStateStore::ListEntry* entry_;
  S serializer_;
};

/// A typed view of a broadcast state: a map every subtask holds the same
/// copy of, written by the broadcast side of a connected stream.
template <typename K, typename V, StateSerializer SK = DefaultSerializer<K>, StateSerializer SV = DefaultSerializer<V>>
class BroadcastState {
 public:
  static Result<BroadcastState> make(OperatorStateStore* store, const MapStateDescriptor<K, V, SK, SV>& descriptor) {
    SABOT_ASSIGN_OR_RAISE(auto* entry, store->broadcastState(descriptor.name, descriptor.keySerializer.signature(),
                                                             descriptor.valueSerializer.signature()));
    return BroadcastState(entry, descriptor.keySerializer, descriptor.valueSerializer);
  }

  Result<std::optional<V>> get(const K& key) const {
    auto it = entry_->entries.find(serializeToString(keySerializer_, key));
    if (it == entry_->entries.end()) return std::optional<V>();
    SABOT_ASSIGN_OR_RAISE(V value, deserializeExactly(valueSerializer_, it->second, "broadcast state value"));
    return std::optional<V>(std::move(value));
  }
  void put(const K& key, const V& value) {
    entry_->entries.insert_or_assign(serializeToString(keySerializer_, key), serializeToString(valueSerializer_, value));
  }
  void remove(const K& key) { entry_->entries.erase(serializeToString(keySerializer_, key)); }
  bool contains(const K& key) const { return entry_->entries.contains(serializeToString(keySerializer_, key)); }
  void clear() { entry_->entries.clear(); }
  size_t size() const { return entry_->entries.size(); }

  /// All entries, ordered by their serialized keys.
  Result<std::vector<std::pair<K, V>>> entries() const {
    std::vector<std::pair<K, V>> result;
    for (const auto& [keyBytes, valueBytes] : entry_->entries) {
      SABOT_ASSIGN_OR_RAISE(K key, deserializeExactly(keySerializer_, keyBytes, "broadcast state key"));
      SABOT_ASSIGN_OR_RAISE(V value, deserializeExactly(valueSerializer_, valueBytes, "broadcast state value"));
      result.emplace_back(std::move(key), std::move(value));
    }
    return result;
  }

 private:
  BroadcastState(OperatorStateStore::MapEntry* entry, SK keySerializer, SV valueSerializer)
      : entry_(entry), keySerializer_(std::move(keySerializer)), valueSerializer_(std::move(valueSerializer)) {}

  OperatorStateStore::MapEntry* entry_;
  SK keySerializer_;
  SV valueSerializer_;
};

}  // namespace sabot::state
