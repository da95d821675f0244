#include "sabot/compute/Comparison.h"

#include <gtest/gtest.h>

#include <cmath>

#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/compute/tests/ArrayMatchers.h"

namespace sabot::compute {
namespace {

using columnar::makeArray;
using columnar::makeBoolArray;
using columnar::makeStringArray;
using testing::expectArrayEquals;

TEST(ComparisonTest, Int64ArrayWithArray) {
  Array a = makeArray<int64_t>(columnar::int64(), {1, 2, std::nullopt, 4, 5});
  Array b = makeArray<int64_t>(columnar::int64(), {1, 3, 3, std::nullopt, 4});
  expectArrayEquals(*equal(a, b), makeBoolArray({true, false, std::nullopt, std::nullopt, false}));
  expectArrayEquals(*notEqual(a, b), makeBoolArray({false, true, std::nullopt, std::nullopt, true}));
  expectArrayEquals(*less(a, b), makeBoolArray({false, true, std::nullopt, std::nullopt, false}));
  expectArrayEquals(*lessEqual(a, b), makeBoolArray({true, true, std::nullopt, std::nullopt, false}));
  expectArrayEquals(*greater(a, b), makeBoolArray({false, false, std::nullopt, std::nullopt, true}));
  expectArrayEquals(*greaterEqual(a, b), makeBoolArray({true, false, std::nullopt, std::nullopt, true}));
}

TEST(ComparisonTest, ArrayWithScalarAndScalarWithArray) {
  Array a = makeArray<int64_t>(columnar::int64(), {50, 100, 150, std::nullopt});
  expectArrayEquals(*greater(a, Scalar::int64(100)), makeBoolArray({false, false, true, std::nullopt}));
  // 100 < a is a > 100 with the operands swapped.
  expectArrayEquals(*less(Scalar::int64(100), a), makeBoolArray({false, false, true, std::nullopt}));
  expectArrayEquals(*lessEqual(Scalar::int64(100), a), makeBoolArray({false, true, true, std::nullopt}));
}

TEST(ComparisonTest, ScalarWithScalarGivesOneRow) {
  expectArrayEquals(*less(Scalar::int64(1), Scalar::int64(2)), makeBoolArray({true}));
}

TEST(ComparisonTest, NullScalarGivesAllNull) {
  Array a = makeArray<int32_t>(columnar::int32(), {1, 2, 3});
  expectArrayEquals(*equal(a, Scalar::null(columnar::int32())),
                    makeBoolArray({std::nullopt, std::nullopt, std::nullopt}));
}

TEST(ComparisonTest, EmptyArrays) {
  Array a = makeArray<int64_t>(columnar::int64(), {});
  expectArrayEquals(*equal(a, a), makeBoolArray({}));
  expectArrayEquals(*greater(a, Scalar::int64(1)), makeBoolArray({}));
}

// Sliced inputs at offsets that are not multiples of 8, over more than one
// 64-row block, against a plain loop.
TEST(ComparisonTest, SlicedInputsMatchAPlainLoop) {
  const auto leftValues = testing::randomInt64s(300, -20, 20, 7, 1);
  const auto rightValues = testing::randomInt64s(300, -20, 20, 5, 2);
  Array left = makeArray<int64_t>(columnar::int64(), leftValues);
  Array right = makeArray<int64_t>(columnar::int64(), rightValues);
  for (auto [leftOffset, rightOffset, length] :
       std::vector<std::tuple<size_t, size_t, size_t>>{{3, 13, 200}, {0, 5, 129}, {8, 8, 64}, {1, 2, 7}}) {
    Array result = *lessEqual(left.slice(static_cast<int64_t>(leftOffset), static_cast<int64_t>(length)),
                              right.slice(static_cast<int64_t>(rightOffset), static_cast<int64_t>(length)));
    std::vector<std::optional<bool>> expected;
    for (size_t i = 0; i < length; ++i) {
      const auto& l = leftValues[leftOffset + i];
      const auto& r = rightValues[rightOffset + i];
      expected.push_back(l && r ? std::optional<bool>(*l <= *r) : std::nullopt);
    }
    expectArrayEquals(result, makeBoolArray(expected));
    Array withScalar = *greater(left.slice(static_cast<int64_t>(leftOffset), static_cast<int64_t>(length)),
                                Scalar::int64(3));
    std::vector<std::optional<bool>> expectedScalar;
    for (size_t i = 0; i < length; ++i) {
      const auto& l = leftValues[leftOffset + i];
      expectedScalar.push_back(l ? std::optional<bool>(*l > 3) : std::nullopt);
    }
    expectArrayEquals(withScalar, makeBoolArray(expectedScalar));
  }
}

TEST(ComparisonTest, MixedNumericTypesArePromoted) {
  Array small = makeArray<int32_t>(columnar::int32(), {1, 5, -3});
  Array wide = makeArray<int64_t>(columnar::int64(), {1, 4, 10000000000});
  expectArrayEquals(*equal(small, wide), makeBoolArray({true, false, false}));
  Array floats = makeArray<double>(columnar::float64(), {0.5, 5.0, -3.5});
  expectArrayEquals(*less(small, floats), makeBoolArray({false, false, false}));
  expectArrayEquals(*equal(small, floats), makeBoolArray({false, true, false}));
  // A literal that does not fit the column's type promotes the column.
  expectArrayEquals(*less(small, Scalar::int64(10000000000)), makeBoolArray({true, true, true}));
  expectArrayEquals(*greater(small, Scalar::float64(2.5)), makeBoolArray({false, true, false}));
  Array unsignedValues = makeArray<uint32_t>(columnar::uint32(), {4000000000u, 1});
  Array signedValues = makeArray<int32_t>(columnar::int32(), {-1, 1});
  expectArrayEquals(*greater(unsignedValues, signedValues), makeBoolArray({true, false}));
}

TEST(ComparisonTest, FloatNaNFollowsIeee) {
  Array a = makeArray<double>(columnar::float64(), {NAN, 1.0});
  Array b = makeArray<double>(columnar::float64(), {NAN, NAN});
  expectArrayEquals(*equal(a, b), makeBoolArray({false, false}));
  expectArrayEquals(*notEqual(a, b), makeBoolArray({true, true}));
  expectArrayEquals(*less(a, b), makeBoolArray({false, false}));
}

TEST(ComparisonTest, Strings) {
  Array a = makeStringArray({"apple", "b", std::nullopt, "", "héllo"});
  Array b = makeStringArray({"apple", "a", "x", "a", "hello"});
  expectArrayEquals(*equal(a, b), makeBoolArray({true, false, std::nullopt, false, false}));
  expectArrayEquals(*less(a, b), makeBoolArray({false, false, std::nullopt, true, false}));
  expectArrayEquals(*greaterEqual(a, Scalar::utf8("b")),
                    makeBoolArray({false, true, std::nullopt, false, true}));
  // utf8 against large_utf8 works, as large_utf8.
  Array large = makeStringArray({"apple", "c", "x", "", "a"}, columnar::largeUtf8());
  expectArrayEquals(*equal(a, large), makeBoolArray({true, false, std::nullopt, true, false}));
  expectArrayEquals(*less(a.slice(1, 3), Scalar::utf8("c")), makeBoolArray({true, std::nullopt, true}));
}

TEST(ComparisonTest, BinaryAndBool) {
  Array a = makeStringArray({std::string("\x01\x02", 2), "z"}, columnar::binary());
  Array b = makeStringArray({std::string("\x01\x03", 2), "z"}, columnar::binary());
  expectArrayEquals(*less(a, b), makeBoolArray({true, false}));
  Array x = makeBoolArray({true, true, false, false, std::nullopt});
  Array y = makeBoolArray({true, false, true, false, true});
  expectArrayEquals(*equal(x, y), makeBoolArray({true, false, false, true, std::nullopt}));
  expectArrayEquals(*less(x, y), makeBoolArray({false, false, true, false, std::nullopt}));
  expectArrayEquals(*greater(x, y), makeBoolArray({false, true, false, false, std::nullopt}));
  expectArrayEquals(*lessEqual(x, Scalar::boolean(false)),
                    makeBoolArray({false, false, true, true, std::nullopt}));
  // Sliced bools at an odd offset.
  expectArrayEquals(*equal(x.slice(1, 3), y.slice(1, 3)), makeBoolArray({false, false, true}));
}

TEST(ComparisonTest, TemporalAndDecimal) {
  Array ts = makeArray<int64_t>(columnar::timestamp(columnar::TimeUnit::kMilli), {1000, 2000, std::nullopt});
  expectArrayEquals(*greater(ts, Scalar::timestamp(1500, columnar::timestamp(columnar::TimeUnit::kMilli))),
                    makeBoolArray({false, true, std::nullopt}));
  // A string literal is parsed as a timestamp of the column's unit.
  expectArrayEquals(*less(ts, Scalar::utf8("1970-01-01 00:00:01.5")), makeBoolArray({true, false, std::nullopt}));
  // Time zones do not matter: values are UTC.
  Array tsUtc = makeArray<int64_t>(columnar::timestamp(columnar::TimeUnit::kMilli, "UTC"), {1000, 1, 5});
  expectArrayEquals(*equal(ts, tsUtc), makeBoolArray({true, false, std::nullopt}));
  Array dates = makeArray<int32_t>(columnar::date32(), {19000, 19800});
  expectArrayEquals(*less(dates, Scalar::utf8("2023-01-01")), makeBoolArray({true, false}));

  columnar::Decimal128Builder builder(columnar::decimal128(10, 2));
  ASSERT_TRUE(builder.append(12345).ok());
  ASSERT_TRUE(builder.append(-5).ok());
  Array decimals = *builder.finish();
  expectArrayEquals(*greater(decimals, Scalar::decimal(100, columnar::decimal128(5, 2))),
                    makeBoolArray({true, false}));
  // An integer literal adapts to the decimal's scale: 123.45 > 100.
  expectArrayEquals(*greater(decimals, Scalar::int64(100)), makeBoolArray({true, false}));
}

TEST(ComparisonTest, DictionaryAgainstScalarAndArray) {
  columnar::DictionaryBuilder builder(columnar::dictionary(columnar::int8(), columnar::utf8()));
  ASSERT_TRUE(builder.append("red").ok());
  ASSERT_TRUE(builder.append("blue").ok());
  ASSERT_TRUE(builder.appendNull().ok());
  ASSERT_TRUE(builder.append("red").ok());
  Array colors = *builder.finish();
  expectArrayEquals(*equal(colors, Scalar::utf8("red")), makeBoolArray({true, false, std::nullopt, true}));
  expectArrayEquals(*equal(colors.slice(1, 3), Scalar::utf8("red")), makeBoolArray({false, std::nullopt, true}));
  Array plain = makeStringArray({"red", "red", "red", "blue"});
  expectArrayEquals(*equal(colors, plain), makeBoolArray({true, false, std::nullopt, false}));
}

TEST(ComparisonTest, Errors) {
  Array strings = makeStringArray({"a"});
  Array ints = makeArray<int64_t>(columnar::int64(), {1});
  auto mismatch = equal(strings, ints);
  ASSERT_FALSE(mismatch.ok());
  EXPECT_EQ(mismatch.status().toString(), "Type error: cannot compare utf8 with int64");
  auto scalarMismatch = less(ints, Scalar::utf8("x"));
  EXPECT_EQ(scalarMismatch.status().toString(), "Type error: cannot compare int64 with utf8");
  auto lengths = equal(ints, makeArray<int64_t>(columnar::int64(), {1, 2}));
  EXPECT_EQ(lengths.status().toString(), "Invalid: cannot compare arrays of different lengths (1 and 2)");
  Array seconds = makeArray<int64_t>(columnar::timestamp(columnar::TimeUnit::kSecond), {1});
  Array millis = makeArray<int64_t>(columnar::timestamp(columnar::TimeUnit::kMilli), {1});
  EXPECT_EQ(equal(seconds, millis).status().toString(),
            "Type error: cannot compare timestamp[s] with timestamp[ms]: timestamps of different "
            "units (s vs ms); cast one side first");
  columnar::Decimal128Builder a(columnar::decimal128(10, 2));
  columnar::Decimal128Builder b(columnar::decimal128(10, 3));
  ASSERT_TRUE(a.append(1).ok());
  ASSERT_TRUE(b.append(1).ok());
  EXPECT_EQ(equal(*a.finish(), *b.finish()).status().toString(),
            "Type error: cannot compare decimal128(10, 2) with decimal128(10, 3): decimals of "
            "different scales (2 vs 3); cast one side first");
}

}  // namespace
}  // namespace sabot::compute
