#include "sabot/compute/Selection.h"

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

Array makeListArray() {
  // [[1, 2], null, [], [3], [4, null, 5]]
  auto builder = *columnar::makeBuilder(columnar::list(columnar::int32()));
  auto* list = static_cast<columnar::ListBuilder*>(builder.get());
  auto* values = static_cast<columnar::NumericBuilder<int32_t>*>(list->valueBuilder());
  EXPECT_TRUE(list->append().ok());
  EXPECT_TRUE(values->append(1).ok());
  EXPECT_TRUE(values->append(2).ok());
  EXPECT_TRUE(list->appendNull().ok());
  EXPECT_TRUE(list->append().ok());
  EXPECT_TRUE(list->append().ok());
  EXPECT_TRUE(values->append(3).ok());
  EXPECT_TRUE(list->append().ok());
  EXPECT_TRUE(values->append(4).ok());
  EXPECT_TRUE(values->appendNull().ok());
  EXPECT_TRUE(values->append(5).ok());
  return *list->finish();
}

Array makeStructArray() {
  // {a: 1, b: "x"}, null, {a: null, b: "z"}, {a: 4, b: null}
  auto type = columnar::struct_({columnar::field("a", columnar::int64()), columnar::field("b", columnar::utf8())});
  auto builder = *columnar::makeBuilder(type);
  auto* s = static_cast<columnar::StructBuilder*>(builder.get());
  auto* a = static_cast<columnar::NumericBuilder<int64_t>*>(s->fieldBuilder(0));
  auto* b = static_cast<columnar::StringBuilder*>(s->fieldBuilder(1));
  EXPECT_TRUE(a->append(1).ok());
  EXPECT_TRUE(b->append("x").ok());
  EXPECT_TRUE(s->append().ok());
  EXPECT_TRUE(s->appendNull().ok());
  EXPECT_TRUE(a->appendNull().ok());
  EXPECT_TRUE(b->append("z").ok());
  EXPECT_TRUE(s->append().ok());
  EXPECT_TRUE(a->append(4).ok());
  EXPECT_TRUE(b->appendNull().ok());
  EXPECT_TRUE(s->append().ok());
  return *s->finish();
}

Array makeDictionaryArray(const std::vector<std::optional<std::string>>& values) {
  columnar::DictionaryBuilder builder(columnar::dictionary(columnar::int16(), columnar::utf8()));
  for (const auto& value : values) {
    EXPECT_TRUE(value ? builder.append(*value).ok() : builder.appendNull().ok());
  }
  return *builder.finish();
}

/// The same rows gathered by a plain loop through the builder.
Array expectedRows(const Array& values, const std::vector<std::optional<int64_t>>& rows) {
  auto builder = *columnar::makeBuilder(values.type());
  for (const auto& row : rows) {
    EXPECT_TRUE(row ? builder->appendFrom(values, *row).ok() : builder->appendNull().ok());
  }
  return *builder->finish();
}

TEST(SelectionTest, FilterInt64DropsFalseAndNullMaskEntries) {
  Array values = makeArray<int64_t>(columnar::int64(), {1, 2, N, 4, 5});
  Array mask = makeBoolArray({true, false, true, N, true});
  expectArrayEquals(*filter(values, mask), makeArray<int64_t>(columnar::int64(), {1, N, 5}));
}

