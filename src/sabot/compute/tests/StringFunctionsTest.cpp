#include "sabot/compute/StringFunctions.h"

#include <gtest/gtest.h>

#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/compute/tests/ArrayMatchers.h"

namespace sabot::compute {
namespace {

using columnar::makeArray;
using columnar::makeBoolArray;
using columnar::makeStringArray;
using testing::expectArrayEquals;

constexpr auto N = std::nullopt;

// "héllo" has 5 characters in 6 bytes; "日本" 2 in 6.
Array words() { return makeStringArray({"héllo", N, "", "日本", "ABC abc"}); }

TEST(StringFunctionsTest, Lengths) {
  expectArrayEquals(*byteLength(words()), makeArray<int32_t>(columnar::int32(), {6, N, 0, 6, 7}));
  expectArrayEquals(*charLength(words()), makeArray<int32_t>(columnar::int32(), {5, N, 0, 2, 7}));
  expectArrayEquals(*charLength(makeStringArray({"日本"}, columnar::largeUtf8())),
                    makeArray<int64_t>(columnar::int64(), {2}));
  expectArrayEquals(*byteLength(makeStringArray({"\x01\x02"}, columnar::binary())),
                    makeArray<int32_t>(columnar::int32(), {2}));
}

TEST(StringFunctionsTest, CaseMappingIsAscii) {
  expectArrayEquals(*lower(words()), makeStringArray({"héllo", N, "", "日本", "abc abc"}));
  expectArrayEquals(*upper(words()), makeStringArray({"HéLLO", N, "", "日本", "ABC ABC"}));
  // Sliced input: offsets are rebased.
  expectArrayEquals(*upper(words().slice(3, 2)), makeStringArray({"日本", "ABC ABC"}));
  expectArrayEquals(*lower(makeStringArray({"XY"}, columnar::largeUtf8())), makeStringArray({"xy"}, columnar::largeUtf8()));
}

TEST(StringFunctionsTest, PatternTests) {
  Array values = makeStringArray({"banana", N, "", "bandana", "an"});
  expectArrayEquals(*startsWith(values, "ban"), makeBoolArray({true, N, false, true, false}));
  expectArrayEquals(*endsWith(values, "ana"), makeBoolArray({true, N, false, true, false}));
  expectArrayEquals(*contains(values, "nd"), makeBoolArray({false, N, false, true, false}));
  expectArrayEquals(*contains(values, ""), makeBoolArray({true, N, true, true, true}));
  expectArrayEquals(*contains(values.slice(3), "an"), makeBoolArray({true, true}));
}

TEST(StringFunctionsTest, ContainsMatchesAPlainLoopOnManyRows) {
  std::vector<std::optional<std::string>> values;
  for (int i = 0; i < 300; ++i) {
    values.push_back(i % 11 == 0 ? std::nullopt : std::optional<std::string>("row" + std::to_string(i * 7)));
  }
  Array array = makeStringArray(values);
  std::vector<std::optional<bool>> expected;
  for (size_t i = 5; i < 300; ++i) {
    expected.push_back(values[i] ? std::optional<bool>(values[i]->find("77") != std::string::npos) : std::nullopt);
  }
  expectArrayEquals(*contains(array.slice(5), "77"), makeBoolArray(expected));
}

TEST(StringFunctionsTest, SubstringIsOneBasedOnCodePoints) {
  expectArrayEquals(*substring(words(), 2, 3), makeStringArray({"éll", N, "", "本", "BC "}));
  expectArrayEquals(*substring(words(), 2), makeStringArray({"éllo", N, "", "本", "BC abc"}));
  // Positions before 1 eat into the length, as in PostgreSQL.
  expectArrayEquals(*substring(words(), 0, 3), makeStringArray({"hé", N, "", "日本", "AB"}));
  expectArrayEquals(*substring(words(), -5, 3), makeStringArray({"", N, "", "", ""}));
  expectArrayEquals(*substring(words(), 100, 3), makeStringArray({"", N, "", "", ""}));
  expectArrayEquals(*substring(words().slice(3), 1, 1), makeStringArray({"日", "A"}));
  EXPECT_EQ(substring(words(), 1, -1).status().toString(), "Invalid: substring: negative length -1");
}

TEST(StringFunctionsTest, Split) {
  Array values = makeStringArray({"a,b,,c", N, "", "x", ",y,"});
  Array result = *split(values, ",");
  EXPECT_EQ(result.type()->toString(), "list<item: utf8>");
  EXPECT_TRUE(columnar::validateArray(*result.data()).ok());
  EXPECT_EQ(result.toString(), R"([["a", "b", "", "c"], null, [""], ["x"], ["", "y", ""]])");
  EXPECT_EQ(split(values.slice(3), ",")->toString(), R"([["x"], ["", "y", ""]])");
  EXPECT_EQ(split(makeStringArray({"a::b"}), "::")->toString(), R"([["a", "b"]])");
  EXPECT_EQ(split(values, "").status().toString(), "Invalid: split: the delimiter must not be empty");
}

TEST(StringFunctionsTest, SplitIndexIsZeroBasedAndNullPastTheEnd) {
  Array values = makeStringArray({"a,b,,c", N, "", "x", ",y,"});
  expectArrayEquals(*splitIndex(values, ",", 0), makeStringArray({"a", N, "", "x", ""}));
  expectArrayEquals(*splitIndex(values, ",", 1), makeStringArray({"b", N, N, N, "y"}));
  expectArrayEquals(*splitIndex(values, ",", 2), makeStringArray({"", N, N, N, ""}));
  expectArrayEquals(*splitIndex(values, ",", 3), makeStringArray({"c", N, N, N, N}));
  expectArrayEquals(*splitIndex(values, ",", 4), makeStringArray({N, N, N, N, N}));
  expectArrayEquals(*splitIndex(values, ",", -1), makeStringArray({N, N, N, N, N}));
  expectArrayEquals(*splitIndex(values.slice(3), ",", 1), makeStringArray({N, "y"}));
  expectArrayEquals(*splitIndex(makeStringArray({"a::b::c"}), "::", 2), makeStringArray({"c"}));
  // Nexmark q22: the directories of a bid's URL.
  Array url = makeStringArray({"https://www.nexmark.com/abc/de/f/item.htm?query=1"});
  expectArrayEquals(*splitIndex(url, "/", 3), makeStringArray({"abc"}));
  expectArrayEquals(*splitIndex(url, "/", 5), makeStringArray({"f"}));
  Array result = *splitIndex(values, ",", 1);
  EXPECT_TRUE(columnar::validateArray(*result.data()).ok());
  EXPECT_EQ(result.nullCount(), 3);
  EXPECT_EQ(splitIndex(values, "", 0).status().toString(),
            "Invalid: split_index: the delimiter must not be empty");
}

TEST(StringFunctionsTest, EmptyAndTypeErrors) {
  expectArrayEquals(*lower(makeStringArray({})), makeStringArray({}));
  expectArrayEquals(*charLength(makeStringArray({})), makeArray<int32_t>(columnar::int32(), {}));
  Array ints = makeArray<int64_t>(columnar::int64(), {1});
  EXPECT_EQ(lower(ints).status().toString(), "Type error: lower needs utf8 input, got int64");
  EXPECT_EQ(contains(ints, "1").status().toString(), "Type error: contains needs utf8 or binary input, got int64");
  EXPECT_EQ(upper(makeStringArray({"a"}, columnar::binary())).status().toString(),
            "Type error: upper needs utf8 input, got binary");
}

}  // namespace
}  // namespace sabot::compute
