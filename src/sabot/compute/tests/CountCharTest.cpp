#include "sabot/compute/CountChar.h"

#include <gtest/gtest.h>

#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/compute/Expression.h"
#include "sabot/compute/tests/ArrayMatchers.h"

namespace sabot::compute {
namespace {

using columnar::makeArray;
using columnar::makeStringArray;
using testing::expectArrayEquals;

constexpr auto N = std::nullopt;

TEST(CountCharTest, CountsOneCharacter) {
  const Array values = makeStringArray({"accept", N, "", "xyz", "ccc", "éaé"});
  expectArrayEquals(*countChar(values, "c"), makeArray<int64_t>(columnar::int64(), {2, N, 0, 0, 3, 0}));
  expectArrayEquals(*countChar(values, "é"), makeArray<int64_t>(columnar::int64(), {0, N, 0, 0, 0, 2}));
  expectArrayEquals(*countChar(values.slice(4), "c"), makeArray<int64_t>(columnar::int64(), {3, 0}));
  // Every value empty: the array may have no data buffer.
  expectArrayEquals(*countChar(makeStringArray({"", ""}), "c"), makeArray<int64_t>(columnar::int64(), {0, 0}));
}

TEST(CountCharTest, NeedsExactlyOneCharacter) {
  const Array values = makeStringArray({"a"});
  EXPECT_EQ(countChar(values, "").status().code(), StatusCode::kInvalid);
  EXPECT_EQ(countChar(values, "ab").status().code(), StatusCode::kInvalid);
  EXPECT_EQ(countChar(makeArray<int64_t>(columnar::int64(), {1}), "a").status().code(), StatusCode::kTypeError);
  auto schema = columnar::schema({columnar::field("extra", columnar::utf8())});
  EXPECT_EQ(bind(call("count_char", {col("extra"), lit("cc")}), *schema).status().code(), StatusCode::kInvalid);
  auto bound = bind(call("count_char", {col("extra"), lit("c")}), *schema);
  ASSERT_TRUE(bound.ok()) << bound.status().toString();
  auto batch = *columnar::RecordBatch::make(schema, {makeStringArray({"cbc"})});
  expectArrayEquals(*evaluate(*bound, *batch), makeArray<int64_t>(columnar::int64(), {2}));
}

}  // namespace
}  // namespace sabot::compute