TEST(SelectionTest, FilterAllTypes) {
  Array mask = makeBoolArray({true, false, N, true, true});
  const std::vector<std::optional<int64_t>> kept = {0, 3, 4};
  std::vector<Array> inputs = {
      makeArray<int8_t>(columnar::int8(), {1, 2, 3, N, 5}),
      makeArray<double>(columnar::float64(), {1.5, 2, 3, 4, N}),
      makeBoolArray({true, false, N, false, true}),
      makeStringArray({"a", "bb", N, "", "dddd"}),
      makeStringArray({"a", "bb", N, "", "dddd"}, columnar::largeUtf8()),
      makeStringArray({"x", "y", "z", N, "w"}, columnar::binary()),
      makeArray<int64_t>(columnar::timestamp(columnar::TimeUnit::kMicro), {1, 2, 3, 4, 5}),
      makeArray<int32_t>(columnar::date32(), {1, 2, 3, 4, N}),
      makeListArray(),
      makeStructArray().slice(0, 4),
      makeDictionaryArray({"red", "blue", N, "red", "green"}),
  };
  for (const Array& input : inputs) {
    SCOPED_TRACE(input.type()->toString());
    const int64_t length = input.length();
    Array m = mask.slice(0, length);
    std::vector<std::optional<int64_t>> expectedIndices;
    for (auto index : kept) {
      if (*index < length) expectedIndices.push_back(index);
    }
    expectArrayEquals(*filter(input, m), expectedRows(input, expectedIndices));
  }
  Array decimals = [] {
    columnar::Decimal128Builder builder(columnar::decimal128(20, 3));
    EXPECT_TRUE(builder.append(-1).ok());
    EXPECT_TRUE(builder.append(static_cast<__int128>(1) << 100).ok());
    EXPECT_TRUE(builder.appendNull().ok());
    return *builder.finish();
  }();
  expectArrayEquals(*filter(decimals, makeBoolArray({false, true, true})), expectedRows(decimals, {1, 2}));
  columnar::NullBuilder nulls;
  ASSERT_TRUE(nulls.appendNulls(3).ok());
  Array nullArray = *nulls.finish();
  EXPECT_EQ(filter(nullArray, makeBoolArray({true, false, true}))->length(), 2);
}

TEST(SelectionTest, FilterSlicedValuesAndMaskMatchAPlainLoop) {
  const auto values = testing::randomInt64s(600, 0, 1000, 5, 21);
  std::vector<std::optional<bool>> maskValues;
  for (int i = 0; i < 600; ++i) maskValues.push_back(i % 7 == 0 ? std::nullopt : std::optional<bool>(i % 3 != 1));
  Array array = makeArray<int64_t>(columnar::int64(), values);
  Array mask = makeBoolArray(maskValues);
  const size_t valueOffset = 13, maskOffset = 3, length = 333;
  std::vector<std::optional<int64_t>> expected;
  for (size_t i = 0; i < length; ++i) {
    const auto keep = maskValues[maskOffset + i];
    if (keep && *keep) expected.push_back(values[valueOffset + i]);
  }
  expectArrayEquals(*filter(array.slice(valueOffset, length), mask.slice(maskOffset, length)),
                    makeArray<int64_t>(columnar::int64(), expected));
  // Strings and bools through the same slices.
  std::vector<std::optional<std::string>> strings;
  std::vector<std::optional<bool>> bools;
  for (const auto& value : values) {
    strings.push_back(value ? std::optional<std::string>(std::to_string(*value)) : std::nullopt);
    bools.push_back(value ? std::optional<bool>(*value % 2 == 0) : std::nullopt);
  }
  std::vector<std::optional<std::string>> expectedStrings;
  std::vector<std::optional<bool>> expectedBools;
  for (size_t i = 0; i < length; ++i) {
    const auto keep = maskValues[maskOffset + i];
    if (keep && *keep) {
      expectedStrings.push_back(strings[valueOffset + i]);
      expectedBools.push_back(bools[valueOffset + i]);
    }
  }
  expectArrayEquals(*filter(makeStringArray(strings).slice(valueOffset, length), mask.slice(maskOffset, length)),
                    makeStringArray(expectedStrings));
  expectArrayEquals(*filter(makeBoolArray(bools).slice(valueOffset, length), mask.slice(maskOffset, length)),
                    makeBoolArray(expectedBools));
}

