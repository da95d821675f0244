#include "sabot/compute/Sort.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/compute/tests/ArrayMatchers.h"

namespace sabot::compute {
namespace {

using columnar::makeArray;
using columnar::makeStringArray;

constexpr auto N = std::nullopt;

std::vector<uint64_t> indices(const Result<Array>& result) {
  EXPECT_TRUE(result.ok()) << result.status().toString();
  if (!result.ok()) return {};
  EXPECT_EQ(result->typeId(), TypeId::kUInt64);
  return {result->values<uint64_t>(), result->values<uint64_t>() + result->length()};
}

using Rows = std::vector<uint64_t>;

TEST(SortTest, AscendingDescendingNullPlacementAndStability) {
  Array values = makeArray<int64_t>(columnar::int64(), {3, N, 1, 3, 2, N, 1});
  EXPECT_EQ(indices(sortIndices(values)), (Rows{2, 6, 4, 0, 3, 1, 5}));
  EXPECT_EQ(indices(sortIndices(values, SortOrder::kAscending, NullPlacement::kAtStart)), (Rows{1, 5, 2, 6, 4, 0, 3}));
  // Descending keeps equal values in input order too.
  EXPECT_EQ(indices(sortIndices(values, SortOrder::kDescending)), (Rows{0, 3, 4, 2, 6, 1, 5}));
  EXPECT_EQ(indices(sortIndices(values, SortOrder::kDescending, NullPlacement::kAtStart)), (Rows{1, 5, 0, 3, 4, 2, 6}));
}

TEST(SortTest, FloatsNaNAndSignedZero) {
  Array values = makeArray<double>(columnar::float64(), {NAN, 1.0, -0.0, 0.0, -INFINITY, N});
  EXPECT_EQ(indices(sortIndices(values)), (Rows{4, 2, 3, 1, 0, 5}));
  EXPECT_EQ(indices(sortIndices(values, SortOrder::kDescending)), (Rows{0, 1, 2, 3, 4, 5}));
}

TEST(SortTest, StringsBoolsDecimalsDictionaries) {
  Array strings = makeStringArray({"pear", "apple", N, "Zebra", "apple", ""});
  EXPECT_EQ(indices(sortIndices(strings)), (Rows{5, 3, 1, 4, 0, 2}));
  EXPECT_EQ(indices(sortIndices(makeStringArray({"b", "a"}, columnar::largeBinary()))), (Rows{1, 0}));
  EXPECT_EQ(indices(sortIndices(columnar::makeBoolArray({true, false, N, false}))), (Rows{1, 3, 0, 2}));
  columnar::Decimal128Builder decimals(columnar::decimal128(30, 2));
  ASSERT_TRUE(decimals.append(static_cast<__int128>(1) << 80).ok());
  ASSERT_TRUE(decimals.append(-5).ok());
  EXPECT_EQ(indices(sortIndices(*decimals.finish())), (Rows{1, 0}));
  columnar::DictionaryBuilder dictionary(columnar::dictionary(columnar::int8(), columnar::utf8()));
  for (const char* value : {"m", "c", "x", "c"}) ASSERT_TRUE(dictionary.append(value).ok());
  EXPECT_EQ(indices(sortIndices(*dictionary.finish(), SortOrder::kDescending)), (Rows{2, 0, 1, 3}));
}

TEST(SortTest, SlicedInputMatchesStableSort) {
  const auto values = testing::randomInt64s(1000, -30, 30, 6, 51);
  Array array = makeArray<int64_t>(columnar::int64(), values);
  const size_t offset = 37, length = 901;
  Rows expected(length);
  std::iota(expected.begin(), expected.end(), 0);
  std::stable_sort(expected.begin(), expected.end(), [&](uint64_t a, uint64_t b) {
    const auto& x = values[offset + a];
    const auto& y = values[offset + b];
    if (!x || !y) return x.has_value() && !y.has_value();  // nulls last
    return *x > *y;
  });
  EXPECT_EQ(indices(sortIndices(array.slice(offset, length), SortOrder::kDescending)), expected);
}

TEST(SortTest, SeveralKeys) {
  Array group = makeStringArray({"b", "a", "b", "a", N, "a"});
  Array score = makeArray<int32_t>(columnar::int32(), {1, 5, 7, N, 2, 5});
  // group ascending (nulls first), then score descending (nulls last).
  auto result = sortIndices({SortKey{group, SortOrder::kAscending, NullPlacement::kAtStart},
                             SortKey{score, SortOrder::kDescending, NullPlacement::kAtEnd}});
  EXPECT_EQ(indices(result), (Rows{4, 1, 5, 3, 2, 0}));
  EXPECT_EQ(indices(sortIndices({SortKey{group.slice(1, 4)}, SortKey{score.slice(1, 4)}})), (Rows{0, 2, 1, 3}));
}

TEST(SortTest, EdgeCasesAndErrors) {
  EXPECT_EQ(indices(sortIndices(makeArray<int64_t>(columnar::int64(), {}))), Rows{});
  columnar::NullBuilder nulls;
  ASSERT_TRUE(nulls.appendNulls(3).ok());
  EXPECT_EQ(indices(sortIndices(*nulls.finish())), (Rows{0, 1, 2}));
  EXPECT_EQ(sortIndices(std::vector<SortKey>{}).status().toString(), "Invalid: sortIndices: needs at least one sort key");
  EXPECT_EQ(sortIndices({SortKey{makeArray<int64_t>(columnar::int64(), {1})}, SortKey{makeStringArray({"a", "b"})}})
                .status()
                .toString(),
            "Invalid: sortIndices: sort key 1 has 2 rows, key 0 has 1");
  auto type = columnar::struct_({columnar::field("a", columnar::int64())});
  auto builder = *columnar::makeBuilder(type);
  ASSERT_TRUE(builder->appendNull().ok());
  EXPECT_EQ(sortIndices(*builder->finish()).status().toString(), "Type error: cannot sort by struct<a: int64> values");
}

}  // namespace
}  // namespace sabot::compute
