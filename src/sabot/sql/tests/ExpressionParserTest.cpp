#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/columnar/Temporal.h"
#include "sabot/compute/tests/ArrayMatchers.h"
#include "sabot/sql/ExpressionParser.h"

namespace sabot::sql {
namespace {

using columnar::makeArray;
using columnar::makeBoolArray;
using columnar::makeStringArray;
using compute::Array;
using compute::call;
using compute::col;
using compute::Expression;
using compute::lit;
using compute::Scalar;
using compute::testing::expectArrayEquals;
using ::testing::HasSubstr;

constexpr auto N = std::nullopt;

Expression parseOrDie(std::string_view text) {
  auto parsed = parseExpression(text);
  EXPECT_TRUE(parsed.ok()) << text << ": " << parsed.status().toString();
  return parsed.ok() ? *parsed : lit(Scalar());
}

void expectParse(std::string_view text, const Expression& expected) {
  const Expression actual = parseOrDie(text);
  EXPECT_TRUE(actual.equals(expected))
      << text << "\n  parsed:   " << actual.toString() << "\n  expected: " << expected.toString();
}

Status parseStatus(std::string_view text) {
  auto parsed = parseExpression(text);
  EXPECT_FALSE(parsed.ok()) << text << " parsed as " << (parsed.ok() ? parsed->toString() : "");
  return parsed.ok() ? Status::OK() : parsed.status();
}

/// The full message of a failed parse, code included ("Invalid: ...").
std::string parseError(std::string_view text) {
  return parseStatus(text).toString();
}

// ---------------------------------------------------------------- literals

TEST(ExpressionParserTest, NumberLiterals) {
  expectParse("42", lit(int64_t{42}));
  expectParse("0", lit(int64_t{0}));
  expectParse("9223372036854775807", lit(std::numeric_limits<int64_t>::max()));
  expectParse("-9223372036854775808", lit(std::numeric_limits<int64_t>::min()));
  expectParse("-42", lit(int64_t{-42}));
  expectParse("1.5", lit(1.5));
  expectParse(".5", lit(0.5));
  expectParse("2.", lit(2.0));
  expectParse("1e3", lit(1000.0));
  expectParse("2.5E-1", lit(0.25));
  expectParse("-1.25", lit(-1.25));
  EXPECT_EQ(parseOrDie("42").literal().type()->toString(), "int64");
  EXPECT_EQ(parseOrDie("1e3").literal().type()->toString(), "float64");
}

TEST(ExpressionParserTest, StringBooleanAndNullLiterals) {
  expectParse("'abc'", lit("abc"));
  expectParse("'it''s'", lit("it's"));
  expectParse("''", lit(""));
  expectParse("'caf\xc3\xa9'", lit("caf\xc3\xa9"));
  expectParse("TRUE", lit(true));
  expectParse("false", lit(false));
  const Expression null = parseOrDie("NULL");
  ASSERT_TRUE(null.isLiteral());
  EXPECT_TRUE(null.literal().isNull());
  EXPECT_EQ(null.literal().type()->toString(), "null");
}

TEST(ExpressionParserTest, DateAndTimestampLiterals) {
  expectParse("DATE '2015-07-15'", lit(Scalar::date32(*columnar::parseDate32("2015-07-15"))));
  const auto millis = columnar::timestamp(columnar::TimeUnit::kMilli);
  expectParse(
      "timestamp '2015-07-15 00:00:01.5'",
      lit(Scalar::timestamp(
          *columnar::parseTimestamp("2015-07-15 00:00:01.5", columnar::TimeUnit::kMilli), millis)));
  // Without a string after them, DATE and TIMESTAMP are column names.
  expectParse("date > 5", col("date") > lit(5));
  expectParse("TimeStamp", col("TimeStamp"));
}

// ------------------------------------------------------------- identifiers

TEST(ExpressionParserTest, IdentifiersKeepTheirCase) {
  expectParse("price", col("price"));
  expectParse("Price", col("Price"));
  expectParse("_a1$b", col("_a1$b"));
  expectParse("\"Unit Price\"", col("Unit Price"));
  expectParse("\"say \"\"hi\"\"\"", col("say \"hi\""));
  expectParse("\"select\" = 1", col("select") == lit(1));
  expectParse("pr\xc3\xa9sident", col("pr\xc3\xa9sident"));
}

TEST(ExpressionParserTest, CommentsAndWhitespace) {
  expectParse("  a\t=\n1  ", col("a") == lit(1));
  expectParse("a = 1 -- the rest is a comment", col("a") == lit(1));
  expectParse("a /* inline */ = /**/ 1", col("a") == lit(1));
}

// --------------------------------------------------------------- operators

TEST(ExpressionParserTest, ComparisonOperators) {
  expectParse("a = 1", col("a") == lit(1));
  expectParse("a == 1", col("a") == lit(1));
  expectParse("a <> 1", col("a") != lit(1));
  expectParse("a != 1", col("a") != lit(1));
  expectParse("a < 1", col("a") < lit(1));
  expectParse("a <= 1", col("a") <= lit(1));
  expectParse("a > 1", col("a") > lit(1));
  expectParse("a >= 1", col("a") >= lit(1));
  expectParse("a>=1", col("a") >= lit(1));
}

TEST(ExpressionParserTest, ArithmeticOperators) {
  expectParse("a + 1", col("a") + lit(1));
  expectParse("a - 1", col("a") - lit(1));
  expectParse("a * 1.5", col("a") * lit(1.5));
  expectParse("a / 2", col("a") / lit(2));
  expectParse("-a", -col("a"));
  expectParse("+a", col("a"));
  expectParse("- - 5", -lit(-5));
  expectParse("1 - -2", lit(1) - lit(-2));
  EXPECT_EQ(parseOrDie("price * 0.908").toString(), "multiply(price, 0.908)");
}

TEST(ExpressionParserTest, ModuloOperatorAndFunction) {
  const Expression a = col("a"), b = col("b"), c = col("c");
  const auto mod = [](Expression left, Expression right) {
    return call("modulo", {std::move(left), std::move(right)});
  };
  expectParse("a % 2", mod(a, lit(2)));
  expectParse("MOD(a, 123) = 0", mod(a, lit(123)) == lit(0));
  expectParse("mod(a, b)", mod(a, b));
  // % binds like * and /, left to right.
  expectParse("a + b % c", a + mod(b, c));
  expectParse("a * b % c", mod(a * b, c));
  expectParse("a % b * c", mod(a, b) * c);
  expectParse("-a % 3", mod(-a, lit(3)));
  EXPECT_EQ(parseOrDie("MOD(auction, 123) = 0").toString(), "equal(modulo(auction, 123), 0)");
  EXPECT_EQ(parseError("a %"),
            "Invalid: syntax error at column 4 of \"a %\": expected an expression, found the end of "
            "the input");
}

TEST(ExpressionParserTest, Precedence) {
  const Expression a = col("a"), b = col("b"), c = col("c"), d = col("d");
  expectParse("a OR b AND c", a || (b && c));
  expectParse("a AND b OR c AND d", (a && b) || (c && d));
  expectParse("NOT a AND b", !a && b);
  expectParse("NOT a = b", !(a == b));
  expectParse("NOT NOT a", !!a);
  expectParse("a = b AND c < d", (a == b) && (c < d));
  expectParse("a + b * c", a + b * c);
  expectParse("a * b + c", a * b + c);
  expectParse("a - b - c", (a - b) - c);
  expectParse("a / b * c", (a / b) * c);
  expectParse("a - (b - c)", a - (b - c));
  expectParse("-a * b", -a * b);
  expectParse("a < b + 1", a < b + lit(1));
  expectParse("a + 1 = b * 2", a + lit(1) == b * lit(2));
  expectParse("(a OR b) AND c", (a || b) && c);
  expectParse("((a))", a);
  // IS binds looser than =, as in PostgreSQL.
  expectParse("a = b IS NULL", compute::isNull(a == b));
  expectParse("a BETWEEN 1 AND 2 AND b", ((a >= lit(1)) && (a <= lit(2))) && b);
  expectParse("NOT a IN (1)", !(a == lit(1)));
}

TEST(ExpressionParserTest, AndOrChainsAreBalanced) {
  const Expression a = col("a"), b = col("b"), c = col("c"), d = col("d");
  expectParse("a OR b OR c", (a || b) || c);
  expectParse("a OR b OR c OR d", (a || b) || (c || d));
  expectParse("a AND b AND c", (a && b) && c);
  // Long chains stay shallow rather than hitting the nesting limit.
  std::string chain = "x0 = 0";
  for (int i = 1; i < 2000; ++i) chain += " OR x" + std::to_string(i) + " = " + std::to_string(i);
  EXPECT_TRUE(parseExpression(chain).ok());
}

TEST(ExpressionParserTest, IsPredicates) {
  const Expression a = col("a");
  expectParse("a IS NULL", compute::isNull(a));
  expectParse("a is not null", compute::isValid(a));
  expectParse("a IS TRUE", compute::isValid(a) && a);
  expectParse("a IS NOT TRUE", !(compute::isValid(a) && a));
  expectParse("a IS FALSE", compute::isValid(a) && !a);
  expectParse("a IS NOT FALSE", !(compute::isValid(a) && !a));
}

TEST(ExpressionParserTest, InBetweenAndLikeDesugar) {
  const Expression a = col("a"), s = col("s");
  expectParse("a IN (10)", a == lit(10));
  expectParse("a IN (10, 12)", (a == lit(10)) || (a == lit(12)));
  expectParse("a IN (1, 2, 3)", ((a == lit(1)) || (a == lit(2))) || (a == lit(3)));
  expectParse("a NOT IN (10, 12)", !((a == lit(10)) || (a == lit(12))));
  expectParse("a IN (b + 1, 'x')", (a == col("b") + lit(1)) || (a == lit("x")));
  expectParse("a BETWEEN 1 AND 5", (a >= lit(1)) && (a <= lit(5)));
  expectParse("a NOT BETWEEN -1 AND b * 2", !((a >= lit(-1)) && (a <= col("b") * lit(2))));
  expectParse("s LIKE 'abc'", s == lit("abc"));
  expectParse("s LIKE 'abc%'", call("starts_with", {s, lit("abc")}));
  expectParse("s LIKE '%abc'", call("ends_with", {s, lit("abc")}));
  expectParse("s LIKE '%abc%'", call("contains", {s, lit("abc")}));
  expectParse("s LIKE '%'", call("starts_with", {s, lit("")}));
  expectParse("s NOT LIKE 'a%'", !call("starts_with", {s, lit("a")}));
  expectParse("s LIKE '50!%%' ESCAPE '!'", call("starts_with", {s, lit("50%")}));
  expectParse("s LIKE 'a!_b' ESCAPE '!'", s == lit("a_b"));
  expectParse("lower(s) like 'x%'", call("starts_with", {call("lower", {s}), lit("x")}));
}

TEST(ExpressionParserTest, FunctionCalls) {
  const Expression s = col("s");
  expectParse("lower(s)", call("lower", {s}));
  expectParse("LOWER(s)", call("lower", {s}));
  expectParse("Upper(s)", call("upper", {s}));
  expectParse("substring(s, 2, 3)", call("substring", {s, lit(2), lit(3)}));
  expectParse("SUBSTRING(s FROM 2 FOR 3)", call("substring", {s, lit(2), lit(3)}));
  expectParse("substring(s FROM 2)", call("substring", {s, lit(2)}));
  expectParse("substr(s, 2)", call("substring", {s, lit(2)}));
  expectParse("length(s)", call("length", {s}));
  expectParse("character_length(s)", call("char_length", {s}));
  expectParse("octet_length(s)", call("byte_length", {s}));
  expectParse("starts_with(s, 'a')", call("starts_with", {s, lit("a")}));
  expectParse("hash64(a, b)", call("hash64", {col("a"), col("b")}));
  expectParse("now()", call("now", {}));
  // Quoted function names are used exactly as written.
  expectParse("\"MyFunc\"(1)", call("MyFunc", {lit(1)}));
  // Unknown functions parse; bind() reports them.
  expectParse("no_such_function(s)", call("no_such_function", {s}));
}

TEST(ExpressionParserTest, Casts) {
  const Expression x = col("x");
  expectParse("CAST(x AS BIGINT)", compute::cast(x, columnar::int64()));
  expectParse("cast(x as int)", compute::cast(x, columnar::int32()));
  expectParse("CAST(x AS double precision)", compute::cast(x, columnar::float64()));
  expectParse("CAST(x AS VARCHAR(20))", compute::cast(x, columnar::utf8()));
  expectParse("CAST(x AS timestamp)",
              compute::cast(x, columnar::timestamp(columnar::TimeUnit::kMilli)));
  expectParse(
      "CAST(x AS timestamp[us, tz=America/New_York])",
      compute::cast(x, columnar::timestamp(columnar::TimeUnit::kMicro, "America/New_York")));
  expectParse("CAST(x AS decimal(12, 3))", compute::cast(x, columnar::decimal128(12, 3)));
  expectParse("CAST(x AS list<int32>)", compute::cast(x, columnar::list(columnar::int32())));
  expectParse("CAST(x + 1 AS float64) * 2",
              compute::cast(x + lit(1), columnar::float64()) * lit(2));
  EXPECT_EQ(parseOrDie("CAST(x AS BIGINT)").toString(), "cast(x, int64)");
}

TEST(ExpressionParserTest, NestingIsBoundedButGenerous) {
  std::string nested = std::string(200, '(') + "a" + std::string(200, ')');
  expectParse(nested, col("a"));
  std::string sum = "a";
  for (int i = 0; i < 200; ++i) sum += " + 1";
  EXPECT_TRUE(parseExpression(sum).ok());
}

// ------------------------------------------------------------------ errors

TEST(ExpressionParserTest, SyntaxErrorsNameTheColumn) {
  EXPECT_EQ(
      parseError("price > AND x"),
      "Invalid: syntax error at column 9 of \"price > AND x\": expected an expression, found AND");
  EXPECT_EQ(parseError(""),
            "Invalid: syntax error at column 1 of \"\": expected an expression, found the end of "
            "the input");
  EXPECT_EQ(parseError("   "),
            "Invalid: syntax error at column 4 of \"   \": expected an expression, found the end "
            "of the input");
  EXPECT_EQ(parseError("price >"),
            "Invalid: syntax error at column 8 of \"price >\": expected an expression, found the "
            "end of the input");
  EXPECT_EQ(
      parseError("(a + b"),
      "Invalid: syntax error at column 7 of \"(a + b\": expected ')', found the end of the input");
  EXPECT_EQ(parseError("a b"),
            "Invalid: syntax error at column 3 of \"a b\": expected an operator or the end of the "
            "input, found b");
  EXPECT_EQ(parseError("a = 1)"),
            "Invalid: syntax error at column 6 of \"a = 1)\": expected an operator or the end of "
            "the input, found ')'");
  EXPECT_EQ(parseError("a NOT NULL"),
            "Invalid: syntax error at column 3 of \"a NOT NULL\": expected an operator or "
            "the end of the input, found NOT");
  EXPECT_EQ(parseError("NOT"),
            "Invalid: syntax error at column 4 of \"NOT\": expected an expression, found the end "
            "of the input");
  EXPECT_EQ(
      parseError("a = FROM"),
      "Invalid: syntax error at column 5 of \"a = FROM\": expected an expression, found FROM");
  EXPECT_EQ(parseError("a = *"),
            "Invalid: syntax error at column 5 of \"a = *\": expected an expression, found '*'");
  EXPECT_EQ(parseError("f(a b)"),
            "Invalid: syntax error at column 5 of \"f(a b)\": expected ',' or ')' in the argument "
            "list, found b");
  EXPECT_EQ(parseError("f(a,)"),
            "Invalid: syntax error at column 5 of \"f(a,)\": expected an expression, found ')'");
}

TEST(ExpressionParserTest, LexicalErrors) {
  EXPECT_EQ(parseError("a = 'abc"),
            "Invalid: syntax error at column 5 of \"a = 'abc\": unterminated string literal");
  EXPECT_EQ(parseError("\"abc = 1"),
            "Invalid: syntax error at column 1 of \"\"abc = 1\": unterminated quoted identifier");
  EXPECT_EQ(parseError("\"\" = 1"),
            "Invalid: syntax error at column 1 of \"\"\" = 1\": empty quoted identifier \"\"");
  EXPECT_EQ(parseError("a # b"),
            "Invalid: syntax error at column 3 of \"a # b\": unexpected character '#'");
  EXPECT_EQ(parseError("a = 12abc"),
            "Invalid: syntax error at column 5 of \"a = 12abc\": invalid number '12abc'");
  EXPECT_EQ(parseError("a = 1.2.3"),
            "Invalid: syntax error at column 5 of \"a = 1.2.3\": invalid number '1.2.3'");
  EXPECT_EQ(parseError("a /* open"),
            "Invalid: syntax error at column 3 of \"a /* open\": unterminated /* comment");
  EXPECT_EQ(parseError(std::string("a = \x01", 5)),
            "Invalid: syntax error at column 5 of \"a =  \": unexpected byte 0x01");
  EXPECT_THAT(parseError("a = '\xff'"), HasSubstr("column 5 of"));
  EXPECT_THAT(parseError("a = '\xff'"), HasSubstr("invalid UTF-8 in a string literal"));
  // The leftmost error wins: the parser fails before it reaches the '#'.
  EXPECT_EQ(
      parseError("a > AND #"),
      "Invalid: syntax error at column 5 of \"a > AND #\": expected an expression, found AND");
}

TEST(ExpressionParserTest, ColumnsCountCharactersAndLines) {
  // "é" is two bytes but one column.
  EXPECT_EQ(parseError("'\xc3\xa9' > AND"),
            "Invalid: syntax error at column 7 of \"'\xc3\xa9' > AND\": expected an expression, "
            "found AND");
  EXPECT_EQ(parseError("a > 1\n  AND OR"),
            "Invalid: syntax error at line 2, column 7 of \"a > 1   AND OR\": expected an "
            "expression, found OR");
  // Long texts are shown as a window around the error.
  const std::string longText = "a = 1 AND " + std::string(200, 'b') + " = 2 AND AND";
  EXPECT_THAT(parseError(longText), HasSubstr("at column 220 near \"..."));
  EXPECT_THAT(parseError(longText),
              HasSubstr("b = 2 AND AND\": expected an expression, found AND"));
}

TEST(ExpressionParserTest, LiteralValueErrors) {
  EXPECT_EQ(parseError("a = 9223372036854775808"),
            "Invalid: integer literal 9223372036854775808 is out of range for int64 (write "
            "9223372036854775808.0 for a float64) (at column 5 of \"a = 9223372036854775808\")");
  EXPECT_THAT(parseError("-9223372036854775809"),
              HasSubstr("integer literal -9223372036854775809 is out of range"));
  EXPECT_THAT(parseError("99999999999999999999999"), HasSubstr("out of range for int64"));
  EXPECT_EQ(parseError("x > 1e999"),
            "Invalid: number 1e999 is out of range for float64 (at column 5 of \"x > 1e999\")");
  EXPECT_EQ(parseError("d = DATE '2015-13-01'"),
            "Invalid: invalid DATE literal '2015-13-01': expected a real date as YYYY-MM-DD (at "
            "column 10 of \"d = "
            "DATE '2015-13-01'\")");
  EXPECT_THAT(parseError("TIMESTAMP 'yesterday'"),
              HasSubstr("invalid TIMESTAMP literal 'yesterday'"));
  EXPECT_THAT(parseError("TIMESTAMP '2015-01-01 00:00:00.0001'"), HasSubstr("at column 11"));
}

TEST(ExpressionParserTest, PredicateErrors) {
  EXPECT_EQ(parseError("a IN 1"),
            "Invalid: syntax error at column 6 of \"a IN 1\": expected '(' after IN, found 1");
  EXPECT_EQ(parseError("a IN ()"),
            "Invalid: syntax error at column 7 of \"a IN ()\": expected an expression, found ')'");
  EXPECT_EQ(parseError("a IN (1, 2"),
            "Invalid: syntax error at column 11 of \"a IN (1, 2\": expected ',' or ')' in the IN "
            "list, found the end of "
            "the input");
  EXPECT_EQ(parseError("a BETWEEN 1 OR 2"),
            "Invalid: syntax error at column 13 of \"a BETWEEN 1 OR 2\": expected AND in BETWEEN "
            "... AND ..., found OR");
  EXPECT_EQ(parseError("a IS 5"),
            "Invalid: syntax error at column 6 of \"a IS 5\": expected NULL, TRUE or FALSE after "
            "IS, found 5");
  EXPECT_EQ(parseError("a LIKE"),
            "Invalid: syntax error at column 7 of \"a LIKE\": expected a pattern string after "
            "LIKE, found the end of the "
            "input");
  EXPECT_EQ(parseError("a LIKE 'x' ESCAPE 'ab'"),
            "Invalid: the ESCAPE string must be one ASCII character, got 'ab' (at column 19 of \"a "
            "LIKE 'x' ESCAPE "
            "'ab'\")");
  EXPECT_EQ(parseError("a LIKE 'x!' ESCAPE '!'"),
            "Invalid: LIKE pattern 'x!' ends with the escape character '!' (at column 8 of \"a "
            "LIKE 'x!' ESCAPE "
            "'!'\")");
}

TEST(ExpressionParserTest, CastErrors) {
  EXPECT_EQ(parseError("CAST(a bigint)"),
            "Invalid: syntax error at column 8 of \"CAST(a bigint)\": expected AS in "
            "CAST(expression AS type), found "
            "bigint");
  EXPECT_EQ(parseError("CAST a"),
            "Invalid: syntax error at column 6 of \"CAST a\": expected '(' after CAST, found a");
  EXPECT_EQ(parseError("CAST(a AS )"),
            "Invalid: syntax error at column 11 of \"CAST(a AS )\": expected a type name after AS, "
            "found ')'");
  EXPECT_EQ(parseError("CAST(a AS int"),
            "Invalid: syntax error at column 14 of \"CAST(a AS int\": expected ')' to close CAST, "
            "found the end of the "
            "input");
  const std::string unknown = parseError("CAST(a AS nosuchtype) > 1");
  EXPECT_THAT(unknown, HasSubstr("syntax error at column 11 of"));
  EXPECT_THAT(unknown,
              HasSubstr("invalid type 'nosuchtype' in CAST: cannot parse type 'nosuchtype'"));
}

TEST(ExpressionParserTest, UnsupportedFeaturesSaySo) {
  EXPECT_EQ(parseError("CASE WHEN a THEN 1 END"),
            "Unsupported: CASE is not supported yet (at column 1 of \"CASE WHEN a THEN 1 END\")");
  EXPECT_EQ(parseError("s LIKE 'a_c'"),
            "Unsupported: unsupported LIKE pattern 'a_c': the '_' wildcard is not supported yet "
            "(use ESCAPE to match "
            "a literal _) (at column 8 of \"s LIKE 'a_c'\")");
  EXPECT_EQ(parseError("s LIKE 'a%c'"),
            "Unsupported: unsupported LIKE pattern 'a%c': '%' is only supported at the start "
            "and/or the end of the "
            "pattern (at column 8 of \"s LIKE 'a%c'\")");
  EXPECT_EQ(parseError("s LIKE t"),
            "Unsupported: LIKE needs a string literal pattern such as 'abc%' (at column 8 of \"s "
            "LIKE t\")");
  EXPECT_THAT(parseError("s ILIKE 'a%'"), HasSubstr("Unsupported: ILIKE is not supported yet"));
  EXPECT_THAT(parseError("a || b"),
              HasSubstr("Unsupported: the || operator (string concatenation) is not supported yet "
                        "(at column 3"));
  EXPECT_THAT(parseError("t.price > 1"),
              HasSubstr("Unsupported: qualified names such as table.column are not "
                        "supported"));
  EXPECT_THAT(parseError("count(*)"),
              HasSubstr("Unsupported: count(*) is not supported: aggregate functions are not "
                        "expressions (at column 7"));
  EXPECT_THAT(parseError("count(DISTINCT a)"),
              HasSubstr("Unsupported: DISTINCT in a function call"));
  EXPECT_THAT(parseError("a IN (SELECT b)"),
              HasSubstr("Unsupported: subqueries are not supported (at column 7"));
  EXPECT_THAT(parseError("EXISTS (SELECT 1)"),
              HasSubstr("Unsupported: subqueries are not supported (at column 1"));
  EXPECT_THAT(parseError("(SELECT 1)"),
              HasSubstr("Unsupported: subqueries are not supported (at column 2"));
  EXPECT_THAT(parseError("ts > INTERVAL '1' DAY"),
              HasSubstr("Unsupported: INTERVAL literals are not supported yet"));
  EXPECT_THAT(parseError("a IS DISTINCT FROM b"), HasSubstr("Unsupported: IS [NOT] DISTINCT FROM"));
}

TEST(ExpressionParserTest, TooDeepNestingIsAnErrorNotACrash) {
  const std::string parentheses = std::string(100000, '(') + "a" + std::string(100000, ')');
  EXPECT_THAT(parseError(parentheses),
              HasSubstr("the expression is nested too deeply (more than 256 levels)"));
  std::string signs;
  for (int i = 0; i < 100000; ++i) signs += "- +";  // not "--", which starts a comment
  EXPECT_THAT(parseError(signs + "a"), HasSubstr("nested too deeply"));
  std::string nots;
  for (int i = 0; i < 100000; ++i) nots += "NOT ";
  EXPECT_THAT(parseError(nots + "a"), HasSubstr("nested too deeply"));
  std::string sum = "a";
  for (int i = 0; i < 100000; ++i) sum += "+1";
  EXPECT_THAT(parseError(sum), HasSubstr("nested too deeply"));
  std::string calls;
  for (int i = 0; i < 100000; ++i) calls += "f(";
  EXPECT_THAT(parseError(calls), HasSubstr("nested too deeply"));
}

// -------------------------------------------------------------- evaluation

class ExpressionParserEvaluationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    schema_ = columnar::schema({
        columnar::field("price", columnar::float64()),
        columnar::field("qty", columnar::int32()),
        columnar::field("a", columnar::int64(), false),
        columnar::field("name", columnar::utf8()),
        columnar::field("flag", columnar::boolean()),
        columnar::field("ts", columnar::timestamp(columnar::TimeUnit::kMilli)),
        columnar::field("day", columnar::date32()),
        columnar::field("Unit Price", columnar::float64()),
    });
    const int32_t july15 = *columnar::parseDate32("2015-07-15");
    batch_ = *columnar::RecordBatch::make(
        schema_,
        {makeArray<double>(columnar::float64(), {50.0, 150.0, N, 100.5}),
         makeArray<int32_t>(columnar::int32(), {1, N, 3, 2000000000}),
         makeArray<int64_t>(columnar::int64(), {1, 2, 3, 4}),
         makeStringArray({"Apple", "banana", N, "50% off"}), makeBoolArray({true, false, N, true}),
         makeArray<int64_t>(columnar::timestamp(columnar::TimeUnit::kMilli),
                            {0, 86400000, N, 1000}),
         makeArray<int32_t>(columnar::date32(), {july15 - 1, july15, july15 + 1, N}),
         makeArray<double>(columnar::float64(), {1.0, 2.0, 3.0, 4.0})});
  }

