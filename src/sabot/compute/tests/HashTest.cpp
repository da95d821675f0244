#include "sabot/compute/Hash.h"

#include <gtest/gtest.h>
#include <xxhash.h>

#include <cmath>

#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/compute/tests/ArrayMatchers.h"

namespace sabot::compute {
namespace {

using columnar::makeArray;
using columnar::makeStringArray;

constexpr auto N = std::nullopt;

std::vector<uint64_t> hashes(const Array& array) {
  EXPECT_EQ(array.typeId(), TypeId::kUInt64);
  EXPECT_EQ(array.nullCount(), 0);
  return {array.values<uint64_t>(), array.values<uint64_t>() + array.length()};
}

TEST(HashTest, Int64MatchesXxh3AndNullsHashToAFixedValue) {
  Array keys = makeArray<int64_t>(columnar::int64(), {42, N, -1});
  const std::vector<uint64_t> result = hashes(*hash64(keys));
  const int64_t a = 42, c = -1;
  EXPECT_EQ(result[0], XXH3_64bits_withSeed(&a, 8, 0));
  EXPECT_EQ(result[1], nullKeyHash());
  EXPECT_EQ(result[1], XXH3_64bits_withSeed(nullptr, 0, kNullSeedMix));
  EXPECT_EQ(result[2], XXH3_64bits_withSeed(&c, 8, 0));
}

// Partitioning depends on these never changing.
TEST(HashTest, GoldenValuesAreStable) {
  const std::vector<uint64_t> ints = hashes(*hash64(makeArray<int64_t>(columnar::int64(), {42, 0, N})));
  const std::vector<uint64_t> strings = hashes(*hash64(makeStringArray({"sabot", ""})));
  EXPECT_EQ(ints[0], 0xd5a6f8c838df27c8ULL) << std::hex << ints[0];
  EXPECT_EQ(ints[1], 0xc77b3abb6f87acd9ULL) << std::hex << ints[1];
  EXPECT_EQ(ints[2], 0x602b0e2cd6662c8bULL) << std::hex << ints[2];
  EXPECT_EQ(strings[0], 0xaa07faa428cd327fULL) << std::hex << strings[0];
  EXPECT_EQ(strings[1], 0x2d06800538d394c2ULL) << std::hex << strings[1];
}

TEST(HashTest, SeveralColumnsChainTheSeed) {
  Array ids = makeArray<int32_t>(columnar::int32(), {7, 7, N});
  Array names = makeStringArray({"x", N, "y"});
  const std::vector<uint64_t> result = hashes(*hash64({ids, names}));
  const int32_t seven = 7;
  const uint64_t first = XXH3_64bits_withSeed(&seven, 4, 0);
  EXPECT_EQ(result[0], XXH3_64bits_withSeed("x", 1, first));
  EXPECT_EQ(result[1], XXH3_64bits_withSeed(nullptr, 0, first ^ kNullSeedMix));
  EXPECT_EQ(result[2], XXH3_64bits_withSeed("y", 1, nullKeyHash()));
  // Order matters.
  EXPECT_NE(hashes(*hash64({names, ids}))[0], result[0]);
}

TEST(HashTest, EquivalentEncodingsHashAlike) {
  Array plain = makeStringArray({"red", "blue", N, ""});
  Array large = makeStringArray({"red", "blue", N, ""}, columnar::largeUtf8());
  columnar::DictionaryBuilder builder(columnar::dictionary(columnar::int8(), columnar::utf8()));
  for (const char* value : {"red", "blue"}) ASSERT_TRUE(builder.append(value).ok());
  ASSERT_TRUE(builder.appendNull().ok());
  ASSERT_TRUE(builder.append("").ok());
  Array dictionary = *builder.finish();
  EXPECT_EQ(hashes(*hash64(plain)), hashes(*hash64(large)));
  EXPECT_EQ(hashes(*hash64(plain)), hashes(*hash64(dictionary)));
  // The empty string and null differ.
  EXPECT_NE(hashes(*hash64(plain))[2], hashes(*hash64(plain))[3]);
  Array floats = makeArray<double>(columnar::float64(), {0.0, -0.0, NAN, -NAN});
  const std::vector<uint64_t> f = hashes(*hash64(floats));
  EXPECT_EQ(f[0], f[1]);
  EXPECT_EQ(f[2], f[3]);
}

TEST(HashTest, SlicedInputMatchesAPlainLoop) {
  const auto values = testing::randomInt64s(300, -1000, 1000, 5, 41);
  Array keys = makeArray<int64_t>(columnar::int64(), values);
  const std::vector<uint64_t> result = hashes(*hash64(keys.slice(13, 250)));
  for (size_t i = 0; i < 250; ++i) {
    const auto& value = values[13 + i];
    const uint64_t expected = value ? XXH3_64bits_withSeed(&*value, 8, 0) : nullKeyHash();
    ASSERT_EQ(result[i], expected) << "row " << i;
  }
  EXPECT_EQ(hash64(keys.slice(0, 0))->length(), 0);
}

TEST(HashTest, NestedValues) {
  auto type = columnar::struct_({columnar::field("a", columnar::int64()), columnar::field("b", columnar::utf8())});
  auto builder = *columnar::makeBuilder(type);
  auto* s = static_cast<columnar::StructBuilder*>(builder.get());
  ASSERT_TRUE(static_cast<columnar::NumericBuilder<int64_t>*>(s->fieldBuilder(0))->append(5).ok());
  ASSERT_TRUE(static_cast<columnar::StringBuilder*>(s->fieldBuilder(1))->append("q").ok());
  ASSERT_TRUE(s->append().ok());
  ASSERT_TRUE(s->appendNull().ok());
  Array structs = *s->finish();
  // A struct hashes like its fields as separate key columns.
  const std::vector<uint64_t> result = hashes(*hash64(structs));
  EXPECT_EQ(result[0], hashes(*hash64({makeArray<int64_t>(columnar::int64(), {5}), makeStringArray({"q"})}))[0]);
  EXPECT_EQ(result[1], nullKeyHash());

  auto listBuilder = *columnar::makeBuilder(columnar::list(columnar::int64()));
  auto* list = static_cast<columnar::ListBuilder*>(listBuilder.get());
  ASSERT_TRUE(list->append().ok());
  ASSERT_TRUE(static_cast<columnar::NumericBuilder<int64_t>*>(list->valueBuilder())->append(9).ok());
  Array lists = *list->finish();
  const int64_t one = 1, nine = 9;
  EXPECT_EQ(hashes(*hash64(lists))[0], XXH3_64bits_withSeed(&nine, 8, XXH3_64bits_withSeed(&one, 8, 0)));
}

TEST(HashTest, Errors) {
  EXPECT_EQ(hash64(std::vector<Array>{}).status().toString(), "Invalid: hash64: needs at least one key column");
  EXPECT_EQ(hash64({makeArray<int64_t>(columnar::int64(), {1}), makeStringArray({"a", "b"})}).status().toString(),
            "Invalid: hash64: key column 1 has 2 rows, column 0 has 1");
}

}  // namespace
}  // namespace sabot::compute
