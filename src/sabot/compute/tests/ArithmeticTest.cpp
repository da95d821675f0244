#include "sabot/compute/Arithmetic.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/compute/tests/ArrayMatchers.h"

namespace sabot::compute {
namespace {

using columnar::makeArray;
using testing::expectArrayEquals;

constexpr int64_t kMax64 = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin64 = std::numeric_limits<int64_t>::min();

TEST(ArithmeticTest, Int64ArrayArray) {
  Array a = makeArray<int64_t>(columnar::int64(), {1, 2, std::nullopt, 4, -9});
  Array b = makeArray<int64_t>(columnar::int64(), {10, std::nullopt, 3, -4, 2});
  expectArrayEquals(*add(a, b), makeArray<int64_t>(columnar::int64(), {11, std::nullopt, std::nullopt, 0, -7}));
  expectArrayEquals(*subtract(a, b), makeArray<int64_t>(columnar::int64(), {-9, std::nullopt, std::nullopt, 8, -11}));
  expectArrayEquals(*multiply(a, b), makeArray<int64_t>(columnar::int64(), {10, std::nullopt, std::nullopt, -16, -18}));
  // Integer division truncates toward zero.
  expectArrayEquals(*divide(a, b), makeArray<int64_t>(columnar::int64(), {0, std::nullopt, std::nullopt, -1, -4}));
}

TEST(ArithmeticTest, ScalarOnEitherSide) {
  Array a = makeArray<int64_t>(columnar::int64(), {1, 2, std::nullopt});
  expectArrayEquals(*subtract(a, Scalar::int64(10)), makeArray<int64_t>(columnar::int64(), {-9, -8, std::nullopt}));
  expectArrayEquals(*subtract(Scalar::int64(10), a), makeArray<int64_t>(columnar::int64(), {9, 8, std::nullopt}));
  expectArrayEquals(*divide(Scalar::int64(10), a), makeArray<int64_t>(columnar::int64(), {10, 5, std::nullopt}));
  expectArrayEquals(*add(Scalar::int64(1), Scalar::int64(2)), makeArray<int64_t>(columnar::int64(), {3}));
  expectArrayEquals(*add(a, Scalar::null(columnar::int64())),
                    makeArray<int64_t>(columnar::int64(), {std::nullopt, std::nullopt, std::nullopt}));
}

TEST(ArithmeticTest, TypePromotion) {
  Array i32 = makeArray<int32_t>(columnar::int32(), {1, 2});
  Array i64 = makeArray<int64_t>(columnar::int64(), {10, 20});
  Array f64 = makeArray<double>(columnar::float64(), {0.5, 0.25});
  Array u8 = makeArray<uint8_t>(columnar::uint8(), {200, 255});
  Array i8 = makeArray<int8_t>(columnar::int8(), {-1, 1});
  Array f32 = makeArray<float>(columnar::float32(), {1.5f, 2.5f});
  expectArrayEquals(*add(i32, i64), makeArray<int64_t>(columnar::int64(), {11, 22}));
  expectArrayEquals(*add(i64, f64), makeArray<double>(columnar::float64(), {10.5, 20.25}));
  // int8 + uint8 -> int16 (wide enough for both).
  expectArrayEquals(*add(i8, u8), makeArray<int16_t>(columnar::int16(), {199, 256}));
  expectArrayEquals(*add(f32, i8), makeArray<float>(columnar::float32(), {0.5f, 3.5f}));
  expectArrayEquals(*add(f32, i32), makeArray<double>(columnar::float64(), {2.5, 4.5}));
  // A literal that fits keeps the column's type; one that does not promotes.
  expectArrayEquals(*add(i32, Scalar::int64(1)), makeArray<int32_t>(columnar::int32(), {2, 3}));
  expectArrayEquals(*multiply(i32, Scalar::int64(3000000000)),
                    makeArray<int64_t>(columnar::int64(), {3000000000, 6000000000}));
  expectArrayEquals(*multiply(i32, Scalar::float64(0.5)), makeArray<double>(columnar::float64(), {0.5, 1.0}));
}

TEST(ArithmeticTest, OverflowIsAnErrorNamingTheRow) {
  Array a = makeArray<int64_t>(columnar::int64(), {1, kMax64, 3});
  auto result = add(a, Scalar::int64(1));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().toString(),
            "Invalid: integer overflow in add at row 1: 9223372036854775807 + 1 does not fit int64");
  Array low = makeArray<int64_t>(columnar::int64(), {0, 0, kMin64});
  EXPECT_EQ(subtract(low, Scalar::int64(1)).status().message(),
            "integer overflow in subtract at row 2: -9223372036854775808 - 1 does not fit int64");
  Array i8 = makeArray<int8_t>(columnar::int8(), {10, 100});
  EXPECT_EQ(multiply(i8, makeArray<int8_t>(columnar::int8(), {2, 2})).status().message(),
            "integer overflow in multiply at row 1: 100 * 2 does not fit int8");
  EXPECT_EQ(multiply(a, Scalar::int64(2)).status().message(),
            "integer overflow in multiply at row 1: 9223372036854775807 * 2 does not fit int64");
  Array u32 = makeArray<uint32_t>(columnar::uint32(), {5, 1});
  EXPECT_EQ(subtract(u32, makeArray<uint32_t>(columnar::uint32(), {1, 2})).status().message(),
            "integer overflow in subtract at row 1: 1 - 2 does not fit uint32");
}

// Every pair of 8-bit values against arithmetic in a wide type.
template <typename T>
void checkAllPairs(const DataTypePtr& type) {
  using Op = Result<Array> (*)(const Datum&, const Datum&, const ArithmeticOptions&, MemoryPool*);
  const std::vector<std::pair<Op, int (*)(int, int)>> ops = {
      {&add, [](int a, int b) { return a + b; }},
      {&subtract, [](int a, int b) { return a - b; }},
      {&multiply, [](int a, int b) { return a * b; }},
  };
  for (const auto& [op, wide] : ops) {
    std::vector<std::optional<T>> left, right, expected;
    std::vector<std::pair<T, T>> overflowing;
    for (int a = std::numeric_limits<T>::min(); a <= std::numeric_limits<T>::max(); ++a) {
      for (int b = std::numeric_limits<T>::min(); b <= std::numeric_limits<T>::max(); ++b) {
        const int result = wide(a, b);
        if (result < std::numeric_limits<T>::min() || result > std::numeric_limits<T>::max()) {
          if (overflowing.size() < 40 || (a * 7 + b) % 97 == 0) overflowing.emplace_back(a, b);
          continue;
        }
        left.push_back(static_cast<T>(a));
        right.push_back(static_cast<T>(b));
        expected.push_back(static_cast<T>(result));
      }
    }
    testing::expectArrayEquals(*op(makeArray<T>(type, left), makeArray<T>(type, right), ArithmeticOptions{}, MemoryPool::defaultPool()),
                               makeArray<T>(type, expected));
    for (const auto& [a, b] : overflowing) {
      auto result = op(makeArray<T>(type, {a}), makeArray<T>(type, {b}), ArithmeticOptions{}, MemoryPool::defaultPool());
      ASSERT_FALSE(result.ok()) << +a << ", " << +b;
      EXPECT_NE(result.status().message().find("integer overflow"), std::string::npos);
    }
  }
}

TEST(ArithmeticTest, EveryEightBitPairMatchesWideArithmetic) {
  checkAllPairs<int8_t>(columnar::int8());
  checkAllPairs<uint8_t>(columnar::uint8());
}

TEST(ArithmeticTest, UnsignedCarry) {
  Array u64 = makeArray<uint64_t>(columnar::uint64(), {1, UINT64_MAX});
  EXPECT_EQ(add(u64, Scalar::uint64(1)).status().message(),
            "integer overflow in add at row 1: 18446744073709551615 + 1 does not fit uint64");
  testing::expectArrayEquals(*add(u64.slice(0, 1), Scalar::uint64(UINT64_MAX - 1)),
                             makeArray<uint64_t>(columnar::uint64(), {UINT64_MAX}));
}

TEST(ArithmeticTest, MultiplyByScalarOverflowMatchesBuiltinCheck) {
  std::vector<int64_t> factors = {kMin64, -3, -2, -1, 0, 1, 2, 7, 1000003, kMax64};
  for (int64_t factor : factors) {
    std::vector<int64_t> candidates = {kMin64, kMin64 + 1, -1, 0, 1, kMax64 - 1, kMax64};
    if (factor != 0 && factor != -1) {
      for (int64_t delta : {-1, 0, 1}) {
        for (int64_t bound : {kMax64 / factor, kMin64 / factor}) {
          int64_t candidate;
          if (!__builtin_add_overflow(bound, delta, &candidate)) candidates.push_back(candidate);
        }
      }
    }
    for (int64_t value : candidates) {
      int64_t product;
      const bool overflow = __builtin_mul_overflow(value, factor, &product);
      Array one = makeArray<int64_t>(columnar::int64(), {value});
      for (bool scalarLeft : {false, true}) {
        auto result = scalarLeft ? multiply(Scalar::int64(factor), one) : multiply(one, Scalar::int64(factor));
        ASSERT_EQ(result.ok(), !overflow) << value << " * " << factor;
        if (result.ok()) {
          EXPECT_EQ(result->value<int64_t>(0), product);
        }
      }
    }
  }
  for (uint64_t factor : {uint64_t{0}, uint64_t{3}, UINT64_MAX}) {
    for (uint64_t value : {uint64_t{0}, uint64_t{1}, UINT64_MAX / 3, UINT64_MAX / 3 + 1, UINT64_MAX}) {
      uint64_t product;
      const bool overflow = __builtin_mul_overflow(value, factor, &product);
      auto result = multiply(makeArray<uint64_t>(columnar::uint64(), {value}), Scalar::uint64(factor));
      ASSERT_EQ(result.ok(), !overflow) << value << " * " << factor;
    }
  }
}

TEST(ArithmeticTest, OverflowInNullRowIsIgnored) {
  columnar::NumericBuilder<int64_t> builder(columnar::int64());
  ASSERT_TRUE(builder.append(1).ok());
  ASSERT_TRUE(builder.appendNull().ok());
  builder.mutableValues()[1] = kMax64;  // garbage under a null
  Array a = *builder.finish();
  expectArrayEquals(*add(a, Scalar::int64(1)), makeArray<int64_t>(columnar::int64(), {2, std::nullopt}));
}

TEST(ArithmeticTest, UncheckedWraps) {
  Array a = makeArray<int64_t>(columnar::int64(), {kMax64});
  ArithmeticOptions wrap;
  wrap.checkOverflow = false;
  expectArrayEquals(*add(a, Scalar::int64(1), wrap), makeArray<int64_t>(columnar::int64(), {kMin64}));
  Array i8 = makeArray<int8_t>(columnar::int8(), {100});
  expectArrayEquals(*multiply(i8, i8, wrap), makeArray<int8_t>(columnar::int8(), {16}));  // 10000 mod 256
  Array minimum = makeArray<int64_t>(columnar::int64(), {kMin64});
  expectArrayEquals(*divide(minimum, Scalar::int64(-1), wrap), minimum);
}

TEST(ArithmeticTest, Division) {
  Array a = makeArray<int64_t>(columnar::int64(), {7, 8, 9});
  Array b = makeArray<int64_t>(columnar::int64(), {2, 0, 3});
  EXPECT_EQ(divide(a, b).status().toString(), "Invalid: division by zero at row 1");
  ArithmeticOptions wrap;
  wrap.checkOverflow = false;
  EXPECT_EQ(divide(a, b, wrap).status().message(), "division by zero at row 1");
  // A zero under a null divisor is fine.
  Array nullDivisor = makeArray<int64_t>(columnar::int64(), {2, std::nullopt, 3});
  expectArrayEquals(*divide(a, nullDivisor), makeArray<int64_t>(columnar::int64(), {3, std::nullopt, 3}));
  Array minimum = makeArray<int64_t>(columnar::int64(), {kMin64});
  EXPECT_EQ(divide(minimum, Scalar::int64(-1)).status().message(),
            "integer overflow in divide at row 0: -9223372036854775808 / -1 does not fit int64");
  Array floats = makeArray<double>(columnar::float64(), {1.0, -1.0, 0.0});
  Array result = *divide(floats, Scalar::float64(0.0));
  EXPECT_TRUE(std::isinf(result.value<double>(0)) && result.value<double>(0) > 0);
  EXPECT_TRUE(std::isinf(result.value<double>(1)) && result.value<double>(1) < 0);
  EXPECT_TRUE(std::isnan(result.value<double>(2)));
}

TEST(ArithmeticTest, SlicedInputsMatchAPlainLoop) {
  const auto leftValues = testing::randomInt64s(500, -1000000, 1000000, 6, 11);
  const auto rightValues = testing::randomInt64s(500, -1000, 1000, 4, 12);
  Array left = makeArray<int64_t>(columnar::int64(), leftValues);
  Array right = makeArray<int64_t>(columnar::int64(), rightValues);
  const size_t leftOffset = 5, rightOffset = 11, length = 300;
  Array l = left.slice(leftOffset, length);
  Array r = right.slice(rightOffset, length);
  std::vector<std::optional<int64_t>> sums, products;
  for (size_t i = 0; i < length; ++i) {
    const auto& a = leftValues[leftOffset + i];
    const auto& b = rightValues[rightOffset + i];
    sums.push_back(a && b ? std::optional<int64_t>(*a + *b) : std::nullopt);
    products.push_back(a && b ? std::optional<int64_t>(*a * *b) : std::nullopt);
  }
  expectArrayEquals(*add(l, r), makeArray<int64_t>(columnar::int64(), sums));
  expectArrayEquals(*multiply(l, r), makeArray<int64_t>(columnar::int64(), products));
}

TEST(ArithmeticTest, EmptyAndNegate) {
  Array empty = makeArray<int32_t>(columnar::int32(), {});
  expectArrayEquals(*add(empty, empty), empty);
  Array a = makeArray<int8_t>(columnar::int8(), {5, std::nullopt, -128});
  EXPECT_EQ(negate(a).status().message(), "integer overflow in negate at row 2: -(-128) does not fit int8");
  expectArrayEquals(*negate(a.slice(0, 2)), makeArray<int8_t>(columnar::int8(), {-5, std::nullopt}));
  expectArrayEquals(*negate(makeArray<double>(columnar::float64(), {1.5})),
                    makeArray<double>(columnar::float64(), {-1.5}));
  EXPECT_EQ(negate(makeArray<uint8_t>(columnar::uint8(), {1})).status().toString(),
            "Type error: cannot negate uint8");
}

TEST(ArithmeticTest, TypeErrors) {
  Array strings = columnar::makeStringArray({"a"});
  Array ints = makeArray<int64_t>(columnar::int64(), {1});
  EXPECT_EQ(add(strings, ints).status().toString(), "Type error: cannot add utf8 and int64");
  EXPECT_EQ(divide(ints, Scalar::utf8("x")).status().toString(), "Type error: cannot divide int64 and utf8");
  EXPECT_EQ(add(ints, makeArray<int64_t>(columnar::int64(), {1, 2})).status().toString(),
            "Invalid: cannot add arrays of different lengths (1 and 2)");
}

}  // namespace
}  // namespace sabot::compute
