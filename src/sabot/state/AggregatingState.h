#pragma once

#include <optional>

#include "sabot/state/KeyedStateBackend.h"
#include "sabot/state/StateDescriptors.h"
#include "sabot/state/TtlCellAccess.h"

namespace sabot::state {

/// An accumulator per (key, namespace): add() folds inputs in with the
/// descriptor's AggregateFunction, get() returns its result. Flink's
/// AggregatingState.
template <typename In, typename Acc, typename Out, StateSerializer SAcc = DefaultSerializer<Acc>>
class AggregatingState {
 public:
  static Result<AggregatingState> make(KeyedStateBackend* backend,
                                       const AggregatingStateDescriptor<In, Acc, Out, SAcc>& descriptor) {
    const auto& function = descriptor.function;
    if (!function.createAccumulator || !function.add || !function.getResult) {
      return Status::invalid("aggregating state '{}' needs createAccumulator, add and getResult", descriptor.name);
    }
    SABOT_ASSIGN_OR_RAISE(StateId id, backend->registerState(descriptor.spec()));
    return AggregatingState(TtlCellAccess<SAcc>(backend, id, descriptor.accumulatorSerializer), function);
  }

  /// The aggregate's result; nullopt if nothing was added (or it expired).
  Result<std::optional<Out>> get() {
    SABOT_ASSIGN_OR_RAISE(auto accumulator, cell_.read());
    if (!accumulator) return std::optional<Out>();
    return std::optional<Out>(function_.getResult(*accumulator));
  }

  Status add(const In& input) {
    SABOT_ASSIGN_OR_RAISE(auto current, cell_.readLive());
    Acc accumulator = current ? std::move(*current) : function_.createAccumulator();
    function_.add(input, accumulator);
    return cell_.write(accumulator);
  }

  Status clear() { return cell_.clear(); }
  StateId id() const { return cell_.id(); }

 private:
  AggregatingState(TtlCellAccess<SAcc> cell, AggregateFunction<In, Acc, Out> function)
      : cell_(std::move(cell)), function_(std::move(function)) {}

  TtlCellAccess<SAcc> cell_;
  AggregateFunction<In, Acc, Out> function_;
};

}  // namespace sabot::state
