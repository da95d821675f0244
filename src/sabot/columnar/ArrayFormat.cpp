// Rendering arrays as text, for debugging, tests and the CLI.

#include <fmt/format.h>

#include <cmath>

#include "sabot/columnar/Array.h"
#include "sabot/columnar/Decimal.h"
#include "sabot/columnar/Temporal.h"

namespace sabot::columnar {

namespace {
template <typename T>
std::string formatFloat(T value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  return fmt::format("{}", value);
}
}  // namespace

std::string Array::formatValue(int64_t index) const {
  if (isNull(index)) return "null";
  switch (typeId()) {
    case TypeId::kNull: return "null";
    case TypeId::kBool: return boolValue(index) ? "true" : "false";
    case TypeId::kInt8: return fmt::format("{}", value<int8_t>(index));
    case TypeId::kInt16: return fmt::format("{}", value<int16_t>(index));
    case TypeId::kInt32: return fmt::format("{}", value<int32_t>(index));
    case TypeId::kInt64: return fmt::format("{}", value<int64_t>(index));
    case TypeId::kUInt8: return fmt::format("{}", value<uint8_t>(index));
    case TypeId::kUInt16: return fmt::format("{}", value<uint16_t>(index));
    case TypeId::kUInt32: return fmt::format("{}", value<uint32_t>(index));
    case TypeId::kUInt64: return fmt::format("{}", value<uint64_t>(index));
    case TypeId::kFloat32: return formatFloat(value<float>(index));
    case TypeId::kFloat64: return formatFloat(value<double>(index));
    case TypeId::kUtf8:
    case TypeId::kLargeUtf8: return std::string(stringValue(index));
    case TypeId::kBinary:
    case TypeId::kLargeBinary: {
      std::string hex;
      for (unsigned char c : stringValue(index)) hex += fmt::format("{:02x}", c);
      return hex;
    }
    case TypeId::kDate32: return formatDate32(value<int32_t>(index));
    case TypeId::kTimestamp: return formatTimestamp(value<int64_t>(index), type()->timeUnit());
    case TypeId::kDecimal128: return formatDecimal128(decimalValue(index), type()->scale());
    case TypeId::kStruct: {
      std::string out = "{";
      for (int i = 0; i < numChildren(); ++i) {
        if (i > 0) out += ", ";
        out += type()->field(i)->name() + ": " + structField(i).formatValue(index);
      }
      return out + "}";
    }
    case TypeId::kList:
      return listValues().slice(listStart(index), listLength(index)).toString();
    case TypeId::kDictionary: return dictionary().formatValue(dictionaryIndex(index));
  }
  return "?";
}

std::string Array::toString(int64_t maxElements) const {
  std::string out = "[";
  const int64_t shown = std::min(length(), maxElements);
  for (int64_t i = 0; i < shown; ++i) {
    if (i > 0) out += ", ";
    const bool quoted = isValid(i) && isStringLike(typeId());
    out += quoted ? "\"" + formatValue(i) + "\"" : formatValue(i);
  }
  if (shown < length()) out += fmt::format(", ... {} more", length() - shown);
  return out + "]";
}

}  // namespace sabot::columnar
