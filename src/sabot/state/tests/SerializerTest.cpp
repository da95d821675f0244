#include <gtest/gtest.h>

#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/compute/Hash.h"
#include "sabot/state/CompositeSerializers.h"
#include "sabot/state/Serializer.h"
#include "sabot/state/StateKey.h"

namespace sabot::state {
namespace {

std::string hex(std::string_view bytes) {
  std::string out;
  for (unsigned char c : bytes) out += fmt::format("{:02x}", c);
  return out;
}

TEST(SerializerTest, PrimitiveByteFormatsAreFixed) {
  // These bytes are the savepoint format (docs/state.md): they must not change.
  EXPECT_EQ(hex(serializeToString(Int64Serializer{}, 0x0102030405060708)), "0807060504030201");
  EXPECT_EQ(hex(serializeToString(Int64Serializer{}, -1)), "ffffffffffffffff");
  EXPECT_EQ(hex(serializeToString(Int32Serializer{}, 258)), "02010000");
  EXPECT_EQ(hex(serializeToString(DoubleSerializer{}, 1.0)), "000000000000f03f");
  EXPECT_EQ(hex(serializeToString(BoolSerializer{}, true)), "01");
  EXPECT_EQ(hex(serializeToString(StringSerializer{}, "abc")), "03616263");
  EXPECT_EQ(hex(serializeToString(StringSerializer{}, std::string(200, 'x'))).substr(0, 4), "c801");
  EXPECT_EQ(serializeToString(VoidNamespaceSerializer{}, VoidNamespace{}), "");
}

TEST(SerializerTest, PrimitivesRoundTrip) {
  for (int64_t value : {int64_t{0}, int64_t{-5}, INT64_MAX, INT64_MIN}) {
    EXPECT_EQ(deserializeExactly(Int64Serializer{}, serializeToString(Int64Serializer{}, value)).valueOrDie(), value);
  }
  EXPECT_EQ(deserializeExactly(DoubleSerializer{}, serializeToString(DoubleSerializer{}, -2.5)).valueOrDie(), -2.5);
  EXPECT_EQ(deserializeExactly(StringSerializer{}, serializeToString(StringSerializer{}, "")).valueOrDie(), "");
  const std::string binary("\0\xff\x01", 3);
  EXPECT_EQ(deserializeExactly(BytesSerializer{}, serializeToString(BytesSerializer{}, binary)).valueOrDie(), binary);
  EXPECT_FALSE(deserializeExactly(BoolSerializer{}, serializeToString(BoolSerializer{}, false)).valueOrDie());
}

struct Trade {
  int64_t id = 0;
  std::string symbol;
  double price = 0;
  bool operator==(const Trade&) const = default;
};
using TradeSerializer = StructSerializer<Trade, StructField<&Trade::id, Int64Serializer>,
                                         StructField<&Trade::symbol, StringSerializer>,
                                         StructField<&Trade::price, DoubleSerializer>>;

TEST(SerializerTest, CompositesRoundTripAndNameTheirShape) {
  TupleSerializer<Int64Serializer, StringSerializer> tuple;
  EXPECT_EQ(tuple.signature(), "tuple<int64,string>");
  auto value = std::make_tuple(int64_t{7}, std::string("seven"));
  EXPECT_EQ(hex(serializeToString(tuple, value)), "0700000000000000" "05736576656e");
  EXPECT_EQ(deserializeExactly(tuple, serializeToString(tuple, value)).valueOrDie(), value);

  ListSerializer<Int32Serializer> list;
  EXPECT_EQ(list.signature(), "list<int32>");
  std::vector<int32_t> numbers{1, 2, 3};
  EXPECT_EQ(hex(serializeToString(list, numbers)), "03" "01000000" "02000000" "03000000");
  EXPECT_EQ(deserializeExactly(list, serializeToString(list, numbers)).valueOrDie(), numbers);

  OptionalSerializer<StringSerializer> optional;
  EXPECT_EQ(hex(serializeToString(optional, std::nullopt)), "00");
  EXPECT_EQ(deserializeExactly(optional, serializeToString(optional, std::string("x"))).valueOrDie(), "x");

  TradeSerializer trade("Trade");
  EXPECT_EQ(trade.signature(), "struct<Trade>{int64,string,float64}");
  Trade t{42, "ACME", 9.5};
  EXPECT_EQ(deserializeExactly(trade, serializeToString(trade, t)).valueOrDie(), t);

  ListSerializer<TupleSerializer<StringSerializer, ListSerializer<DoubleSerializer>>> nested;
  std::vector<std::tuple<std::string, std::vector<double>>> nestedValue{{"a", {1.0, 2.0}}, {"b", {}}};
  EXPECT_EQ(deserializeExactly(nested, serializeToString(nested, nestedValue)).valueOrDie(), nestedValue);
}

TEST(SerializerTest, MalformedBytesAreCorruptNotUndefined) {
  auto truncated = deserializeExactly(Int64Serializer{}, std::string_view("\x01\x02", 2));
  ASSERT_FALSE(truncated.ok());
  EXPECT_TRUE(truncated.status().isCorrupt());
  EXPECT_NE(truncated.status().message().find("needs 8 bytes at offset 0, only 2 left"), std::string::npos)
      << truncated.status();

  auto trailing = deserializeExactly(Int32Serializer{}, std::string_view("\x01\x00\x00\x00\x09", 5));
  ASSERT_FALSE(trailing.ok());
  EXPECT_NE(trailing.status().message().find("1 trailing bytes after a int32"), std::string::npos);

  auto badBool = deserializeExactly(BoolSerializer{}, std::string_view("\x02", 1));
  EXPECT_TRUE(badBool.status().isCorrupt());

  // A string whose length says more than there is.
  auto longString = deserializeExactly(StringSerializer{}, std::string_view("\x7f" "ab", 3));
  ASSERT_FALSE(longString.ok());
  EXPECT_NE(longString.status().message().find("length 127"), std::string::npos) << longString.status();

  // An endless varint.
  auto endless = deserializeExactly(StringSerializer{}, std::string(12, '\xff'));
  ASSERT_FALSE(endless.ok());
  EXPECT_NE(endless.status().message().find("longer than 64 bits"), std::string::npos) << endless.status();

  // A list claiming a huge count fails cleanly (no giant allocation).
  std::string hugeCount;
  bytes::appendVarint(&hugeCount, uint64_t{1} << 60);
  EXPECT_TRUE(deserializeExactly(ListSerializer<Int64Serializer>{}, hugeCount).status().isCorrupt());
}

TEST(SerializerTest, KeyGroupsMatchTheRuntimeHash) {
  std::vector<std::optional<int64_t>> keys;
  for (int64_t key = -50; key < 50; ++key) keys.push_back(key * 1000003);
  auto hashes = compute::hash64(columnar::makeArray<int64_t>(columnar::int64(), keys)).valueOrDie();
  for (size_t i = 0; i < keys.size(); ++i) {
    EXPECT_EQ(keyGroupForInt64Key(*keys[i], 128),
              static_cast<int32_t>(hashes.value<uint64_t>(static_cast<int64_t>(i)) % 128));
  }
  auto stringHashes = compute::hash64(columnar::makeStringArray({"alpha", "", "gamma"})).valueOrDie();
  EXPECT_EQ(keyGroupForStringKey("alpha", 1000), static_cast<int32_t>(stringHashes.value<uint64_t>(0) % 1000));
  EXPECT_EQ(keyGroupForStringKey("", 1000), static_cast<int32_t>(stringHashes.value<uint64_t>(1) % 1000));
}

TEST(SerializerTest, KeyAndNamespaceSplitBack) {
  std::string bytes;
  appendKeyAndNamespace(&bytes, "key", "window-1");
  bytes += "userkey";
  auto parts = splitKeyAndNamespace(bytes).valueOrDie();
  EXPECT_EQ(parts.key, "key");
  EXPECT_EQ(parts.ns, "window-1");
  EXPECT_EQ(parts.rest, "userkey");
  EXPECT_TRUE(splitKeyAndNamespace(std::string_view("\x05" "ab", 3)).status().isCorrupt());
}

}  // namespace
}  // namespace sabot::state
