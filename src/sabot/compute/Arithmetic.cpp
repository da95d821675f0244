#include "sabot/compute/Arithmetic.h"

#include <fmt/format.h>

#include <limits>
#include <type_traits>

#include "sabot/compute/BinaryOperands.h"
#include "sabot/compute/KernelOutput.h"
#include "sabot/compute/PhysicalType.h"
#include "sabot/compute/TargetClones.h"
#include "sabot/compute/TypeRules.h"

namespace sabot::compute {

std::string_view arithmeticOpName(ArithmeticOp op) {
  switch (op) {
    case ArithmeticOp::kAdd: return "add";
    case ArithmeticOp::kSubtract: return "subtract";
    case ArithmeticOp::kMultiply: return "multiply";
    case ArithmeticOp::kDivide: return "divide";
    case ArithmeticOp::kModulo: return "modulo";
  }
  return "?";
}

namespace {

template <typename T>
struct ArrayInput {
  const T* values;
  T operator[](int64_t i) const { return values[i]; }
};
template <typename T>
struct ScalarInput {
  T value;
  T operator[](int64_t) const { return value; }
};

// Each operation computes the wrapped result and returns an overflow word
// whose top bit is set when the row overflowed. The loops OR these words
// together without branches, so they vectorise; only the top bit of the
// total is looked at.

template <typename T>
using OverflowWord = std::make_unsigned_t<std::conditional_t<std::is_floating_point_v<T>, int64_t, T>>;

template <typename T>
constexpr OverflowWord<T> topBit() {
  return static_cast<OverflowWord<T>>(OverflowWord<T>{1} << (sizeof(OverflowWord<T>) * 8 - 1));
}

struct AddOp {
  static constexpr const char* kSymbol = "+";
  template <typename T>
  static OverflowWord<T> apply(T a, T b, T& out) {
    if constexpr (std::is_floating_point_v<T>) {
      out = a + b;
      return 0;
    } else {
      using U = std::make_unsigned_t<T>;
      const auto ua = static_cast<U>(a);
      const auto ub = static_cast<U>(b);
      const auto r = static_cast<U>(ua + ub);
      out = static_cast<T>(r);
      if constexpr (std::is_signed_v<T>) {
        return static_cast<U>((ua ^ r) & (ub ^ r));  // operands agree in sign, result differs
      } else {
        return static_cast<U>((ua & ub) | ((ua | ub) & static_cast<U>(~r)));  // carry out of the top bit
      }
    }
  }
};

struct SubtractOp {
  static constexpr const char* kSymbol = "-";
  template <typename T>
  static OverflowWord<T> apply(T a, T b, T& out) {
    if constexpr (std::is_floating_point_v<T>) {
      out = a - b;
      return 0;
    } else {
      using U = std::make_unsigned_t<T>;
      const auto ua = static_cast<U>(a);
      const auto ub = static_cast<U>(b);
      const auto r = static_cast<U>(ua - ub);
      out = static_cast<T>(r);
      if constexpr (std::is_signed_v<T>) {
        return static_cast<U>((ua ^ ub) & (ua ^ r));
      } else {
        const auto na = static_cast<U>(~ua);
        return static_cast<U>((na & ub) | ((na | ub) & r));  // borrow out of the top bit
      }
    }
  }
};

struct MultiplyOp {
  static constexpr const char* kSymbol = "*";
  template <typename T>
  static OverflowWord<T> apply(T a, T b, T& out) {
    bool overflow = false;
    if constexpr (std::is_floating_point_v<T>) {
      out = a * b;
    } else if constexpr (sizeof(T) <= 4) {
      using Wide = std::conditional_t<std::is_signed_v<T>, int64_t, uint64_t>;
      const Wide wide = static_cast<Wide>(a) * static_cast<Wide>(b);
      out = static_cast<T>(wide);
      overflow = static_cast<Wide>(out) != wide;
    } else {
      overflow = __builtin_mul_overflow(a, b, &out);
    }
    return overflow ? topBit<T>() : OverflowWord<T>{0};
  }
};

template <typename T, typename Op>
bool overflowed(T a, T b) {
  T ignored;
  return (Op::apply(a, b, ignored) & topBit<T>()) != 0;
}

template <typename T, typename Op, bool kCheck, typename L, typename R>
SABOT_TARGET_CLONES bool applyLoop(L left, R right, T* out, int64_t length) {
  OverflowWord<T> overflow = 0;
  for (int64_t i = 0; i < length; ++i) {
    const OverflowWord<T> word = Op::apply(left[i], right[i], out[i]);
    if constexpr (kCheck) overflow |= word;
  }
  return (overflow & topBit<T>()) != 0;
}

/// The range of `a` for which a * factor fits T (64-bit integers), so a
/// multiplication by a scalar checks overflow with two compares that
/// vectorise instead of a widening multiply per row.
template <typename T>
std::pair<T, T> multiplyRange(T factor) {
  constexpr T kMin = std::numeric_limits<T>::min();
  constexpr T kMax = std::numeric_limits<T>::max();
  if (factor == 0) return {kMin, kMax};
  if constexpr (std::is_signed_v<T>) {
    if (factor == -1) return {-kMax, kMax};
    // Division truncates toward zero, which gives the tight bounds here.
    if (factor > 0) return {static_cast<T>(kMin / factor), static_cast<T>(kMax / factor)};
    return {static_cast<T>(kMax / factor), static_cast<T>(kMin / factor)};
  } else {
    return {0, static_cast<T>(kMax / factor)};
  }
}

template <typename T, bool kCheck>
SABOT_TARGET_CLONES bool multiplyByScalarLoop(const T* values, T factor, T lo, T hi, T* out, int64_t length) {
  using U = std::make_unsigned_t<T>;
  uint8_t outside = 0;
  for (int64_t i = 0; i < length; ++i) {
    const T a = values[i];
    out[i] = static_cast<T>(static_cast<U>(a) * static_cast<U>(factor));
    if constexpr (kCheck) outside |= static_cast<uint8_t>((a < lo) | (a > hi));
  }
  return outside != 0;
}

bool rowIsValid(const BinaryOperands& operands, int64_t row) {
  return (operands.left.isScalar() || operands.left.array().isValid(row)) &&
         (operands.right.isScalar() || operands.right.array().isValid(row));
}

template <typename T>
T valueAt(const Datum& datum, int64_t row) {
  return datum.isScalar() ? datum.scalar().value<T>() : datum.array().values<T>()[row];
}

/// Runs `body(left, right)` with the two operands as ArrayInput/ScalarInput.
template <typename T, typename Body>
decltype(auto) withInputs(const BinaryOperands& operands, Body&& body) {
  const Datum& l = operands.left;
  const Datum& r = operands.right;
  if (l.isScalar()) return body(ScalarInput<T>{l.scalar().value<T>()}, ArrayInput<T>{r.array().values<T>()});
  if (r.isScalar()) return body(ArrayInput<T>{l.array().values<T>()}, ScalarInput<T>{r.scalar().value<T>()});
  return body(ArrayInput<T>{l.array().values<T>()}, ArrayInput<T>{r.array().values<T>()});
}

template <typename T, typename Op>
Status runOp(const BinaryOperands& operands, bool check, T* out, std::string_view name) {
  const int64_t length = operands.length;
  bool overflow = false;
  const bool scalarSide = operands.left.isScalar() || operands.right.isScalar();
  if constexpr (std::is_same_v<Op, MultiplyOp> && std::is_integral_v<T> && sizeof(T) == 8) {
    if (scalarSide) {
      const bool scalarLeft = operands.left.isScalar();
      const T factor = (scalarLeft ? operands.left : operands.right).scalar().template value<T>();
      const T* values = (scalarLeft ? operands.right : operands.left).array().template values<T>();
      const auto [lo, hi] = multiplyRange<T>(factor);
      overflow = check ? multiplyByScalarLoop<T, true>(values, factor, lo, hi, out, length)
                       : multiplyByScalarLoop<T, false>(values, factor, lo, hi, out, length);
    }
  }
  if (!(std::is_same_v<Op, MultiplyOp> && std::is_integral_v<T> && sizeof(T) == 8 && scalarSide)) {
    overflow = withInputs<T>(operands, [&](auto left, auto right) {
      return check ? applyLoop<T, Op, true>(left, right, out, length)
                   : applyLoop<T, Op, false>(left, right, out, length);
    });
  }
  if (!overflow) return Status::OK();
  // Some slot overflowed; it is an error only if that row is not null.
  for (int64_t row = 0; row < length; ++row) {
    const T a = valueAt<T>(operands.left, row);
    const T b = valueAt<T>(operands.right, row);
    if (rowIsValid(operands, row) && overflowed<T, Op>(a, b)) {
      return Status::invalid("integer overflow in {} at row {}: {} {} {} does not fit {}", name, row, a,
                             Op::kSymbol, b, operands.type->toString());
    }
  }
  return Status::OK();
}

template <typename T>
Status runDivide(const BinaryOperands& operands, bool check, T* out) {
  const int64_t length = operands.length;
  if constexpr (std::is_floating_point_v<T>) {
    withInputs<T>(operands, [&](auto left, auto right) {
      for (int64_t i = 0; i < length; ++i) out[i] = left[i] / right[i];
    });
    return Status::OK();
  } else {
    const bool bad = withInputs<T>(operands, [&](auto left, auto right) {
      uint8_t anyBad = 0;
      for (int64_t i = 0; i < length; ++i) {
        const T a = left[i];
        const T b = right[i];
        bool overflow = false;
        if constexpr (std::is_signed_v<T>) overflow = b == -1 && a == std::numeric_limits<T>::min();
        if (b == 0 || overflow) {
          // Zero divisors are errors (or null rows); MIN / -1 wraps to MIN.
          out[i] = b == 0 ? T{0} : a;
          anyBad |= static_cast<uint8_t>(b == 0 || check);
        } else {
          out[i] = static_cast<T>(a / b);
        }
      }
      return anyBad != 0;
    });
    if (!bad) return Status::OK();
    for (int64_t row = 0; row < length; ++row) {
      if (!rowIsValid(operands, row)) continue;
      const T a = valueAt<T>(operands.left, row);
      const T b = valueAt<T>(operands.right, row);
      if (b == 0) return Status::invalid("division by zero at row {}", row);
      if constexpr (std::is_signed_v<T>) {
        if (check && b == -1 && a == std::numeric_limits<T>::min()) {
          return Status::invalid("integer overflow in divide at row {}: {} / {} does not fit {}", row, a, b,
                                 operands.type->toString());
        }
      }
    }
    return Status::OK();
  }
}

/// a % d without a division, for |a| < 2^32 and 0 < d < 2^32 (Lemire, Kaser
/// and Kurz, "Faster remainder by direct computation", 2019): with
/// M = floor((2^64 - 1) / d) + 1, the low 64 bits of M * a are the fraction
/// of a / d in units of 2^-64, and that fraction times d has the remainder
/// in its top 64 bits. Two multiplications instead of a 64-bit division,
/// which costs tens of cycles; q2's MOD(auction, 123) is such a call.
class SmallRemainder {
 public:
  explicit SmallRemainder(uint64_t divisor)
      : divisor_(divisor), multiplier_(std::numeric_limits<uint64_t>::max() / divisor + 1) {}
  uint64_t of(uint64_t value) const {
    const uint64_t fraction = multiplier_ * value;
    return static_cast<uint64_t>((static_cast<unsigned __int128>(fraction) * divisor_) >> 64);
  }

