#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sabot/sql/LikePattern.h"
#include "sabot/sql/SqlType.h"

namespace sabot::sql {
namespace {

std::string typeText(std::string_view sql) {
  auto type = parseSqlType(sql);
  if (!type.ok()) return type.status().toString();
  return (*type)->toString();
}

TEST(SqlTypeTest, SqlNames) {
  EXPECT_EQ(typeText("BIGINT"), "int64");
  EXPECT_EQ(typeText("int"), "int32");
  EXPECT_EQ(typeText("Integer"), "int32");
  EXPECT_EQ(typeText("SMALLINT"), "int16");
  EXPECT_EQ(typeText("TINYINT"), "int8");
  EXPECT_EQ(typeText("DOUBLE"), "float64");
  EXPECT_EQ(typeText("double   PRECISION"), "float64");
  EXPECT_EQ(typeText("REAL"), "float32");
  EXPECT_EQ(typeText("FLOAT"), "float32");
  EXPECT_EQ(typeText("VARCHAR"), "utf8");
  EXPECT_EQ(typeText("varchar(255)"), "utf8");
  EXPECT_EQ(typeText("VARCHAR (10)"), "utf8");
  EXPECT_EQ(typeText("character varying"), "utf8");
  EXPECT_EQ(typeText("STRING"), "utf8");
  EXPECT_EQ(typeText("TEXT"), "utf8");
  EXPECT_EQ(typeText("BOOLEAN"), "bool");
  EXPECT_EQ(typeText("bool"), "bool");
  EXPECT_EQ(typeText("DATE"), "date32");
  EXPECT_EQ(typeText("TIMESTAMP"), "timestamp[ms]");
  EXPECT_EQ(typeText("timestamp without time zone"), "timestamp[ms]");
  EXPECT_EQ(typeText("TIMESTAMPTZ"), "timestamp[ms, tz=UTC]");
  EXPECT_EQ(typeText("timestamp with time zone"), "timestamp[ms, tz=UTC]");
  EXPECT_EQ(typeText("BYTEA"), "binary");
  EXPECT_EQ(typeText("NUMERIC(12, 3)"), "decimal128(12, 3)");
}

TEST(SqlTypeTest, ArrowNamesInAnyCase) {
  EXPECT_EQ(typeText("int64"), "int64");
  EXPECT_EQ(typeText("UINT32"), "uint32");
  EXPECT_EQ(typeText("int8"), "int8");  // Arrow's int8, not PostgreSQL's
  EXPECT_EQ(typeText("Timestamp[US]"), "timestamp[us]");
  EXPECT_EQ(typeText("timestamp[ns, tz=America/New_York]"), "timestamp[ns, tz=America/New_York]");
  EXPECT_EQ(typeText("TIMESTAMP[S, TZ=Europe/Paris]"), "timestamp[s, tz=Europe/Paris]");
  EXPECT_EQ(typeText("DECIMAL(9, 2)"), "decimal128(9, 2)");
  EXPECT_EQ(typeText("list<utf8>"), "list<item: utf8>");
}

TEST(SqlTypeTest, Errors) {
  EXPECT_THAT(typeText("nosuchtype"),
              ::testing::HasSubstr("Invalid: cannot parse type 'nosuchtype'"));
  // A length only makes sense for strings.
  EXPECT_THAT(typeText("int(5)"), ::testing::HasSubstr("Invalid"));
  EXPECT_THAT(typeText(""), ::testing::HasSubstr("Invalid"));
}

TEST(LikePatternTest, Classification) {
  auto classify = [](std::string_view pattern, std::optional<char> escape = std::nullopt) {
    auto match = classifyLikePattern(pattern, escape);
    EXPECT_TRUE(match.ok()) << pattern << ": " << match.status().toString();
    return match.ok() ? *match : LikeMatch{};
  };
  EXPECT_EQ(classify("abc").kind, LikeMatch::Kind::kEquals);
  EXPECT_EQ(classify("").kind, LikeMatch::Kind::kEquals);
  EXPECT_EQ(classify("abc%").kind, LikeMatch::Kind::kStartsWith);
  EXPECT_EQ(classify("abc%%").literal, "abc");
  EXPECT_EQ(classify("%abc").kind, LikeMatch::Kind::kEndsWith);
  EXPECT_EQ(classify("%abc%").kind, LikeMatch::Kind::kContains);
  EXPECT_EQ(classify("%").kind, LikeMatch::Kind::kStartsWith);
  EXPECT_EQ(classify("%").literal, "");
  EXPECT_EQ(classify("%%%").literal, "");
  EXPECT_EQ(classify("%10#%#_##", '#').kind, LikeMatch::Kind::kEndsWith);
  EXPECT_EQ(classify("%10#%#_##", '#').literal, "10%_#");
  EXPECT_FALSE(classifyLikePattern("%10#%#_#", '#').ok());
}

TEST(LikePatternTest, Rejections) {
  EXPECT_EQ(classifyLikePattern("a_c", std::nullopt).status().code(), StatusCode::kUnsupported);
  EXPECT_EQ(classifyLikePattern("a%c", std::nullopt).status().code(), StatusCode::kUnsupported);
  EXPECT_EQ(classifyLikePattern("%a%c%", std::nullopt).status().code(), StatusCode::kUnsupported);
  EXPECT_EQ(classifyLikePattern("ab\\", '\\').status().code(), StatusCode::kInvalid);
}

}  // namespace
}  // namespace sabot::sql
