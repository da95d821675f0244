#pragma once

#include <optional>

#include "sabot/state/KeyedStateBackend.h"
#include "sabot/state/StateDescriptors.h"
#include "sabot/state/TtlCellAccess.h"

namespace sabot::state {

/// A value per (key, namespace) that add() folds new values into with the
/// descriptor's reduce function: Flink's ReducingState.
template <typename T, StateSerializer S = DefaultSerializer<T>>
class ReducingState {
 public:
  static Result<ReducingState> make(KeyedStateBackend* backend, const ReducingStateDescriptor<T, S>& descriptor) {
    if (!descriptor.reduce) return Status::invalid("reducing state '{}' needs a reduce function", descriptor.name);
    SABOT_ASSIGN_OR_RAISE(StateId id, backend->registerState(descriptor.spec()));
    return ReducingState(TtlCellAccess<S>(backend, id, descriptor.serializer), descriptor.reduce);
  }

  /// The reduced value; nullopt if nothing was added (or it expired).
  Result<std::optional<T>> get() { return cell_.read(); }

  Status add(const T& value) {
    SABOT_ASSIGN_OR_RAISE(auto current, cell_.readLive());
    return cell_.write(current ? reduce_(*current, value) : value);
  }

  Status clear() { return cell_.clear(); }
  StateId id() const { return cell_.id(); }

 private:
  ReducingState(TtlCellAccess<S> cell, std::function<T(const T&, const T&)> reduce)
      : cell_(std::move(cell)), reduce_(std::move(reduce)) {}

  TtlCellAccess<S> cell_;
  std::function<T(const T&, const T&)> reduce_;
};

}  // namespace sabot::state
