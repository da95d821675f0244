#include "sabot/compute/BinaryOperands.h"

#include "sabot/compute/Cast.h"
#include "sabot/compute/TypeRules.h"

namespace sabot::compute {

namespace {

Result<Datum> castDatum(const Datum& datum, const DataTypePtr& type, MemoryPool* pool) {
  if (datum.type()->equals(*type)) return datum;
  if (datum.isScalar()) {
    SABOT_ASSIGN_OR_RAISE(Scalar scalar, cast(datum.scalar(), type, CastOptions{}, pool));
    return Datum(std::move(scalar));
  }
  SABOT_ASSIGN_OR_RAISE(Array array, cast(datum.array(), type, CastOptions{}, pool));
  return Datum(std::move(array));
}

}  // namespace

Result<BinaryOperands> prepareBinaryOperands(const Datum& left, const Datum& right,
                                             CommonTypeRule resolve, std::string_view verb,
                                             std::string_view joiner, MemoryPool* pool) {
  Datum l = left;
  Datum r = right;
  if (l.isScalar() && r.isScalar()) {
    SABOT_ASSIGN_OR_RAISE(Array one, l.scalar().toArray(1, pool));
    l = Datum(std::move(one));
  }
  if (l.isArray() && r.isArray() && l.array().length() != r.array().length()) {
    return Status::invalid("cannot {} arrays of different lengths ({} and {})", verb,
                           l.array().length(), r.array().length());
  }
  const int64_t length = l.isArray() ? l.array().length() : r.array().length();
  if (!l.type()->equals(*r.type())) {
    if (r.isScalar()) {
      if (auto adapted = adaptLiteral(r.scalar(), l.type())) r = Datum(std::move(*adapted));
    } else if (l.isScalar()) {
      if (auto adapted = adaptLiteral(l.scalar(), r.type())) l = Datum(std::move(*adapted));
    }
  }
  auto common = resolve(l.type(), r.type());
  if (!common.ok()) {
    return typeMismatch(verb, l.type()->toString(), joiner, r.type()->toString(), common.status());
  }
  SABOT_ASSIGN_OR_RAISE(Datum castLeft, castDatum(l, *common, pool));
  SABOT_ASSIGN_OR_RAISE(Datum castRight, castDatum(r, *common, pool));
  return BinaryOperands{std::move(castLeft), std::move(castRight), *common, length};
}

}  // namespace sabot::compute
