#include "sabot/columnar/DataType.h"

#include <gtest/gtest.h>

#include <vector>

#include "sabot/columnar/Schema.h"

namespace sabot::columnar {
namespace {

TEST(DataTypeTest, ToStringOfEveryType) {
  const std::vector<std::pair<DataTypePtr, std::string>> cases = {
      {null(), "null"},
      {boolean(), "bool"},
      {int8(), "int8"},
      {int16(), "int16"},
      {int32(), "int32"},
      {int64(), "int64"},
      {uint8(), "uint8"},
      {uint16(), "uint16"},
      {uint32(), "uint32"},
      {uint64(), "uint64"},
      {float32(), "float32"},
      {float64(), "float64"},
      {utf8(), "utf8"},
      {largeUtf8(), "large_utf8"},
      {binary(), "binary"},
      {largeBinary(), "large_binary"},
      {date32(), "date32"},
      {timestamp(TimeUnit::kSecond), "timestamp[s]"},
      {timestamp(TimeUnit::kMilli, "UTC"), "timestamp[ms, tz=UTC]"},
      {timestamp(TimeUnit::kMicro, "Europe/Paris"), "timestamp[us, tz=Europe/Paris]"},
      {timestamp(TimeUnit::kNano, "+02:00"), "timestamp[ns, tz=+02:00]"},
      {decimal128(38, 10), "decimal128(38, 10)"},
      {decimal128(1, 0), "decimal128(1, 0)"},
      {struct_({}), "struct<>"},
      {struct_({field("a", int32()), field("b", utf8(), false)}), "struct<a: int32, b: utf8 not null>"},
      {list(int64()), "list<item: int64>"},
      {list(field("x", list(utf8()), false)), "list<x: list<item: utf8> not null>"},
      {dictionary(int32(), utf8()), "dictionary<values=utf8, indices=int32>"},
      {dictionary(uint8(), largeBinary(), true), "dictionary<values=large_binary, indices=uint8, ordered>"},
  };
  for (const auto& [type, text] : cases) EXPECT_EQ(type->toString(), text);
}

TEST(DataTypeTest, EqualsComparesParameters) {
  // Every type from a list of pairwise-distinct types equals only itself.
  const std::vector<DataTypePtr> distinct = {
      null(), boolean(), int8(), int16(), int32(), int64(), uint8(), uint16(), uint32(), uint64(),
      float32(), float64(), utf8(), largeUtf8(), binary(), largeBinary(), date32(),
      timestamp(TimeUnit::kSecond), timestamp(TimeUnit::kMilli), timestamp(TimeUnit::kMilli, "UTC"),
      timestamp(TimeUnit::kMilli, "Asia/Tokyo"), timestamp(TimeUnit::kNano, "UTC"),
      decimal128(10, 2), decimal128(10, 3), decimal128(11, 2),
      struct_({field("a", int32())}), struct_({field("b", int32())}), struct_({field("a", int64())}),
      struct_({field("a", int32(), false)}), struct_({field("a", int32()), field("b", int32())}),
      list(int32()), list(int64()), list(field("element", int32())), list(field("item", int32(), false)),
      dictionary(int32(), utf8()), dictionary(int16(), utf8()), dictionary(int32(), binary()),
      dictionary(int32(), utf8(), true),
  };
  for (size_t i = 0; i < distinct.size(); ++i) {
    for (size_t j = 0; j < distinct.size(); ++j) {
      EXPECT_EQ(distinct[i]->equals(*distinct[j]), i == j)
          << distinct[i]->toString() << " vs " << distinct[j]->toString();
    }
  }
  // Separately built equal types are equal.
  EXPECT_TRUE(timestamp(TimeUnit::kMicro, "UTC")->equals(*timestamp(TimeUnit::kMicro, "UTC")));
  EXPECT_TRUE(decimal128(38, 0)->equals(*decimal128(38, 0)));
  EXPECT_TRUE(list(utf8())->equals(*list(utf8())));
  EXPECT_TRUE(*dictionary(int8(), utf8()) == *dictionary(int8(), utf8()));
}

TEST(DataTypeTest, MetadataMattersOnlyWhenAsked) {
  auto plain = struct_({field("a", int32())});
  auto tagged = struct_({field("a", int32(), true, {{"k", "v"}})});
  EXPECT_TRUE(plain->equals(*tagged));
  EXPECT_FALSE(plain->equals(*tagged, /*checkMetadata=*/true));
  EXPECT_TRUE(tagged->equals(*struct_({field("a", int32(), true, {{"k", "v"}})}), true));

  Schema left({field("a", int32())}, {{"origin", "x"}});
  Schema right({field("a", int32())}, {{"origin", "y"}});
  EXPECT_TRUE(left.equals(right));
  EXPECT_FALSE(left.equals(right, /*checkMetadata=*/true));
}

TEST(DataTypeTest, WidthsAndBufferCounts) {
  EXPECT_EQ(boolean()->bitWidth(), 1);
  EXPECT_EQ(int8()->byteWidth(), 1);
  EXPECT_EQ(uint16()->byteWidth(), 2);
  EXPECT_EQ(float32()->byteWidth(), 4);
  EXPECT_EQ(date32()->byteWidth(), 4);
  EXPECT_EQ(timestamp(TimeUnit::kNano)->byteWidth(), 8);
  EXPECT_EQ(decimal128(5, 1)->byteWidth(), 16);
  EXPECT_EQ(dictionary(int16(), utf8())->byteWidth(), 2);
  EXPECT_EQ(utf8()->bitWidth(), 0);
  EXPECT_EQ(struct_({})->bitWidth(), 0);

  EXPECT_EQ(numBuffers(TypeId::kNull), 0);
  EXPECT_EQ(numBuffers(TypeId::kBool), 2);
  EXPECT_EQ(numBuffers(TypeId::kDecimal128), 2);
  EXPECT_EQ(numBuffers(TypeId::kUtf8), 3);
  EXPECT_EQ(numBuffers(TypeId::kLargeBinary), 3);
  EXPECT_EQ(numBuffers(TypeId::kStruct), 1);
  EXPECT_EQ(numBuffers(TypeId::kList), 2);
  EXPECT_EQ(numBuffers(TypeId::kDictionary), 2);
}

TEST(DataTypeTest, Classification) {
  EXPECT_TRUE(isSignedInteger(TypeId::kInt64));
  EXPECT_FALSE(isSignedInteger(TypeId::kUInt64));
  EXPECT_TRUE(isUnsignedInteger(TypeId::kUInt8));
  EXPECT_TRUE(isFloating(TypeId::kFloat32));
  EXPECT_FALSE(isInteger(TypeId::kFloat32));
  EXPECT_TRUE(isNumeric(TypeId::kFloat64));
  EXPECT_FALSE(isNumeric(TypeId::kDecimal128));
  EXPECT_TRUE(isFixedWidth(TypeId::kTimestamp));
  EXPECT_TRUE(isFixedWidth(TypeId::kBool));
  EXPECT_FALSE(isFixedWidth(TypeId::kUtf8));
  EXPECT_TRUE(isBinaryLike(TypeId::kBinary));
  EXPECT_FALSE(isBinaryLike(TypeId::kLargeUtf8));
  EXPECT_TRUE(isLargeBinaryLike(TypeId::kLargeUtf8));
  EXPECT_TRUE(isStringLike(TypeId::kLargeUtf8));
  EXPECT_FALSE(isStringLike(TypeId::kBinary));
  EXPECT_TRUE(isNested(TypeId::kList));
  EXPECT_FALSE(isNested(TypeId::kDictionary));
}

TEST(DataTypeTest, TypeForIdAndTimeUnits) {
  EXPECT_EQ(typeForId(TypeId::kInt32), int32());
  EXPECT_EQ(typeForId(TypeId::kDate32), date32());
  EXPECT_EQ(typeForId(TypeId::kTimestamp), nullptr);
  EXPECT_EQ(typeForId(TypeId::kStruct), nullptr);
  EXPECT_EQ(timeUnitName(TimeUnit::kMicro), "us");
  EXPECT_EQ(ticksPerSecond(TimeUnit::kSecond), 1);
  EXPECT_EQ(ticksPerSecond(TimeUnit::kNano), 1000000000);
}

TEST(DataTypeTest, FieldsAndSchemas) {
  auto f = field("price", decimal128(9, 2), false, {{"unit", "EUR"}});
  EXPECT_EQ(f->toString(), "price: decimal128(9, 2) not null");
  EXPECT_EQ(f->withName("cost")->toString(), "cost: decimal128(9, 2) not null");
  EXPECT_EQ(f->withType(int32())->toString(), "price: int32 not null");
  EXPECT_EQ(f->withName("cost")->metadata(), f->metadata());
  EXPECT_FALSE(f->equals(*field("price", decimal128(9, 2))));

  Schema s({field("a", int32()), f, field("a", utf8())});
  EXPECT_EQ(s.toString(), "a: int32\nprice: decimal128(9, 2) not null\na: utf8\n");
  EXPECT_EQ(s.fieldIndex("a"), 0);
  EXPECT_EQ(s.fieldIndex("missing"), -1);
  auto missing = s.requireFieldIndex("missing");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(), "no column named 'missing' (columns: a, price, a)");
}

}  // namespace
}  // namespace sabot::columnar