  Array run(std::string_view text) {
    auto parsed = parseExpression(text);
    EXPECT_TRUE(parsed.ok()) << text << ": " << parsed.status().toString();
    if (!parsed.ok()) return {};
    auto bound = compute::bind(*parsed, *schema_);
    EXPECT_TRUE(bound.ok()) << text << ": " << bound.status().toString();
    if (!bound.ok()) return {};
    auto result = compute::evaluate(*bound, *batch_);
    EXPECT_TRUE(result.ok()) << text << ": " << result.status().toString();
    if (!result.ok()) return {};
    return *result;
  }

  void expectBools(std::string_view text, const std::vector<std::optional<bool>>& expected) {
    SCOPED_TRACE(std::string(text));
    expectArrayEquals(run(text), makeBoolArray(expected));
  }

  Status bindError(std::string_view text) {
    auto parsed = parseExpression(text);
    EXPECT_TRUE(parsed.ok()) << parsed.status().toString();
    if (!parsed.ok()) return parsed.status();
    auto bound = compute::bind(*parsed, *schema_);
    return bound.ok() ? Status::OK() : bound.status();
  }

  columnar::SchemaPtr schema_;
  columnar::RecordBatchPtr batch_;
};

TEST_F(ExpressionParserEvaluationTest, ComparisonsAndLogic) {
  expectBools("price > 100", {false, true, N, true});
  expectBools("price > 100 AND qty < 10", {false, N, N, false});
  expectBools("price > 100 OR qty = 1", {true, true, N, true});
  expectBools("NOT flag", {false, true, N, false});
  expectBools("NOT (a = 1) AND flag", {false, false, N, true});
  expectBools("flag AND NULL", {N, false, N, N});
  expectBools("\"Unit Price\" >= 2", {false, true, true, true});
}

