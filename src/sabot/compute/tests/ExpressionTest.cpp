#include "sabot/compute/Expression.h"

#include <gtest/gtest.h>

#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/compute/Arithmetic.h"
#include "sabot/compute/Selection.h"
#include "sabot/compute/tests/ArrayMatchers.h"

namespace sabot::compute {
namespace {

using columnar::makeArray;
using columnar::makeBoolArray;
using columnar::makeStringArray;
using testing::expectArrayEquals;

constexpr auto N = std::nullopt;

class ExpressionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    schema_ = columnar::schema({
        columnar::field("price", columnar::float64()),
        columnar::field("qty", columnar::int32()),
        columnar::field("a", columnar::int64(), false),
        columnar::field("name", columnar::utf8()),
        columnar::field("flag", columnar::boolean()),
        columnar::field("ts", columnar::timestamp(columnar::TimeUnit::kMilli)),
    });
    batch_ = *columnar::RecordBatch::make(
        schema_, {makeArray<double>(columnar::float64(), {50.0, 150.0, N, 100.5}),
                  makeArray<int32_t>(columnar::int32(), {1, N, 3, 2000000000}),
                  makeArray<int64_t>(columnar::int64(), {1, 2, 3, 4}),
                  makeStringArray({"Apple", "banana", N, "Cherry"}),
                  makeBoolArray({true, false, N, true}),
                  makeArray<int64_t>(columnar::timestamp(columnar::TimeUnit::kMilli), {0, 86400000, N, 1000})});
  }

  Array run(const Expression& expression) {
    auto bound = bind(expression, *schema_);
    EXPECT_TRUE(bound.ok()) << bound.status().toString();
    if (!bound.ok()) return {};
    auto result = evaluate(*bound, *batch_);
    EXPECT_TRUE(result.ok()) << result.status().toString();
    if (!result.ok()) return {};
    EXPECT_TRUE(result->type()->equals(*bound->type()));
    return *result;
  }

  Status bindError(const Expression& expression) {
    auto bound = bind(expression, *schema_);
    return bound.ok() ? Status::OK() : bound.status();
  }

  columnar::SchemaPtr schema_;
  columnar::RecordBatchPtr batch_;
};

TEST_F(ExpressionTest, ComparisonWithLiteral) {
  expectArrayEquals(run(col("price") > lit(100)), makeBoolArray({false, true, N, true}));
  expectArrayEquals(run(lit(100) < col("price")), makeBoolArray({false, true, N, true}));
  expectArrayEquals(run(col("name") == lit("banana")), makeBoolArray({false, true, N, false}));
  expectArrayEquals(run(col("ts") >= lit("1970-01-02")), makeBoolArray({false, true, N, false}));
}

TEST_F(ExpressionTest, ArithmeticAndAlias) {
  expectArrayEquals(run(col("a") * lit(2)), makeArray<int64_t>(columnar::int64(), {2, 4, 6, 8}));
  expectArrayEquals(run(col("price") * lit(0.5)), makeArray<double>(columnar::float64(), {25.0, 75.0, N, 50.25}));
  // int32 column + int64 column -> int64; int32 column + fitting literal stays int32.
  expectArrayEquals(run(col("qty") + col("a")), makeArray<int64_t>(columnar::int64(), {2, N, 6, 2000000004}));
  auto bound = *bind(col("qty") + lit(1), *schema_);
  EXPECT_EQ(bound.type()->toString(), "int32");
  EXPECT_EQ(bound.name(), "add(qty, 1)");
  auto aliased = *bind((col("price") * lit(0.908)).alias("euros"), *schema_);
  EXPECT_EQ(aliased.name(), "euros");
  EXPECT_EQ(aliased.field()->toString(), "euros: float64");
  expectArrayEquals(run(-col("a")), makeArray<int64_t>(columnar::int64(), {-1, -2, -3, -4}));
}

