#include "sabot/columnar/Decimal.h"

#include <gtest/gtest.h>

#include <limits>

namespace sabot::columnar {
namespace {

constexpr __int128 kInt128Max = std::numeric_limits<__int128>::max();
constexpr __int128 kInt128Min = std::numeric_limits<__int128>::min();

__int128 tenTo(int power) {
  __int128 value = 1;
  for (int i = 0; i < power; ++i) value *= 10;
  return value;
}

TEST(DecimalTest, Int128ToString) {
  EXPECT_EQ(int128ToString(0), "0");
  EXPECT_EQ(int128ToString(-1), "-1");
  EXPECT_EQ(int128ToString(1234567890), "1234567890");
  EXPECT_EQ(int128ToString(kInt128Max), "170141183460469231731687303715884105727");
  EXPECT_EQ(int128ToString(kInt128Min), "-170141183460469231731687303715884105728");
}

TEST(DecimalTest, FormatAtScale) {
  EXPECT_EQ(formatDecimal128(-123450, 3), "-123.450");
  EXPECT_EQ(formatDecimal128(12345, 2), "123.45");
  EXPECT_EQ(formatDecimal128(5, 2), "0.05");
  EXPECT_EQ(formatDecimal128(-5, 2), "-0.05");
  EXPECT_EQ(formatDecimal128(0, 2), "0.00");
  EXPECT_EQ(formatDecimal128(100, 2), "1.00");
  EXPECT_EQ(formatDecimal128(42, 0), "42");
  EXPECT_EQ(formatDecimal128(-42, 0), "-42");
  EXPECT_EQ(formatDecimal128(tenTo(38) - 1, 38), "0.99999999999999999999999999999999999999");
  EXPECT_EQ(formatDecimal128(kInt128Min, 10), "-17014118346046923173168730371.5884105728");
  EXPECT_EQ(formatDecimal128(kInt128Min, 0), "-170141183460469231731687303715884105728");
}

TEST(DecimalTest, Parse) {
  EXPECT_EQ(parseDecimal128("123.45", 5, 2), 12345);
  EXPECT_EQ(parseDecimal128("-123.45", 5, 2), -12345);
  EXPECT_EQ(parseDecimal128("+1.5", 5, 2), 150);
  EXPECT_EQ(parseDecimal128("1.5", 5, 2), 150);
  EXPECT_EQ(parseDecimal128("7", 5, 2), 700);
  EXPECT_EQ(parseDecimal128("7.", 5, 2), 700);
  EXPECT_EQ(parseDecimal128(".05", 5, 2), 5);
  EXPECT_EQ(parseDecimal128("-0.05", 1, 2), -5);
  EXPECT_EQ(parseDecimal128("0", 1, 0), 0);
  EXPECT_EQ(parseDecimal128("-0", 1, 0), 0);
  EXPECT_EQ(parseDecimal128("000123", 3, 0), 123);
  EXPECT_EQ(parseDecimal128("1.2300", 5, 2), 123) << "trailing zeros beyond the scale lose nothing";
}

TEST(DecimalTest, ParseScaleZero) {
  EXPECT_EQ(parseDecimal128("42", 2, 0), 42);
  EXPECT_EQ(parseDecimal128("-42", 2, 0), -42);
  EXPECT_EQ(parseDecimal128("42.0", 2, 0), 42);
  EXPECT_EQ(parseDecimal128("42.5", 3, 0), std::nullopt);
}

TEST(DecimalTest, ParseRejectsMalformedText) {
  for (const char* bad : {"", "-", "+", ".", "-.", "1.2.3", "1e5", "12a", " 1", "1 ", "--1", "0x10",
                          "1,5"}) {
    EXPECT_EQ(parseDecimal128(bad, 10, 2), std::nullopt) << bad;
  }
}

TEST(DecimalTest, ParseRejectsPrecisionOverflow) {
  EXPECT_EQ(parseDecimal128("12345", 4, 0), std::nullopt);
  EXPECT_EQ(parseDecimal128("123.45", 4, 2), std::nullopt);
  EXPECT_EQ(parseDecimal128("100", 4, 2), std::nullopt) << "10000 unscaled has 5 digits";
  EXPECT_EQ(parseDecimal128("99.99", 4, 2), 9999);
  EXPECT_EQ(parseDecimal128("1.234", 10, 2), std::nullopt) << "more fraction digits than the scale";
}

TEST(DecimalTest, ThirtyEightDigits) {
  const std::string max38(38, '9');
  EXPECT_EQ(parseDecimal128(max38, 38, 0), tenTo(38) - 1);
  EXPECT_EQ(parseDecimal128("-" + max38, 38, 0), -(tenTo(38) - 1));
  EXPECT_EQ(parseDecimal128(max38 + "9", 38, 0), std::nullopt);
  EXPECT_EQ(parseDecimal128("0." + max38, 38, 38), tenTo(38) - 1);
  // Padding to the scale must not overflow 128 bits on the way to the
  // precision check.
  EXPECT_EQ(parseDecimal128(max38, 38, 2), std::nullopt);
  EXPECT_EQ(parseDecimal128(max38, 38, 10), std::nullopt);
  EXPECT_EQ(parseDecimal128("1" + std::string(37, '0'), 38, 1), std::nullopt);
  // int128 min has 39 digits: beyond any decimal128.
  EXPECT_EQ(parseDecimal128(int128ToString(kInt128Min), 38, 0), std::nullopt);
}

TEST(DecimalTest, FormatThenParseRoundTrips) {
  for (int32_t scale : {0, 1, 5, 18, 37}) {
    for (__int128 value : {__int128{0}, __int128{1}, __int128{-1}, __int128{123456789},
                           -tenTo(37) + 3, tenTo(38) - 1}) {
      const std::string text = formatDecimal128(value, scale);
      EXPECT_EQ(parseDecimal128(text, 38, scale), value) << text;
    }
  }
}

}  // namespace
}  // namespace sabot::columnar