TEST_F(ExpressionParserEvaluationTest, InAndBetween) {
  expectBools("qty IN (1, 3)", {true, N, true, false});
  expectBools("a IN (2, 4, 6, 8, 10)", {false, true, false, true});
  expectBools("a NOT IN (1, 3)", {false, true, false, true});
  // SQL null semantics: 2 IN (1, NULL) is null, not false.
  expectBools("a IN (1, NULL)", {true, N, N, N});
  expectBools("a NOT IN (1, NULL)", {false, N, N, N});
  expectBools("name IN ('Apple', 'nope')", {true, false, N, false});
  expectBools("a BETWEEN 2 AND 3", {false, true, true, false});
  expectBools("a NOT BETWEEN 2 AND 3", {true, false, false, true});
  expectBools("price BETWEEN 50 AND 100.5", {true, false, N, true});
}

TEST_F(ExpressionParserEvaluationTest, LikeAndIs) {
  expectBools("name LIKE 'b%'", {false, true, N, false});
  expectBools("name LIKE '%e'", {true, false, N, false});
  expectBools("name LIKE '%an%'", {false, true, N, false});
  expectBools("name LIKE 'Apple'", {true, false, N, false});
  expectBools("name LIKE '%'", {true, true, N, true});
  expectBools("name NOT LIKE '%a%'", {true, false, N, true});
  expectBools("name LIKE '50!%%' ESCAPE '!'", {false, false, N, true});
  expectBools("lower(name) LIKE 'a%'", {true, false, N, false});
  expectBools("price IS NULL", {false, false, true, false});
  expectBools("price IS NOT NULL", {true, true, false, true});
  expectBools("flag IS TRUE", {true, false, false, true});
  expectBools("flag IS NOT TRUE", {false, true, true, false});
  expectBools("flag IS FALSE", {false, true, false, false});
  expectBools("flag IS NOT FALSE", {true, false, true, true});
  expectBools("price = NULL", {N, N, N, N});
}

