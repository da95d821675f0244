#pragma once

#include <string>
#include <vector>

#include "sabot/state/KeyedStateBackend.h"
#include "sabot/state/StateDescriptors.h"
#include "sabot/state/TtlFormat.h"

namespace sabot::state {

/// A list per (key, namespace): Flink's ListState. The stored cell is the
/// elements one after another, each varint(length) + [TTL timestamp] +
/// serialized element, so add() is an O(1) append (RocksDB: a merge, no
/// read). With TTL every element expires on its own.
template <typename T, StateSerializer S = DefaultSerializer<T>>
class ListState {
 public:
  static Result<ListState> make(KeyedStateBackend* backend, const ListStateDescriptor<T, S>& descriptor) {
    SABOT_ASSIGN_OR_RAISE(StateId id, backend->registerState(descriptor.spec()));
    return ListState(backend, id, descriptor.serializer);
  }

  /// The current key's elements in insertion order (empty if none).
  Result<std::vector<T>> get() {
    std::vector<T> result;
    SABOT_ASSIGN_OR_RAISE(bool found, backend_->getCell(id_, &buffer_));
    if (!found) return result;
    const bool withTtl = ttl_.enabled();
    const int64_t now = withTtl ? backend_->clock().nowMillis() : 0;
    bool anyExpired = false;
    ByteReader in(buffer_, "list state cell");
    while (!in.atEnd()) {
      SABOT_ASSIGN_OR_RAISE(std::string_view element, in.readLengthPrefixed());
      if (withTtl) {
        SABOT_ASSIGN_OR_RAISE(int64_t lastAccess, ttl::readTimestamp(element));
        element.remove_prefix(ttl::kTimestampBytes);
        if (ttl::isExpired(lastAccess, ttl_.ttlMillis, now)) {
          anyExpired = true;
          if (ttl_.visibility == TtlStateVisibility::kNeverReturnExpired) continue;
        }
      }
      SABOT_ASSIGN_OR_RAISE(T value, deserializeExactly(serializer_, element, "list state element"));
      result.push_back(std::move(value));
    }
    if (!withTtl) return result;
    if (ttl_.updateType == TtlUpdateType::kOnReadAndWrite || (anyExpired && ttl_.cleanupOnRead)) {
      // Rewrite the cell: live elements only, and (on read-and-write) with
      // their timers restarted.
      std::string kept;
      const auto filter = ttl::filterExpiredListElements(buffer_, ttl_.ttlMillis, now, &kept);
      if (filter == ttl::ListFilterResult::kAllExpired) {
        SABOT_RETURN_NOT_OK(backend_->removeCell(id_));
      } else {
        std::string& live = filter == ttl::ListFilterResult::kChanged ? kept : buffer_;
        if (ttl_.updateType == TtlUpdateType::kOnReadAndWrite) restartTimers(&live, now);
        SABOT_RETURN_NOT_OK(backend_->putCell(id_, live));
      }
    }
    return result;
  }

  /// Appends one element.
  Status add(const T& value) {
    encoded_.clear();
    appendElement(value, ttl_.enabled() ? backend_->clock().nowMillis() : 0, &encoded_);
    return backend_->appendToCell(id_, encoded_);
  }

  /// Appends the elements in order (one backend call).
  Status addAll(const std::vector<T>& values) {
    if (values.empty()) return Status::OK();
    encoded_.clear();
    const int64_t now = ttl_.enabled() ? backend_->clock().nowMillis() : 0;
    for (const T& value : values) appendElement(value, now, &encoded_);
    return backend_->appendToCell(id_, encoded_);
  }

  /// Replaces the list (an empty list removes it).
  Status update(const std::vector<T>& values) {
    if (values.empty()) return backend_->removeCell(id_);
    encoded_.clear();
    const int64_t now = ttl_.enabled() ? backend_->clock().nowMillis() : 0;
    for (const T& value : values) appendElement(value, now, &encoded_);
    return backend_->putCell(id_, encoded_);
  }

  Status clear() { return backend_->removeCell(id_); }
  StateId id() const { return id_; }

 private:
  ListState(KeyedStateBackend* backend, StateId id, S serializer)
      : backend_(backend), id_(id), serializer_(std::move(serializer)), ttl_(backend->spec(id).ttl) {}

  void appendElement(const T& value, int64_t now, std::string* out) {
    element_.clear();
    if (ttl_.enabled()) ttl::appendTimestamp(&element_, now);
    serializer_.serialize(value, &element_);
    bytes::appendLengthPrefixed(out, element_);
  }

  /// Overwrites every element's timestamp with `now`.
  static void restartTimers(std::string* cell, int64_t now) {
    ByteReader in(*cell, "list state cell");
    while (!in.atEnd()) {
      auto element = in.readLengthPrefixed();
      if (!element.ok()) return;  // filterExpiredListElements validated it
      std::memcpy(cell->data() + (element->data() - cell->data()), &now, sizeof now);
    }
  }

  KeyedStateBackend* backend_;
  StateId id_;
  S serializer_;
  StateTtlConfig ttl_;
  std::string buffer_;
  std::string encoded_;
  std::string element_;
};

}  // namespace sabot::state
