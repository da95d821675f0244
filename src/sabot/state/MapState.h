#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sabot/state/KeyedStateBackend.h"
#include "sabot/state/StateDescriptors.h"
#include "sabot/state/TtlFormat.h"

namespace sabot::state {

/// A map per (key, namespace): Flink's MapState. Every map entry is its own
/// backend entry (RocksDB: its own key), so a large map is never read whole
/// for a point access. With TTL every entry expires on its own.
template <typename K, typename V, StateSerializer SK = DefaultSerializer<K>, StateSerializer SV = DefaultSerializer<V>>
class MapState {
 public:
  static Result<MapState> make(KeyedStateBackend* backend, const MapStateDescriptor<K, V, SK, SV>& descriptor) {
    SABOT_ASSIGN_OR_RAISE(StateId id, backend->registerState(descriptor.spec()));
    return MapState(backend, id, descriptor.keySerializer, descriptor.valueSerializer);
  }

  Result<std::optional<V>> get(const K& key) {
    encodeKey(key);
    SABOT_ASSIGN_OR_RAISE(bool found, backend_->getMapEntry(id_, userKey_, &buffer_));
    if (!found) return std::optional<V>();
    std::string_view payload = buffer_;
    if (ttl_.enabled()) {
      const int64_t now = backend_->clock().nowMillis();
      SABOT_ASSIGN_OR_RAISE(int64_t lastAccess, ttl::readTimestamp(buffer_));
      payload.remove_prefix(ttl::kTimestampBytes);
      if (ttl::isExpired(lastAccess, ttl_.ttlMillis, now)) {
        std::optional<V> result;
        if (ttl_.visibility == TtlStateVisibility::kReturnExpiredIfNotCleanedUp) {
          SABOT_ASSIGN_OR_RAISE(result, deserializeExactly(valueSerializer_, payload, "map state value"));
        }
        if (ttl_.cleanupOnRead) SABOT_RETURN_NOT_OK(backend_->removeMapEntry(id_, userKey_));
        return result;
      }
      SABOT_ASSIGN_OR_RAISE(V value, deserializeExactly(valueSerializer_, payload, "map state value"));
      if (ttl_.updateType == TtlUpdateType::kOnReadAndWrite) {
        std::memcpy(buffer_.data(), &now, sizeof now);
        SABOT_RETURN_NOT_OK(backend_->putMapEntry(id_, userKey_, buffer_));
      }
      return std::optional<V>(std::move(value));
    }
    SABOT_ASSIGN_OR_RAISE(V value, deserializeExactly(valueSerializer_, payload, "map state value"));
    return std::optional<V>(std::move(value));
  }

  Status put(const K& key, const V& value) {
    encodeKey(key);
    buffer_.clear();
    if (ttl_.enabled()) ttl::appendTimestamp(&buffer_, backend_->clock().nowMillis());
    valueSerializer_.serialize(value, &buffer_);
    return backend_->putMapEntry(id_, userKey_, buffer_);
  }

  Status putAll(const std::vector<std::pair<K, V>>& entries) {
    for (const auto& [key, value] : entries) SABOT_RETURN_NOT_OK(put(key, value));
    return Status::OK();
  }

  Status remove(const K& key) {
    encodeKey(key);
    return backend_->removeMapEntry(id_, userKey_);
  }

  /// Whether the key has a (visible) value.
  Result<bool> contains(const K& key) {
    SABOT_ASSIGN_OR_RAISE(auto value, get(key));
    return value.has_value();
  }

  /// Visits every visible entry (order unspecified). The visitor must not
  /// modify this state. Expired entries met on the way are cleaned up
  /// afterwards when cleanupOnRead is on.
  Status forEach(const std::function<Status(const K& key, const V& value)>& visitor) {
    const bool withTtl = ttl_.enabled();
    const int64_t now = withTtl ? backend_->clock().nowMillis() : 0;
    std::vector<std::string> expired;
    SABOT_RETURN_NOT_OK(backend_->forEachMapEntry(
        id_, [&](std::string_view userKey, std::string_view stored, bool* /*stop*/) -> Status {
          if (withTtl) {
            SABOT_ASSIGN_OR_RAISE(int64_t lastAccess, ttl::readTimestamp(stored));
            stored.remove_prefix(ttl::kTimestampBytes);
            if (ttl::isExpired(lastAccess, ttl_.ttlMillis, now)) {
              if (ttl_.cleanupOnRead) expired.emplace_back(userKey);
              if (ttl_.visibility == TtlStateVisibility::kNeverReturnExpired) return Status::OK();
            }
          }
          SABOT_ASSIGN_OR_RAISE(K key, deserializeExactly(keySerializer_, userKey, "map state key"));
          SABOT_ASSIGN_OR_RAISE(V value, deserializeExactly(valueSerializer_, stored, "map state value"));
          return visitor(key, value);
        }));
    for (const auto& userKey : expired) SABOT_RETURN_NOT_OK(backend_->removeMapEntry(id_, userKey));
    return Status::OK();
  }

  Result<std::vector<std::pair<K, V>>> entries() {
    std::vector<std::pair<K, V>> result;
    SABOT_RETURN_NOT_OK(forEach([&](const K& key, const V& value) {
      result.emplace_back(key, value);
      return Status::OK();
    }));
    return result;
  }
  Result<std::vector<K>> keys() {
    std::vector<K> result;
    SABOT_RETURN_NOT_OK(forEach([&](const K& key, const V&) {
      result.push_back(key);
      return Status::OK();
    }));
    return result;
  }
  Result<std::vector<V>> values() {
    std::vector<V> result;
    SABOT_RETURN_NOT_OK(forEach([&](const K&, const V& value) {
      result.push_back(value);
      return Status::OK();
    }));
    return result;
  }

  /// True if the map has no visible entry.
  Result<bool> isEmpty() {
    const bool withTtl = ttl_.enabled();
    const int64_t now = withTtl ? backend_->clock().nowMillis() : 0;
    bool empty = true;
    SABOT_RETURN_NOT_OK(backend_->forEachMapEntry(id_, [&](std::string_view, std::string_view stored, bool* stop) {
      if (withTtl && ttl_.visibility == TtlStateVisibility::kNeverReturnExpired &&
          ttl::valueExpired(stored, ttl_.ttlMillis, now)) {
        return Status::OK();
      }
      empty = false;
      *stop = true;
      return Status::OK();
    }));
    return empty;
  }

  Status clear() { return backend_->clearMap(id_); }
  StateId id() const { return id_; }

 private:
  MapState(KeyedStateBackend* backend, StateId id, SK keySerializer, SV valueSerializer)
      : backend_(backend),
        id_(id),
        keySerializer_(std::move(keySerializer)),
        valueSerializer_(std::move(valueSerializer)),
        ttl_(backend->spec(id).ttl) {}

  void encodeKey(const K& key) {
    userKey_.clear();
    keySerializer_.serialize(key, &userKey_);
  }

  KeyedStateBackend* backend_;
  StateId id_;
  SK keySerializer_;
  SV valueSerializer_;
  StateTtlConfig ttl_;
  std::string userKey_;
  std::string buffer_;
};

}  // namespace sabot::state
