#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/compute/tests/ArrayMatchers.h"
#include "sabot/sql/ExpressionParser.h"

namespace sabot::sql {
namespace {

using columnar::makeArray;
using compute::col;
using compute::Expression;
using compute::lit;
using ::testing::HasSubstr;

class SelectListTest : public ::testing::Test {
 protected:
  void SetUp() override {
    schema_ = columnar::schema({
        columnar::field("auction", columnar::int64()),
        columnar::field("price", columnar::float64()),
        columnar::field("Bidder Name", columnar::utf8()),
    });
  }

  std::vector<Expression> parse(std::string_view text) {
    auto items = parseSelectList(text, *schema_);
    EXPECT_TRUE(items.ok()) << text << ": " << items.status().toString();
    return items.ok() ? *items : std::vector<Expression>{};
  }

  void expectItems(std::string_view text, const std::vector<Expression>& expected) {
    const std::vector<Expression> actual = parse(text);
    ASSERT_EQ(actual.size(), expected.size()) << text;
    for (size_t i = 0; i < actual.size(); ++i) {
      EXPECT_TRUE(actual[i].equals(expected[i]))
          << text << " item " << i << "\n  parsed:   " << actual[i].toString() << " AS '"
          << actual[i].aliasName() << "'\n  expected: " << expected[i].toString() << " AS '"
          << expected[i].aliasName() << "'";
    }
  }

  /// The output schema a Projection of the list has, as text.
  std::string outputSchema(std::string_view text) {
    auto projection = compute::Projection::make(parse(text), *schema_);
    EXPECT_TRUE(projection.ok()) << projection.status().toString();
    return projection.ok() ? projection->outputSchema()->toString() : "";
  }

  std::string error(std::string_view text) {
    auto items = parseSelectList(text, *schema_);
    EXPECT_FALSE(items.ok()) << text;
    return items.ok() ? "" : items.status().toString();
  }

  columnar::SchemaPtr schema_;
};

TEST_F(SelectListTest, ColumnsAndAliases) {
  expectItems("auction", {col("auction")});
  expectItems("auction, price * 0.908 AS euros",
              {col("auction"), (col("price") * lit(0.908)).alias("euros")});
  expectItems("price * 2 doubled", {(col("price") * lit(2)).alias("doubled")});
  expectItems("auction AS id", {col("auction").alias("id")});
  expectItems("auction id", {col("auction").alias("id")});
  expectItems("price AS \"Euro Price\"", {col("price").alias("Euro Price")});
  expectItems("\"Bidder Name\"", {col("Bidder Name")});
  expectItems("(auction)", {col("auction")});
}

TEST_F(SelectListTest, ComputedItemsAreNamedByTheirText) {
  expectItems("price * 2", {(col("price") * lit(2)).alias("price * 2")});
  expectItems("price*2", {(col("price") * lit(2)).alias("price*2")});
  // Whitespace runs and comments become one space.
  expectItems("price   *\n 2 /* twice */ + 1",
              {(col("price") * lit(2) + lit(1)).alias("price * 2 + 1")});
  expectItems("lower(\"Bidder Name\")",
              {compute::call("lower", {col("Bidder Name")}).alias("lower(\"Bidder Name\")")});
  expectItems("5", {lit(5).alias("5")});
}

TEST_F(SelectListTest, StarExpandsToEveryInputColumn) {
  expectItems("*", {col("auction"), col("price"), col("Bidder Name")});
  expectItems("*, price * 2 AS double_price", {col("auction"), col("price"), col("Bidder Name"),
                                               (col("price") * lit(2)).alias("double_price")});
  expectItems("auction AS a, *",
              {col("auction").alias("a"), col("auction"), col("price"), col("Bidder Name")});
}

TEST_F(SelectListTest, ProjectionUsesTheNames) {
  EXPECT_EQ(
      outputSchema("*, price * 2, auction AS id"),
      outputSchema("auction, price, \"Bidder Name\", price * 2 AS \"price * 2\", auction id"));
  auto projection = compute::Projection::make(parse("auction, price * 2, price AS p"), *schema_);
  ASSERT_TRUE(projection.ok()) << projection.status().toString();
  const auto& output = *projection->outputSchema();
  ASSERT_EQ(output.numFields(), 3);
  EXPECT_EQ(output.field(0)->name(), "auction");
  EXPECT_EQ(output.field(1)->name(), "price * 2");
  EXPECT_EQ(output.field(2)->name(), "p");

  auto batch =
      columnar::RecordBatch::make(schema_, {makeArray<int64_t>(columnar::int64(), {7, 8}),
                                            makeArray<double>(columnar::float64(), {1.5, 2.0}),
                                            columnar::makeStringArray({"x", "y"})});
  ASSERT_TRUE(batch.ok());
  auto projected = projection->project(**batch);
  ASSERT_TRUE(projected.ok()) << projected.status().toString();
  compute::testing::expectArrayEquals((*projected)->column(1),
                                      makeArray<double>(columnar::float64(), {3.0, 4.0}));
}

TEST_F(SelectListTest, DuplicateOutputNamesAreErrors) {
  EXPECT_EQ(error("price, price"),
            "Invalid: duplicate output column name \"price\": select items 1 and 2 both produce "
            "it; rename one "
            "with AS (at column 8 of \"price, price\")");
  EXPECT_THAT(error("*, price"),
              HasSubstr("duplicate output column name \"price\": select items 1 and 2"));
  EXPECT_THAT(error("auction AS x, price AS x"), HasSubstr("duplicate output column name \"x\""));
  EXPECT_THAT(error("price * 2, price * 2"),
              HasSubstr("duplicate output column name \"price * 2\""));
  // Different spellings of the same computation have different names.
  EXPECT_EQ(parse("price * 2, price*2").size(), 2u);
}

TEST_F(SelectListTest, SyntaxErrors) {
  EXPECT_EQ(
      error(""),
      "Invalid: syntax error at column 1 of \"\": expected an expression or '*', found the end of "
      "the input");
  EXPECT_EQ(error("auction,"),
            "Invalid: syntax error at column 9 of \"auction,\": expected an expression or '*', "
            "found the end of the input");
  EXPECT_EQ(error("auction x y"),
            "Invalid: syntax error at column 11 of \"auction x y\": expected ',' or the end of "
            "the select list, found y");
  EXPECT_EQ(error("price AS"),
            "Invalid: syntax error at column 9 of \"price AS\": expected a name after AS, found "
            "the end of the input");
  EXPECT_EQ(error("price AS FROM"),
            "Invalid: syntax error at column 10 of \"price AS FROM\": expected a name after AS, "
            "found FROM");
  EXPECT_EQ(error("* AS everything"),
            "Invalid: syntax error at column 3 of \"* AS everything\": '*' cannot have an "
            "alias");
  EXPECT_EQ(error("price FROM t"),
            "Invalid: syntax error at column 7 of \"price FROM t\": expected ',' or the end of "
            "the select list, found FROM");
  EXPECT_THAT(error("price > AND 1"), HasSubstr("column 9"));
}

}  // namespace
}  // namespace sabot::sql