TEST_F(ExpressionTest, BooleanLogic) {
  expectArrayEquals(run(and_(col("flag"), col("price") > lit(100))), makeBoolArray({false, false, N, true}));
  expectArrayEquals(run(col("flag") || col("price") > lit(100)), makeBoolArray({true, true, N, true}));
  expectArrayEquals(run(!col("flag")), makeBoolArray({false, true, N, false}));
  expectArrayEquals(run(isNull(col("name"))), makeBoolArray({false, false, true, false}));
  expectArrayEquals(run(call("is_not_null", {col("name")})), makeBoolArray({true, true, false, true}));
  // A null literal in and/or is a bool null.
  expectArrayEquals(run(and_(col("flag"), lit(Scalar()))), makeBoolArray({N, false, N, N}));
}

TEST_F(ExpressionTest, StringFunctionsAndCast) {
  expectArrayEquals(run(call("lower", {col("name")})), makeStringArray({"apple", "banana", N, "cherry"}));
  expectArrayEquals(run(call("contains", {col("name"), lit("an")})), makeBoolArray({false, true, N, false}));
  expectArrayEquals(run(call("substring", {col("name"), lit(2), lit(3)})), makeStringArray({"ppl", "ana", N, "her"}));
  expectArrayEquals(run(call("length", {col("name")})), makeArray<int32_t>(columnar::int32(), {5, 6, N, 6}));
  expectArrayEquals(run(cast(col("qty"), columnar::float64())),
                    makeArray<double>(columnar::float64(), {1.0, N, 3.0, 2000000000.0}));
  expectArrayEquals(run(cast(col("a"), columnar::utf8())), makeStringArray({"1", "2", "3", "4"}));
}

TEST_F(ExpressionTest, ConstantsAreFoldedAndBroadcast) {
  auto bound = *bind(lit(2) + lit(3), *schema_);
  EXPECT_EQ(bound.toString(), "5");
  EXPECT_EQ(bound.name(), "add(2, 3)");
  expectArrayEquals(*evaluate(bound, *batch_), makeArray<int64_t>(columnar::int64(), {5, 5, 5, 5}));
  auto datum = *evaluateDatum(bound, *batch_);
  ASSERT_TRUE(datum.isScalar());
  EXPECT_EQ(datum.scalar().value<int64_t>(), 5);
  expectArrayEquals(run(col("a") + (lit(1) + lit(1))), makeArray<int64_t>(columnar::int64(), {3, 4, 5, 6}));
  // Folding surfaces value errors at plan time.
  EXPECT_EQ(bindError(lit(1) / lit(0)).toString(), "Invalid: divide(1, 0): division by zero at row 0");
}

TEST_F(ExpressionTest, TypeErrorsAtBindTime) {
  EXPECT_EQ(bindError(col("name") > lit(5)).toString(),
            "Type error: cannot compare utf8 column 'name' with int64 literal 5");
  EXPECT_EQ(bindError(col("name") + col("a")).toString(),
            "Type error: cannot add utf8 column 'name' and int64 column 'a'");
  EXPECT_EQ(bindError(col("price") == lit("x")).toString(),
            "Type error: cannot compare float64 column 'price' with utf8 literal 'x'");
  EXPECT_EQ(bindError(col("ts") > lit("not a time")).toString(),
            "Type error: cannot compare timestamp[ms] column 'ts' with utf8 literal 'not a time'");
  EXPECT_EQ(bindError(and_(col("flag"), col("a"))).toString(),
            "Type error: and needs bool arguments, got int64 column 'a'");
  EXPECT_EQ(bindError(call("lower", {col("a") * lit(2)})).toString(),
            "Type error: lower needs a utf8 argument, got int64 expression multiply(a, 2)");
  EXPECT_EQ(bindError(call("contains", {col("name"), col("name")})).toString(),
            "Type error: contains needs a non-null utf8 literal as argument 2, got utf8 column 'name'");
  EXPECT_EQ(bindError(cast(col("flag"), columnar::list(columnar::int32()))).toString(),
            "Type error: cannot cast bool column 'flag' to list<item: int32>");
  EXPECT_EQ(bindError(-cast(col("qty"), columnar::uint8())).toString(),
            "Type error: cannot negate uint8 expression cast(qty, uint8)");
}

