#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "sabot/columnar/Array.h"
#include "sabot/columnar/ArrayBuilder.h"

namespace sabot::columnar {
namespace {

using ::testing::HasSubstr;

template <typename T>
BufferPtr bufferOf(const std::vector<T>& values) {
  return Buffer::copyOf(std::string_view(reinterpret_cast<const char*>(values.data()),
                                         values.size() * sizeof(T)))
      .valueOrDie();
}

BufferPtr bytesOf(std::string_view bytes) { return Buffer::copyOf(bytes).valueOrDie(); }

/// A copy of `array`'s data for corrupting.
ArrayData copyOf(const Array& array) { return *array.data(); }

/// The message of validateArray's error; fails the test if there is none.
std::string errorOf(const ArrayData& data, bool full = true) {
  const Status status = validateArray(data, full);
  EXPECT_FALSE(status.ok()) << "expected a validation error for " << data.type->toString();
  if (!status.ok()) {
    EXPECT_EQ(status.code(), StatusCode::kCorrupt) << status;
  }
  return status.message();
}

TEST(ValidateTest, WellFormedArraysPass) {
  auto structType = struct_({field("a", int32()), field("b", utf8())});
  auto structBuilder = makeBuilder(structType).valueOrDie();
  ASSERT_TRUE(static_cast<StructBuilder&>(*structBuilder).appendNull().ok());
  auto listBuilder = makeBuilder(list(utf8())).valueOrDie();
  ASSERT_TRUE(static_cast<ListBuilder&>(*listBuilder).append().ok());
  ASSERT_TRUE(static_cast<StringBuilder*>(static_cast<ListBuilder&>(*listBuilder).valueBuilder())->append("x").ok());
  DictionaryBuilder dictionaryBuilder(dictionary(int8(), utf8()));
  ASSERT_TRUE(dictionaryBuilder.append("v").ok());
  ASSERT_TRUE(dictionaryBuilder.appendNull().ok());
  NullBuilder nulls;
  ASSERT_TRUE(nulls.appendNulls(2).ok());
  const std::vector<Array> arrays = {
      makeArray<int32_t>(int32(), {1, std::nullopt, 3}),
      makeBoolArray({true, std::nullopt}),
      makeStringArray({"a", std::nullopt, "é"}),
      makeStringArray({"a", std::nullopt}, largeUtf8()),
      makeStringArray({std::string("\xff", 1)}, binary()),
      structBuilder->finish().valueOrDie(),
      listBuilder->finish().valueOrDie(),
      dictionaryBuilder.finish().valueOrDie(),
      nulls.finish().valueOrDie(),
  };
  for (const Array& array : arrays) {
    EXPECT_TRUE(validateArray(*array.data()).ok()) << array.type()->toString();
    EXPECT_TRUE(validateArray(*array.slice(1).data()).ok()) << array.type()->toString();
    EXPECT_TRUE(Array::make(*array.data()).ok());
  }
}

TEST(ValidateTest, ImpossibleLengthOffsetAndNullCount) {
  ArrayData data = copyOf(makeArray<int32_t>(int32(), {1, 2}));
  data.length = -1;
  EXPECT_EQ(errorOf(data), "int32 array: impossible length -1 or offset 0");
  data.length = 2;
  data.offset = -2;
  EXPECT_EQ(errorOf(data), "int32 array: impossible length 2 or offset -2");
  data.offset = 0;
  data.nullCount = 3;
  EXPECT_EQ(errorOf(data), "int32 array of length 2: impossible null count 3");
  data.nullCount = -1;
  EXPECT_EQ(errorOf(data), "int32 array of length 2: impossible null count -1");
  ArrayData untyped;
  EXPECT_EQ(errorOf(untyped), "array without a type");
}

TEST(ValidateTest, WrongBufferCount) {
  ArrayData data = copyOf(makeArray<int64_t>(int64(), {1}));
  data.buffers.push_back(nullptr);
  EXPECT_EQ(errorOf(data), "int64 array: has 3 buffers, the layout has 2");
}

TEST(ValidateTest, ShortValuesBuffer) {
  ArrayData data = copyOf(makeArray<int32_t>(int32(), {1, 2, 3}));
  data.buffers[1] = bufferOf<int32_t>({1, 2});
  EXPECT_EQ(errorOf(data), "int32 array of length 3 at offset 0: values buffer has 8 bytes, needs 12");
  // An offset moves the window past the end too.
  ArrayData sliced = copyOf(makeArray<int64_t>(int64(), {1, 2, 3}));
  sliced.offset = 1;
  EXPECT_EQ(errorOf(sliced), "int64 array of length 3 at offset 1: values buffer has 24 bytes, needs 32");
}

TEST(ValidateTest, ShortValuesBufferAfterOffset) {
  ArrayData data;
  data.type = int64();
  data.length = 2;
  data.offset = 1;
  data.buffers = {nullptr, bufferOf<int64_t>({1, 2})};
  EXPECT_EQ(errorOf(data), "int64 array of length 2 at offset 1: values buffer has 16 bytes, needs 24");
  data.buffers[1] = nullptr;
  EXPECT_EQ(errorOf(data), "int64 array: values buffer is missing");
}

TEST(ValidateTest, ShortValidityAndBoolBuffers) {
  ArrayData data;
  data.type = boolean();
  data.length = 9;
  data.nullCount = 0;
  data.buffers = {bytesOf("\xff"), bytesOf("\xff\x01")};
  EXPECT_EQ(errorOf(data), "bool array of length 9 at offset 0: validity buffer has 1 bytes, needs 2");
  data.buffers = {nullptr, bytesOf("\xff")};
  EXPECT_EQ(errorOf(data), "bool array of length 9 at offset 0: values buffer has 1 bytes, needs 2");
}

TEST(ValidateTest, WrongNullCount) {
  ArrayData data = copyOf(makeArray<int32_t>(int32(), {1, std::nullopt, std::nullopt}));
  data.nullCount = 1;
  EXPECT_EQ(errorOf(data), "int32 array: null count says 1 but the validity bitmap has 2 nulls");
  ArrayData noBitmap = copyOf(makeArray<int32_t>(int32(), {1, 2}));
  noBitmap.nullCount = 1;
  EXPECT_EQ(errorOf(noBitmap), "int32 array: null count says 1 but the validity bitmap has 0 nulls");
  NullBuilder nulls;
  ASSERT_TRUE(nulls.appendNulls(3).ok());
  ArrayData nullArray = copyOf(nulls.finish().valueOrDie());
  nullArray.nullCount = 2;
  EXPECT_EQ(errorOf(nullArray), "null array: null count 2 differs from length 3");
}

TEST(ValidateTest, DecreasingOffsets) {
  ArrayData data;
  data.type = utf8();
  data.length = 3;
  data.buffers = {nullptr, bufferOf<int32_t>({0, 3, 2, 5}), bytesOf("hello")};
  EXPECT_EQ(errorOf(data), "utf8 array: offsets decrease at index 1 (3 then 2)");
  data.type = largeBinary();
  data.buffers[1] = bufferOf<int64_t>({0, 1, 2, 1});
  EXPECT_EQ(errorOf(data), "large_binary array: offsets decrease at index 2 (2 then 1)");
}

TEST(ValidateTest, NegativeFirstOffset) {
  ArrayData data;
  data.type = binary();
  data.length = 1;
  data.buffers = {nullptr, bufferOf<int32_t>({-1, 2}), bytesOf("ab")};
  EXPECT_EQ(errorOf(data), "binary array: negative offset -1 at index 0");
}

TEST(ValidateTest, OffsetsPastData) {
  ArrayData data;
  data.type = utf8();
  data.length = 2;
  data.buffers = {nullptr, bufferOf<int32_t>({0, 2, 6}), bytesOf("hello")};
  EXPECT_EQ(errorOf(data), "utf8 array: last offset 6 is past the end of the data buffer (5 long)");
  data.buffers[2] = nullptr;
  EXPECT_EQ(errorOf(data), "utf8 array: last offset 6 is past the end of the data buffer (0 long)");
  data.buffers[1] = bufferOf<int32_t>({0, 0, 0});
  EXPECT_EQ(errorOf(data), "utf8 array: data buffer is missing");
}

TEST(ValidateTest, ShortOrMissingOffsetsBuffer) {
  ArrayData data;
  data.type = utf8();
  data.length = 2;
  data.buffers = {nullptr, bufferOf<int32_t>({0, 2}), bytesOf("hello")};
  EXPECT_EQ(errorOf(data), "utf8 array of length 2 at offset 0: offsets buffer has 8 bytes, needs 12");
  data.buffers[1] = nullptr;
  EXPECT_EQ(errorOf(data), "utf8 array: offsets buffer is missing");
  data.length = 0;
  EXPECT_TRUE(validateArray(data).ok()) << "an empty array needs no offsets";
}

TEST(ValidateTest, BadUtf8OnlyInFullMode) {
  ArrayData data = copyOf(makeStringArray({"ok", std::string("\xc3\x28", 2), "fine"}));
  EXPECT_EQ(errorOf(data), "utf8 array: element 1 is not valid UTF-8");
  EXPECT_TRUE(validateArray(data, /*full=*/false).ok());
  ArrayData large = copyOf(makeStringArray({std::string("\xed\xa0\x80", 3)}, largeUtf8()));
  EXPECT_EQ(errorOf(large), "large_utf8 array: element 0 is not valid UTF-8");
  // Binary holds any bytes.
  EXPECT_TRUE(validateArray(*makeStringArray({std::string("\xc3\x28", 2)}, binary()).data()).ok());
  // The element number is relative to the slice.
  const Array sliced = makeStringArray({"a", "b", std::string("\xff", 1)}).slice(1);
  EXPECT_EQ(errorOf(*sliced.data()), "utf8 array: element 1 is not valid UTF-8");
}

TEST(ValidateTest, BadDictionaryIndex) {
  DictionaryBuilder builder(dictionary(int16(), utf8()));
  ASSERT_TRUE(builder.append("a").ok());
  ASSERT_TRUE(builder.append("b").ok());
  ASSERT_TRUE(builder.appendNull().ok());
  ArrayData data = copyOf(builder.finish().valueOrDie());
  ASSERT_TRUE(validateArray(data).ok());
  data.buffers[1] = bufferOf<int16_t>({0, 2, 0});
  EXPECT_EQ(errorOf(data),
            "dictionary array: index 2 at position 1 is outside the dictionary of 2 values");
  data.buffers[1] = bufferOf<int16_t>({-1, 0, 0});
  EXPECT_EQ(errorOf(data),
            "dictionary array: index -1 at position 0 is outside the dictionary of 2 values");
  // An out-of-range index under a null is never read.
  data.buffers[1] = bufferOf<int16_t>({0, 1, 999});
  EXPECT_TRUE(validateArray(data).ok());
}

TEST(ValidateTest, MissingOrMistypedDictionary) {
  DictionaryBuilder builder(dictionary(int32(), utf8()));
  ASSERT_TRUE(builder.append("a").ok());
  ArrayData data = copyOf(builder.finish().valueOrDie());
  auto values = data.dictionary;
  data.dictionary = nullptr;
  EXPECT_EQ(errorOf(data), "dictionary array: dictionary of type utf8 is missing");
  data.dictionary = makeStringArray({"a"}, binary()).data();
  EXPECT_EQ(errorOf(data), "dictionary array: dictionary of type utf8 is missing");
  data.dictionary = makeStringArray({std::string("\xff", 1)}).data();
  EXPECT_EQ(errorOf(data), "in dictionary: utf8 array: element 0 is not valid UTF-8");
}

TEST(ValidateTest, StructChildTooShort) {
  auto type = struct_({field("a", int32()), field("b", int32())});
  ArrayData data;
  data.type = type;
  data.length = 3;
  data.buffers = {nullptr};
  data.children = {makeArray<int32_t>(int32(), {1, 2, 3}).data(), makeArray<int32_t>(int32(), {1, 2}).data()};
  EXPECT_EQ(errorOf(data), "struct array: child 'b' has 2 values, needs 3");
  // The parent offset counts against the children as well.
  data.children[1] = data.children[0];
  data.length = 2;
  data.offset = 2;
  EXPECT_EQ(errorOf(data), "struct array: child 'a' has 3 values, needs 4");
}

TEST(ValidateTest, StructChildrenMismatch) {
  auto type = struct_({field("a", int32()), field("b", utf8())});
  ArrayData data;
  data.type = type;
  data.length = 1;
  data.buffers = {nullptr};
  data.children = {makeArray<int32_t>(int32(), {1}).data()};
  EXPECT_EQ(errorOf(data), "struct<a: int32, b: utf8> array: has 1 children, the type has 2 fields");
  data.children.push_back(makeArray<int32_t>(int32(), {1}).data());
  EXPECT_EQ(errorOf(data), "struct array: child 'b' has type int32, the field says utf8");
  data.children[1] = makeStringArray({std::string("\xff", 1)}).data();
  EXPECT_EQ(errorOf(data), "in struct field 'b': utf8 array: element 0 is not valid UTF-8");
}

TEST(ValidateTest, ListOffsetsAndChild) {
  ArrayData data;
  data.type = list(int32());
  data.length = 2;
  data.buffers = {nullptr, bufferOf<int32_t>({0, 2, 4})};
  data.children = {makeArray<int32_t>(int32(), {1, 2, 3}).data()};
  EXPECT_EQ(errorOf(data), "list<item: int32> array: last offset 4 is past the end of the child array (3 long)");
  data.buffers[1] = bufferOf<int32_t>({0, 2, 1});
  EXPECT_EQ(errorOf(data), "list<item: int32> array: offsets decrease at index 1 (2 then 1)");
  data.buffers[1] = bufferOf<int32_t>({0, 2, 3});
  data.children = {makeArray<int64_t>(int64(), {1, 2, 3}).data()};
  EXPECT_EQ(errorOf(data), "list array: child type int64 differs from int32");
  data.children = {};
  EXPECT_EQ(errorOf(data), "list array: needs exactly one child, has 0");
  ArrayData badChild = copyOf(makeArray<int32_t>(int32(), {1, 2, 3}));
  badChild.nullCount = 1;
  data.children = {std::make_shared<const ArrayData>(badChild)};
  EXPECT_EQ(errorOf(data),
            "in list values: int32 array: null count says 1 but the validity bitmap has 0 nulls");
}

TEST(ValidateTest, ArrayMakeRejectsCorruptData) {
  ArrayData data = copyOf(makeArray<int32_t>(int32(), {1, 2, 3}));
  data.length = 100;
  auto array = Array::make(data);
  ASSERT_FALSE(array.ok());
  EXPECT_THAT(array.status().message(), HasSubstr("int32 array of length 100 at offset 0: values buffer has 12 bytes, needs 400"));
}

}  // namespace
}  // namespace sabot::columnar