TEST_F(ExpressionParserEvaluationTest, ArithmeticWithLiterals) {
  expectArrayEquals(run("a * 2 + 1"), makeArray<int64_t>(columnar::int64(), {3, 5, 7, 9}));
  expectArrayEquals(run("-a"), makeArray<int64_t>(columnar::int64(), {-1, -2, -3, -4}));
  expectArrayEquals(run("10 - a - 1"), makeArray<int64_t>(columnar::int64(), {8, 7, 6, 5}));
  expectArrayEquals(run("price * 0.5"),
                    makeArray<double>(columnar::float64(), {25.0, 75.0, N, 50.25}));
  expectArrayEquals(run("(price + 10) / 2"),
                    makeArray<double>(columnar::float64(), {30.0, 80.0, N, 55.25}));
  // An int32 column with a fitting literal stays int32.
  expectArrayEquals(run("qty + 1"), makeArray<int32_t>(columnar::int32(), {2, N, 4, 2000000001}));
  expectArrayEquals(run("price + NULL"), makeArray<double>(columnar::float64(), {N, N, N, N}));
  expectArrayEquals(run("1 + 2 * 3"), makeArray<int64_t>(columnar::int64(), {7, 7, 7, 7}));
  expectArrayEquals(run("a % 3"), makeArray<int64_t>(columnar::int64(), {1, 2, 0, 1}));
  expectArrayEquals(run("MOD(-a, 3)"), makeArray<int64_t>(columnar::int64(), {-1, -2, 0, -1}));
  expectBools("MOD(a, 2) = 0", {false, true, false, true});
  expectArrayEquals(run("qty % 7"), makeArray<int32_t>(columnar::int32(), {1, N, 3, 2000000000 % 7}));
  EXPECT_TRUE(bindError("price % 2").isTypeError());
}

