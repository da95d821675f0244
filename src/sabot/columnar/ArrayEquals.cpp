// Logical equality of arrays: same type, length, validity and values,
// independent of offsets, buffer padding and dictionary encoding details.

#include <cmath>
#include <cstring>

#include "sabot/columnar/Array.h"

namespace sabot::columnar {

namespace {

template <typename T>
bool valuesEqual(const Array& left, const Array& right, int64_t i) {
  const T a = left.value<T>(i);
  const T b = right.value<T>(i);
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(a) && std::isnan(b)) return true;
  }
  return a == b;
}

bool elementEqual(const Array& left, const Array& right, int64_t i) {
  switch (left.typeId()) {
    case TypeId::kNull: return true;
    case TypeId::kBool: return left.boolValue(i) == right.boolValue(i);
    case TypeId::kInt8:
    case TypeId::kUInt8: return valuesEqual<uint8_t>(left, right, i);
    case TypeId::kInt16:
    case TypeId::kUInt16: return valuesEqual<uint16_t>(left, right, i);
    case TypeId::kInt32:
    case TypeId::kUInt32:
    case TypeId::kDate32: return valuesEqual<uint32_t>(left, right, i);
    case TypeId::kInt64:
    case TypeId::kUInt64:
    case TypeId::kTimestamp: return valuesEqual<uint64_t>(left, right, i);
    case TypeId::kFloat32: return valuesEqual<float>(left, right, i);
    case TypeId::kFloat64: return valuesEqual<double>(left, right, i);
    case TypeId::kDecimal128: return left.decimalValue(i) == right.decimalValue(i);
    case TypeId::kUtf8:
    case TypeId::kLargeUtf8:
    case TypeId::kBinary:
    case TypeId::kLargeBinary: return left.stringValue(i) == right.stringValue(i);
    case TypeId::kStruct:
      for (int f = 0; f < left.numChildren(); ++f) {
        const Array a = left.structField(f);
        const Array b = right.structField(f);
        if (a.isValid(i) != b.isValid(i)) return false;
        if (a.isValid(i) && !elementEqual(a, b, i)) return false;
      }
      return true;
    case TypeId::kList:
      return left.listLength(i) == right.listLength(i) &&
             left.listValues()
                 .slice(left.listStart(i), left.listLength(i))
                 .equals(right.listValues().slice(right.listStart(i), right.listLength(i)));
    case TypeId::kDictionary: {
      const Array a = left.dictionary();
      const Array b = right.dictionary();
      const int64_t ai = left.dictionaryIndex(i);
      const int64_t bi = right.dictionaryIndex(i);
      if (a.isValid(ai) != b.isValid(bi)) return false;
      return !a.isValid(ai) || elementEqual(a.slice(ai, 1), b.slice(bi, 1), 0);
    }
  }
  return false;
}

}  // namespace

bool Array::equals(const Array& other) const {
  if (!valid() || !other.valid()) return valid() == other.valid();
  if (!type()->equals(*other.type()) || length() != other.length() ||
      nullCount() != other.nullCount()) {
    return false;
  }
  for (int64_t i = 0; i < length(); ++i) {
    const bool validLeft = isValid(i);
    if (validLeft != other.isValid(i)) return false;
    if (validLeft && !elementEqual(*this, other, i)) return false;
  }
  return true;
}

}  // namespace sabot::columnar
