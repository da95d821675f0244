#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sabot/columnar/DataType.h"

namespace sabot::columnar {

struct CivilDate {
  int64_t year;
  int month;  // 1..12
  int day;    // 1..31
};

/// Days since 1970-01-01 <-> proleptic Gregorian calendar date.
CivilDate civilFromDays(int64_t days);
int64_t daysFromCivil(int64_t year, int month, int day);

/// "2024-02-29"
std::string formatDate32(int32_t days);
/// "2024-02-29 13:45:00.125" with as many fraction digits as the unit has
/// (none when the fraction is zero). Values are UTC; the zone is not applied.
std::string formatTimestamp(int64_t value, TimeUnit unit);

/// Parses "YYYY-MM-DD". nullopt if malformed or not a real date.
std::optional<int32_t> parseDate32(std::string_view text);
/// Parses "YYYY-MM-DD", "YYYY-MM-DD[T ]HH:MM[:SS[.fraction]]" with an optional
/// "Z" or "+HH:MM"/"-HH:MM" offset (converted to UTC), into ticks of `unit`.
/// nullopt if malformed, out of range, or more precise than `unit` allows.
std::optional<int64_t> parseTimestamp(std::string_view text, TimeUnit unit);

}  // namespace sabot::columnar
