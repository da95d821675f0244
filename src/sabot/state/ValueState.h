#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sabot/state/KeyedStateBackend.h"
#include "sabot/state/StateDescriptors.h"
#include "sabot/state/TtlCellAccess.h"

namespace sabot::state {

/// One value per (key, namespace): Flink's ValueState. Single-key calls act
/// on the backend's current key; getMany/updateMany take a whole batch of
/// keys in one backend call (one RocksDB MultiGet / WriteBatch).
///
/// A handle is cheap; keep it for the life of the operator. Not thread-safe
/// except query().
template <typename T, StateSerializer S = DefaultSerializer<T>>
class ValueState {
 public:
  /// Registers (or finds) the state in `backend`, which must outlive the
  /// handle.
  static Result<ValueState> make(KeyedStateBackend* backend, const ValueStateDescriptor<T, S>& descriptor) {
    SABOT_ASSIGN_OR_RAISE(StateId id, backend->registerState(descriptor.spec()));
    return ValueState(TtlCellAccess<S>(backend, id, descriptor.serializer), descriptor.defaultValue);
  }

  /// The current key's value, else the descriptor's default (nullopt if it
  /// has none).
  Result<std::optional<T>> value() {
    SABOT_ASSIGN_OR_RAISE(auto stored, cell_.read());
    return stored ? std::move(stored) : defaultValue_;
  }
  Status update(const T& value) { return cell_.write(value); }
  Status clear() { return cell_.clear(); }

  /// (*out)[i] = the value of keys[i] in the current namespace (or the
  /// default). TTL visibility applies; batch reads neither clean up expired
  /// values nor restart their timers (the other cleanups remove them).
  Status getMany(const std::vector<KeyRef>& keys, std::vector<std::optional<T>>* out) {
    KeyedStateBackend* backend = cell_.backend();
    SABOT_RETURN_NOT_OK(backend->getCells(cell_.id(), keys, &cells_, &found_));
    const int64_t now = cell_.ttl().enabled() ? backend->clock().nowMillis() : 0;
    out->resize(keys.size());
    for (size_t i = 0; i < keys.size(); ++i) {
      if (!found_[i]) {
        (*out)[i] = defaultValue_;
        continue;
      }
      SABOT_ASSIGN_OR_RAISE(auto value, cell_.decode(cells_[i], now));
      (*out)[i] = value ? std::move(value) : defaultValue_;
    }
    return Status::OK();
  }

  /// Sets the value of keys[i] to values[i] in the current namespace.
  Status updateMany(const std::vector<KeyRef>& keys, const std::vector<T>& values) {
    if (keys.size() != values.size()) {
      return Status::invalid("ValueState::updateMany: {} keys but {} values", keys.size(), values.size());
    }
    KeyedStateBackend* backend = cell_.backend();
    const int64_t now = cell_.ttl().enabled() ? backend->clock().nowMillis() : 0;
    // All values serialized into one buffer, then viewed: no per-row strings.
    batchBuffer_.clear();
    ends_.clear();
    for (const T& value : values) {
      if (cell_.ttl().enabled()) ttl::appendTimestamp(&batchBuffer_, now);
      cell_.serializer().serialize(value, &batchBuffer_);
      ends_.push_back(batchBuffer_.size());
    }
    views_.clear();
    size_t start = 0;
    for (size_t end : ends_) {
      views_.emplace_back(batchBuffer_.data() + start, end - start);
      start = end;
    }
    return backend->putCells(cell_.id(), keys, views_);
  }

  /// Queryable state: the value of (key, keyGroup, namespace), from any
  /// thread, while the subtask keeps writing. Read-only: no TTL cleanup.
  Result<std::optional<T>> query(std::string_view key, int32_t keyGroup, std::string_view ns = {}) const {
    std::string stored;
    KeyedStateBackend* backend = cell_.backend();
    SABOT_ASSIGN_OR_RAISE(bool found, backend->queryCell(cell_.id(), key, keyGroup, ns, &stored));
    if (!found) return defaultValue_;
    SABOT_ASSIGN_OR_RAISE(auto value, cell_.decode(stored, backend->clock().nowMillis()));
    return value ? std::move(value) : defaultValue_;
  }

  StateId id() const { return cell_.id(); }

 private:
  ValueState(TtlCellAccess<S> cell, std::optional<T> defaultValue)
      : cell_(std::move(cell)), defaultValue_(std::move(defaultValue)) {}

  TtlCellAccess<S> cell_;
  std::optional<T> defaultValue_;
  std::vector<std::string> cells_;
  std::vector<uint8_t> found_;
  std::string batchBuffer_;
  std::vector<size_t> ends_;
  std::vector<std::string_view> views_;
};

}  // namespace sabot::state