 private:
  uint64_t divisor_;
  uint64_t multiplier_;  // d = 1 wraps it to 0, which gives the right remainder 0
};

constexpr uint64_t kSmallLimit = uint64_t{1} << 32;

template <typename T>
uint64_t magnitude(T value) {
  using U = std::make_unsigned_t<T>;
  if constexpr (std::is_signed_v<T>) {
    return value < 0 ? static_cast<uint64_t>(U{0} - static_cast<U>(value)) : static_cast<uint64_t>(value);
  } else {
    return static_cast<uint64_t>(value);
  }
}

/// Whether every value (null slots too) is below 2^32 in magnitude.
template <typename T>
SABOT_TARGET_CLONES bool allSmall(const T* values, int64_t length) {
  if constexpr (sizeof(T) < 8) {
    return true;
  } else {
    uint64_t high = 0;
    for (int64_t i = 0; i < length; ++i) high |= magnitude(values[i]);
    return high < kSmallLimit;
  }
}

template <typename T>
void moduloBySmallScalar(const T* values, T divisor, T* out, int64_t length) {
  // a % d == a % |d| for a truncating remainder, and its sign is a's.
  const SmallRemainder remainder(magnitude(divisor));
  for (int64_t i = 0; i < length; ++i) {
    const T a = values[i];
    const auto r = static_cast<T>(remainder.of(magnitude(a)));
    if constexpr (std::is_signed_v<T>) {
      out[i] = a < 0 ? static_cast<T>(-r) : r;
    } else {
      out[i] = r;
    }
  }
}

template <typename T>
Status runModulo(const BinaryOperands& operands, T* out) {
  if constexpr (std::is_floating_point_v<T>) {
    return Status::internal("modulo reached a float kernel; moduloType() rejects floats");
  } else {
    const int64_t length = operands.length;
    if (operands.right.isScalar() && operands.left.isArray()) {
      const T divisor = operands.right.scalar().value<T>();
      const T* values = operands.left.array().values<T>();
      if (divisor != 0 && magnitude(divisor) < kSmallLimit && allSmall(values, length)) {
        moduloBySmallScalar(values, divisor, out, length);
        return Status::OK();
      }
    }
    const bool zeroDivisor = withInputs<T>(operands, [&](auto left, auto right) {
      uint8_t anyZero = 0;
      for (int64_t i = 0; i < length; ++i) {
        const T a = left[i];
        const T b = right[i];
        bool wraps = false;
        if constexpr (std::is_signed_v<T>) wraps = b == -1;  // MIN % -1 traps in C++; x % -1 is 0
        if (b == 0 || wraps) {
          out[i] = 0;
          anyZero |= static_cast<uint8_t>(b == 0);
        } else {
          out[i] = static_cast<T>(a % b);
        }
      }
      return anyZero != 0;
    });
    if (!zeroDivisor) return Status::OK();
    for (int64_t row = 0; row < length; ++row) {
      if (rowIsValid(operands, row) && valueAt<T>(operands.right, row) == 0) {
        return Status::invalid("division by zero in modulo at row {}", row);
      }
    }
    return Status::OK();
  }
}

}  // namespace

Result<Array> arithmetic(ArithmeticOp op, const Datum& left, const Datum& right,
                         const ArithmeticOptions& options, MemoryPool* pool) {
  const std::string_view name = arithmeticOpName(op);
  const bool isModulo = op == ArithmeticOp::kModulo;
  SABOT_ASSIGN_OR_RAISE(BinaryOperands operands,
                        prepareBinaryOperands(left, right, isModulo ? moduloType : arithmeticType,
                                              isModulo ? "take the modulo of" : name, "and", pool));
  const int64_t length = operands.length;
  const DataTypePtr type = operands.type;
  if ((operands.left.isScalar() && operands.left.scalar().isNull()) ||
      (operands.right.isScalar() && operands.right.scalar().isNull())) {
    return makeAllNullArray(type, length, pool);
  }
  Status status;
  std::shared_ptr<MutableBuffer> values;
  SABOT_RETURN_NOT_OK(visitNumeric(type->id(), [&]<typename T>() -> Status {
    SABOT_ASSIGN_OR_RAISE(values, allocateValues<T>(length, pool));
    T* out = values->template mutableDataAs<T>();
    switch (op) {
      case ArithmeticOp::kAdd: return runOp<T, AddOp>(operands, options.checkOverflow, out, name);
      case ArithmeticOp::kSubtract: return runOp<T, SubtractOp>(operands, options.checkOverflow, out, name);
      case ArithmeticOp::kMultiply: return runOp<T, MultiplyOp>(operands, options.checkOverflow, out, name);
      case ArithmeticOp::kDivide: return runDivide<T>(operands, options.checkOverflow, out);
      case ArithmeticOp::kModulo: return runModulo<T>(operands, out);
    }
    return Status::OK();
  }));
  const ArrayData* l = operands.left.isArray() ? operands.left.array().data().get() : nullptr;
  const ArrayData* r = operands.right.isArray() ? operands.right.array().data().get() : nullptr;
  SABOT_ASSIGN_OR_RAISE(OutputValidity validity, intersectValidity({l, r}, length, pool));
  return makeFixedWidthArray(type, length, std::move(values), std::move(validity));
}

Result<Array> negate(const Array& array, const ArithmeticOptions& options, MemoryPool* pool) {
  const TypeId id = array.typeId();
  if (!columnar::isSignedInteger(id) && !columnar::isFloating(id)) {
    return Status::typeError("cannot negate {}", array.type()->toString());
  }
  const int64_t length = array.length();
  std::shared_ptr<MutableBuffer> values;
  SABOT_RETURN_NOT_OK(visitNumeric(id, [&]<typename T>() -> Status {
    SABOT_ASSIGN_OR_RAISE(values, allocateValues<T>(length, pool));
    T* out = values->template mutableDataAs<T>();
    const T* in = array.values<T>();
    if constexpr (std::is_floating_point_v<T>) {
      for (int64_t i = 0; i < length; ++i) out[i] = -in[i];
    } else {
      using U = std::make_unsigned_t<T>;
      uint8_t overflow = 0;
      for (int64_t i = 0; i < length; ++i) {
        out[i] = static_cast<T>(static_cast<U>(U{0} - static_cast<U>(in[i])));
        overflow |= static_cast<uint8_t>(in[i] == std::numeric_limits<T>::min());
      }
      if (overflow != 0 && options.checkOverflow) {
        for (int64_t row = 0; row < length; ++row) {
          if (array.isValid(row) && in[row] == std::numeric_limits<T>::min()) {
            return Status::invalid("integer overflow in negate at row {}: -({}) does not fit {}", row, in[row],
                                   array.type()->toString());
          }
        }
      }
    }
    return Status::OK();
  }));
  SABOT_ASSIGN_OR_RAISE(OutputValidity validity, intersectValidity({array.data().get()}, length, pool));
  return makeFixedWidthArray(array.type(), length, std::move(values), std::move(validity));
}

}  // namespace sabot::compute
