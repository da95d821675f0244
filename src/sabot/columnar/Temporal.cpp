#include "sabot/columnar/Temporal.h"

#include <fmt/format.h>

#include <limits>

namespace sabot::columnar {

// The conversions count days in 400-year eras of 146097 days, with years
// starting on March 1 so that the leap day is the last day of a year.
CivilDate civilFromDays(int64_t days) {
  days += 719468;  // shift the epoch from 1970-01-01 to 0000-03-01
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t dayOfEra = days - era * 146097;
  const int64_t yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
  const int64_t dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
  const int64_t shiftedMonth = (5 * dayOfYear + 2) / 153;  // 0 = March
  const int day = static_cast<int>(dayOfYear - (153 * shiftedMonth + 2) / 5 + 1);
  const int month = static_cast<int>(shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9);
  const int64_t year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return {year, month, day};
}

int64_t daysFromCivil(int64_t year, int month, int day) {
  year -= month <= 2 ? 1 : 0;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t yearOfEra = year - era * 400;
  const int64_t shiftedMonth = month > 2 ? month - 3 : month + 9;
  const int64_t dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1;
  const int64_t dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

namespace {
// "2024-02-29"; years before 1 get a sign and still four digits ("-0001"),
// which fmt's width alone would not give (it counts the sign).
std::string formatCivilDate(const CivilDate& date) {
  const char* sign = date.year < 0 ? "-" : "";
  return fmt::format("{}{:04}-{:02}-{:02}", sign, date.year < 0 ? -date.year : date.year,
                     date.month, date.day);
}
}  // namespace

std::string formatDate32(int32_t days) { return formatCivilDate(civilFromDays(days)); }

std::string formatTimestamp(int64_t value, TimeUnit unit) {
  const int64_t ticks = ticksPerSecond(unit);
  int64_t seconds = value / ticks;
  int64_t fraction = value % ticks;
  if (fraction < 0) {
    fraction += ticks;
    seconds -= 1;
  }
  int64_t days = seconds / 86400;
  int64_t secondOfDay = seconds % 86400;
  if (secondOfDay < 0) {
    secondOfDay += 86400;
    days -= 1;
  }
  const CivilDate date = civilFromDays(days);
  std::string out = fmt::format("{} {:02}:{:02}:{:02}", formatCivilDate(date), secondOfDay / 3600,
                                secondOfDay / 60 % 60, secondOfDay % 60);
  if (fraction != 0) {
    const int digits = unit == TimeUnit::kMilli ? 3 : unit == TimeUnit::kMicro ? 6 : 9;
    out += fmt::format(".{:0{}}", fraction, digits);
  }
  return out;
}

namespace {

bool parseDigits(std::string_view text, size_t& position, size_t count, int64_t& out) {
  if (position + count > text.size()) return false;
  out = 0;
  for (size_t i = 0; i < count; ++i) {
    const char c = text[position + i];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  position += count;
  return true;
}

bool isLeapYear(int64_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int daysInMonth(int64_t year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && isLeapYear(year) ? 29 : kDays[month - 1];
}

std::optional<int64_t> parseDateAt(std::string_view text, size_t& position) {
  int64_t year, month, day;
  if (!parseDigits(text, position, 4, year) || position >= text.size() || text[position++] != '-' ||
      !parseDigits(text, position, 2, month) || position >= text.size() || text[position++] != '-' ||
      !parseDigits(text, position, 2, day)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, static_cast<int>(month))) {
    return std::nullopt;
  }
  return daysFromCivil(year, static_cast<int>(month), static_cast<int>(day));
}

}  // namespace

std::optional<int32_t> parseDate32(std::string_view text) {
  size_t position = 0;
  auto days = parseDateAt(text, position);
  if (!days || position != text.size()) return std::nullopt;
  return static_cast<int32_t>(*days);
}

std::optional<int64_t> parseTimestamp(std::string_view text, TimeUnit unit) {
  size_t position = 0;
  auto days = parseDateAt(text, position);
  if (!days) return std::nullopt;
  int64_t hour = 0, minute = 0, second = 0, fraction = 0;
  int fractionDigits = 0;
  int64_t offsetSeconds = 0;
  if (position < text.size() && (text[position] == 'T' || text[position] == ' ')) {
    ++position;
    if (!parseDigits(text, position, 2, hour) || position >= text.size() ||
        text[position++] != ':' || !parseDigits(text, position, 2, minute)) {
      return std::nullopt;
    }
    if (position < text.size() && text[position] == ':') {
      ++position;
      if (!parseDigits(text, position, 2, second)) return std::nullopt;
      if (position < text.size() && text[position] == '.') {
        ++position;
        while (position < text.size() && text[position] >= '0' && text[position] <= '9') {
          if (fractionDigits == 9) return std::nullopt;
          fraction = fraction * 10 + (text[position++] - '0');
          ++fractionDigits;
        }
        if (fractionDigits == 0) return std::nullopt;
      }
    }
    if (hour > 23 || minute > 59 || second > 60) return std::nullopt;
    if (position < text.size() && text[position] == 'Z') {
      ++position;
    } else if (position < text.size() && (text[position] == '+' || text[position] == '-')) {
      const int sign = text[position++] == '-' ? -1 : 1;
      int64_t offsetHours, offsetMinutes = 0;
      if (!parseDigits(text, position, 2, offsetHours)) return std::nullopt;
      // "+HH", "+HHMM" or "+HH:MM"; a colon must be followed by the minutes.
      const bool colon = position < text.size() && text[position] == ':';
      if (colon) ++position;
      if ((colon || position < text.size()) && !parseDigits(text, position, 2, offsetMinutes)) {
        return std::nullopt;
      }
      if (offsetHours > 23 || offsetMinutes > 59) return std::nullopt;
      offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60);
    }
  }
  if (position != text.size()) return std::nullopt;
  const int64_t ticks = ticksPerSecond(unit);
  const int unitDigits = unit == TimeUnit::kSecond ? 0 : unit == TimeUnit::kMilli ? 3
                       : unit == TimeUnit::kMicro ? 6 : 9;
  // Scale the fraction to the unit; digits beyond the unit must be zero.
  int64_t scaled = fraction;
  for (int d = fractionDigits; d < unitDigits; ++d) scaled *= 10;
  for (int d = unitDigits; d < fractionDigits; ++d) {
    if (scaled % 10 != 0) return std::nullopt;
    scaled /= 10;
  }
  int64_t seconds = *days * 86400 + hour * 3600 + minute * 60 + second - offsetSeconds;
  // Before the epoch, borrow a second so that the earliest representable
  // second (whose whole-second part alone is out of range) still converts.
  if (seconds < 0 && scaled > 0) {
    seconds += 1;
    scaled -= ticks;
  }
  int64_t result;
  if (__builtin_mul_overflow(seconds, ticks, &result) ||
      __builtin_add_overflow(result, scaled, &result)) {
    return std::nullopt;
  }
  return result;
}

}  // namespace sabot::columnar
