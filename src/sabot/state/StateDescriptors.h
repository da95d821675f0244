#pragma once

#include <functional>
#include <optional>
#include <string>

#include "sabot/state/Serializer.h"
#include "sabot/state/StateSpec.h"
#include "sabot/state/TtlConfig.h"

namespace sabot::state {

/// What every descriptor has besides its serializers. The key and namespace
/// signatures are optional: when set (e.g. "int64", "window<int64>") they are
/// recorded in snapshots and checked on restore like the value serializer.
struct StateDescriptorBase {
  std::string name;
  StateTtlConfig ttl;
  std::string keySignature;
  std::string namespaceSignature;

 protected:
  StateSpec baseSpec(StateKind kind) const {
    StateSpec spec;
    spec.name = name;
    spec.kind = kind;
    spec.ttl = ttl;
    spec.keySignature = keySignature;
    spec.namespaceSignature = namespaceSignature;
    return spec;
  }
};

/// A single value per key and namespace, with an optional default returned
/// when none is stored.
template <typename T, StateSerializer S = DefaultSerializer<T>>
struct ValueStateDescriptor : StateDescriptorBase {
  S serializer{};
  std::optional<T> defaultValue;

  StateSpec spec() const {
    StateSpec result = baseSpec(StateKind::kValue);
    result.valueSignature = serializer.signature();
    return result;
  }
};

/// A list per key and namespace, with O(1) append.
template <typename T, StateSerializer S = DefaultSerializer<T>>
struct ListStateDescriptor : StateDescriptorBase {
  S serializer{};

  StateSpec spec() const {
    StateSpec result = baseSpec(StateKind::kList);
    result.valueSignature = serializer.signature();
    return result;
  }
};

/// A map per key and namespace.
template <typename K, typename V, StateSerializer SK = DefaultSerializer<K>, StateSerializer SV = DefaultSerializer<V>>
struct MapStateDescriptor : StateDescriptorBase {
  SK keySerializer{};
  SV valueSerializer{};

  StateSpec spec() const {
    StateSpec result = baseSpec(StateKind::kMap);
    result.userKeySignature = keySerializer.signature();
    result.valueSignature = valueSerializer.signature();
    return result;
  }
};

/// A value that add() combines with each new one using `reduce`.
template <typename T, StateSerializer S = DefaultSerializer<T>>
struct ReducingStateDescriptor : StateDescriptorBase {
  std::function<T(const T& accumulated, const T& added)> reduce;
  S serializer{};

  StateSpec spec() const {
    StateSpec result = baseSpec(StateKind::kReducing);
    result.valueSignature = serializer.signature();
    return result;
  }
};

/// Flink's AggregateFunction: inputs are folded into an accumulator, which
/// is stored; get() turns it into the result.
template <typename In, typename Acc, typename Out>
struct AggregateFunction {
  std::function<Acc()> createAccumulator;
  std::function<void(const In& input, Acc& accumulator)> add;
  std::function<Out(const Acc& accumulator)> getResult;
};

template <typename In, typename Acc, typename Out, StateSerializer SAcc = DefaultSerializer<Acc>>
struct AggregatingStateDescriptor : StateDescriptorBase {
  AggregateFunction<In, Acc, Out> function;
  SAcc accumulatorSerializer{};

  StateSpec spec() const {
    StateSpec result = baseSpec(StateKind::kAggregating);
    result.valueSignature = accumulatorSerializer.signature();
    return result;
  }
};

}  // namespace sabot::state
