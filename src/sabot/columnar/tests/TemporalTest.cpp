#include "sabot/columnar/Temporal.h"

#include <gtest/gtest.h>

#include <limits>

namespace sabot::columnar {
namespace {

bool naiveLeap(int64_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int naiveDaysInMonth(int64_t year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && naiveLeap(year) ? 29 : kDays[month - 1];
}

// Walks the proleptic Gregorian calendar one day at a time from year -1200
// to 3200 (a span covering several 400-year eras on both sides of the epoch)
// and checks both conversions on every day.
TEST(TemporalTest, CivilConversionsMatchACalendarWalk) {
  // Start: -1200-01-01. Count the days from there to 1970-01-01 naively.
  int64_t startDays = 0;
  for (int64_t year = -1200; year < 1970; ++year) startDays -= naiveLeap(year) ? 366 : 365;
  int64_t days = startDays;
  int64_t checked = 0;
  for (int64_t year = -1200; year <= 3200; ++year) {
    for (int month = 1; month <= 12; ++month) {
      for (int day = 1; day <= naiveDaysInMonth(year, month); ++day) {
        const CivilDate date = civilFromDays(days);
        if (date.year != year || date.month != month || date.day != day) {
          FAIL() << "civilFromDays(" << days << ") = " << date.year << "-" << date.month << "-"
                 << date.day << ", expected " << year << "-" << month << "-" << day;
        }
        if (daysFromCivil(year, month, day) != days) {
          FAIL() << "daysFromCivil(" << year << ", " << month << ", " << day
                 << ") = " << daysFromCivil(year, month, day) << ", expected " << days;
        }
        ++days;
        ++checked;
      }
    }
  }
  EXPECT_EQ(daysFromCivil(1970, 1, 1), 0);
  EXPECT_GT(checked, 1600000);
}

TEST(TemporalTest, ExtremeDaysRoundTrip) {
  for (int64_t days : {int64_t{std::numeric_limits<int32_t>::min()}, int64_t{-719162},
                       int64_t{-719163}, int64_t{2932896}, int64_t{std::numeric_limits<int32_t>::max()}}) {
    const CivilDate date = civilFromDays(days);
    EXPECT_EQ(daysFromCivil(date.year, date.month, date.day), days) << days;
  }
  const CivilDate first = civilFromDays(-719162);
  EXPECT_EQ(first.year, 1);
  EXPECT_EQ(first.month, 1);
  EXPECT_EQ(first.day, 1);
}

TEST(TemporalTest, FormatDate32) {
  EXPECT_EQ(formatDate32(0), "1970-01-01");
  EXPECT_EQ(formatDate32(-1), "1969-12-31");
  EXPECT_EQ(formatDate32(19782), "2024-02-29");
  EXPECT_EQ(formatDate32(11016), "2000-02-29");
  EXPECT_EQ(formatDate32(-719162), "0001-01-01");
  EXPECT_EQ(formatDate32(2932896), "9999-12-31");
  EXPECT_EQ(formatDate32(2932897), "10000-01-01");
  // Years before 1 keep four digits after the sign.
  EXPECT_EQ(formatDate32(-719163), "0000-12-31");
  EXPECT_EQ(formatDate32(static_cast<int32_t>(daysFromCivil(-1, 3, 1))), "-0001-03-01");
  EXPECT_EQ(formatDate32(static_cast<int32_t>(daysFromCivil(-44, 3, 15))), "-0044-03-15");
  EXPECT_EQ(formatTimestamp(daysFromCivil(-1, 1, 1) * 86400 + 1, TimeUnit::kSecond),
            "-0001-01-01 00:00:01");
}

TEST(TemporalTest, ParseDate32) {
  EXPECT_EQ(parseDate32("1970-01-01"), 0);
  EXPECT_EQ(parseDate32("2024-02-29"), 19782);
  EXPECT_EQ(parseDate32("2000-02-29"), 11016);
  EXPECT_EQ(parseDate32("1969-12-31"), -1);
  EXPECT_EQ(parseDate32("0001-01-01"), -719162);
  EXPECT_EQ(parseDate32("9999-12-31"), 2932896);
  for (const char* bad : {"2023-02-29", "1900-02-29", "2024-02-30", "2024-04-31", "2024-13-01",
                          "2024-00-10", "2024-01-00", "2024-1-01", "24-01-01", "2024/01/01",
                          "2024-01-01 ", "2024-01-01T00:00", "", "abcd-ef-gh"}) {
    EXPECT_EQ(parseDate32(bad), std::nullopt) << bad;
  }
}

TEST(TemporalTest, FormatTimestampEachUnit) {
  EXPECT_EQ(formatTimestamp(0, TimeUnit::kSecond), "1970-01-01 00:00:00");
  EXPECT_EQ(formatTimestamp(1709210096, TimeUnit::kSecond), "2024-02-29 12:34:56");
  EXPECT_EQ(formatTimestamp(1709210096125, TimeUnit::kMilli), "2024-02-29 12:34:56.125");
  EXPECT_EQ(formatTimestamp(1709210096000, TimeUnit::kMilli), "2024-02-29 12:34:56");
  EXPECT_EQ(formatTimestamp(1709210096000001, TimeUnit::kMicro), "2024-02-29 12:34:56.000001");
  EXPECT_EQ(formatTimestamp(1709210096123456789, TimeUnit::kNano), "2024-02-29 12:34:56.123456789");
}

TEST(TemporalTest, FormatNegativeTimestamps) {
  EXPECT_EQ(formatTimestamp(-1, TimeUnit::kSecond), "1969-12-31 23:59:59");
  EXPECT_EQ(formatTimestamp(-1, TimeUnit::kMilli), "1969-12-31 23:59:59.999");
  EXPECT_EQ(formatTimestamp(-1000, TimeUnit::kMilli), "1969-12-31 23:59:59");
  EXPECT_EQ(formatTimestamp(-86400, TimeUnit::kSecond), "1969-12-31 00:00:00");
  EXPECT_EQ(formatTimestamp(-1500000, TimeUnit::kMicro), "1969-12-31 23:59:58.500000");
  EXPECT_EQ(formatTimestamp(std::numeric_limits<int64_t>::min(), TimeUnit::kNano),
            "1677-09-21 00:12:43.145224192");
  EXPECT_EQ(formatTimestamp(std::numeric_limits<int64_t>::max(), TimeUnit::kNano),
            "2262-04-11 23:47:16.854775807");
}

TEST(TemporalTest, ParseTimestampEachUnit) {
  EXPECT_EQ(parseTimestamp("2024-02-29 12:34:56", TimeUnit::kSecond), 1709210096);
  EXPECT_EQ(parseTimestamp("2024-02-29T12:34:56", TimeUnit::kSecond), 1709210096);
  EXPECT_EQ(parseTimestamp("2024-02-29 12:34:56.125", TimeUnit::kMilli), 1709210096125);
  EXPECT_EQ(parseTimestamp("2024-02-29 12:34:56.1", TimeUnit::kMilli), 1709210096100);
  EXPECT_EQ(parseTimestamp("2024-02-29 12:34:56.000001", TimeUnit::kMicro), 1709210096000001);
  EXPECT_EQ(parseTimestamp("2024-02-29 12:34:56.123456789", TimeUnit::kNano), 1709210096123456789);
  EXPECT_EQ(parseTimestamp("2024-02-29", TimeUnit::kMilli), 1709164800000);
  EXPECT_EQ(parseTimestamp("2024-02-29 12:34", TimeUnit::kSecond), 1709210040);
  EXPECT_EQ(parseTimestamp("1969-12-31 23:59:59.5", TimeUnit::kMilli), -500);
  EXPECT_EQ(parseTimestamp("1900-01-01 00:00:00", TimeUnit::kSecond), -2208988800);
}

TEST(TemporalTest, FormatThenParseRoundTrips) {
  // Whole seconds from year 1 to year 9999, with fractions at both ends.
  const int64_t seconds[] = {0, -1, 1, 1709210096, -2208988800, 253402300799, -62135596800,
                             -9223372036, 9223372035};
  for (TimeUnit unit : {TimeUnit::kSecond, TimeUnit::kMilli, TimeUnit::kMicro, TimeUnit::kNano}) {
    const int64_t ticks = ticksPerSecond(unit);
    for (int64_t second : seconds) {
      for (int64_t fraction : {int64_t{0}, int64_t{1}, ticks - 1}) {
        int64_t value;
        if (fraction >= ticks) continue;  // seconds have no fraction
        if (__builtin_mul_overflow(second, ticks, &value) ||
            __builtin_add_overflow(value, fraction, &value)) {
          continue;  // not representable in this unit
        }
        const std::string text = formatTimestamp(value, unit);
        EXPECT_EQ(parseTimestamp(text, unit), value) << text;
      }
    }
  }
}

TEST(TemporalTest, ParseTimestampOffsets) {
  const int64_t noon = 1709208000;  // 2024-02-29 12:00:00 UTC
  EXPECT_EQ(parseTimestamp("2024-02-29T12:00:00Z", TimeUnit::kSecond), noon);
  EXPECT_EQ(parseTimestamp("2024-02-29T14:00:00+02:00", TimeUnit::kSecond), noon);
  EXPECT_EQ(parseTimestamp("2024-02-29T14:00:00+0200", TimeUnit::kSecond), noon);
  EXPECT_EQ(parseTimestamp("2024-02-29T14:00:00+02", TimeUnit::kSecond), noon);
  EXPECT_EQ(parseTimestamp("2024-02-29T06:30:00-05:30", TimeUnit::kSecond), noon);
  EXPECT_EQ(parseTimestamp("2024-03-01T01:00:00+13:00", TimeUnit::kSecond), noon);
  EXPECT_EQ(parseTimestamp("2024-02-29T14:00:00.250+02:00", TimeUnit::kMilli), noon * 1000 + 250);
  for (const char* bad : {"2024-02-29T12:00:00+2", "2024-02-29T12:00:00+02:", "2024-02-29T12:00:00+02:0",
                          "2024-02-29T12:00:00+24:00", "2024-02-29T12:00:00+02:60",
                          "2024-02-29T12:00:00ZZ", "2024-02-29T12:00:00 +02:00"}) {
    EXPECT_EQ(parseTimestamp(bad, TimeUnit::kSecond), std::nullopt) << bad;
  }
}

TEST(TemporalTest, ParseTimestampRejectsInvalidInput) {
  for (const char* bad : {"2023-02-29 00:00:00", "2024-02-30", "2024-02-29 24:00:00",
                          "2024-02-29 12:60:00", "2024-02-29 12:00:61", "2024-02-29 12",
                          "2024-02-29 12:00:00.", "2024-02-29 12:00:00.1234567890",
                          "2024-02-29X12:00:00", "2024-02-29 1:00:00", ""}) {
    EXPECT_EQ(parseTimestamp(bad, TimeUnit::kNano), std::nullopt) << bad;
  }
}

TEST(TemporalTest, ParseTimestampRejectsPrecisionLoss) {
  EXPECT_EQ(parseTimestamp("2024-02-29 12:00:00.5", TimeUnit::kSecond), std::nullopt);
  EXPECT_EQ(parseTimestamp("2024-02-29 12:00:00.1234", TimeUnit::kMilli), std::nullopt);
  EXPECT_EQ(parseTimestamp("2024-02-29 12:00:00.0000001", TimeUnit::kMicro), std::nullopt);
  // Trailing zeros below the unit lose nothing.
  EXPECT_EQ(parseTimestamp("2024-02-29 12:00:00.000", TimeUnit::kSecond), 1709208000);
  EXPECT_EQ(parseTimestamp("2024-02-29 12:00:00.1230", TimeUnit::kMilli), 1709208000123);
}

TEST(TemporalTest, ParseTimestampRejectsOverflow) {
  EXPECT_EQ(parseTimestamp("2262-04-11 23:47:16.854775807", TimeUnit::kNano),
            std::numeric_limits<int64_t>::max());
  EXPECT_EQ(parseTimestamp("2262-04-11 23:47:16.854775808", TimeUnit::kNano), std::nullopt);
  EXPECT_EQ(parseTimestamp("1677-09-21 00:12:43.145224192", TimeUnit::kNano),
            std::numeric_limits<int64_t>::min());
  EXPECT_EQ(parseTimestamp("1677-09-21 00:12:43.145224191", TimeUnit::kNano), std::nullopt);
  EXPECT_EQ(parseTimestamp("9999-12-31 23:59:59", TimeUnit::kMicro), 253402300799000000);
}

}  // namespace
}  // namespace sabot::columnar