TEST_F(ExpressionTest, NameAndArityErrors) {
  Status missing = bindError(col("nope") > lit(1));
  EXPECT_TRUE(missing.isKeyError()) << missing.toString();
  EXPECT_NE(missing.message().find("nope"), std::string::npos) << missing.toString();
  EXPECT_EQ(bindError(call("frobnicate", {col("a")})).toString(),
            "Key error: unknown function 'frobnicate' in frobnicate(a)");
  EXPECT_EQ(bindError(call("lower", {col("name"), col("name")})).toString(),
            "Invalid: function 'lower' takes 1 argument, got 2 in lower(name, name)");
  EXPECT_EQ(bindError(call("substring", {col("name")})).toString(),
            "Invalid: function 'substring' takes 2 to 3 arguments, got 1 in substring(name)");
  EXPECT_EQ(bindError(call("cast", {col("a")})).toString(),
            "Invalid: cast needs CastFunctionOptions naming the target type");
}

TEST_F(ExpressionTest, RuntimeValueErrorsNameTheExpressionAndRow) {
  auto bound = *bind(col("qty") * lit(2), *schema_);
  auto result = evaluate(bound, *batch_);
  EXPECT_EQ(result.status().toString(),
            "Invalid: multiply(qty, 2): integer overflow in multiply at row 3: 2000000000 * 2 does not fit int32");
  auto wrapping = *bind(call("multiply_wrapping", {col("qty"), lit(2)}), *schema_);
  EXPECT_EQ(evaluate(wrapping, *batch_)->value<int32_t>(3), static_cast<int32_t>(4000000000u));
  // A batch of another schema is rejected, not misread.
  auto other = *columnar::RecordBatch::make(columnar::schema({columnar::field("price", columnar::utf8())}),
                                            {makeStringArray({"x"})});
  EXPECT_EQ(evaluate(*bind(col("price") > lit(1), *schema_), *other).status().toString(),
            "Invalid: the batch does not match the schema price was bound to: column 0 is utf8");
}

TEST_F(ExpressionTest, FilterThenProject) {
  auto predicate = *bind(col("price") > lit(100), *schema_);
  auto mask = *evaluate(predicate, *batch_);
  auto filtered = *filter(*batch_, mask);
  auto projection = *Projection::make({(col("a") * lit(2)).alias("a2"), (col("price") * lit(0.908)).alias("euros"),
                                       col("name")},
                                      *schema_);
  EXPECT_EQ(projection.outputSchema()->toString(), projection.outputSchema()->toString());
  EXPECT_EQ(projection.outputSchema()->field(0)->toString(), "a2: int64");
  EXPECT_EQ(projection.outputSchema()->field(2)->toString(), "name: utf8");
  auto projected = *projection.project(*filtered);
  EXPECT_EQ(projected->numRows(), 2);
  expectArrayEquals(projected->column(0), makeArray<int64_t>(columnar::int64(), {4, 8}));
  expectArrayEquals(projected->column(1), makeArray<double>(columnar::float64(), {150.0 * 0.908, 100.5 * 0.908}));
  expectArrayEquals(projected->column(2), makeStringArray({"banana", "Cherry"}));
}

