#include "sabot/compute/Cast.h"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <cmath>
#include <utility>

#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/columnar/Decimal.h"
#include "sabot/columnar/Temporal.h"
#include "sabot/columnar/Utf8.h"
#include "sabot/compute/BitWords.h"
#include "sabot/compute/KernelOutput.h"
#include "sabot/compute/PhysicalType.h"
#include "sabot/compute/Selection.h"

namespace sabot::compute {

using columnar::isBinaryLike;
using columnar::isFloating;
using columnar::isInteger;
using columnar::isLargeBinaryLike;
using columnar::isNumeric;
using columnar::isStringLike;
using columnar::TimeUnit;

namespace {

constexpr int64_t kSecondsPerDay = 86400;

// 10^0 .. 10^38 as 128-bit integers.
constexpr auto kPowersOfTen = [] {
  std::array<__int128, 39> powers{};
  powers[0] = 1;
  for (size_t i = 1; i < powers.size(); ++i) powers[i] = powers[i - 1] * 10;
  return powers;
}();

bool fitsPrecision(__int128 unscaled, int32_t precision) {
  const __int128 limit = kPowersOfTen[static_cast<size_t>(precision)];
  return unscaled < limit && unscaled > -limit;
}

std::string castName(const DataTypePtr& from, const DataTypePtr& to) {
  return fmt::format("cast {} to {}", from->toString(), to->toString());
}

/// The same buffers under another type: casts between types with the same
/// physical layout (timestamp <-> int64, utf8 -> binary, time zone changes).
Array relabel(const Array& array, const DataTypePtr& to) {
  auto data = std::make_shared<ArrayData>(*array.data());
  data->type = to;
  return Array(std::move(data));
}

Result<OutputValidity> inputValidity(const Array& input, MemoryPool* pool) {
  return intersectValidity({input.data().get()}, input.length(), pool);
}

/// The first valid row at or after `start` for which `failed(row)` holds, or -1.
/// Kernels convert every slot in a tight loop and only call this when some
/// slot failed, since a failure in a null slot is not an error.
template <typename Failed>
int64_t firstFailingValidRow(const Array& input, Failed&& failed) {
  for (int64_t row = 0; row < input.length(); ++row) {
    if (input.isValid(row) && failed(row)) return row;
  }
  return -1;
}

/// Converts each fixed-width value with `convert(From, To&) -> bool`; a false
/// return for a valid row is reported by `describe(row)`.
template <typename From, typename To, typename Convert, typename Describe>
Result<Array> convertFixed(const Array& input, const DataTypePtr& to, MemoryPool* pool,
                           Convert convert, Describe describe) {
  const int64_t length = input.length();
  const From* in = input.values<From>();
  SABOT_ASSIGN_OR_RAISE(auto values, allocateValues<To>(length, pool));
  To* out = values->template mutableDataAs<To>();
  bool anyFailed = false;
  for (int64_t i = 0; i < length; ++i) anyFailed |= !convert(in[i], out[i]);
  if (anyFailed) {
    const int64_t row = firstFailingValidRow(input, [&](int64_t i) {
      To ignored;
      return !convert(in[i], ignored);
    });
    if (row >= 0) return describe(row);
  }
  SABOT_ASSIGN_OR_RAISE(OutputValidity validity, inputValidity(input, pool));
  return makeFixedWidthArray(to, length, std::move(values), std::move(validity));
}

// ------------------------------------------------------------ numeric values

template <typename F>
constexpr F twoToThe(size_t exponent) {
  F value = 1;
  for (size_t i = 0; i < exponent; ++i) value *= 2;
  return value;
}

template <typename From, typename To>
bool convertNumber(From value, To& out, bool safe) {
  if constexpr (std::is_floating_point_v<To>) {
    out = static_cast<To>(value);
    if constexpr (std::is_same_v<From, double> && std::is_same_v<To, float>) {
      return !safe || !(std::isinf(out) && std::isfinite(value));
    }
    return true;
  } else if constexpr (std::is_floating_point_v<From>) {
    // The integer range as exact float bounds: [lo, hi).
    constexpr From lo = std::is_signed_v<To> ? -twoToThe<From>(sizeof(To) * 8 - 1) : From{0};
    constexpr From hi = twoToThe<From>(std::is_signed_v<To> ? sizeof(To) * 8 - 1 : sizeof(To) * 8);
    const bool inRange = value >= lo && value < hi;  // false for NaN
    if (inRange) {
      out = static_cast<To>(value);
      return true;
    }
    if (safe) {
      out = To{};
      return false;
    }
    out = std::isnan(value) ? To{} : value < lo ? std::numeric_limits<To>::min() : std::numeric_limits<To>::max();
    return true;
  } else {
    out = static_cast<To>(value);  // modular since C++20
    return !safe || std::in_range<To>(value);
  }
}

template <typename T>
std::string formatNumber(T value) {
  if constexpr (std::is_same_v<T, __int128>) {
    return columnar::int128ToString(value);
  } else {
    return fmt::format("{}", value);
  }
}

Result<Array> castNumericToNumeric(const Array& input, const DataTypePtr& to, bool safe,
                                   MemoryPool* pool) {
  return visitNumeric(input.typeId(), [&]<typename From>() {
    return visitNumeric(to->id(), [&]<typename To>() -> Result<Array> {
      const From* in = input.values<From>();
      return convertFixed<From, To>(
          input, to, pool, [safe](From v, To& out) { return convertNumber<From, To>(v, out, safe); },
          [&](int64_t row) {
            return Status::invalid("{}: value {} at row {} is out of range",
                                   castName(input.type(), to), formatNumber(in[row]), row);
          });
    });
  });
}

Result<Array> castBoolToNumeric(const Array& input, const DataTypePtr& to, MemoryPool* pool) {
  return visitNumeric(to->id(), [&]<typename To>() -> Result<Array> {
    const int64_t length = input.length();
    SABOT_ASSIGN_OR_RAISE(auto values, allocateValues<To>(length, pool));
    To* out = values->template mutableDataAs<To>();
    const uint8_t* bits = input.data()->buffers[1]->data();
    for (int64_t i = 0; i < length; ++i) {
      out[i] = static_cast<To>(columnar::bitmap::getBit(bits, input.offset() + i));
    }
    SABOT_ASSIGN_OR_RAISE(OutputValidity validity, inputValidity(input, pool));
    return makeFixedWidthArray(to, length, std::move(values), std::move(validity));
  });
}

Result<Array> castNumericToBool(const Array& input, MemoryPool* pool) {
  return visitNumeric(input.typeId(), [&]<typename From>() -> Result<Array> {
    const int64_t length = input.length();
    const From* in = input.values<From>();
    SABOT_ASSIGN_OR_RAISE(auto values, allocateBitmap(length, pool));
    bitwords::fillFromPredicate(values->mutableData(), length,
                                [in](int64_t i) { return in[i] != From{0}; });
    SABOT_ASSIGN_OR_RAISE(OutputValidity validity, inputValidity(input, pool));
    return makeFixedWidthArray(columnar::boolean(), length, std::move(values), std::move(validity));
  });
}

// ---------------------------------------------------------------- decimals

Result<Array> castDecimalToNumeric(const Array& input, const DataTypePtr& to, bool safe,
                                   MemoryPool* pool) {
  const __int128 divisor = kPowersOfTen[static_cast<size_t>(input.type()->scale())];
  const __int128* in = input.values<__int128>();
  return visitNumeric(to->id(), [&]<typename To>() -> Result<Array> {
    if constexpr (std::is_floating_point_v<To>) {
      const auto scale = static_cast<long double>(divisor);
      return convertFixed<__int128, To>(
          input, to, pool,
          [scale](__int128 v, To& out) {
            out = static_cast<To>(static_cast<long double>(v) / scale);
            return true;
          },
          [](int64_t) { return Status::internal("unreachable"); });
    } else {
      // Truncate toward zero, then check the integer range.
      const __int128 lo = std::is_signed_v<To> ? -(static_cast<__int128>(1) << (sizeof(To) * 8 - 1)) : 0;
      const __int128 hi = std::is_signed_v<To> ? (static_cast<__int128>(1) << (sizeof(To) * 8 - 1)) - 1
                                               : (static_cast<__int128>(1) << (sizeof(To) * 8)) - 1;
      return convertFixed<__int128, To>(
          input, to, pool,
          [=](__int128 v, To& out) {
            const __int128 whole = v / divisor;
            out = static_cast<To>(whole);
            return !safe || (whole >= lo && whole <= hi);
          },
          [&](int64_t row) {
            return Status::invalid("{}: value {} at row {} is out of range", castName(input.type(), to),
                                   columnar::formatDecimal128(in[row], input.type()->scale()), row);
          });
    }
  });
}

Result<Array> castNumericToDecimal(const Array& input, const DataTypePtr& to, MemoryPool* pool) {
  const int32_t precision = to->precision();
  const __int128 factor = kPowersOfTen[static_cast<size_t>(to->scale())];
  return visitNumeric(input.typeId(), [&]<typename From>() -> Result<Array> {
    const From* in = input.values<From>();
    auto describe = [&](int64_t row) {
      return Status::invalid("{}: value {} at row {} does not fit {}", castName(input.type(), to),
                             formatNumber(in[row]), row, to->toString());
    };
    if constexpr (std::is_floating_point_v<From>) {
      const auto scale = static_cast<long double>(factor);
      const auto limit = static_cast<long double>(kPowersOfTen[static_cast<size_t>(precision)]);
      return convertFixed<From, __int128>(
          input, to, pool,
          [=](From v, __int128& out) {
            // roundl rounds half away from zero.
            const long double scaled = std::roundl(static_cast<long double>(v) * scale);
            const bool fits = std::isfinite(scaled) && scaled < limit && scaled > -limit;
            out = fits ? static_cast<__int128>(scaled) : 0;
            return fits;
          },
          describe);
    } else {
      return convertFixed<From, __int128>(
          input, to, pool,
          [=](From v, __int128& out) {
            const bool overflow = __builtin_mul_overflow(static_cast<__int128>(v), factor, &out);
            return !overflow && fitsPrecision(out, precision);
          },
          describe);
    }
  });
}

Result<Array> castDecimalToDecimal(const Array& input, const DataTypePtr& to, bool safe,
                                   MemoryPool* pool) {
  const int32_t fromScale = input.type()->scale();
  const int32_t toScale = to->scale();
  const int32_t precision = to->precision();
  const __int128* in = input.values<__int128>();
  auto describe = [&](int64_t row) {
    return Status::invalid("{}: value {} at row {} does not fit {}", castName(input.type(), to),
                           columnar::formatDecimal128(in[row], fromScale), row, to->toString());
  };
  if (toScale >= fromScale) {
    const __int128 factor = kPowersOfTen[static_cast<size_t>(toScale - fromScale)];
    return convertFixed<__int128, __int128>(
        input, to, pool,
        [=](__int128 v, __int128& out) {
          return !__builtin_mul_overflow(v, factor, &out) && fitsPrecision(out, precision);
        },
        describe);
  }
  const __int128 divisor = kPowersOfTen[static_cast<size_t>(fromScale - toScale)];
  return convertFixed<__int128, __int128>(
      input, to, pool,
      [=](__int128 v, __int128& out) {
        out = v / divisor;
        return (!safe || v % divisor == 0) && fitsPrecision(out, precision);
      },
      [&](int64_t row) {
        if (fitsPrecision(in[row] / divisor, precision)) {
          return Status::invalid("{}: value {} at row {} would lose digits (use safe=false to truncate)",
                                 castName(input.type(), to),
                                 columnar::formatDecimal128(in[row], fromScale), row);
        }
        return describe(row);
      });
}

// ---------------------------------------------------------------- temporal

int64_t floorDivide(int64_t value, int64_t divisor) {
  const int64_t quotient = value / divisor;
  return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient;
}

Result<Array> castTimestampUnit(const Array& input, const DataTypePtr& to, bool safe,
                                MemoryPool* pool) {
  const int64_t fromTicks = columnar::ticksPerSecond(input.type()->timeUnit());
  const int64_t toTicks = columnar::ticksPerSecond(to->timeUnit());
  const int64_t* in = input.values<int64_t>();
  if (toTicks >= fromTicks) {
    const int64_t factor = toTicks / fromTicks;
    return convertFixed<int64_t, int64_t>(
        input, to, pool,
        [=](int64_t v, int64_t& out) {
          const bool overflow = __builtin_mul_overflow(v, factor, &out);
          return !safe || !overflow;
        },
        [&](int64_t row) {
          return Status::invalid("{}: value {} at row {} overflows int64 ticks", castName(input.type(), to),
                                 in[row], row);
        });
  }
  const int64_t divisor = fromTicks / toTicks;
  return convertFixed<int64_t, int64_t>(
      input, to, pool,
      [=](int64_t v, int64_t& out) {
        out = floorDivide(v, divisor);
        return !safe || v % divisor == 0;
      },
      [&](int64_t row) {
        return Status::invalid("{}: value {} ({}) at row {} would lose precision (use safe=false to truncate)",
                               castName(input.type(), to), in[row],
                               columnar::formatTimestamp(in[row], input.type()->timeUnit()), row);
      });
}

Result<Array> castTimestampToDate(const Array& input, const DataTypePtr& to, MemoryPool* pool) {
  const int64_t ticksPerDay = columnar::ticksPerSecond(input.type()->timeUnit()) * kSecondsPerDay;
  const int64_t* in = input.values<int64_t>();
  return convertFixed<int64_t, int32_t>(
      input, to, pool,
      [=](int64_t v, int32_t& out) {
        const int64_t days = floorDivide(v, ticksPerDay);
        out = static_cast<int32_t>(days);
        return std::in_range<int32_t>(days);
      },
      [&](int64_t row) {
        return Status::invalid("{}: value {} at row {} is out of the date32 range",
                               castName(input.type(), to), in[row], row);
      });
}

Result<Array> castDateToTimestamp(const Array& input, const DataTypePtr& to, bool safe,
                                  MemoryPool* pool) {
  const int64_t ticksPerDay = columnar::ticksPerSecond(to->timeUnit()) * kSecondsPerDay;
  const int32_t* in = input.values<int32_t>();
  return convertFixed<int32_t, int64_t>(
      input, to, pool,
      [=](int32_t v, int64_t& out) {
        return !__builtin_mul_overflow(static_cast<int64_t>(v), ticksPerDay, &out) || !safe;
      },
      [&](int64_t row) {
        return Status::invalid("{}: date {} at row {} overflows int64 ticks", castName(input.type(), to),
                               columnar::formatDate32(in[row]), row);
      });
}

// ------------------------------------------------------------------ strings

enum class ParseResult { kOk, kMalformed, kOutOfRange };

template <typename T>
ParseResult parseNumber(std::string_view text, T& out) {
  if (!text.empty() && text[0] == '+') text.remove_prefix(1);
  const char* end = text.data() + text.size();
  std::from_chars_result result;
  if constexpr (std::is_floating_point_v<T>) {
    result = std::from_chars(text.data(), end, out, std::chars_format::general);
  } else {
    result = std::from_chars(text.data(), end, out, 10);
  }
  if (result.ec == std::errc::result_out_of_range) return ParseResult::kOutOfRange;
  if (result.ec != std::errc() || result.ptr != end || text.empty()) return ParseResult::kMalformed;
  return ParseResult::kOk;
}

ParseResult parseBool(std::string_view text, uint8_t& out) {
  auto equalsIgnoringCase = [&](std::string_view word) {
    if (text.size() != word.size()) return false;
    for (size_t i = 0; i < text.size(); ++i) {
      if ((text[i] | 0x20) != word[i]) return false;
    }
    return true;
  };
  if (text == "1" || equalsIgnoringCase("true")) {
    out = 1;
    return ParseResult::kOk;
  }
  if (text == "0" || equalsIgnoringCase("false")) {
    out = 0;
    return ParseResult::kOk;
  }
  return ParseResult::kMalformed;
}

/// Parses each string with `parse(text, T&) -> ParseResult` into a
/// fixed-width array of `to` (bool results are packed afterwards).
template <typename T, typename Parse>
Result<Array> parseStrings(const Array& input, const DataTypePtr& to, MemoryPool* pool,
                           Parse parse) {
  const int64_t length = input.length();
  SABOT_ASSIGN_OR_RAISE(auto values, allocateValues<T>(length, pool));
  T* out = values->template mutableDataAs<T>();
  for (int64_t i = 0; i < length; ++i) {
    if (input.isNull(i)) {
      out[i] = T{};
      continue;
    }
    const std::string_view text = input.stringValue(i);
    const ParseResult result = parse(text, out[i]);
    if (result == ParseResult::kOutOfRange) {
      return Status::invalid("{}: value '{}' at row {} is out of range for {}",
                             castName(input.type(), to), text, i, to->toString());
    }
    if (result == ParseResult::kMalformed) {
      return Status::invalid("{}: cannot parse '{}' at row {} as {}", castName(input.type(), to),
                             text, i, to->toString());
    }
  }
  SABOT_ASSIGN_OR_RAISE(OutputValidity validity, inputValidity(input, pool));
  if (to->id() == TypeId::kBool) {
    SABOT_ASSIGN_OR_RAISE(auto bits, allocateBitmap(length, pool));
    bitwords::fillFromPredicate(bits->mutableData(), length, [out](int64_t i) { return out[i] != 0; });
    return makeFixedWidthArray(to, length, std::move(bits), std::move(validity));
  }
  return makeFixedWidthArray(to, length, std::move(values), std::move(validity));
}

Result<Array> castStringTo(const Array& input, const DataTypePtr& to, MemoryPool* pool) {
  const TypeId id = to->id();
  if (isNumeric(id)) {
    return visitNumeric(id, [&]<typename T>() {
      return parseStrings<T>(input, to, pool, [](std::string_view text, T& out) {
        return parseNumber(text, out);
      });
    });
  }
  switch (id) {
    case TypeId::kBool: return parseStrings<uint8_t>(input, to, pool, parseBool);
    case TypeId::kDate32:
      return parseStrings<int32_t>(input, to, pool, [](std::string_view text, int32_t& out) {
        const auto days = columnar::parseDate32(text);
        out = days.value_or(0);
        return days ? ParseResult::kOk : ParseResult::kMalformed;
      });
    case TypeId::kTimestamp:
      return parseStrings<int64_t>(input, to, pool, [unit = to->timeUnit()](std::string_view text, int64_t& out) {
        const auto ticks = columnar::parseTimestamp(text, unit);
        out = ticks.value_or(0);
        return ticks ? ParseResult::kOk : ParseResult::kMalformed;
      });
    case TypeId::kDecimal128:
      return parseStrings<__int128>(
          input, to, pool,
          [precision = to->precision(), scale = to->scale()](std::string_view text, __int128& out) {
            const auto unscaled = columnar::parseDecimal128(text, precision, scale);
            out = unscaled.value_or(0);
            return unscaled ? ParseResult::kOk : ParseResult::kMalformed;
          });
    default: break;
  }
  return Status::typeError("cannot {}", castName(input.type(), to));
}

/// Formats each value as Array::formatValue() does. Not a hot path.
Result<Array> formatToStrings(const Array& input, const DataTypePtr& to, MemoryPool* pool) {
  SABOT_ASSIGN_OR_RAISE(auto builder, columnar::makeBuilder(to, pool));
  SABOT_RETURN_NOT_OK(builder->reserve(input.length()));
  const bool large = isLargeBinaryLike(to->id());
  for (int64_t i = 0; i < input.length(); ++i) {
    if (input.isNull(i)) {
      SABOT_RETURN_NOT_OK(builder->appendNull());
      continue;
    }
    const std::string text = input.formatValue(i);
    SABOT_RETURN_NOT_OK(large ? static_cast<columnar::LargeStringBuilder*>(builder.get())->append(text)
                              : static_cast<columnar::StringBuilder*>(builder.get())->append(text));
  }
  return builder->finish();
}

/// utf8/binary/large_* to one another: the data buffer is shared; offsets are
/// rewritten when their width changes.
Result<Array> castBetweenBinary(const Array& input, const DataTypePtr& to, MemoryPool* pool) {
  const TypeId from = input.typeId();
  if ((from == TypeId::kBinary || from == TypeId::kLargeBinary) && isStringLike(to->id())) {
    for (int64_t i = 0; i < input.length(); ++i) {
      if (input.isValid(i) && !columnar::isValidUtf8(input.stringValue(i))) {
        return Status::invalid("{}: row {} is not valid UTF-8", castName(input.type(), to), i);
      }
    }
  }
  const bool fromLarge = isLargeBinaryLike(from);
  const bool toLarge = isLargeBinaryLike(to->id());
  if (fromLarge == toLarge) return relabel(input, to);
  const int64_t length = input.length();
  auto offsetAt = [&](int64_t i) -> int64_t {
    const auto* buffer = input.data()->buffers[1].get();
    return fromLarge ? buffer->dataAs<int64_t>()[input.offset() + i]
                     : buffer->dataAs<int32_t>()[input.offset() + i];
  };
  const int64_t first = length == 0 ? 0 : offsetAt(0);
  const int64_t last = length == 0 ? 0 : offsetAt(length);
  if (!toLarge && last - first > INT32_MAX) {
    return Status::invalid("{}: {} bytes of data exceed the 2 GiB limit of 32-bit offsets",
                           castName(input.type(), to), last - first);
  }
  SABOT_ASSIGN_OR_RAISE(auto offsets, MutableBuffer::make((length + 1) * (toLarge ? 8 : 4), pool, false));
  for (int64_t i = 0; i <= length; ++i) {
    const int64_t rebased = (length == 0 ? 0 : offsetAt(i)) - first;
    if (toLarge) {
      offsets->mutableDataAs<int64_t>()[i] = rebased;
    } else {
      offsets->mutableDataAs<int32_t>()[i] = static_cast<int32_t>(rebased);
    }
  }
  const BufferPtr& data = input.data()->buffers[2];
  BufferPtr window = data ? columnar::Buffer::slice(data, first, last - first) : nullptr;
  SABOT_ASSIGN_OR_RAISE(OutputValidity validity, inputValidity(input, pool));
  return makeOutputArray(to, length, {std::move(validity.buffer), std::move(offsets), std::move(window)},
                         validity.nullCount);
}

bool isBinaryFamily(TypeId id) { return isBinaryLike(id) || isLargeBinaryLike(id); }

/// The dictionary's values gathered by its indices.
Result<Array> decodeDictionary(const Array& input, MemoryPool* pool) {
  auto indices = std::make_shared<ArrayData>(*input.data());
  indices->type = input.type()->indexType();
  indices->dictionary = nullptr;
  return take(input.dictionary(), Array(std::move(indices)), pool);
}

}  // namespace

bool canCast(const DataTypePtr& fromType, const DataTypePtr& to) {
  const TypeId from = fromType->id();
  const TypeId id = to->id();
  if (fromType->equals(*to) || from == TypeId::kNull) return true;
  if (from == TypeId::kDictionary) return canCast(fromType->valueType(), to);
  const bool fromNumberLike = isNumeric(from) || from == TypeId::kBool;
  const bool toNumberLike = isNumeric(id) || id == TypeId::kBool;
  if (fromNumberLike && toNumberLike) return true;
  if (isStringLike(id) && (fromNumberLike || from == TypeId::kDate32 || from == TypeId::kTimestamp ||
                           from == TypeId::kDecimal128)) {
    return true;
  }
  if (isStringLike(from) && (toNumberLike || id == TypeId::kDate32 || id == TypeId::kTimestamp ||
                             id == TypeId::kDecimal128)) {
    return true;
  }
  if (isBinaryFamily(from) && isBinaryFamily(id)) return true;
  if (from == TypeId::kTimestamp) {
    return id == TypeId::kTimestamp || id == TypeId::kDate32 || isInteger(id);
  }
  if (from == TypeId::kDate32) return id == TypeId::kTimestamp || isInteger(id);
  if (isInteger(from) && (id == TypeId::kTimestamp || id == TypeId::kDate32)) return true;
  if (from == TypeId::kDecimal128) return isNumeric(id) || id == TypeId::kDecimal128;
  if (isNumeric(from) && id == TypeId::kDecimal128) return true;
  return false;
}

Result<Array> cast(const Array& array, const DataTypePtr& to, const CastOptions& options,
                   MemoryPool* pool) {
  const DataTypePtr& fromType = array.type();
  const TypeId from = fromType->id();
  const TypeId id = to->id();
  const bool safe = options.safe;
  if (fromType->equals(*to)) return array;
  if (from == TypeId::kNull) return makeAllNullArray(to, array.length(), pool);
  if (!canCast(fromType, to)) {
    return Status::typeError("cannot {}", castName(fromType, to));
  }
  if (from == TypeId::kDictionary) {
    SABOT_ASSIGN_OR_RAISE(Array decoded, decodeDictionary(array, pool));
    return cast(decoded, to, options, pool);
  }
  if (from == TypeId::kTimestamp && id == TypeId::kTimestamp) {
    if (fromType->timeUnit() == to->timeUnit()) return relabel(array, to);  // zone only
    return castTimestampUnit(array, to, safe, pool);
  }
  if (isNumeric(from) && isNumeric(id)) return castNumericToNumeric(array, to, safe, pool);
  if (from == TypeId::kBool && isNumeric(id)) return castBoolToNumeric(array, to, pool);
  if (isNumeric(from) && id == TypeId::kBool) return castNumericToBool(array, pool);
  if (isStringLike(id) && !isBinaryFamily(from)) return formatToStrings(array, to, pool);
  if (isStringLike(from) && !isBinaryFamily(id)) return castStringTo(array, to, pool);
  if (isBinaryFamily(from) && isBinaryFamily(id)) return castBetweenBinary(array, to, pool);
  if (from == TypeId::kTimestamp && id == TypeId::kDate32) return castTimestampToDate(array, to, pool);
  if (from == TypeId::kDate32 && id == TypeId::kTimestamp) return castDateToTimestamp(array, to, safe, pool);
  // Temporal <-> integers go through their storage type.
  if (from == TypeId::kTimestamp) return cast(relabel(array, columnar::int64()), to, options, pool);
  if (from == TypeId::kDate32) return cast(relabel(array, columnar::int32()), to, options, pool);
  if (id == TypeId::kTimestamp || id == TypeId::kDate32) {
    const DataTypePtr storage = id == TypeId::kTimestamp ? columnar::int64() : columnar::int32();
    SABOT_ASSIGN_OR_RAISE(Array raw, cast(array, storage, options, pool));
    return relabel(raw, to);
  }
  if (from == TypeId::kDecimal128 && id == TypeId::kDecimal128) {
    return castDecimalToDecimal(array, to, safe, pool);
  }
  if (from == TypeId::kDecimal128) return castDecimalToNumeric(array, to, safe, pool);
  if (id == TypeId::kDecimal128) return castNumericToDecimal(array, to, pool);
  return Status::typeError("cannot {}", castName(fromType, to));
}

Result<Scalar> cast(const Scalar& scalar, const DataTypePtr& to, const CastOptions& options,
                    MemoryPool* pool) {
  if (scalar.type()->equals(*to)) return scalar;
  if (!canCast(scalar.type(), to)) return Status::typeError("cannot {}", castName(scalar.type(), to));
  if (scalar.isNull()) return Scalar::null(to);
  SABOT_ASSIGN_OR_RAISE(Array one, scalar.toArray(1, pool));
  SABOT_ASSIGN_OR_RAISE(Array converted, cast(one, to, options, pool));
  return Scalar::fromArray(converted, 0);
}

}  // namespace sabot::compute