TEST(SelectionTest, FilterWithoutNullsUsesWholeWordsAndMatchesAPlainLoop) {
  // Mask words that are all true, all false and mixed, at an odd offset.
  std::vector<int64_t> values(700);
  std::vector<std::optional<bool>> maskValues;
  for (int i = 0; i < 700; ++i) {
    values[static_cast<size_t>(i)] = i * 3;
    const bool keep = i < 200 ? true : i < 330 ? false : (i % 5 == 0 || i % 7 == 0);
    maskValues.push_back(i % 97 == 0 ? std::nullopt : std::optional<bool>(keep));
  }
  columnar::NumericBuilder<int64_t> builder(columnar::int64());
  ASSERT_TRUE(builder.appendValues(values.data(), 700).ok());
  Array array = *builder.finish();
  Array mask = makeBoolArray(maskValues);
  for (auto [offset, length] : std::vector<std::pair<size_t, size_t>>{{0, 700}, {5, 690}, {64, 128}, {3, 61}}) {
    std::vector<std::optional<int64_t>> expected;
    for (size_t i = 0; i < length; ++i) {
      const auto keep = maskValues[offset + i];
      if (keep && *keep) expected.push_back(values[offset + i]);
    }
    expectArrayEquals(*filter(array.slice(offset, length), mask.slice(offset, length)),
                      makeArray<int64_t>(columnar::int64(), expected));
  }
  Array decimals = [] {
    columnar::Decimal128Builder decimalBuilder(columnar::decimal128(38, 0));
    for (int i = 0; i < 70; ++i) EXPECT_TRUE(decimalBuilder.append(static_cast<__int128>(i) << 70).ok());
    return *decimalBuilder.finish();
  }();
  std::vector<std::optional<bool>> everyThird;
  std::vector<std::optional<int64_t>> kept;
  for (int i = 0; i < 69; ++i) {
    everyThird.push_back(i % 3 == 0);
    if (i % 3 == 0) kept.push_back(i + 1);
  }
  expectArrayEquals(*filter(decimals.slice(1), makeBoolArray(everyThird)), expectedRows(decimals, kept));
  Array colors = makeDictionaryArray({"red", "blue", "red", "green"});
  EXPECT_EQ(filter(colors, makeBoolArray({false, true, true, false}))->toString(), "[blue, red]");
}

TEST(SelectionTest, FilterColumnsSkipsEmptyEntries) {
  Array a = makeArray<int64_t>(columnar::int64(), {1, 2, 3});
  Array b = makeStringArray({"x", "y", "z"});
  auto filtered = *filterColumns({a, Array(), b}, makeBoolArray({true, N, true}));
  ASSERT_EQ(filtered.size(), 3u);
  expectArrayEquals(filtered[0], makeArray<int64_t>(columnar::int64(), {1, 3}));
  EXPECT_FALSE(filtered[1].valid());
  expectArrayEquals(filtered[2], makeStringArray({"x", "z"}));
  EXPECT_EQ(filterColumns({a}, makeBoolArray({true})).status().toString(),
            "Invalid: filter: the mask has 1 rows but the input has 3");
}

TEST(SelectionTest, FilterEdgeCases) {
  Array empty = makeArray<int64_t>(columnar::int64(), {});
  expectArrayEquals(*filter(empty, makeBoolArray({})), empty);
  Array values = makeArray<int64_t>(columnar::int64(), {1, 2});
  expectArrayEquals(*filter(values, makeBoolArray({false, N})), empty);
  // Keeping everything returns the input itself.
  EXPECT_EQ(filter(values, makeBoolArray({true, true}))->data(), values.data());
  EXPECT_EQ(filter(values, makeBoolArray({true})).status().toString(),
            "Invalid: filter: the mask has 1 rows but the input has 2");
  EXPECT_EQ(filter(values, values).status().toString(), "Type error: filter: the mask must be bool, not int64");
}

TEST(SelectionTest, FilterBatch) {
  auto schema = columnar::schema({columnar::field("id", columnar::int64()), columnar::field("name", columnar::utf8())});
  auto batch = *columnar::RecordBatch::make(
      schema, {makeArray<int64_t>(columnar::int64(), {1, 2, 3}), makeStringArray({"a", "b", N})});
  auto filtered = *filter(*batch, makeBoolArray({false, true, true}));
  EXPECT_EQ(filtered->numRows(), 2);
  expectArrayEquals(filtered->column(0), makeArray<int64_t>(columnar::int64(), {2, 3}));
  expectArrayEquals(filtered->column(1), makeStringArray({"b", N}));
}