TEST_F(ExpressionTest, FusedFilterAndProjectReadsOnlyReferencedColumns) {
  auto projection = *Projection::make({(col("a") * lit(2)).alias("a2"), (col("price") * lit(0.908)).alias("euros")},
                                      *schema_);
  EXPECT_EQ(projection.referencedColumns(), (std::vector<int>{0, 2}));
  EXPECT_EQ(bind(col("name") == lit("x"), *schema_)->referencedColumns(), (std::vector<int>{3}));
  auto mask = *evaluate(*bind(col("price") > lit(100), *schema_), *batch_);
  auto fused = *projection.filterAndProject(*batch_, mask);
  auto separate = *projection.project(**filter(*batch_, mask));
  EXPECT_TRUE(fused->equals(*separate)) << fused->toString() << separate->toString();
  EXPECT_EQ(fused->numRows(), 2);
  // Constant-only projections still get the filtered row count.
  auto constant = *Projection::make({lit(1)}, *schema_);
  EXPECT_EQ((*constant.filterAndProject(*batch_, mask))->numRows(), 2);
  EXPECT_EQ(projection.filterAndProject(*batch_, makeBoolArray({true})).status().toString(),
            "Invalid: filterAndProject: the mask must be a bool array of 4 rows, got bool of 1 rows");
}

TEST_F(ExpressionTest, ToStringAndEquals) {
  Expression e = and_(col("price") > lit(100), call("starts_with", {col("name"), lit("A")}));
  EXPECT_EQ(e.toString(), "and(greater(price, 100), starts_with(name, 'A'))");
  EXPECT_TRUE(e.equals(and_(col("price") > lit(100), call("starts_with", {col("name"), lit("A")}))));
  EXPECT_FALSE(e.equals(and_(col("price") > lit(101), call("starts_with", {col("name"), lit("A")}))));
  EXPECT_FALSE(col("a").equals(col("a").alias("b")));
  EXPECT_EQ(cast(col("x"), columnar::int8(), CastOptions{false}).toString(), "cast(x, int8 unsafe)");
  EXPECT_TRUE(cast(col("x"), columnar::int8()).equals(cast(col("x"), columnar::int8())));
  EXPECT_FALSE(cast(col("x"), columnar::int8()).equals(cast(col("x"), columnar::int16())));
}

TEST(FunctionRegistryTest, RegistersAndRejectsDuplicates) {
  FunctionRegistry registry;
  ASSERT_TRUE(registerBuiltinFunctions(registry).ok());
  EXPECT_NE(registry.find("greater"), nullptr);
  EXPECT_EQ(registry.find("length"), registry.find("char_length"));
  EXPECT_EQ(registry.add(Function{"greater", 2, 2, "", registry.find("greater")->resolve,
                                  registry.find("greater")->kernel})
                .toString(),
            "Invalid: function 'greater' is already registered");
  EXPECT_EQ(registry.addAlias("size", "nope").toString(), "Key error: cannot alias unknown function 'nope'");
  EXPECT_EQ(registry.addAlias("lower", "upper").toString(), "Invalid: function 'lower' is already registered");
  EXPECT_EQ(registry.add(Function{"broken", 1, 1, "", nullptr, nullptr}).toString(),
            "Invalid: function 'broken' needs a type resolver and a kernel");
  // A user function is one registration away.
  Function twice{"twice", 1, 1, "twice(x) -> x * 2",
                 [](const std::vector<ArgumentInfo>& args, const FunctionOptions*) -> Result<ResolvedCall> {
                   return ResolvedCall{args[0].type, {}};
                 },
                 [](const std::vector<Datum>& args, const FunctionOptions*, MemoryPool* pool) {
                   return add(args[0], args[0], ArithmeticOptions{}, pool);
                 }};
  ASSERT_TRUE(registry.add(std::move(twice)).ok());
  auto schema = columnar::schema({columnar::field("x", columnar::int64())});
  auto batch = *columnar::RecordBatch::make(schema, {makeArray<int64_t>(columnar::int64(), {1, 5})});
  auto bound = *bind(call("twice", {col("x")}), *schema, &registry);
  expectArrayEquals(*evaluate(bound, *batch), makeArray<int64_t>(columnar::int64(), {2, 10}));
  EXPECT_TRUE(bind(call("twice", {col("x")}), *schema).status().isKeyError());
}

}  // namespace
}  // namespace sabot::compute
