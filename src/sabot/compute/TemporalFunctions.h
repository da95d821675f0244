#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sabot/base/Result.h"
#include "sabot/compute/FunctionRegistry.h"
#include "sabot/compute/Scalar.h"

// Kernels over timestamp arrays (any unit, the value read as UTC: Sabot's
// timestamps without a time zone are wall-clock UTC, like Flink's
// TIMESTAMP(3)). Nulls stay null; other input types are a TypeError.

namespace sabot::compute {

/// SQL's HOUR(ts): the hour of the day, 0 to 23, as int64 (Flink's BIGINT).
Result<Array> hourOfDay(const Array& timestamps, MemoryPool* pool = MemoryPool::defaultPool());

/// A date-time pattern in the letters of Java's DateTimeFormatter (Flink's
/// DATE_FORMAT): yyyy (year, 4 digits or more), yy (year modulo 100), MM
/// (month), dd (day of month), HH (hour of day), mm (minute), ss (second),
/// SSS (millisecond); text in single quotes and every non-letter are copied
/// as they are ('' is a quote). Parsed once, applied per row.
class TimestampPattern {
 public:
  /// Invalid for letters or letter counts outside the list above and for an
  /// unclosed quote, naming the position: "date_format pattern 'yyyy-QQ':
  /// unsupported letters 'QQ' at position 6".
  static Result<TimestampPattern> parse(std::string_view pattern);

  /// Appends `ticks` (of `ticksPerSecond`) formatted by the pattern.
  void format(int64_t ticks, int64_t ticksPerSecond, std::string& out) const;

 private:
  enum class Field : uint8_t { kText, kYear4, kYear2, kMonth, kDay, kHour, kMinute, kSecond, kMillisecond };
  struct Piece {
    Field field = Field::kText;
    std::string text;  ///< for kText
  };
  std::vector<Piece> pieces_;
};

/// Flink's DATE_FORMAT(ts, pattern): each timestamp formatted by `pattern`
/// (see TimestampPattern) as utf8.
Result<Array> formatTimestamps(const Array& timestamps, std::string_view pattern,
                               MemoryPool* pool = MemoryPool::defaultPool());

/// Registers "hour" and "date_format" (called by registerBuiltinFunctions).
Status registerTemporalFunctions(FunctionRegistry& registry);

}  // namespace sabot::compute
