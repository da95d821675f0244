#pragma once

#include <cstdint>
#include <string_view>

#include "sabot/columnar/DataType.h"

namespace sabot::formats {

/// Infers the type of a column from the text of its non-null values: the
/// first of int64, float64, bool, date32, timestamp that every value parses
/// as, else utf8. A column without values is utf8, the type that accepts
/// whatever comes later.
class TextTypeInference {
 public:
  /// With `temporalOnly`, only date32 and timestamp are candidates (JSON
  /// strings: a quoted "12" stays a string).
  explicit TextTypeInference(bool temporalOnly = false);

  void observe(std::string_view text);
  bool sawValue() const { return sawValue_; }
  /// Timestamps get `defaultUnit` or the finer unit a value needs, and zone
  /// "UTC" if any value named a zone.
  columnar::DataTypePtr resolve(columnar::TimeUnit defaultUnit) const;

 private:
  enum Candidate : uint8_t {
    kInt64 = 1,
    kFloat64 = 2,
    kBool = 4,
    kDate32 = 8,
    kTimestamp = 16,
  };

  uint8_t candidates_;
  bool sawValue_ = false;
  bool zoned_ = false;
  columnar::TimeUnit finestUnit_ = columnar::TimeUnit::kSecond;
};

}  // namespace sabot::formats
