#pragma once

#include <compare>
#include <cstdint>
#include <functional>
#include <ostream>

namespace sabot {

/// An integer that carries what it identifies in its type, so a subtask index
/// cannot be passed where an operator id is expected (NebulaStream's idea).
///
///   struct OperatorIdTag {};
///   using OperatorId = StrongId<OperatorIdTag, uint32_t>;
template <typename Tag, typename Rep = uint64_t>
class StrongId {
 public:
  using RepType = Rep;
  constexpr StrongId() = default;
  constexpr explicit StrongId(Rep value) : value_(value) {}
  constexpr Rep value() const { return value_; }
  constexpr auto operator<=>(const StrongId&) const = default;
  friend std::ostream& operator<<(std::ostream& os, StrongId id) { return os << id.value_; }

 private:
  Rep value_{};
};

}  // namespace sabot

template <typename Tag, typename Rep>
struct std::hash<sabot::StrongId<Tag, Rep>> {
  size_t operator()(sabot::StrongId<Tag, Rep> id) const noexcept {
    return std::hash<Rep>{}(id.value());
  }
};