TEST(SelectionTest, TakeWithNullAndRepeatedIndices) {
  Array values = makeStringArray({"a", "b", N, "d"});
  Array indices = makeArray<int32_t>(columnar::int32(), {3, N, 0, 0, 2});
  expectArrayEquals(*take(values, indices), makeStringArray({"d", N, "a", "a", N}));
  Array unsignedIndices = makeArray<uint8_t>(columnar::uint8(), {1, 1});
  expectArrayEquals(*take(values, unsignedIndices), makeStringArray({"b", "b"}));
  expectArrayEquals(*take(values, makeArray<int64_t>(columnar::int64(), {})), makeStringArray({}));
  // Only null indices may point into an empty array.
  expectArrayEquals(*take(makeStringArray({}), makeArray<int64_t>(columnar::int64(), {N, N})),
                    makeStringArray({N, N}));
}

TEST(SelectionTest, TakeNestedAndDictionary) {
  Array list = makeListArray();
  expectArrayEquals(*take(list, makeArray<int64_t>(columnar::int64(), {4, 1, N, 0})),
                    expectedRows(list, {4, 1, N, 0}));
  expectArrayEquals(*take(list.slice(1, 4), makeArray<int64_t>(columnar::int64(), {3, 0})),
                    expectedRows(list, {4, 1}));
  Array structs = makeStructArray();
  expectArrayEquals(*take(structs.slice(1, 3), makeArray<int64_t>(columnar::int64(), {2, 1, 0})),
                    expectedRows(structs, {3, 2, 1}));
  Array colors = makeDictionaryArray({"red", "blue", N, "green"});
  Array taken = *take(colors, makeArray<int64_t>(columnar::int64(), {3, 2, 0}));
  EXPECT_EQ(taken.toString(), R"([green, null, red])");
  EXPECT_EQ(taken.dictionary().data(), colors.dictionary().data());  // dictionary shared
}

TEST(SelectionTest, TakeSlicedMatchesAPlainLoop) {
  const auto values = testing::randomInt64s(200, -50, 50, 4, 31);
  Array array = makeArray<int64_t>(columnar::int64(), values);
  const auto indices = testing::randomInt64s(150, 0, 99, 9, 32);
  Array indexArray = makeArray<int64_t>(columnar::int64(), indices);
  std::vector<std::optional<int64_t>> expected;
  for (size_t i = 7; i < 150; ++i) {
    expected.push_back(indices[i] ? values[static_cast<size_t>(*indices[i]) + 17] : std::nullopt);
  }
  expectArrayEquals(*take(array.slice(17, 100), indexArray.slice(7, 143)),
                    makeArray<int64_t>(columnar::int64(), expected));
}

TEST(SelectionTest, TakeErrors) {
  Array values = makeArray<int64_t>(columnar::int64(), {1, 2, 3});
  EXPECT_EQ(take(values, makeArray<int32_t>(columnar::int32(), {0, 3})).status().toString(),
            "Index error: take: index 3 at position 1 is out of bounds for an array of length 3");
  EXPECT_EQ(take(values, makeArray<int64_t>(columnar::int64(), {-1})).status().toString(),
            "Index error: take: index -1 at position 0 is out of bounds for an array of length 3");
  EXPECT_EQ(take(values, makeArray<uint64_t>(columnar::uint64(), {UINT64_MAX})).status().message(),
            "take: index 18446744073709551615 at position 0 is out of bounds for an array of length 3");
  EXPECT_EQ(take(values, makeStringArray({"0"})).status().toString(),
            "Type error: take: indices must be integers, not utf8");
}

