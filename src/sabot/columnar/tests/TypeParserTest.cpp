#include "sabot/columnar/TypeParser.h"

#include <gtest/gtest.h>

namespace sabot::columnar {
namespace {

TEST(TypeParserTest, RoundTripsToString) {
  const std::vector<DataTypePtr> types = {
      null(), boolean(), int8(), int16(), int32(), int64(), uint8(), uint16(), uint32(), uint64(),
      float32(), float64(), utf8(), largeUtf8(), binary(), largeBinary(), date32(),
      timestamp(TimeUnit::kSecond), timestamp(TimeUnit::kNano, "Europe/Paris"),
      decimal128(12, 3), list(int32()), list(field("x", utf8(), false)),
      struct_({field("a", int32()), field("b", list(utf8()), false)}),
      dictionary(int16(), utf8()), dictionary(int32(), largeUtf8(), true)};
  for (const auto& type : types) {
    auto parsed = parseDataType(type->toString());
    ASSERT_TRUE(parsed.ok()) << type->toString() << ": " << parsed.status();
    EXPECT_TRUE((*parsed)->equals(*type)) << type->toString() << " vs " << (*parsed)->toString();
  }
}

TEST(TypeParserTest, Aliases) {
  EXPECT_TRUE((*parseDataType("string"))->equals(*utf8()));
  EXPECT_TRUE((*parseDataType(" double "))->equals(*float64()));
  EXPECT_TRUE((*parseDataType("decimal(5,2)"))->equals(*decimal128(5, 2)));
  EXPECT_TRUE((*parseDataType("timestamp[ms, tz=UTC]"))->equals(*timestamp(TimeUnit::kMilli, "UTC")));
}

TEST(TypeParserTest, Schemas) {
  auto parsed = parseSchema("auction: int64 not null, \"my price\": float64, ts: timestamp[ms]");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ((*parsed)->toString(), "auction: int64 not null\nmy price: float64\nts: timestamp[ms]\n");
}

TEST(TypeParserTest, ErrorsSayWhere) {
  auto unknown = parseDataType("int65");
  EXPECT_EQ(unknown.status().message(), "cannot parse type 'int65' at character 1: unknown type 'int65'");
  auto badDecimal = parseDataType("decimal128(40, 2)");
  EXPECT_TRUE(badDecimal.status().isInvalid());
  auto trailing = parseSchema("a: int32 b: int32");
  EXPECT_NE(trailing.status().message().find("expected ','"), std::string::npos) << trailing.status();
  EXPECT_FALSE(parseSchema("").ok());
  EXPECT_FALSE(parseDataType("timestamp[hours]").ok());
  EXPECT_FALSE(parseDataType("list<int32").ok());
}

}  // namespace
}  // namespace sabot::columnar