TEST_F(ExpressionParserEvaluationTest, DeepestAcceptedExpressionBindsAndEvaluates) {
  // Just under the nesting limit: bind() and evaluate() recurse this deep too.
  std::string sum = "a";
  for (int i = 0; i < 250; ++i) sum += " + 1";
  expectArrayEquals(run(sum), makeArray<int64_t>(columnar::int64(), {251, 252, 253, 254}));
}

TEST_F(ExpressionParserEvaluationTest, CastsAndFunctions) {
  expectArrayEquals(run("CAST(qty AS BIGINT) * 2"),
                    makeArray<int64_t>(columnar::int64(), {2, N, 6, 4000000000}));
  expectArrayEquals(run("CAST(price AS INTEGER)"),
                    makeArray<int32_t>(columnar::int32(), {50, 150, N, 100}));
  expectArrayEquals(run("CAST(a AS VARCHAR)"), makeStringArray({"1", "2", "3", "4"}));
  expectArrayEquals(run("CAST('12' AS int) + a"),
                    makeArray<int64_t>(columnar::int64(), {13, 14, 15, 16}));
  expectArrayEquals(run("CAST(NULL AS BIGINT)"),
                    makeArray<int64_t>(columnar::int64(), {N, N, N, N}));
  expectArrayEquals(run("upper(name)"), makeStringArray({"APPLE", "BANANA", N, "50% OFF"}));
  expectArrayEquals(run("char_length(name)"), makeArray<int32_t>(columnar::int32(), {5, 6, N, 7}));
  expectArrayEquals(run("substring(name FROM 2 FOR 3)"), makeStringArray({"ppl", "ana", N, "0% "}));
}

TEST_F(ExpressionParserEvaluationTest, TemporalLiterals) {
  expectBools("day >= DATE '2015-07-15'", {false, true, true, N});
  expectBools("ts < TIMESTAMP '1970-01-01 00:00:01'", {true, false, N, false});
  expectBools("ts = TIMESTAMP '1970-01-02'", {false, true, N, false});
}

TEST_F(ExpressionParserEvaluationTest, BindReportsNamesAndTypes) {
  // The parser checks syntax only: names and types are bind()'s job.
  EXPECT_TRUE(bindError("nope > 1").isKeyError());
  EXPECT_TRUE(bindError("Price > 1").isKeyError());  // column names are case-sensitive
  EXPECT_TRUE(bindError("no_such_function(a)").isKeyError());
  EXPECT_TRUE(bindError("name > 1").isTypeError());
  EXPECT_TRUE(bindError("CAST(flag AS date)").isTypeError());
}

}  // namespace
}  // namespace sabot::sql
