// modulo(): SQL's MOD(a, b) and a % b — integers only, the sign of the
// dividend, a zero divisor an error — on its own and through the registry.

#include <gtest/gtest.h>

#include <limits>
#include <random>

#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/compute/Arithmetic.h"
#include "sabot/compute/Expression.h"
#include "sabot/compute/tests/ArrayMatchers.h"

namespace sabot::compute {
namespace {

using columnar::makeArray;
using testing::expectArrayEquals;

constexpr auto N = std::nullopt;
constexpr int64_t kMax64 = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin64 = std::numeric_limits<int64_t>::min();

Array int64s(std::vector<std::optional<int64_t>> values) { return makeArray<int64_t>(columnar::int64(), values); }

TEST(ModuloTest, TakesTheSignOfTheDividendAsSqlDoes) {
  // Postgres, DuckDB and Flink all give MOD(-7, 3) = -1 and MOD(7, -3) = 1.
  expectArrayEquals(*modulo(int64s({7, -7, 7, -7, 0, 6, N}), int64s({3, 3, -3, -3, 5, 3, 2})),
                    int64s({1, -1, 1, -1, 0, 0, N}));
  expectArrayEquals(*modulo(int64s({7, -7, 123, 246, 1000, N}), Scalar::int64(123)),
                    int64s({7, -7, 0, 0, 16, N}));
  expectArrayEquals(*modulo(Scalar::int64(100), int64s({7, -7, N})), int64s({2, 2, N}));
  expectArrayEquals(*modulo(int64s({5}), Scalar::null(columnar::int64())), int64s({N}));
}

TEST(ModuloTest, ZeroDivisorIsAnErrorUnlessTheRowIsNull) {
  EXPECT_EQ(modulo(int64s({7, 8, 9}), int64s({2, 0, 3})).status().toString(),
            "Invalid: division by zero in modulo at row 1");
  EXPECT_EQ(modulo(int64s({7, 8}), Scalar::int64(0)).status().message(), "division by zero in modulo at row 0");
  expectArrayEquals(*modulo(int64s({7, 8, 9}), int64s({2, N, 3})), int64s({1, N, 0}));
  expectArrayEquals(*modulo(int64s({N, N}), Scalar::int64(0)), int64s({N, N}));
}

TEST(ModuloTest, MinimumModuloMinusOneIsZero) {
  // In C++ INT64_MIN % -1 traps (the quotient overflows); the remainder is 0.
  expectArrayEquals(*modulo(int64s({kMin64, kMax64, -5}), Scalar::int64(-1)), int64s({0, 0, 0}));
  expectArrayEquals(*modulo(int64s({kMin64}), int64s({-1})), int64s({0}));
  const Array i8 = makeArray<int8_t>(columnar::int8(), {-128, 127});
  expectArrayEquals(*modulo(i8, makeArray<int8_t>(columnar::int8(), {-1, -1})),
                    makeArray<int8_t>(columnar::int8(), {0, 0}));
}

TEST(ModuloTest, EveryEightBitPairMatchesCpp) {
  std::vector<std::optional<int8_t>> left, right, expected;
  for (int a = -128; a <= 127; ++a) {
    for (int b = -128; b <= 127; ++b) {
      if (b == 0) continue;
      left.push_back(static_cast<int8_t>(a));
      right.push_back(static_cast<int8_t>(b));
      expected.push_back(static_cast<int8_t>(a % b));  // in int: no overflow for -128 % -1
    }
  }
  expectArrayEquals(*modulo(makeArray<int8_t>(columnar::int8(), left), makeArray<int8_t>(columnar::int8(), right)),
                    makeArray<int8_t>(columnar::int8(), expected));
}

// The division-free path (scalar divisor, values below 2^32 in magnitude)
// against the % operator, around every boundary it has.
TEST(ModuloTest, ScalarDivisorMatchesTheDivisionLoop) {
  std::mt19937_64 random(42);
  const int64_t limit = int64_t{1} << 32;
  std::vector<int64_t> small = {0, 1, -1, 122, 123, 124, -123, limit - 1, -(limit - 1), 4294967294, 2147483648};
  for (int i = 0; i < 2000; ++i) small.push_back(static_cast<int64_t>(random() % (2 * limit - 1)) - (limit - 1));
  std::vector<int64_t> wide = small;
  for (int64_t value : {limit, -limit, kMax64, kMin64, kMin64 + 1, limit * 3 + 7}) wide.push_back(value);
  const std::vector<int64_t> divisors = {1, -1, 2, 3, 7, 123, -123, 1000, 65536, 65537, limit - 1,
                                         -(limit - 1), limit, limit + 1, kMax64, kMin64};
  for (const std::vector<int64_t>* values : {&small, &wide}) {
    for (int64_t divisor : divisors) {
      std::vector<std::optional<int64_t>> in, expected;
      for (int64_t value : *values) {
        in.push_back(value);
        expected.push_back(divisor == -1 ? 0 : value % divisor);
      }
      auto result = modulo(int64s(in), Scalar::int64(divisor));
      ASSERT_TRUE(result.ok()) << result.status().toString();
      expectArrayEquals(*result, int64s(expected));
    }
  }
  // Unsigned values up to 2^32 - 1 and beyond.
  std::vector<std::optional<uint64_t>> unsignedValues = {0, 1, 4294967295u, 4294967296u, UINT64_MAX};
  std::vector<std::optional<uint64_t>> unsignedExpected;
  for (const auto& value : unsignedValues) unsignedExpected.push_back(*value % 1000);
  expectArrayEquals(*modulo(makeArray<uint64_t>(columnar::uint64(), unsignedValues), Scalar::uint64(1000)),
                    makeArray<uint64_t>(columnar::uint64(), unsignedExpected));
}

TEST(ModuloTest, SlicedInputWithGarbageUnderNulls) {
  columnar::NumericBuilder<int64_t> builder(columnar::int64());
  for (int64_t value : {10, 11, 12, 13}) ASSERT_TRUE(builder.append(value).ok());
  ASSERT_TRUE(builder.appendNull().ok());
  builder.mutableValues()[4] = kMin64;  // garbage under a null: the general loop takes over
  const Array values = *builder.finish();
  expectArrayEquals(*modulo(values.slice(1, 4), Scalar::int64(5)), int64s({1, 2, 3, N}));
}

TEST(ModuloTest, IntegersOnly) {
  EXPECT_EQ(modulo(int64s({7}), Scalar::float64(1.5)).status().toString(),
            "Type error: cannot take the modulo of int64 and float64: modulo is defined for integers only");
  EXPECT_TRUE(modulo(makeArray<double>(columnar::float64(), {1.5}), Scalar::int64(2)).status().isTypeError());
  EXPECT_EQ(modulo(columnar::makeStringArray({"a"}), Scalar::int64(2)).status().toString(),
            "Type error: cannot take the modulo of utf8 and int64");
}

TEST(ModuloTest, RegistryFunctionPromotesLikeArithmetic) {
  const auto schema = columnar::schema({columnar::field("auction", columnar::int64()),
                                        columnar::field("qty", columnar::int32()),
                                        columnar::field("price", columnar::float64())});
  const auto batch = *columnar::RecordBatch::make(
      schema, {int64s({1000, 1107, -1107, N}), makeArray<int32_t>(columnar::int32(), {5, 6, 7, 8}),
               makeArray<double>(columnar::float64(), {1, 2, 3, 4})});
  auto bound = bind(call("modulo", {col("auction"), lit(123)}) == lit(0), *schema);
  ASSERT_TRUE(bound.ok()) << bound.status().toString();
  expectArrayEquals(*evaluate(*bound, *batch), columnar::makeBoolArray({false, true, true, N}));
  // An int32 column with a literal that fits stays int32.
  auto narrow = bind(call("modulo", {col("qty"), lit(4)}), *schema);
  ASSERT_TRUE(narrow.ok());
  EXPECT_EQ(narrow->type()->toString(), "int32");
  expectArrayEquals(*evaluate(*narrow, *batch), makeArray<int32_t>(columnar::int32(), {1, 2, 3, 0}));
  EXPECT_EQ(bind(call("modulo", {col("price"), lit(2)}), *schema).status().toString(),
            "Type error: cannot take the modulo of float64 column 'price' and int64 literal 2: modulo is "
            "defined for integers only");
  EXPECT_EQ(bind(call("modulo", {col("auction")}), *schema).status().code(), StatusCode::kInvalid);
}

}  // namespace
}  // namespace sabot::compute
