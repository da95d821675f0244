#include "sabot/formats/TextTypeInference.h"

#include <algorithm>

#include "sabot/columnar/Temporal.h"
#include "sabot/formats/ValueParsing.h"

namespace sabot::formats {

using columnar::TimeUnit;

TextTypeInference::TextTypeInference(bool temporalOnly)
    : candidates_(temporalOnly ? (kDate32 | kTimestamp)
                               : (kInt64 | kFloat64 | kBool | kDate32 | kTimestamp)) {}

void TextTypeInference::observe(std::string_view text) {
  sawValue_ = true;
  if (candidates_ == 0) return;
  if (candidates_ & kInt64) {
    int64_t value;
    if (!parseInteger(text, value)) candidates_ &= ~kInt64;
  }
  if (candidates_ & kFloat64) {
    double value;
    if (!parseFloatingPoint(text, value)) candidates_ &= ~kFloat64;
  }
  if (candidates_ & kBool) {
    bool value;
    if (!parseBoolean(text, value)) candidates_ &= ~kBool;
  }
  if (candidates_ & kDate32) {
    if (!columnar::parseDate32(text)) candidates_ &= ~kDate32;
  }
  if (candidates_ & kTimestamp) {
    const TimeUnit unit = unitForFraction(text);
    if (columnar::parseTimestamp(text, unit)) {
      finestUnit_ = std::max(finestUnit_, unit);
      zoned_ = zoned_ || hasZoneDesignator(text);
    } else {
      candidates_ &= ~kTimestamp;
    }
  }
}

columnar::DataTypePtr TextTypeInference::resolve(TimeUnit defaultUnit) const {
  if (!sawValue_) return columnar::utf8();
  if (candidates_ & kInt64) return columnar::int64();
  if (candidates_ & kFloat64) return columnar::float64();
  if (candidates_ & kBool) return columnar::boolean();
  if (candidates_ & kDate32) return columnar::date32();
  if (candidates_ & kTimestamp) {
    return columnar::timestamp(std::max(defaultUnit, finestUnit_), zoned_ ? "UTC" : "");
  }
  return columnar::utf8();
}

}  // namespace sabot::formats
