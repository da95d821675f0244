#include <gtest/gtest.h>

#include "sabot/sql/ErrorLocation.h"
#include "sabot/sql/SqlLexer.h"

namespace sabot::sql {
namespace {

struct Expected {
  TokenKind kind;
  size_t offset;
  size_t length;
  std::string value;
};

void expectTokens(std::string_view text, const std::vector<Expected>& expected) {
  const std::vector<Token> tokens = tokenizeSql(text);
  ASSERT_EQ(tokens.size(), expected.size()) << text;
  for (size_t i = 0; i < tokens.size(); ++i) {
    SCOPED_TRACE("token " + std::to_string(i) + " of " + std::string(text));
    EXPECT_EQ(tokens[i].kind, expected[i].kind);
    EXPECT_EQ(tokens[i].offset, expected[i].offset);
    EXPECT_EQ(tokens[i].length, expected[i].length);
    EXPECT_EQ(tokens[i].value, expected[i].value);
  }
}

TEST(SqlLexerTest, TokensCarryByteOffsets) {
  expectTokens("a >= 'x''y' -- note\n  \"Q\"\"q\" 1.5e3 .5 <> != == 7",
               {{TokenKind::kWord, 0, 1, "a"},
                {TokenKind::kGreaterEqual, 2, 2, ">="},
                {TokenKind::kString, 5, 6, "x'y"},
                {TokenKind::kQuotedIdentifier, 22, 6, "Q\"q"},
                {TokenKind::kDecimal, 29, 5, "1.5e3"},
                {TokenKind::kDecimal, 35, 2, ".5"},
                {TokenKind::kNotEqual, 38, 2, "<>"},
                {TokenKind::kNotEqual, 41, 2, "!="},
                {TokenKind::kEqual, 44, 2, "=="},
                {TokenKind::kInteger, 47, 1, "7"},
                {TokenKind::kEnd, 48, 0, ""}});
}

TEST(SqlLexerTest, Punctuation) {
  expectTokens("(),.:[]+-*/%||=<<=>", {{TokenKind::kLeftParen, 0, 1, "("},
                                       {TokenKind::kRightParen, 1, 1, ")"},
                                       {TokenKind::kComma, 2, 1, ","},
                                       {TokenKind::kDot, 3, 1, "."},
                                       {TokenKind::kColon, 4, 1, ":"},
                                       {TokenKind::kLeftBracket, 5, 1, "["},
                                       {TokenKind::kRightBracket, 6, 1, "]"},
                                       {TokenKind::kPlus, 7, 1, "+"},
                                       {TokenKind::kMinus, 8, 1, "-"},
                                       {TokenKind::kStar, 9, 1, "*"},
                                       {TokenKind::kSlash, 10, 1, "/"},
                                       {TokenKind::kPercent, 11, 1, "%"},
                                       {TokenKind::kConcat, 12, 2, "||"},
                                       {TokenKind::kEqual, 14, 1, "="},
                                       {TokenKind::kLess, 15, 1, "<"},
                                       {TokenKind::kLessEqual, 16, 2, "<="},
                                       {TokenKind::kGreater, 18, 1, ">"},
                                       {TokenKind::kEnd, 19, 0, ""}});
}

TEST(SqlLexerTest, ErrorsEndTheTokens) {
  expectTokens("a 'open", {{TokenKind::kWord, 0, 1, "a"},
                           {TokenKind::kError, 2, 0, "unterminated string literal"}});
  expectTokens("a ? b", {{TokenKind::kWord, 0, 1, "a"},
                         {TokenKind::kError, 2, 0, "unexpected character '?'"}});
  expectTokens("1 /* x", {{TokenKind::kInteger, 0, 1, "1"},
                          {TokenKind::kError, 2, 0, "unterminated /* comment"}});
  expectTokens("3x", {{TokenKind::kError, 0, 0, "invalid number '3x'"}});
  expectTokens("", {{TokenKind::kEnd, 0, 0, ""}});
  expectTokens("-- only a comment", {{TokenKind::kEnd, 17, 0, ""}});
}

TEST(SqlLexerTest, KeywordsAreCaseInsensitive) {
  const std::vector<Token> tokens = tokenizeSql("and AnD price");
  EXPECT_TRUE(tokens[0].isKeyword("AND"));
  EXPECT_TRUE(tokens[1].isKeyword("AND"));
  EXPECT_FALSE(tokens[2].isKeyword("AND"));
  EXPECT_TRUE(isReservedWord("from"));
  EXPECT_TRUE(isReservedWord("Null"));
  EXPECT_FALSE(isReservedWord("date"));
  EXPECT_FALSE(isReservedWord("price"));
  EXPECT_EQ(describeToken(tokens[0]), "AND");
  EXPECT_EQ(describeToken(tokens[2]), "price");
  EXPECT_EQ(describeToken(tokens[3]), "the end of the input");
  EXPECT_EQ(describeToken(tokenizeSql(std::string(40, 'x'))[0]), std::string(32, 'x') + "...");
}

TEST(ErrorLocationTest, ColumnsAndLines) {
  EXPECT_EQ(positionOf("abc", 0).column, 1);
  EXPECT_EQ(positionOf("abc", 2).column, 3);
  EXPECT_EQ(positionOf("abc", 99).column, 4);
  EXPECT_EQ(positionOf("\xc3\xa9t\xc3\xa9", 3).column, 3);
  const TextPosition second = positionOf("a\nbc", 3);
  EXPECT_EQ(second.line, 2);
  EXPECT_EQ(second.column, 2);
  EXPECT_EQ(describeLocation("x y", 2), "column 3 of \"x y\"");
  EXPECT_EQ(describeLocation("x\ny", 2), "line 2, column 1 of \"x y\"");
  EXPECT_EQ(syntaxError("x y", 2, "oops").toString(),
            "Invalid: syntax error at column 3 of \"x y\": oops");
  EXPECT_EQ(unsupportedAt("x y", 0, "nope").toString(),
            "Unsupported: nope (at column 1 of \"x y\")");
}

}  // namespace
}  // namespace sabot::sql
