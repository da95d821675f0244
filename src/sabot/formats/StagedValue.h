#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sabot/base/Result.h"
#include "sabot/columnar/ArrayBuilder.h"

namespace sabot::formats {

/// One converted value of a row, held until every value of the row has
/// converted. Builders cannot take back an append, so the readers convert a
/// whole record first ("stage") and append it only when nothing failed
/// ("commit"): a rejected record leaves no trace in the batch.
struct StagedValue {
  bool valid = false;  ///< false: null
  union {
    int64_t int64;    ///< signed integers, timestamp, date32
    uint64_t uint64;  ///< unsigned integers
    double float64;
    float float32;
    bool boolean;
    __int128 decimal;
  };
  /// String, binary and dictionary values; points into the record being read.
  std::string_view text;
  /// When >= 0 the value is instead scratch()[scratchOffset, +scratchLength).
  int64_t scratchOffset = -1;
  int64_t scratchLength = 0;
  int64_t listLength = 0;  ///< list: number of staged elements that follow

  StagedValue() : decimal(0) {}
};

/// The staged values of one record in depth-first order: for a struct its own
/// entry, then its fields' (unless null); for a list its own entry, then its
/// elements'.
class RowStager {
 public:
  void clear() {
    values_.clear();
    scratch_.clear();
  }
  StagedValue& add() { return values_.emplace_back(); }
  size_t size() const { return values_.size(); }
  StagedValue& at(size_t index) { return values_[index]; }
  /// Storage for bytes that are not in the record itself (decoded base64).
  std::string& scratch() { return scratch_; }

  /// Appends the value staged at `cursor` (and its children) to `builder`,
  /// which builds `type`; advances `cursor`. Fails only if a builder fails
  /// (memory, offset overflow, dictionary overflow).
  Status commit(const columnar::DataType& type, columnar::ArrayBuilder* builder, size_t& cursor);

 private:
  std::vector<StagedValue> values_;
  std::string scratch_;
};

/// Converts the text of one value to `type` (any non-nested type: bool,
/// integers with range check, floats, utf8 (checked UTF-8), binary (raw
/// bytes), timestamp, date32, decimal128, dictionary of strings). The error
/// says what did not parse as what: "cannot parse 'abc' as int64".
Status stageText(const columnar::DataType& type, std::string_view text, StagedValue& out);

}  // namespace sabot::formats
