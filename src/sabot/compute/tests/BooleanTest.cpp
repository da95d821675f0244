#include "sabot/compute/Boolean.h"

#include <gtest/gtest.h>

#include <random>

#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/compute/tests/ArrayMatchers.h"

namespace sabot::compute {
namespace {

using columnar::makeBoolArray;
using testing::expectArrayEquals;

constexpr auto N = std::nullopt;

// Every pair of {true, false, null}.
Array leftTable() { return makeBoolArray({true, true, true, false, false, false, N, N, N}); }
Array rightTable() { return makeBoolArray({true, false, N, true, false, N, true, false, N}); }

TEST(BooleanTest, KleeneAnd) {
  expectArrayEquals(*booleanAnd(leftTable(), rightTable()),
                    makeBoolArray({true, false, N, false, false, false, N, false, N}));
}

TEST(BooleanTest, KleeneOr) {
  expectArrayEquals(*booleanOr(leftTable(), rightTable()),
                    makeBoolArray({true, true, true, true, false, N, true, N, N}));
}

TEST(BooleanTest, XorAndNot) {
  expectArrayEquals(*booleanXor(leftTable(), rightTable()),
                    makeBoolArray({false, true, N, true, false, N, N, N, N}));
  expectArrayEquals(*booleanNot(leftTable()), makeBoolArray({false, false, false, true, true, true, N, N, N}));
}

TEST(BooleanTest, Scalars) {
  Array values = makeBoolArray({true, false, N});
  expectArrayEquals(*booleanAnd(values, Scalar::boolean(false)), makeBoolArray({false, false, false}));
  expectArrayEquals(*booleanAnd(Scalar::boolean(true), values), makeBoolArray({true, false, N}));
  expectArrayEquals(*booleanOr(values, Scalar::boolean(true)), makeBoolArray({true, true, true}));
  expectArrayEquals(*booleanOr(values, Scalar::null(columnar::boolean())), makeBoolArray({true, N, N}));
  expectArrayEquals(*booleanAnd(values, Scalar::null(columnar::boolean())), makeBoolArray({N, false, N}));
  expectArrayEquals(*booleanXor(Scalar::boolean(true), Scalar::boolean(false)), makeBoolArray({true}));
}

TEST(BooleanTest, SlicedInputsMatchAPlainLoop) {
  std::mt19937 random(3);
  std::vector<std::optional<bool>> left, right;
  for (int i = 0; i < 400; ++i) {
    left.push_back(random() % 4 == 0 ? std::nullopt : std::optional<bool>(random() % 2 == 0));
    right.push_back(random() % 3 == 0 ? std::nullopt : std::optional<bool>(random() % 2 == 0));
  }
  Array l = makeBoolArray(left);
  Array r = makeBoolArray(right);
  const size_t leftOffset = 3, rightOffset = 70, length = 301;
  std::vector<std::optional<bool>> ands, ors;
  for (size_t i = 0; i < length; ++i) {
    const auto a = left[leftOffset + i];
    const auto b = right[rightOffset + i];
    if ((a && !*a) || (b && !*b)) {
      ands.push_back(false);
    } else if (a && b) {
      ands.push_back(true);
    } else {
      ands.push_back(N);
    }
    if ((a && *a) || (b && *b)) {
      ors.push_back(true);
    } else if (a && b) {
      ors.push_back(false);
    } else {
      ors.push_back(N);
    }
  }
  Array ls = l.slice(leftOffset, length);
  Array rs = r.slice(rightOffset, length);
  expectArrayEquals(*booleanAnd(ls, rs), makeBoolArray(ands));
  expectArrayEquals(*booleanOr(ls, rs), makeBoolArray(ors));
}

TEST(BooleanTest, IsNullIsValid) {
  Array values = columnar::makeArray<int32_t>(columnar::int32(), {1, N, 3, N, 5, 6, 7, 8, N, 10});
  expectArrayEquals(*isNull(values),
                    makeBoolArray({false, true, false, true, false, false, false, false, true, false}));
  expectArrayEquals(*isValid(values.slice(3, 6)), makeBoolArray({false, true, true, true, true, false}));
  Array noNulls = columnar::makeArray<int32_t>(columnar::int32(), {1, 2});
  expectArrayEquals(*isNull(noNulls), makeBoolArray({false, false}));
  columnar::NullBuilder nulls;
  ASSERT_TRUE(nulls.appendNulls(2).ok());
  expectArrayEquals(*isNull(*nulls.finish()), makeBoolArray({true, true}));
  expectArrayEquals(*isValid(columnar::makeStringArray({})), makeBoolArray({}));
}

TEST(BooleanTest, Errors) {
  Array ints = columnar::makeArray<int32_t>(columnar::int32(), {1});
  EXPECT_EQ(booleanAnd(ints, makeBoolArray({true})).status().toString(),
            "Type error: cannot and int32 and bool: both sides must be bool");
  EXPECT_EQ(booleanNot(ints).status().toString(), "Type error: cannot apply not to int32: it must be bool");
  EXPECT_EQ(booleanOr(makeBoolArray({true}), makeBoolArray({true, false})).status().toString(),
            "Invalid: cannot or arrays of different lengths (1 and 2)");
}

}  // namespace
}  // namespace sabot::compute
