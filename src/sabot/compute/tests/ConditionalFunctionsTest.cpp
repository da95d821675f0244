#include "sabot/compute/ConditionalFunctions.h"

#include <gtest/gtest.h>

#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/compute/Expression.h"
#include "sabot/compute/tests/ArrayMatchers.h"

namespace sabot::compute {
namespace {

using columnar::makeArray;
using columnar::makeBoolArray;
using columnar::makeStringArray;
using testing::expectArrayEquals;

constexpr auto N = std::nullopt;

class ConditionalFunctionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    schema_ = columnar::schema({columnar::field("price", columnar::int64()),
                                columnar::field("bidder", columnar::int64()),
                                columnar::field("flag", columnar::boolean()),
                                columnar::field("name", columnar::utf8())});
    batch_ = *columnar::RecordBatch::make(
        schema_, {makeArray<int64_t>(columnar::int64(), {5, 50'000, 2'000'000, N}),
                  makeArray<int64_t>(columnar::int64(), {1, 2, N, 4}), makeBoolArray({true, N, false, true}),
                  makeStringArray({"a", "b", "c", "d"})});
  }

  Array run(const Expression& expression) {
    auto bound = bind(expression, *schema_);
    EXPECT_TRUE(bound.ok()) << bound.status().toString();
    if (!bound.ok()) return {};
    auto result = evaluate(*bound, *batch_);
    EXPECT_TRUE(result.ok()) << result.status().toString();
    return result.ok() ? *result : Array();
  }

  Status bindError(const Expression& expression) { return bind(expression, *schema_).status(); }

  columnar::SchemaPtr schema_;
  columnar::RecordBatchPtr batch_;
};

TEST_F(ConditionalFunctionsTest, FirstTrueConditionWins) {
  // Nexmark q15's price ranks; a null price matches no condition.
  const Expression rank = call("case_when", {col("price") < lit(10'000), lit("rank1"), col("price") < lit(1'000'000),
                                             lit("rank2"), lit("rank3")});
  expectArrayEquals(run(rank), makeStringArray({"rank1", "rank2", "rank3", "rank3"}));
  // Without ELSE: null.
  expectArrayEquals(run(call("case_when", {col("price") < lit(10'000), col("name")})),
                    makeStringArray({"a", N, N, N}));
}

TEST_F(ConditionalFunctionsTest, NullConditionsCountAsFalse) {
  expectArrayEquals(run(call("case_when", {col("flag"), lit(1), lit(0)})),
                    makeArray<int64_t>(columnar::int64(), {1, 0, 0, 1}));
}

TEST_F(ConditionalFunctionsTest, FilteredValuesForCountDistinct) {
  // COUNT(DISTINCT bidder) FILTER (WHERE price >= 10000) counts this column.
  expectArrayEquals(run(call("case_when", {col("price") >= lit(10'000), col("bidder")})),
                    makeArray<int64_t>(columnar::int64(), {N, 2, N, N}));
  // A typed null literal as ELSE.
  expectArrayEquals(run(call("case_when", {col("flag"), col("bidder"), lit(Scalar::null(columnar::int64()))})),
                    makeArray<int64_t>(columnar::int64(), {1, N, N, 4}));
  // An untyped null takes the values' type.
  expectArrayEquals(run(call("case_when", {col("flag"), lit(Scalar()), col("price")})),
                    makeArray<int64_t>(columnar::int64(), {N, 50'000, 2'000'000, N}));
}

TEST_F(ConditionalFunctionsTest, TypesAreChecked) {
  EXPECT_EQ(bindError(call("case_when", {col("price"), lit(1)})).code(), StatusCode::kTypeError);
  EXPECT_EQ(bindError(call("case_when", {col("flag"), col("name"), col("price")})).code(), StatusCode::kTypeError);
  EXPECT_EQ(bindError(call("case_when", {col("flag"), lit(Scalar())})).code(), StatusCode::kTypeError);
  EXPECT_FALSE(bindError(call("case_when", {col("flag")})).ok());
  // The kernel checks too.
  EXPECT_EQ(caseWhen({Datum(batch_->column(0)), Datum(batch_->column(1))}, columnar::int64()).status().code(),
            StatusCode::kTypeError);
}

}  // namespace
}  // namespace sabot::compute