TEST(SelectionTest, TakeBatch) {
  auto schema = columnar::schema({columnar::field("id", columnar::int64(), false)});
  auto batch = *columnar::RecordBatch::make(schema, {makeArray<int64_t>(columnar::int64(), {1, 2, 3})});
  auto taken = *take(*batch, makeArray<int32_t>(columnar::int32(), {2, 0}));
  expectArrayEquals(taken->column(0), makeArray<int64_t>(columnar::int64(), {3, 1}));
  // A null index would put a null into a non-nullable column.
  EXPECT_EQ(take(*batch, makeArray<int32_t>(columnar::int32(), {N})).status().toString(),
            "Invalid: column 'id' is declared not null but holds 1 nulls");
}

TEST(SelectionTest, ConcatenateAllTypes) {
  Array ints = makeArray<int64_t>(columnar::int64(), {1, N, 3, 4, 5, 6, 7, 8, 9, 10, 11});
  expectArrayEquals(*concatenate({ints.slice(1, 2), ints.slice(5, 6), ints.slice(0, 0), ints.slice(9)}),
                    makeArray<int64_t>(columnar::int64(), {N, 3, 6, 7, 8, 9, 10, 11, 10, 11}));
  Array bools = makeBoolArray({true, false, N, true, true, false, false, true, true, false});
  expectArrayEquals(*concatenate({bools.slice(3, 5), bools.slice(1, 3)}),
                    makeBoolArray({true, true, false, false, true, false, N, true}));
  Array strings = makeStringArray({"a", "bb", N, "ccc"});
  expectArrayEquals(*concatenate({strings.slice(1, 2), strings, strings.slice(4)}),
                    makeStringArray({"bb", N, "a", "bb", N, "ccc"}));
  Array large = makeStringArray({"x", "yy"}, columnar::largeBinary());
  expectArrayEquals(*concatenate({large.slice(1), large}), makeStringArray({"yy", "x", "yy"}, columnar::largeBinary()));
  Array list = makeListArray();
  expectArrayEquals(*concatenate({list.slice(3, 2), list.slice(0, 2)}), expectedRows(list, {3, 4, 0, 1}));
  Array structs = makeStructArray();
  expectArrayEquals(*concatenate({structs.slice(2, 2), structs.slice(0, 2)}), expectedRows(structs, {2, 3, 0, 1}));
  columnar::NullBuilder nulls;
  ASSERT_TRUE(nulls.appendNulls(2).ok());
  Array nullArray = *nulls.finish();
  EXPECT_EQ(concatenate({nullArray, nullArray})->length(), 4);
}

TEST(SelectionTest, ConcatenateDictionaries) {
  Array first = makeDictionaryArray({"red", "blue", N});
  Array second = makeDictionaryArray({"green", "red"});
  Array joined = *concatenate({first, second});
  EXPECT_EQ(joined.toString(), "[red, blue, null, green, red]");
  EXPECT_TRUE(columnar::validateArray(*joined.data()).ok());
  // Same dictionary: kept as is.
  Array sameDictionary = *concatenate({first.slice(1), first});
  EXPECT_EQ(sameDictionary.toString(), "[blue, null, red, blue, null]");
  EXPECT_EQ(sameDictionary.dictionary().data(), first.dictionary().data());
}

TEST(SelectionTest, ConcatenateErrors) {
  EXPECT_EQ(concatenate({}).status().toString(), "Invalid: concatenate: needs at least one array");
  EXPECT_EQ(concatenate({makeStringArray({"a"}), makeArray<int64_t>(columnar::int64(), {1})}).status().toString(),
            "Type error: concatenate: array 1 has type int64, array 0 has utf8");
  // int8 indices address at most 128 values.
  std::vector<Array> pieces;
  for (int p = 0; p < 2; ++p) {
    columnar::DictionaryBuilder builder(columnar::dictionary(columnar::int8(), columnar::utf8()));
    for (int i = 0; i < 100; ++i) ASSERT_TRUE(builder.append(std::to_string(p * 1000 + i)).ok());
    pieces.push_back(*builder.finish());
  }
  EXPECT_EQ(concatenate(pieces).status().toString(),
            "Invalid: concatenate: the combined dictionary has 200 values, more than int8 indices can address");
}

}  // namespace
}  // namespace sabot::compute
