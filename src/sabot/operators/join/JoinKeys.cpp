#include "sabot/operators/join/JoinKeys.h"

#include <fmt/format.h>

#include <cmath>

namespace sabot::operators {

using columnar::Array;
using columnar::DataType;
using columnar::TypeId;

namespace {

template <typename T>
bool integerEquals(const Array& a, int64_t aRow, const Array& b, int64_t bRow) {
  return a.values<T>()[aRow] == b.values<T>()[bRow];
}

template <typename T>
bool floatEquals(const Array& a, int64_t aRow, const Array& b, int64_t bRow) {
  const T x = a.values<T>()[aRow];
  const T y = b.values<T>()[bRow];
  return x == y || (std::isnan(x) && std::isnan(y));
}

bool boolEquals(const Array& a, int64_t aRow, const Array& b, int64_t bRow) {
  return a.boolValue(aRow) == b.boolValue(bRow);
}

bool bytesEquals(const Array& a, int64_t aRow, const Array& b, int64_t bRow) {
  return a.stringValue(aRow) == b.stringValue(bRow);
}

bool supportedKeyType(TypeId id) {
  return (columnar::isFixedWidth(id) && id != TypeId::kDecimal128) || columnar::isBinaryLike(id) ||
         columnar::isLargeBinaryLike(id);
}

bool isBytes(TypeId id) { return id == TypeId::kBinary || id == TypeId::kLargeBinary; }

/// Whether keys of types `a` and `b` can be compared and hash alike.
bool compatible(const DataType& a, const DataType& b) {
  if (columnar::isStringLike(a.id()) && columnar::isStringLike(b.id())) return true;
  if (isBytes(a.id()) && isBytes(b.id())) return true;
  if (a.id() == TypeId::kTimestamp && b.id() == TypeId::kTimestamp) {
    return a.timeUnit() == b.timeUnit();
  }
  return a.equals(b);
}

Result<JoinKeys::KeyEquals> equalsFor(TypeId id) {
  switch (id) {
    case TypeId::kBool: return &boolEquals;
    case TypeId::kInt8:
    case TypeId::kUInt8: return &integerEquals<uint8_t>;
    case TypeId::kInt16:
    case TypeId::kUInt16: return &integerEquals<uint16_t>;
    case TypeId::kInt32:
    case TypeId::kUInt32:
    case TypeId::kDate32: return &integerEquals<uint32_t>;
    case TypeId::kInt64:
    case TypeId::kUInt64:
    case TypeId::kTimestamp: return &integerEquals<uint64_t>;
    case TypeId::kFloat32: return &floatEquals<float>;
    case TypeId::kFloat64: return &floatEquals<double>;
    case TypeId::kUtf8:
    case TypeId::kLargeUtf8:
    case TypeId::kBinary:
    case TypeId::kLargeBinary: return &bytesEquals;
    default: return Status::internal("no key comparison for type id {}", static_cast<int>(id));
  }
}

Result<std::vector<int>> bindColumns(const columnar::Schema& schema, const std::vector<std::string>& names,
                                     JoinSide side) {
  std::vector<int> columns;
  for (const std::string& name : names) {
    auto index = schema.requireFieldIndex(name);
    if (!index.ok()) return index.status().withContext("{} join key", sideName(side));
    const columnar::FieldPtr& field = schema.field(*index);
    if (!supportedKeyType(field->type()->id())) {
      return Status::typeError("{} join key '{}' has type {}, which cannot be a key (use integers, floats, bool, "
                               "dates, timestamps, strings or binary)",
                               sideName(side), name, field->type()->toString());
    }
    columns.push_back(*index);
  }
  return columns;
}

}  // namespace

Result<JoinKeys> JoinKeys::make(const columnar::Schema& left, const std::vector<std::string>& leftKeys,
                                const columnar::Schema& right, const std::vector<std::string>& rightKeys) {
  if (leftKeys.empty()) return Status::invalid("a join needs at least one key column");
  if (leftKeys.size() != rightKeys.size()) {
    return Status::invalid("the left side is keyed by {} columns ({}) but the right side by {} ({})", leftKeys.size(),
                           fmt::join(leftKeys, ", "), rightKeys.size(), fmt::join(rightKeys, ", "));
  }
  JoinKeys keys;
  SABOT_ASSIGN_OR_RAISE(keys.columns_[0], bindColumns(left, leftKeys, JoinSide::kLeft));
  SABOT_ASSIGN_OR_RAISE(keys.columns_[1], bindColumns(right, rightKeys, JoinSide::kRight));
  keys.names_[0] = leftKeys;
  keys.names_[1] = rightKeys;
  for (size_t k = 0; k < leftKeys.size(); ++k) {
    const DataType& leftType = *left.field(keys.columns_[0][k])->type();
    const DataType& rightType = *right.field(keys.columns_[1][k])->type();
    if (!compatible(leftType, rightType)) {
      return Status::typeError(
          "join key {}: left column '{}' is {} but right column '{}' is {}; keys must have the same type (cast one "
          "side with a select first)",
          k + 1, leftKeys[k], leftType.toString(), rightKeys[k], rightType.toString());
    }
    SABOT_ASSIGN_OR_RAISE(KeyEquals equals, equalsFor(leftType.id()));
    keys.equals_.push_back(equals);
  }
  return keys;
}

std::string JoinKeys::toString() const {
  std::vector<std::string> pairs;
  for (size_t k = 0; k < size(); ++k) pairs.push_back(fmt::format("left.{} = right.{}", names_[0][k], names_[1][k]));
  return fmt::format("{}", fmt::join(pairs, " AND "));
}

}  // namespace sabot::operators
