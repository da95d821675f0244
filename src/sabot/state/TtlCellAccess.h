#pragma once

#include <optional>
#include <string>

#include "sabot/state/KeyedStateBackend.h"
#include "sabot/state/Serializer.h"
#include "sabot/state/TtlFormat.h"

namespace sabot::state {

/// Reads and writes the one cell of value-like states (value, reducing,
/// aggregating) at the backend's current key, applying the state's TTL
/// options: the shared core of those handles.
template <StateSerializer S>
class TtlCellAccess {
 public:
  using T = typename S::Value;

  TtlCellAccess(KeyedStateBackend* backend, StateId id, S serializer)
      : backend_(backend), id_(id), serializer_(std::move(serializer)), ttl_(backend->spec(id).ttl) {}

  KeyedStateBackend* backend() const { return backend_; }
  StateId id() const { return id_; }
  const S& serializer() const { return serializer_; }
  const StateTtlConfig& ttl() const { return ttl_; }

  /// The stored value, nullopt if there is none or it expired (unless
  /// visibility returns expired values not yet cleaned up).
  Result<std::optional<T>> read() {
    SABOT_ASSIGN_OR_RAISE(bool found, backend_->getCell(id_, &buffer_));
    if (!found) return std::optional<T>();
    if (!ttl_.enabled()) {
      SABOT_ASSIGN_OR_RAISE(T value, deserializeExactly(serializer_, buffer_));
      return std::optional<T>(std::move(value));
    }
    const int64_t now = backend_->clock().nowMillis();
    SABOT_ASSIGN_OR_RAISE(int64_t lastAccess, ttl::readTimestamp(buffer_));
    const std::string_view payload = std::string_view(buffer_).substr(ttl::kTimestampBytes);
    if (ttl::isExpired(lastAccess, ttl_.ttlMillis, now)) {
      std::optional<T> result;
      if (ttl_.visibility == TtlStateVisibility::kReturnExpiredIfNotCleanedUp) {
        SABOT_ASSIGN_OR_RAISE(result, deserializeExactly(serializer_, payload));
      }
      if (ttl_.cleanupOnRead) SABOT_RETURN_NOT_OK(backend_->removeCell(id_));
      return result;
    }
    SABOT_ASSIGN_OR_RAISE(T value, deserializeExactly(serializer_, payload));
    if (ttl_.updateType == TtlUpdateType::kOnReadAndWrite) {
      // Restart the timer in place: only the timestamp changes.
      std::memcpy(buffer_.data(), &now, sizeof now);
      SABOT_RETURN_NOT_OK(backend_->putCell(id_, buffer_));
    }
    return std::optional<T>(std::move(value));
  }

  /// Like read() but an expired value always counts as absent: what add()
  /// of reducing/aggregating state folds into (Flink does the same).
  Result<std::optional<T>> readLive() {
    SABOT_ASSIGN_OR_RAISE(bool found, backend_->getCell(id_, &buffer_));
    if (!found) return std::optional<T>();
    std::string_view payload = buffer_;
    if (ttl_.enabled()) {
      SABOT_ASSIGN_OR_RAISE(int64_t lastAccess, ttl::readTimestamp(buffer_));
      if (ttl::isExpired(lastAccess, ttl_.ttlMillis, backend_->clock().nowMillis())) return std::optional<T>();
      payload.remove_prefix(ttl::kTimestampBytes);
    }
    SABOT_ASSIGN_OR_RAISE(T value, deserializeExactly(serializer_, payload));
    return std::optional<T>(std::move(value));
  }

  Status write(const T& value) {
    encode(value, ttl_.enabled() ? backend_->clock().nowMillis() : 0, &buffer_);
    return backend_->putCell(id_, buffer_);
  }

  Status clear() { return backend_->removeCell(id_); }

  /// The stored bytes of `value` written at `now`.
  void encode(const T& value, int64_t now, std::string* out) const {
    out->clear();
    if (ttl_.enabled()) ttl::appendTimestamp(out, now);
    serializer_.serialize(value, out);
  }

  /// Decodes stored bytes for a read at `now` (no cleanup, no timer
  /// update): for batch and queryable reads.
  Result<std::optional<T>> decode(std::string_view stored, int64_t now) const {
    if (ttl_.enabled()) {
      SABOT_ASSIGN_OR_RAISE(int64_t lastAccess, ttl::readTimestamp(stored));
      if (ttl::isExpired(lastAccess, ttl_.ttlMillis, now) &&
          ttl_.visibility == TtlStateVisibility::kNeverReturnExpired) {
        return std::optional<T>();
      }
      stored.remove_prefix(ttl::kTimestampBytes);
    }
    SABOT_ASSIGN_OR_RAISE(T value, deserializeExactly(serializer_, stored));
    return std::optional<T>(std::move(value));
  }

 private:
  KeyedStateBackend* backend_;
  StateId id_;
  S serializer_;
  StateTtlConfig ttl_;
  std::string buffer_;
};

}  // namespace sabot::state
