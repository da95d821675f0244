#include "sabot/columnar/ArrayBuilder.h"

#include <gtest/gtest.h>

#include "sabot/columnar/RecordBatch.h"

namespace sabot::columnar {
namespace {

TEST(ArrayBuilderTest, Int64WithNulls) {
  Array array = makeArray<int64_t>(int64(), {1, std::nullopt, -3});
  EXPECT_EQ(array.length(), 3);
  EXPECT_EQ(array.nullCount(), 1);
  EXPECT_TRUE(array.isNull(1));
  EXPECT_EQ(array.value<int64_t>(2), -3);
  EXPECT_EQ(array.toString(), "[1, null, -3]");
  EXPECT_TRUE(validateArray(*array.data()).ok());
}

TEST(ArrayBuilderTest, AllValidArrayHasNoBitmap) {
  Array array = makeArray<int32_t>(int32(), {1, 2, 3});
  EXPECT_EQ(array.validityBits(), nullptr);
  EXPECT_EQ(array.nullCount(), 0);
}

TEST(ArrayBuilderTest, BuffersAre64ByteAligned) {
  Array array = makeArray<double>(float64(), {1.5, 2.5});
  EXPECT_EQ(reinterpret_cast<uintptr_t>(array.data()->buffers[1]->data()) % 64, 0u);
}

TEST(ArrayBuilderTest, StringsAndLargeStrings) {
  Array small = makeStringArray({"a", std::nullopt, "", "héllo"});
  EXPECT_EQ(small.stringValue(3), "héllo");
  EXPECT_EQ(small.stringValue(2), "");
  EXPECT_EQ(small.toString(), R"(["a", null, "", "héllo"])");
  Array large = makeStringArray({"x", "yz"}, largeUtf8());
  EXPECT_EQ(large.stringValue(1), "yz");
  EXPECT_TRUE(validateArray(*large.data()).ok());
}

TEST(ArrayBuilderTest, Booleans) {
  Array array = makeBoolArray({true, false, std::nullopt, true});
  EXPECT_EQ(array.toString(), "[true, false, null, true]");
  EXPECT_EQ(array.nullCount(), 1);
}

TEST(ArrayBuilderTest, SliceIsZeroCopyAndRecountsNulls) {
  Array array = makeArray<int32_t>(int32(), {1, std::nullopt, 3, 4, std::nullopt});
  Array slice = array.slice(2, 2);
  EXPECT_EQ(slice.toString(), "[3, 4]");
  EXPECT_EQ(slice.nullCount(), 0);
  EXPECT_EQ(slice.data()->buffers[1].get(), array.data()->buffers[1].get());
  EXPECT_EQ(array.slice(1, 4).nullCount(), 2);
  EXPECT_TRUE(array.slice(2, 2).equals(makeArray<int32_t>(int32(), {3, 4})));
}

TEST(ArrayBuilderTest, DecimalAndTemporal) {
  Decimal128Builder decimals(decimal128(10, 2));
  ASSERT_TRUE(decimals.append(-12345).ok());
  ASSERT_TRUE(decimals.appendNull().ok());
  ASSERT_TRUE(decimals.append(5).ok());
  Array array = decimals.finish().valueOrDie();
  EXPECT_EQ(array.toString(), "[-123.45, null, 0.05]");

  Array dates = makeArray<int32_t>(date32(), {0, 19782});
  EXPECT_EQ(dates.toString(), "[1970-01-01, 2024-02-29]");
  Array times = makeArray<int64_t>(timestamp(TimeUnit::kMilli, "UTC"), {1709164800125, -1});
  EXPECT_EQ(times.toString(), "[2024-02-29 00:00:00.125, 1969-12-31 23:59:59.999]");
}

TEST(ArrayBuilderTest, StructOfFields) {
  auto type = struct_({field("a", int32()), field("b", utf8())});
  auto builder = makeBuilder(type).valueOrDie();
  auto& structBuilder = static_cast<StructBuilder&>(*builder);
  ASSERT_TRUE(structBuilder.append().ok());
  ASSERT_TRUE(static_cast<NumericBuilder<int32_t>*>(structBuilder.fieldBuilder(0))->append(7).ok());
  ASSERT_TRUE(static_cast<StringBuilder*>(structBuilder.fieldBuilder(1))->append("x").ok());
  ASSERT_TRUE(structBuilder.appendNull().ok());
  Array array = builder->finish().valueOrDie();
  EXPECT_EQ(array.toString(), "[{a: 7, b: x}, null]");
  EXPECT_TRUE(validateArray(*array.data()).ok());
  EXPECT_EQ(array.slice(1, 1).toString(), "[null]");
}

TEST(ArrayBuilderTest, ListOfInts) {
  auto builder = makeBuilder(list(int32())).valueOrDie();
  auto& listBuilder = static_cast<ListBuilder&>(*builder);
  auto* values = static_cast<NumericBuilder<int32_t>*>(listBuilder.valueBuilder());
  ASSERT_TRUE(listBuilder.append().ok());
  ASSERT_TRUE(values->append(1).ok());
  ASSERT_TRUE(values->append(2).ok());
  ASSERT_TRUE(listBuilder.appendNull().ok());
  ASSERT_TRUE(listBuilder.append().ok());
  Array array = builder->finish().valueOrDie();
  EXPECT_EQ(array.toString(), "[[1, 2], null, []]");
  EXPECT_TRUE(validateArray(*array.data()).ok());
}

TEST(ArrayBuilderTest, DictionaryAssignsIndicesInFirstSeenOrder) {
  DictionaryBuilder builder(dictionary(int32(), utf8()));
  for (const char* value : {"b", "a", "b", "b"}) ASSERT_TRUE(builder.append(value).ok());
  ASSERT_TRUE(builder.appendNull().ok());
  Array array = builder.finish().valueOrDie();
  EXPECT_EQ(array.toString(), "[b, a, b, b, null]");
  EXPECT_EQ(array.dictionary().length(), 2);
  EXPECT_EQ(array.dictionaryIndex(2), 0);
  EXPECT_TRUE(validateArray(*array.data()).ok());
}

TEST(ArrayBuilderTest, DictionaryIndexOverflowIsAnError) {
  DictionaryBuilder builder(dictionary(int8(), utf8()));
  for (int i = 0; i < 128; ++i) ASSERT_TRUE(builder.append(std::to_string(i)).ok());
  auto status = builder.append("one too many");
  EXPECT_TRUE(status.isInvalid()) << status;
}

TEST(ArrayBuilderTest, AppendFromCopiesNestedValues) {
  auto type = list(utf8());
  auto source = makeBuilder(type).valueOrDie();
  auto& listBuilder = static_cast<ListBuilder&>(*source);
  ASSERT_TRUE(listBuilder.append().ok());
  ASSERT_TRUE(static_cast<StringBuilder*>(listBuilder.valueBuilder())->append("q").ok());
  Array original = source->finish().valueOrDie();
  auto copy = makeBuilder(type).valueOrDie();
  ASSERT_TRUE(copy->appendFrom(original, 0).ok());
  EXPECT_TRUE(copy->finish().valueOrDie().equals(original));
}

TEST(ArrayBuilderTest, MemoryPoolTracksAndLimits) {
  MemoryPool pool("test", 1024);
  {
    NumericBuilder<int64_t> builder(int64(), &pool);
    ASSERT_TRUE(builder.append(1).ok());
    EXPECT_GT(pool.bytesAllocated(), 0);
    Status status;
    for (int i = 0; i < 1000 && status.ok(); ++i) status = builder.append(i);
    EXPECT_TRUE(status.isOutOfMemory()) << status;
    EXPECT_NE(status.message().find("'test'"), std::string::npos);
  }
  EXPECT_EQ(pool.bytesAllocated(), 0);
  EXPECT_GT(pool.peakBytes(), 0);
}

TEST(RecordBatchTest, MakeChecksColumns) {
  auto batchSchema = schema({field("id", int64(), false), field("name", utf8())});
  auto ids = makeArray<int64_t>(int64(), {1, 2});
  auto names = makeStringArray({"a", std::nullopt});
  auto batch = RecordBatch::make(batchSchema, {ids, names});
  ASSERT_TRUE(batch.ok()) << batch.status();
  EXPECT_EQ((*batch)->numRows(), 2);
  EXPECT_EQ((*batch)->slice(1, 1)->column(1).toString(), "[null]");

  auto wrongType = RecordBatch::make(batchSchema, {names, names});
  EXPECT_TRUE(wrongType.status().isTypeError());
  EXPECT_EQ(wrongType.status().message(), "column 'id' has type utf8, the schema says int64");
  auto wrongLength = RecordBatch::make(batchSchema, 2, {ids.slice(0, 1), names});
  EXPECT_TRUE(wrongLength.status().isInvalid());
  auto nullInNotNull =
      RecordBatch::make(batchSchema, {makeArray<int64_t>(int64(), {1, std::nullopt}), names});
  EXPECT_TRUE(nullInNotNull.status().isInvalid());
  EXPECT_TRUE((*batch)->columnByName("nope").status().isKeyError());
}

TEST(RecordBatchTest, PrettyPrintsAsTable) {
  auto batch = RecordBatch::make(schema({field("id", int64()), field("name", utf8())}),
                                 {makeArray<int64_t>(int64(), {1, 22}), makeStringArray({"ab", std::nullopt})})
                   .valueOrDie();
  EXPECT_EQ(batch->toString(),
            "+-------+------+\n"
            "| id    | name |\n"
            "| int64 | utf8 |\n"
            "+-------+------+\n"
            "| 1     | ab   |\n"
            "| 22    | null |\n"
            "+-------+------+\n"
            "2 rows\n");
}

}  // namespace
}  // namespace sabot::columnar
