#include "sabot/compute/Cast.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/compute/tests/ArrayMatchers.h"

namespace sabot::compute {
namespace {

using columnar::makeArray;
using columnar::makeBoolArray;
using columnar::makeStringArray;
using columnar::TimeUnit;
using testing::expectArrayEquals;

constexpr auto N = std::nullopt;

Array decimals(const DataTypePtr& type, const std::vector<std::optional<__int128>>& values) {
  columnar::Decimal128Builder builder(type);
  for (const auto& value : values) EXPECT_TRUE(value ? builder.append(*value).ok() : builder.appendNull().ok());
  return *builder.finish();
}

CastOptions unsafe() { return CastOptions{false}; }

TEST(CastTest, IdentityIsZeroCopy) {
  Array a = makeArray<int64_t>(columnar::int64(), {1, 2});
  EXPECT_EQ(cast(a, columnar::int64())->data(), a.data());
}

TEST(CastTest, IntegerWidening) {
  Array a = makeArray<int8_t>(columnar::int8(), {-128, N, 127});
  expectArrayEquals(*cast(a, columnar::int64()), makeArray<int64_t>(columnar::int64(), {-128, N, 127}));
  expectArrayEquals(*cast(a, columnar::float64()), makeArray<double>(columnar::float64(), {-128, N, 127}));
}

TEST(CastTest, CheckedNarrowingNamesRowAndValue) {
  Array a = makeArray<int64_t>(columnar::int64(), {1, N, 300, -5});
  EXPECT_EQ(cast(a, columnar::int8()).status().toString(),
            "Invalid: cast int64 to int8: value 300 at row 2 is out of range");
  EXPECT_EQ(cast(a.slice(3), columnar::uint32()).status().message(),
            "cast int64 to uint32: value -5 at row 0 is out of range");
  expectArrayEquals(*cast(a, columnar::int8(), unsafe()), makeArray<int8_t>(columnar::int8(), {1, N, 44, -5}));
  expectArrayEquals(*cast(a.slice(0, 2), columnar::int8()), makeArray<int8_t>(columnar::int8(), {1, N}));
  Array big = makeArray<uint64_t>(columnar::uint64(), {std::numeric_limits<uint64_t>::max()});
  EXPECT_EQ(cast(big, columnar::int64()).status().message(),
            "cast uint64 to int64: value 18446744073709551615 at row 0 is out of range");
}

TEST(CastTest, OutOfRangeInANullSlotIsIgnored) {
  columnar::NumericBuilder<int64_t> builder(columnar::int64());
  ASSERT_TRUE(builder.append(1).ok());
  ASSERT_TRUE(builder.appendNull().ok());
  builder.mutableValues()[1] = 1000;
  expectArrayEquals(*cast(*builder.finish(), columnar::int8()), makeArray<int8_t>(columnar::int8(), {1, N}));
}

TEST(CastTest, FloatToInteger) {
  Array a = makeArray<double>(columnar::float64(), {1.9, -1.9, N, 3e10, NAN});
  expectArrayEquals(*cast(a.slice(0, 3), columnar::int32()), makeArray<int32_t>(columnar::int32(), {1, -1, N}));
  EXPECT_EQ(cast(a, columnar::int32()).status().message(),
            "cast float64 to int32: value 30000000000 at row 3 is out of range");
  EXPECT_EQ(cast(a.slice(4), columnar::int64()).status().message(),
            "cast float64 to int64: value nan at row 0 is out of range");
  expectArrayEquals(*cast(a, columnar::int32(), unsafe()),
                    makeArray<int32_t>(columnar::int32(), {1, -1, N, 2147483647, 0}));
  Array huge = makeArray<double>(columnar::float64(), {1e300, 1.5});
  EXPECT_EQ(cast(huge, columnar::float32()).status().message(),
            "cast float64 to float32: value 1e+300 at row 0 is out of range");
  EXPECT_TRUE(std::isinf(cast(huge, columnar::float32(), unsafe())->value<float>(0)));
}

TEST(CastTest, BoolAndNumbers) {
  Array bools = makeBoolArray({true, false, N});
  expectArrayEquals(*cast(bools, columnar::int32()), makeArray<int32_t>(columnar::int32(), {1, 0, N}));
  Array numbers = makeArray<double>(columnar::float64(), {0.0, -2.5, N});
  expectArrayEquals(*cast(numbers, columnar::boolean()), makeBoolArray({false, true, N}));
}

TEST(CastTest, NumbersToAndFromText) {
  Array ints = makeArray<int64_t>(columnar::int64(), {-12, N, 0});
  expectArrayEquals(*cast(ints, columnar::utf8()), makeStringArray({"-12", N, "0"}));
  expectArrayEquals(*cast(makeArray<double>(columnar::float64(), {2.5, 0.1}), columnar::largeUtf8()),
                    makeStringArray({"2.5", "0.1"}, columnar::largeUtf8()));
  Array text = makeStringArray({"42", "+7", N, "-3"});
  expectArrayEquals(*cast(text, columnar::int16()), makeArray<int16_t>(columnar::int16(), {42, 7, N, -3}));
  expectArrayEquals(*cast(makeStringArray({"1.5", "1e3", "-0.25"}), columnar::float64()),
                    makeArray<double>(columnar::float64(), {1.5, 1000.0, -0.25}));
  EXPECT_EQ(cast(makeStringArray({"1", "12x"}), columnar::int32()).status().toString(),
            "Invalid: cast utf8 to int32: cannot parse '12x' at row 1 as int32");
  EXPECT_EQ(cast(makeStringArray({" 1"}), columnar::int32()).status().message(),
            "cast utf8 to int32: cannot parse ' 1' at row 0 as int32");
  EXPECT_EQ(cast(makeStringArray({""}), columnar::float64()).status().message(),
            "cast utf8 to float64: cannot parse '' at row 0 as float64");
  EXPECT_EQ(cast(makeStringArray({"300"}), columnar::int8()).status().message(),
            "cast utf8 to int8: value '300' at row 0 is out of range for int8");
  expectArrayEquals(*cast(makeStringArray({"true", "FALSE", "1", "0", N}), columnar::boolean()),
                    makeBoolArray({true, false, true, false, N}));
  EXPECT_EQ(cast(makeStringArray({"yes"}), columnar::boolean()).status().message(),
            "cast utf8 to bool: cannot parse 'yes' at row 0 as bool");
  expectArrayEquals(*cast(makeBoolArray({true, N}), columnar::utf8()), makeStringArray({"true", N}));
}

TEST(CastTest, TextToTemporal) {
  Array text = makeStringArray({"2024-02-29", N, "1970-01-01T00:00:01.5Z"});
  expectArrayEquals(*cast(text.slice(0, 2), columnar::date32()), makeArray<int32_t>(columnar::date32(), {19782, N}));
  const auto ms = columnar::timestamp(TimeUnit::kMilli);
  expectArrayEquals(*cast(text, ms), makeArray<int64_t>(ms, {1709164800000, N, 1500}));
  EXPECT_EQ(cast(makeStringArray({"2024-13-01"}), columnar::date32()).status().message(),
            "cast utf8 to date32: cannot parse '2024-13-01' at row 0 as date32");
  // Too precise for seconds.
  EXPECT_EQ(cast(text.slice(2), columnar::timestamp(TimeUnit::kSecond)).status().message(),
            "cast utf8 to timestamp[s]: cannot parse '1970-01-01T00:00:01.5Z' at row 0 as timestamp[s]");
  expectArrayEquals(*cast(makeArray<int64_t>(ms, {1500, N}), columnar::utf8()),
                    makeStringArray({"1970-01-01 00:00:01.500", N}));
  expectArrayEquals(*cast(makeArray<int32_t>(columnar::date32(), {19782}), columnar::utf8()),
                    makeStringArray({"2024-02-29"}));
}

TEST(CastTest, TimestampUnitsAndDates) {
  const auto s = columnar::timestamp(TimeUnit::kSecond);
  const auto ms = columnar::timestamp(TimeUnit::kMilli);
  const auto ns = columnar::timestamp(TimeUnit::kNano);
  expectArrayEquals(*cast(makeArray<int64_t>(s, {1, N, -2}), ms), makeArray<int64_t>(ms, {1000, N, -2000}));
  EXPECT_EQ(cast(makeArray<int64_t>(s, {0, std::numeric_limits<int64_t>::max() / 10}), ns).status().message(),
            "cast timestamp[s] to timestamp[ns]: value 922337203685477580 at row 1 overflows int64 ticks");
  Array millis = makeArray<int64_t>(ms, {2000, -1500});
  EXPECT_EQ(cast(millis, s).status().message(),
            "cast timestamp[ms] to timestamp[s]: value -1500 (1969-12-31 23:59:58.500) at row 1 would lose "
            "precision (use safe=false to truncate)");
  // Unsafe truncation floors toward the earlier second.
  expectArrayEquals(*cast(millis, s, unsafe()), makeArray<int64_t>(s, {2, -2}));
  // Time zone changes keep the values.
  expectArrayEquals(*cast(millis, columnar::timestamp(TimeUnit::kMilli, "UTC")),
                    makeArray<int64_t>(columnar::timestamp(TimeUnit::kMilli, "UTC"), {2000, -1500}));
  expectArrayEquals(*cast(makeArray<int64_t>(ms, {86400000 + 5, -1, N}), columnar::date32()),
                    makeArray<int32_t>(columnar::date32(), {1, -1, N}));
  expectArrayEquals(*cast(makeArray<int32_t>(columnar::date32(), {1, -1}), ms),
                    makeArray<int64_t>(ms, {86400000, -86400000}));
  expectArrayEquals(*cast(makeArray<int64_t>(ms, {7}), columnar::int64()), makeArray<int64_t>(columnar::int64(), {7}));
  expectArrayEquals(*cast(makeArray<int32_t>(columnar::int32(), {7}), ms), makeArray<int64_t>(ms, {7}));
}

TEST(CastTest, Decimals) {
  const auto d102 = columnar::decimal128(10, 2);
  Array d = decimals(d102, {12345, -199, N});  // 123.45, -1.99
  expectArrayEquals(*cast(d, columnar::float64()), makeArray<double>(columnar::float64(), {123.45, -1.99, N}));
  expectArrayEquals(*cast(d, columnar::int32()), makeArray<int32_t>(columnar::int32(), {123, -1, N}));
  expectArrayEquals(*cast(d, columnar::utf8()), makeStringArray({"123.45", "-1.99", N}));
  expectArrayEquals(*cast(makeArray<int64_t>(columnar::int64(), {5, N}), d102), decimals(d102, {500, N}));
  EXPECT_EQ(cast(makeArray<int64_t>(columnar::int64(), {1, 123456789}), d102).status().message(),
            "cast int64 to decimal128(10, 2): value 123456789 at row 1 does not fit decimal128(10, 2)");
  expectArrayEquals(*cast(makeArray<double>(columnar::float64(), {1.005, -2.5}), columnar::decimal128(5, 1)),
                    decimals(columnar::decimal128(5, 1), {10, -25}));
  EXPECT_EQ(cast(makeArray<double>(columnar::float64(), {NAN}), d102).status().message(),
            "cast float64 to decimal128(10, 2): value nan at row 0 does not fit decimal128(10, 2)");
  expectArrayEquals(*cast(makeStringArray({"1.5", N}), d102), decimals(d102, {150, N}));
  EXPECT_EQ(cast(makeStringArray({"1.234"}), d102).status().message(),
            "cast utf8 to decimal128(10, 2): cannot parse '1.234' at row 0 as decimal128(10, 2)");
  // Rescaling.
  expectArrayEquals(*cast(d, columnar::decimal128(12, 4)), decimals(columnar::decimal128(12, 4), {1234500, -19900, N}));
  EXPECT_EQ(cast(d, columnar::decimal128(10, 1)).status().message(),
            "cast decimal128(10, 2) to decimal128(10, 1): value 123.45 at row 0 would lose digits (use "
            "safe=false to truncate)");
  expectArrayEquals(*cast(d, columnar::decimal128(10, 1), unsafe()),
                    decimals(columnar::decimal128(10, 1), {1234, -19, N}));
  EXPECT_EQ(cast(d, columnar::decimal128(3, 2)).status().message(),
            "cast decimal128(10, 2) to decimal128(3, 2): value 123.45 at row 0 does not fit decimal128(3, 2)");
}

TEST(CastTest, RangeErrorsOfTemporalAndDecimalConversions) {
  const auto ns = columnar::timestamp(TimeUnit::kNano);
  const auto s = columnar::timestamp(TimeUnit::kSecond);
  EXPECT_EQ(cast(makeArray<int32_t>(columnar::date32(), {0, 2000000}), ns).status().message(),
            "cast date32 to timestamp[ns]: date 7445-10-25 at row 1 overflows int64 ticks");
  EXPECT_EQ(cast(makeArray<int64_t>(s, {std::numeric_limits<int64_t>::max()}), columnar::date32()).status().message(),
            "cast timestamp[s] to date32: value 9223372036854775807 at row 0 is out of the date32 range");
  Array big = decimals(columnar::decimal128(20, 1), {N, static_cast<__int128>(5000000000) * 10});
  EXPECT_EQ(cast(big, columnar::int32()).status().message(),
            "cast decimal128(20, 1) to int32: value 5000000000.0 at row 1 is out of range");
  expectArrayEquals(*cast(big, columnar::int64()), makeArray<int64_t>(columnar::int64(), {N, 5000000000}));
}

TEST(CastTest, BinaryFamily) {
  Array text = makeStringArray({"a", N, "héllo"});
  Array large = *cast(text.slice(1), columnar::largeUtf8());
  expectArrayEquals(large, makeStringArray({N, "héllo"}, columnar::largeUtf8()));
  expectArrayEquals(*cast(large, columnar::utf8()), makeStringArray({N, "héllo"}));
  expectArrayEquals(*cast(text, columnar::binary()), makeStringArray({"a", N, "héllo"}, columnar::binary()));
  EXPECT_EQ(cast(makeStringArray({"ok", "\xff"}, columnar::binary()), columnar::utf8()).status().message(),
            "cast binary to utf8: row 1 is not valid UTF-8");
}

TEST(CastTest, DictionaryDecodesAndNullTypeFills) {
  columnar::DictionaryBuilder builder(columnar::dictionary(columnar::int32(), columnar::utf8()));
  ASSERT_TRUE(builder.append("7").ok());
  ASSERT_TRUE(builder.appendNull().ok());
  ASSERT_TRUE(builder.append("9").ok());
  Array dictionary = *builder.finish();
  expectArrayEquals(*cast(dictionary, columnar::utf8()), makeStringArray({"7", N, "9"}));
  expectArrayEquals(*cast(dictionary.slice(1), columnar::int64()), makeArray<int64_t>(columnar::int64(), {N, 9}));
  columnar::NullBuilder nulls;
  ASSERT_TRUE(nulls.appendNulls(2).ok());
  expectArrayEquals(*cast(*nulls.finish(), columnar::utf8()), makeStringArray({N, N}));
}

TEST(CastTest, ScalarsAndUnsupported) {
  EXPECT_EQ(cast(Scalar::int64(5), columnar::float64())->value<double>(), 5.0);
  EXPECT_TRUE(cast(Scalar::null(columnar::int64()), columnar::utf8())->isNull());
  EXPECT_EQ(cast(Scalar::utf8("x"), columnar::int8()).status().message(),
            "cast utf8 to int8: cannot parse 'x' at row 0 as int8");
  EXPECT_EQ(cast(makeArray<int64_t>(columnar::int64(), {1}), columnar::list(columnar::int64())).status().toString(),
            "Type error: cannot cast int64 to list<item: int64>");
  EXPECT_FALSE(canCast(columnar::boolean(), columnar::date32()));
  EXPECT_TRUE(canCast(columnar::utf8(), columnar::timestamp(TimeUnit::kNano)));
  expectArrayEquals(*cast(makeArray<int64_t>(columnar::int64(), {}), columnar::utf8()), makeStringArray({}));
}

}  // namespace
}  // namespace sabot::compute
