#include "sabot/compute/TypeRules.h"

#include <fmt/format.h>

#include <algorithm>

#include "sabot/compute/Cast.h"

namespace sabot::compute {

using columnar::isBinaryLike;
using columnar::isFloating;
using columnar::isInteger;
using columnar::isLargeBinaryLike;
using columnar::isNumeric;
using columnar::isSignedInteger;
using columnar::isStringLike;

namespace {

DataTypePtr signedIntegerOfWidth(int bits) {
  switch (bits) {
    case 8: return columnar::int8();
    case 16: return columnar::int16();
    case 32: return columnar::int32();
    default: return columnar::int64();
  }
}

Status plainMismatch() { return Status::typeError(""); }

}  // namespace

Result<DataTypePtr> arithmeticType(const DataTypePtr& left, const DataTypePtr& right) {
  const TypeId l = left->id();
  const TypeId r = right->id();
  if (!isNumeric(l) || !isNumeric(r)) {
    if (l == TypeId::kDecimal128 || r == TypeId::kDecimal128) {
      return Status::typeError("decimal arithmetic is not supported; cast to float64 first");
    }
    return plainMismatch();
  }
  if (l == r) return left;
  if (isFloating(l) || isFloating(r)) {
    if (l == TypeId::kFloat64 || r == TypeId::kFloat64) return columnar::float64();
    const DataTypePtr& other = isFloating(l) ? right : left;
    if (isFloating(other->id()) || other->bitWidth() <= 16) return columnar::float32();
    return columnar::float64();
  }
  const bool leftSigned = isSignedInteger(l);
  if (leftSigned == isSignedInteger(r)) return left->bitWidth() >= right->bitWidth() ? left : right;
  const DataTypePtr& signedSide = leftSigned ? left : right;
  const DataTypePtr& unsignedSide = leftSigned ? right : left;
  if (signedSide->bitWidth() > unsignedSide->bitWidth()) return signedSide;
  return signedIntegerOfWidth(std::min(64, unsignedSide->bitWidth() * 2));
}

Result<DataTypePtr> moduloType(const DataTypePtr& left, const DataTypePtr& right) {
  SABOT_ASSIGN_OR_RAISE(DataTypePtr common, arithmeticType(left, right));
  // SQL's MOD is an integer operation; a float remainder (fmod) would round
  // differently from every engine Sabot is checked against.
  if (!isInteger(common->id())) return Status::typeError("modulo is defined for integers only");
  return common;
}

Result<DataTypePtr> comparisonType(const DataTypePtr& left, const DataTypePtr& right) {
  const TypeId l = left->id();
  const TypeId r = right->id();
  if (l == TypeId::kDictionary) return comparisonType(left->valueType(), right);
  if (r == TypeId::kDictionary) return comparisonType(left, right->valueType());
  if (l == TypeId::kNull) return right;
  if (r == TypeId::kNull) return left;
  if (l == TypeId::kTimestamp && r == TypeId::kTimestamp) {
    if (left->timeUnit() == right->timeUnit()) return left;
    return Status::typeError("timestamps of different units ({} vs {}); cast one side first",
                             columnar::timeUnitName(left->timeUnit()),
                             columnar::timeUnitName(right->timeUnit()));
  }
  if (l == TypeId::kDecimal128 && r == TypeId::kDecimal128) {
    if (left->scale() != right->scale()) {
      return Status::typeError("decimals of different scales ({} vs {}); cast one side first",
                               left->scale(), right->scale());
    }
    return left->precision() >= right->precision() ? left : right;
  }
  if (left->equals(*right)) return left;
  if (isNumeric(l) && isNumeric(r)) return arithmeticType(left, right);
  if (isStringLike(l) && isStringLike(r)) return columnar::largeUtf8();
  const bool leftBinary = l == TypeId::kBinary || l == TypeId::kLargeBinary;
  const bool rightBinary = r == TypeId::kBinary || r == TypeId::kLargeBinary;
  if (leftBinary && rightBinary) return columnar::largeBinary();
  return plainMismatch();
}

std::optional<Scalar> adaptLiteral(const Scalar& literal, const DataTypePtr& target) {
  const TypeId from = literal.typeId();
  const TypeId to = target->id();
  if (to == TypeId::kDictionary) return adaptLiteral(literal, target->valueType());
  if (literal.type()->equals(*target)) return literal;
  if (from == TypeId::kNull) return Scalar::null(target);
  auto numberLike = [](TypeId id) { return isNumeric(id) || id == TypeId::kDecimal128; };
  auto temporal = [](TypeId id) { return id == TypeId::kTimestamp || id == TypeId::kDate32; };
  const bool allowed = (numberLike(from) && numberLike(to)) ||
                       (isStringLike(from) && temporal(to)) || (temporal(from) && temporal(to)) ||
                       (isStringLike(from) && isStringLike(to)) ||
                       ((isBinaryLike(from) || isLargeBinaryLike(from)) &&
                        (isBinaryLike(to) || isLargeBinaryLike(to)));
  if (!allowed) return std::nullopt;
  if (literal.isNull()) return Scalar::null(target);
  auto converted = cast(literal, target);
  if (!converted.ok()) return std::nullopt;
  if (isStringLike(from) && temporal(to)) return *converted;  // parsed
  // Exact only if converting back gives the literal again.
  auto back = cast(*converted, literal.type());
  if (!back.ok() || !back->equals(literal)) return std::nullopt;
  return *converted;
}

Status typeMismatch(std::string_view verb, std::string_view left, std::string_view joiner,
                    std::string_view right, const Status& detail) {
  std::string message = fmt::format("cannot {} {} {} {}", verb, left, joiner, right);
  if (!detail.ok() && !detail.message().empty()) message += ": " + detail.message();
  return Status::typeError("{}", message);
}

}  // namespace sabot::compute
