#include "sabot/columnar/CDataInterface.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "sabot/columnar/ArrayBuilder.h"

namespace sabot::columnar {
namespace {

using ::testing::HasSubstr;

// ------------------------------------------------------------------ helpers

Array roundTrip(const Array& array) {
  ArrowArray cArray{};
  ArrowSchema cSchema{};
  SABOT_CHECK_OK(exportArray(array, &cArray, &cSchema));
  auto imported = importArray(&cArray, &cSchema);
  SABOT_CHECK_OK(imported);
  EXPECT_EQ(cArray.release, nullptr) << "import must move the ArrowArray";
  EXPECT_EQ(cSchema.release, nullptr) << "import must release the ArrowSchema";
  return std::move(imported).valueOrDie();
}

DataTypePtr roundTripType(const DataTypePtr& type) {
  ArrowSchema cSchema{};
  SABOT_CHECK_OK(exportType(*type, &cSchema));
  return importType(&cSchema).valueOrDie();
}

std::string exportedFormat(const DataTypePtr& type) {
  ArrowSchema cSchema{};
  SABOT_CHECK_OK(exportType(*type, &cSchema));
  std::string format = cSchema.format;
  cSchema.release(&cSchema);
  return format;
}

Array makeDecimals(const DataTypePtr& type, const std::vector<std::optional<__int128>>& values,
                   MemoryPool* pool = MemoryPool::defaultPool()) {
  Decimal128Builder builder(type, pool);
  for (const auto& value : values) {
    SABOT_CHECK_OK(value ? builder.append(*value) : builder.appendNull());
  }
  return builder.finish().valueOrDie();
}

Array makeDictionary(const DataTypePtr& type, const std::vector<std::optional<std::string>>& values) {
  DictionaryBuilder builder(type);
  for (const auto& value : values) {
    SABOT_CHECK_OK(value ? builder.append(*value) : builder.appendNull());
  }
  return builder.finish().valueOrDie();
}

Array makeIntList(const std::vector<std::optional<std::vector<std::optional<int32_t>>>>& lists) {
  auto builder = makeBuilder(list(int32())).valueOrDie();
  auto& listBuilder = static_cast<ListBuilder&>(*builder);
  auto* values = static_cast<NumericBuilder<int32_t>*>(listBuilder.valueBuilder());
  for (const auto& entry : lists) {
    if (!entry) {
      SABOT_CHECK_OK(listBuilder.appendNull());
      continue;
    }
    SABOT_CHECK_OK(listBuilder.append());
    for (const auto& value : *entry) SABOT_CHECK_OK(values->append(value));
  }
  return builder->finish().valueOrDie();
}

Array makeStruct(const std::vector<std::optional<std::pair<int32_t, std::string>>>& rows) {
  auto type = struct_({field("id", int32(), false), field("name", utf8())});
  auto builder = makeBuilder(type).valueOrDie();
  auto& structBuilder = static_cast<StructBuilder&>(*builder);
  for (const auto& row : rows) {
    if (!row) {
      SABOT_CHECK_OK(structBuilder.appendNull());
      continue;
    }
    SABOT_CHECK_OK(structBuilder.append());
    SABOT_CHECK_OK(static_cast<NumericBuilder<int32_t>*>(structBuilder.fieldBuilder(0))->append(row->first));
    SABOT_CHECK_OK(static_cast<StringBuilder*>(structBuilder.fieldBuilder(1))->append(row->second));
  }
  return builder->finish().valueOrDie();
}

/// One array of every type Sabot has, each with a null.
std::vector<Array> arrayOfEveryType() {
  NullBuilder nulls;
  SABOT_CHECK_OK(nulls.appendNulls(3));
  return {
      nulls.finish().valueOrDie(),
      makeBoolArray({true, std::nullopt, false, true, true, false, false, true, true, std::nullopt}),
      makeArray<int8_t>(int8(), {-128, std::nullopt, 127}),
      makeArray<int16_t>(int16(), {-32768, std::nullopt, 32767}),
      makeArray<int32_t>(int32(), {-7, std::nullopt, 1 << 30}),
      makeArray<int64_t>(int64(), {INT64_MIN, std::nullopt, INT64_MAX}),
      makeArray<uint8_t>(uint8(), {0, std::nullopt, 255}),
      makeArray<uint16_t>(uint16(), {0, std::nullopt, 65535}),
      makeArray<uint32_t>(uint32(), {0, std::nullopt, 4000000000u}),
      makeArray<uint64_t>(uint64(), {0, std::nullopt, UINT64_MAX}),
      makeArray<float>(float32(), {1.5f, std::nullopt, -0.25f}),
      makeArray<double>(float64(), {1e300, std::nullopt, -2.5}),
      makeStringArray({"héllo", std::nullopt, "", "world"}),
      makeStringArray({"large", std::nullopt, "strings"}, largeUtf8()),
      makeStringArray({std::string("\0\xff", 2), std::nullopt, "b"}, binary()),
      makeStringArray({std::string("\x01\x02", 2), std::nullopt, ""}, largeBinary()),
      makeArray<int64_t>(timestamp(TimeUnit::kSecond, "UTC"), {0, std::nullopt, -86400}),
      makeArray<int64_t>(timestamp(TimeUnit::kMilli), {1709164800125, std::nullopt, -1}),
      makeArray<int64_t>(timestamp(TimeUnit::kMicro, "Europe/Paris"), {1, std::nullopt, 2}),
      makeArray<int64_t>(timestamp(TimeUnit::kNano, "+02:00"), {-5, std::nullopt, 5}),
      makeArray<int32_t>(date32(), {19782, std::nullopt, -719162}),
      makeDecimals(decimal128(38, 10), {-12345, std::nullopt, (__int128{1} << 100) + 7}),
      makeStruct({std::pair{1, std::string("a")}, std::nullopt, std::pair{3, std::string("c")}}),
      makeIntList({std::vector<std::optional<int32_t>>{1, std::nullopt}, std::nullopt,
                   std::vector<std::optional<int32_t>>{}, std::vector<std::optional<int32_t>>{4}}),
      makeDictionary(dictionary(int32(), utf8()), {"x", "y", std::nullopt, "x", "z"}),
      makeDictionary(dictionary(int8(), largeUtf8(), true), {"p", std::nullopt, "q", "p"}),
  };
}

// ---------------------------------------------------------- format strings

TEST(CDataInterfaceTest, FormatStringsFollowTheSpecification) {
  const std::vector<std::pair<DataTypePtr, std::string>> cases = {
      {null(), "n"},
      {boolean(), "b"},
      {int8(), "c"},
      {uint8(), "C"},
      {int16(), "s"},
      {uint16(), "S"},
      {int32(), "i"},
      {uint32(), "I"},
      {int64(), "l"},
      {uint64(), "L"},
      {float32(), "f"},
      {float64(), "g"},
      {utf8(), "u"},
      {largeUtf8(), "U"},
      {binary(), "z"},
      {largeBinary(), "Z"},
      {date32(), "tdD"},
      {timestamp(TimeUnit::kSecond, "UTC"), "tss:UTC"},
      {timestamp(TimeUnit::kMilli), "tsm:"},
      {timestamp(TimeUnit::kMicro, "America/New_York"), "tsu:America/New_York"},
      {timestamp(TimeUnit::kNano, "+01:00"), "tsn:+01:00"},
      {decimal128(38, 10), "d:38,10"},
      {decimal128(5, 0), "d:5,0"},
      {struct_({field("a", int32())}), "+s"},
      {list(utf8()), "+l"},
      {dictionary(int16(), utf8()), "s"},
  };
  for (const auto& [type, format] : cases) {
    EXPECT_EQ(exportedFormat(type), format) << type->toString();
    const DataTypePtr imported = roundTripType(type);
    EXPECT_TRUE(imported->equals(*type)) << type->toString() << " came back as " << imported->toString();
  }
}

TEST(CDataInterfaceTest, ExportedTypeIsNamelessAndNullable) {
  ArrowSchema cSchema{};
  ASSERT_TRUE(exportType(*int64(), &cSchema).ok());
  EXPECT_STREQ(cSchema.name, "");
  EXPECT_EQ(cSchema.flags, ARROW_FLAG_NULLABLE);
  EXPECT_EQ(cSchema.metadata, nullptr);
  EXPECT_EQ(cSchema.n_children, 0);
  EXPECT_EQ(cSchema.dictionary, nullptr);
  cSchema.release(&cSchema);
  EXPECT_EQ(cSchema.release, nullptr);
}

TEST(CDataInterfaceTest, NestedTypesExportChildrenAndDictionary) {
  auto type = struct_({field("id", int64(), false),
                       field("tags", list(field("tag", utf8(), false))),
                       field("kind", dictionary(int32(), utf8(), /*ordered=*/true))});
  ArrowSchema cSchema{};
  ASSERT_TRUE(exportType(*type, &cSchema).ok());
  EXPECT_STREQ(cSchema.format, "+s");
  ASSERT_EQ(cSchema.n_children, 3);
  EXPECT_STREQ(cSchema.children[0]->name, "id");
  EXPECT_EQ(cSchema.children[0]->flags, 0);
  EXPECT_STREQ(cSchema.children[1]->format, "+l");
  ASSERT_EQ(cSchema.children[1]->n_children, 1);
  EXPECT_STREQ(cSchema.children[1]->children[0]->name, "tag");
  EXPECT_STREQ(cSchema.children[1]->children[0]->format, "u");
  EXPECT_EQ(cSchema.children[1]->children[0]->flags, 0);
  const ArrowSchema* kind = cSchema.children[2];
  EXPECT_STREQ(kind->format, "i");
  EXPECT_EQ(kind->flags, ARROW_FLAG_NULLABLE | ARROW_FLAG_DICTIONARY_ORDERED);
  ASSERT_NE(kind->dictionary, nullptr);
  EXPECT_STREQ(kind->dictionary->format, "u");

  auto imported = importType(&cSchema);
  ASSERT_TRUE(imported.ok()) << imported.status();
  EXPECT_EQ((*imported)->toString(), type->toString());
  EXPECT_TRUE((*imported)->equals(*type));
  EXPECT_TRUE((*imported)->field(2)->type()->ordered());
}

// ------------------------------------------------------ fields and schemas

TEST(CDataInterfaceTest, FieldMetadataUsesTheBinaryEncoding) {
  Field original("price", decimal128(10, 2), false, {{"unit", "EUR"}, {"", "empty key"}});
  ArrowSchema cSchema{};
  ASSERT_TRUE(exportField(original, &cSchema).ok());
  EXPECT_STREQ(cSchema.name, "price");
  EXPECT_EQ(cSchema.flags, 0);
  ASSERT_NE(cSchema.metadata, nullptr);
  // int32 count, then (int32 length, bytes) for each key and value.
  std::string expected;
  auto appendInt32 = [&expected](int32_t value) {
    expected.append(reinterpret_cast<const char*>(&value), 4);
  };
  appendInt32(2);
  appendInt32(4);
  expected += "unit";
  appendInt32(3);
  expected += "EUR";
  appendInt32(0);
  appendInt32(9);
  expected += "empty key";
  EXPECT_EQ(std::string(cSchema.metadata, expected.size()), expected);

  auto imported = importField(&cSchema);
  ASSERT_TRUE(imported.ok()) << imported.status();
  EXPECT_EQ(cSchema.release, nullptr);
  EXPECT_TRUE((*imported)->equals(original, /*checkMetadata=*/true));
  EXPECT_EQ((*imported)->toString(), "price: decimal128(10, 2) not null");
}

TEST(CDataInterfaceTest, SchemaRoundTripsNamesNullabilityAndMetadata) {
  auto original = schema({field("ts", timestamp(TimeUnit::kMilli, "UTC"), false, {{"event_time", "true"}}),
                          field("user", utf8()),
                          field("amount", decimal128(12, 3))},
                         {{"source", "nexmark"}, {"version", "2"}});
  ArrowSchema cSchema{};
  ASSERT_TRUE(exportSchema(*original, &cSchema).ok());
  EXPECT_STREQ(cSchema.format, "+s");
  EXPECT_EQ(cSchema.flags, 0);
  EXPECT_EQ(cSchema.n_children, 3);
  auto imported = importSchema(&cSchema);
  ASSERT_TRUE(imported.ok()) << imported.status();
  EXPECT_TRUE((*imported)->equals(*original, /*checkMetadata=*/true));
  EXPECT_EQ((*imported)->toString(), original->toString());
}

TEST(CDataInterfaceTest, ImportSchemaRejectsNonStructFormat) {
  ArrowSchema cSchema{};
  ASSERT_TRUE(exportType(*int32(), &cSchema).ok());
  auto imported = importSchema(&cSchema);
  ASSERT_FALSE(imported.ok());
  EXPECT_THAT(imported.status().message(), HasSubstr("not format 'i'"));
  EXPECT_EQ(cSchema.release, nullptr) << "the schema is released even on failure";
}

// ------------------------------------------------------------------ arrays

TEST(CDataInterfaceTest, EveryTypeRoundTrips) {
  for (const Array& original : arrayOfEveryType()) {
    ASSERT_TRUE(validateArray(*original.data()).ok()) << original.type()->toString();
    const Array imported = roundTrip(original);
    EXPECT_TRUE(imported.equals(original))
        << original.type()->toString() << ": " << imported.toString() << " vs " << original.toString();
    EXPECT_EQ(imported.toString(), original.toString());
    EXPECT_EQ(imported.nullCount(), original.nullCount());
    EXPECT_TRUE(imported.type()->equals(*original.type()));
  }
}

TEST(CDataInterfaceTest, SlicedArraysKeepTheirOffset) {
  for (const Array& original : arrayOfEveryType()) {
    const Array sliced = original.slice(1, original.length() - 2);
    const Array imported = roundTrip(sliced);
    EXPECT_EQ(imported.offset(), sliced.offset()) << original.type()->toString();
    EXPECT_TRUE(imported.equals(sliced))
        << original.type()->toString() << ": " << imported.toString() << " vs " << sliced.toString();
    EXPECT_EQ(imported.toString(), sliced.toString());
  }
}

TEST(CDataInterfaceTest, ImportIsZeroCopy) {
  const Array original = makeStringArray({"zero", "copy", std::nullopt});
  const Array imported = roundTrip(original.slice(1));
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(imported.data()->buffers[i]->data(), original.data()->buffers[i]->data()) << i;
  }
}

TEST(CDataInterfaceTest, BoolSlicesAtOddBitOffsets) {
  std::vector<std::optional<bool>> values;
  for (int i = 0; i < 77; ++i) {
    values.push_back(i % 7 == 0 ? std::nullopt : std::optional<bool>(i % 3 == 0));
  }
  const Array original = makeBoolArray(values);
  for (int64_t offset : {0, 1, 3, 9, 63, 64, 70}) {
    const Array sliced = original.slice(offset, 77 - offset);
    const Array imported = roundTrip(sliced);
    EXPECT_TRUE(imported.equals(sliced)) << offset;
    EXPECT_EQ(imported.nullCount(), sliced.nullCount()) << offset;
  }
}

TEST(CDataInterfaceTest, SlicedStructAppliesParentOffsetToChildren) {
  const Array original = makeStruct({std::pair{1, std::string("a")}, std::pair{2, std::string("b")},
                                     std::nullopt, std::pair{4, std::string("d")}});
  const Array sliced = original.slice(1, 3);
  ArrowArray cArray{};
  ASSERT_TRUE(exportArray(sliced, &cArray).ok());
  EXPECT_EQ(cArray.offset, 1);
  EXPECT_EQ(cArray.length, 3);
  EXPECT_EQ(cArray.null_count, 1);
  ASSERT_EQ(cArray.n_children, 2);
  EXPECT_EQ(cArray.children[0]->offset, 0);
  EXPECT_EQ(cArray.children[0]->length, 4);
  auto imported = importArray(&cArray, sliced.type());
  ASSERT_TRUE(imported.ok()) << imported.status();
  EXPECT_EQ(imported->toString(), "[{id: 2, name: b}, null, {id: 4, name: d}]");
  EXPECT_EQ(imported->structField(1).toString(), R"(["b", null, "d"])");
}

TEST(CDataInterfaceTest, NestedListOfStructsAndDictionaryValues) {
  auto valueType = struct_({field("k", dictionary(int16(), utf8())), field("v", float64())});
  auto type = list(valueType);
  auto builder = makeBuilder(type).valueOrDie();
  auto& lists = static_cast<ListBuilder&>(*builder);
  auto& structs = static_cast<StructBuilder&>(*lists.valueBuilder());
  auto& keys = static_cast<DictionaryBuilder&>(*structs.fieldBuilder(0));
  auto& doubles = static_cast<NumericBuilder<double>&>(*structs.fieldBuilder(1));
  ASSERT_TRUE(lists.append().ok());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(structs.append().ok());
    ASSERT_TRUE(keys.append(i % 2 == 0 ? "even" : "odd").ok());
    ASSERT_TRUE(doubles.append(i * 0.5).ok());
  }
  ASSERT_TRUE(lists.appendNull().ok());
  ASSERT_TRUE(lists.append().ok());
  ASSERT_TRUE(structs.appendNull().ok());
  const Array original = builder->finish().valueOrDie();
  ASSERT_TRUE(validateArray(*original.data()).ok());

  const Array imported = roundTrip(original);
  EXPECT_TRUE(imported.equals(original));
  EXPECT_EQ(imported.toString(),
            "[[{k: even, v: 0}, {k: odd, v: 0.5}, {k: even, v: 1}], null, [null]]");
  EXPECT_EQ(roundTrip(original.slice(2)).toString(), "[[null]]");
}

TEST(CDataInterfaceTest, DictionaryArrayExportsItsDictionary) {
  const Array original = makeDictionary(dictionary(int32(), utf8()), {"a", "b", std::nullopt, "a"});
  ArrowArray cArray{};
  ASSERT_TRUE(exportArray(original, &cArray).ok());
  EXPECT_EQ(cArray.n_buffers, 2);
  ASSERT_NE(cArray.dictionary, nullptr);
  EXPECT_EQ(cArray.dictionary->length, 2);
  EXPECT_EQ(cArray.dictionary->n_buffers, 3);
  const auto* indices = static_cast<const int32_t*>(cArray.buffers[1]);
  EXPECT_EQ(indices[0], 0);
  EXPECT_EQ(indices[1], 1);
  EXPECT_EQ(indices[3], 0);
  auto imported = importArray(&cArray, original.type());
  ASSERT_TRUE(imported.ok()) << imported.status();
  EXPECT_EQ(imported->toString(), "[a, b, null, a]");
  EXPECT_EQ(imported->dictionary().toString(), R"(["a", "b"])");
}

TEST(CDataInterfaceTest, NullArrayHasNoBuffers) {
  NullBuilder builder;
  ASSERT_TRUE(builder.appendNulls(5).ok());
  const Array original = builder.finish().valueOrDie();
  ArrowArray cArray{};
  ASSERT_TRUE(exportArray(original, &cArray).ok());
  EXPECT_EQ(cArray.n_buffers, 0);
  EXPECT_NE(cArray.buffers, nullptr);
  EXPECT_EQ(cArray.null_count, 5);
  auto imported = importArray(&cArray, null());
  ASSERT_TRUE(imported.ok()) << imported.status();
  EXPECT_EQ(imported->length(), 5);
  EXPECT_EQ(imported->nullCount(), 5);
}

TEST(CDataInterfaceTest, EmptyBuildersExportNonNullDataBuffers) {
  const Array empty = makeStringArray({});
  ArrowArray cArray{};
  ASSERT_TRUE(exportArray(empty, &cArray).ok());
  EXPECT_EQ(cArray.buffers[0], nullptr) << "no nulls, no bitmap";
  EXPECT_NE(cArray.buffers[1], nullptr);
  EXPECT_NE(cArray.buffers[2], nullptr);
  EXPECT_EQ(static_cast<const int32_t*>(cArray.buffers[1])[0], 0);
  cArray.release(&cArray);
}

TEST(CDataInterfaceTest, EmptyArraysRoundTrip) {
  for (const Array& original : arrayOfEveryType()) {
    const Array empty = original.slice(original.length(), 0);
    const Array imported = roundTrip(empty);
    EXPECT_EQ(imported.length(), 0) << original.type()->toString();
    EXPECT_TRUE(imported.type()->equals(*original.type()));
  }
}

// ----------------------------------------------------------- record batches

RecordBatchPtr makeBatch(MemoryPool* pool = MemoryPool::defaultPool()) {
  NumericBuilder<int64_t> ids(int64(), pool);
  StringBuilder names(utf8(), pool);
  for (int i = 0; i < 5; ++i) {
    SABOT_CHECK_OK(ids.append(i * 10));
    SABOT_CHECK_OK(i == 2 ? names.appendNull() : names.append("name" + std::to_string(i)));
  }
  auto batchSchema = schema({field("id", int64(), false), field("name", utf8())}, {{"k", "v"}});
  return RecordBatch::make(batchSchema, {ids.finish().valueOrDie(), names.finish().valueOrDie()})
      .valueOrDie();
}

TEST(CDataInterfaceTest, RecordBatchTravelsAsStructArray) {
  const RecordBatchPtr batch = makeBatch();
  ArrowArray cArray{};
  ArrowSchema cSchema{};
  ASSERT_TRUE(exportRecordBatch(*batch, &cArray, &cSchema).ok());
  EXPECT_STREQ(cSchema.format, "+s");
  EXPECT_EQ(cArray.length, 5);
  EXPECT_EQ(cArray.null_count, 0);
  EXPECT_EQ(cArray.n_buffers, 1);
  EXPECT_EQ(cArray.buffers[0], nullptr);
  EXPECT_EQ(cArray.n_children, 2);
  auto imported = importRecordBatch(&cArray, &cSchema);
  ASSERT_TRUE(imported.ok()) << imported.status();
  EXPECT_TRUE((*imported)->equals(*batch));
  EXPECT_TRUE((*imported)->schema()->equals(*batch->schema(), /*checkMetadata=*/true));
}

TEST(CDataInterfaceTest, SlicedRecordBatchRoundTrips) {
  const RecordBatchPtr batch = makeBatch()->slice(1, 3);
  ArrowArray cArray{};
  ASSERT_TRUE(exportRecordBatch(*batch, &cArray).ok());
  auto imported = importRecordBatch(&cArray, batch->schema());
  ASSERT_TRUE(imported.ok()) << imported.status();
  EXPECT_TRUE((*imported)->equals(*batch));
  EXPECT_EQ((*imported)->column(1).toString(), R"(["name1", null, "name3"])");
}

TEST(CDataInterfaceTest, RecordBatchImportRejectsNullRows) {
  const Array structs = makeStruct({std::pair{1, std::string("a")}, std::nullopt});
  ArrowArray cArray{};
  ASSERT_TRUE(exportArray(structs, &cArray).ok());
  auto imported = importRecordBatch(&cArray, schema(structs.type()->fields()));
  ASSERT_FALSE(imported.ok());
  EXPECT_THAT(imported.status().message(), HasSubstr("struct array with 1 nulls"));
}

TEST(CDataInterfaceTest, RecordBatchImportChecksNotNullColumns) {
  const RecordBatchPtr batch = makeBatch();
  ArrowArray cArray{};
  ASSERT_TRUE(exportRecordBatch(*batch, &cArray).ok());
  auto strict = schema({field("id", int64(), false), field("name", utf8(), false)});
  auto imported = importRecordBatch(&cArray, strict);
  ASSERT_FALSE(imported.ok());
  EXPECT_THAT(imported.status().message(), HasSubstr("'name' is declared not null but holds 1 nulls"));
}

// ---------------------------------------------------- release semantics

TEST(CDataInterfaceTest, ExportKeepsMemoryAliveUntilReleaseAndThenFreesIt) {
  MemoryPool pool("cdata-test");
  ArrowArray cArray{};
  ArrowSchema cSchema{};
  {
    const RecordBatchPtr batch = makeBatch(&pool);
    ASSERT_GT(pool.bytesAllocated(), 0);
    ASSERT_TRUE(exportRecordBatch(*batch, &cArray, &cSchema).ok());
  }
  // The batch is gone; the exported struct still holds its buffers.
  EXPECT_GT(pool.bytesAllocated(), 0);
  const auto* ids = static_cast<const int64_t*>(cArray.children[0]->buffers[1]);
  EXPECT_EQ(ids[4], 40);
  cArray.release(&cArray);
  EXPECT_EQ(cArray.release, nullptr);
  EXPECT_EQ(pool.bytesAllocated(), 0);
  cSchema.release(&cSchema);
  EXPECT_EQ(cSchema.release, nullptr);
}

TEST(CDataInterfaceTest, ReleaseIsIdempotentPerStruct) {
  ArrowArray cArray{};
  ASSERT_TRUE(exportArray(makeArray<int32_t>(int32(), {1, 2}), &cArray).ok());
  auto release = cArray.release;
  release(&cArray);
  EXPECT_EQ(cArray.release, nullptr);
  EXPECT_EQ(cArray.private_data, nullptr);
  release(&cArray);  // a released struct is left alone
  EXPECT_EQ(cArray.release, nullptr);
}

TEST(CDataInterfaceTest, ConsumerMayMoveChildrenOut) {
  MemoryPool pool("cdata-move");
  ArrowArray cArray{};
  ArrowSchema cSchema{};
  ASSERT_TRUE(exportRecordBatch(*makeBatch(&pool), &cArray, &cSchema).ok());

  // Move child 1 out as the specification describes, then release the parent.
  ArrowArray movedArray = *cArray.children[1];
  cArray.children[1]->release = nullptr;
  ArrowSchema movedSchema = *cSchema.children[1];
  cSchema.children[1]->release = nullptr;
  cArray.release(&cArray);
  cSchema.release(&cSchema);
  EXPECT_GT(pool.bytesAllocated(), 0) << "the moved child still holds its buffers";

  {
    auto names = importArray(&movedArray, &movedSchema);
    ASSERT_TRUE(names.ok()) << names.status();
    EXPECT_EQ(names->toString(), R"(["name0", "name1", null, "name3", "name4"])");
  }
  EXPECT_EQ(pool.bytesAllocated(), 0);
}

TEST(CDataInterfaceTest, ImportedStructsCanBeExportedAgain) {
  MemoryPool pool("cdata-reexport");
  ArrowArray first{};
  ASSERT_TRUE(exportRecordBatch(*makeBatch(&pool), &first).ok());
  auto imported = importRecordBatch(&first, makeBatch()->schema());
  ASSERT_TRUE(imported.ok());
  ArrowArray second{};
  ASSERT_TRUE(exportRecordBatch(**imported, &second).ok());
  imported = Status::cancelled("drop the imported batch");
  EXPECT_GT(pool.bytesAllocated(), 0);
  auto again = importRecordBatch(&second, makeBatch()->schema());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE((*again)->equals(*makeBatch()));
  again = Status::cancelled("drop");
  EXPECT_EQ(pool.bytesAllocated(), 0);
}

// --------------------------------- a producer written in C, as others do it

struct CProducer {
  int releases = 0;  // of the root struct
};

void releaseCArray(struct ArrowArray* array) {
  for (int64_t i = 0; i < array->n_buffers; ++i) free(const_cast<void*>(array->buffers[i]));
  free(array->buffers);
  for (int64_t i = 0; i < array->n_children; ++i) {
    struct ArrowArray* child = array->children[i];
    if (child->release != NULL) child->release(child);
    free(child);
  }
  free(array->children);
  if (array->dictionary != NULL) {
    if (array->dictionary->release != NULL) array->dictionary->release(array->dictionary);
    free(array->dictionary);
  }
  if (array->private_data != NULL) ((struct CProducer*)array->private_data)->releases++;
  array->release = NULL;
}

void* copyToMalloc(const void* bytes, size_t size) {
  void* memory = malloc(size == 0 ? 1 : size);
  if (size > 0) memcpy(memory, bytes, size);
  return memory;
}

/// An int32 array: values plus an optional LSB-first validity byte string.
struct ArrowArray makeCInt32(const std::vector<int32_t>& values, const char* validity,
                             int64_t nullCount, struct CProducer* producer) {
  struct ArrowArray array;
  array.length = static_cast<int64_t>(values.size());
  array.null_count = nullCount;
  array.offset = 0;
  array.n_buffers = 2;
  array.n_children = 0;
  array.buffers = (const void**)malloc(sizeof(void*) * 2);
  array.buffers[0] = validity != NULL ? copyToMalloc(validity, strlen(validity)) : NULL;
  array.buffers[1] = copyToMalloc(values.data(), values.size() * sizeof(int32_t));
  array.children = NULL;
  array.dictionary = NULL;
  array.release = &releaseCArray;
  array.private_data = producer;
  return array;
}

struct ArrowArray makeCUtf8(const std::vector<int32_t>& offsets, const std::string& chars,
                            struct CProducer* producer) {
  struct ArrowArray array;
  array.length = static_cast<int64_t>(offsets.size()) - 1;
  array.null_count = 0;
  array.offset = 0;
  array.n_buffers = 3;
  array.n_children = 0;
  array.buffers = (const void**)malloc(sizeof(void*) * 3);
  array.buffers[0] = NULL;
  array.buffers[1] = copyToMalloc(offsets.data(), offsets.size() * sizeof(int32_t));
  array.buffers[2] = copyToMalloc(chars.data(), chars.size());
  array.children = NULL;
  array.dictionary = NULL;
  array.release = &releaseCArray;
  array.private_data = producer;
  return array;
}

struct CSchemaProducer {
  int releases = 0;
};

void releaseCSchema(struct ArrowSchema* schema) {
  for (int64_t i = 0; i < schema->n_children; ++i) {
    struct ArrowSchema* child = schema->children[i];
    if (child->release != NULL) child->release(child);
    free(child);
  }
  free(schema->children);
  if (schema->private_data != NULL) ((struct CSchemaProducer*)schema->private_data)->releases++;
  schema->release = NULL;
}

struct ArrowSchema makeCSchema(const char* format, const char* name, int64_t flags,
                               struct CSchemaProducer* producer) {
  struct ArrowSchema schema;
  schema.format = format;
  schema.name = name;
  schema.metadata = NULL;
  schema.flags = flags;
  schema.n_children = 0;
  schema.children = NULL;
  schema.dictionary = NULL;
  schema.release = &releaseCSchema;
  schema.private_data = producer;
  return schema;
}

TEST(CDataInterfaceTest, ImportsAHandBuiltCArray) {
  CProducer producer;
  // 1, null, 3, 4, null: validity bits 0b01101 = 0x0d.
  struct ArrowArray cArray = makeCInt32({1, 0, 3, 4, 0}, "\x0d", 2, &producer);
  struct CSchemaProducer schemaProducer;
  struct ArrowSchema cSchema = makeCSchema("i", "n", ARROW_FLAG_NULLABLE, &schemaProducer);

  auto imported = importArray(&cArray, &cSchema);
  ASSERT_TRUE(imported.ok()) << imported.status();
  EXPECT_EQ(schemaProducer.releases, 1);
  EXPECT_EQ(cArray.release, nullptr) << "moved";
  EXPECT_EQ(imported->toString(), "[1, null, 3, 4, null]");
  EXPECT_EQ(imported->nullCount(), 2);

  // Keep only a slice's buffer alive: the producer's memory must stay.
  BufferPtr values = imported->slice(2, 2).data()->buffers[1];
  imported = Status::cancelled("drop the array");
  EXPECT_EQ(producer.releases, 0);
  EXPECT_EQ(values->dataAs<int32_t>()[3], 4);
  values.reset();
  EXPECT_EQ(producer.releases, 1);
}

TEST(CDataInterfaceTest, ImportsAHandBuiltCStructWithChildren) {
  CProducer producer;
  struct ArrowArray root;
  root.length = 3;
  root.null_count = -1;  // "not computed": the importer counts
  root.offset = 0;
  root.n_buffers = 1;
  root.n_children = 2;
  root.buffers = (const void**)malloc(sizeof(void*));
  root.buffers[0] = copyToMalloc("\x05", 1);  // rows 0 and 2 valid
  root.children = (struct ArrowArray**)malloc(sizeof(struct ArrowArray*) * 2);
  root.children[0] = (struct ArrowArray*)malloc(sizeof(struct ArrowArray));
  *root.children[0] = makeCInt32({10, 20, 30}, NULL, 0, NULL);
  root.children[1] = (struct ArrowArray*)malloc(sizeof(struct ArrowArray));
  *root.children[1] = makeCUtf8({0, 3, 3, 8}, "abcdefgh", NULL);
  root.dictionary = NULL;
  root.release = &releaseCArray;
  root.private_data = &producer;

  struct CSchemaProducer schemaProducer;
  struct ArrowSchema schemaRoot = makeCSchema("+s", "", 0, &schemaProducer);
  schemaRoot.n_children = 2;
  schemaRoot.children = (struct ArrowSchema**)malloc(sizeof(struct ArrowSchema*) * 2);
  schemaRoot.children[0] = (struct ArrowSchema*)malloc(sizeof(struct ArrowSchema));
  *schemaRoot.children[0] = makeCSchema("i", "x", 0, NULL);
  schemaRoot.children[1] = (struct ArrowSchema*)malloc(sizeof(struct ArrowSchema));
  *schemaRoot.children[1] = makeCSchema("u", "label", ARROW_FLAG_NULLABLE, NULL);

  {
    auto imported = importArray(&root, &schemaRoot);
    ASSERT_TRUE(imported.ok()) << imported.status();
    EXPECT_EQ(imported->type()->toString(), "struct<x: int32 not null, label: utf8>");
    EXPECT_EQ(imported->nullCount(), 1);
    EXPECT_EQ(imported->toString(), "[{x: 10, label: abc}, null, {x: 30, label: defgh}]");
    EXPECT_EQ(producer.releases, 0);
  }
  EXPECT_EQ(producer.releases, 1);
  EXPECT_EQ(schemaProducer.releases, 1);
}

TEST(CDataInterfaceTest, MisalignedForeignBuffersAreCopied) {
  CProducer producer;
  struct ArrowArray cArray = makeCInt32({0, 0, 0}, NULL, 0, &producer);
  // Point the values one byte into a larger allocation; the release callback
  // below frees that allocation.
  auto* raw = static_cast<uint8_t*>(malloc(13));
  const int32_t values[] = {7, 8, 9};
  memcpy(raw + 1, values, sizeof(values));
  free(const_cast<void*>(cArray.buffers[1]));
  cArray.buffers[1] = raw + 1;
  cArray.release = [](struct ArrowArray* array) {
    free(const_cast<uint8_t*>(static_cast<const uint8_t*>(array->buffers[1])) - 1);
    free(array->buffers);
    ((struct CProducer*)array->private_data)->releases++;
    array->release = NULL;
  };
  auto imported = importArray(&cArray, int32());
  ASSERT_TRUE(imported.ok()) << imported.status();
  EXPECT_EQ(reinterpret_cast<uintptr_t>(imported->data()->buffers[1]->data()) % 4, 0u);
  EXPECT_EQ(imported->toString(), "[7, 8, 9]");
  EXPECT_EQ(producer.releases, 1) << "nothing references the producer's memory";
}

// ------------------------------------------------------------------ errors

TEST(CDataInterfaceTest, UnsupportedFormatStringsAreNamed) {
  for (const char* format : {"e", "tdm", "tts", "w:16", "+L", "+m", "+w:4", "vu", "+ud:0,1", "x"}) {
    struct CSchemaProducer producer;
    struct ArrowSchema cSchema = makeCSchema(format, "", 0, &producer);
    auto imported = importType(&cSchema);
    ASSERT_FALSE(imported.ok()) << format;
    EXPECT_EQ(imported.status().code(), StatusCode::kUnsupported) << format;
    EXPECT_THAT(imported.status().message(), HasSubstr(std::string("'") + format + "'"));
    EXPECT_EQ(producer.releases, 1) << format;
  }
}

TEST(CDataInterfaceTest, MalformedFormatStrings) {
  const std::vector<std::pair<const char*, const char*>> cases = {
      {"tsx:", "malformed timestamp format string 'tsx:'"},
      {"d:abc,2", "malformed decimal format string 'd:abc,2'"},
      {"d:10", "malformed decimal format string 'd:10'"},
      {"d:10,", "malformed decimal format string 'd:10,'"},
      {"d:39,2", "format string 'd:39,2': decimal128 needs precision 1..38"},
      {"d:10,-2", "format string 'd:10,-2': decimal128 needs precision 1..38"},
      {"d:10,2,256", "only 128-bit decimals"},
      {"+l", "'+l' needs exactly one child, has 0"},
  };
  for (const auto& [format, message] : cases) {
    struct CSchemaProducer producer;
    struct ArrowSchema cSchema = makeCSchema(format, "", 0, &producer);
    auto imported = importType(&cSchema);
    ASSERT_FALSE(imported.ok()) << format;
    EXPECT_THAT(imported.status().message(), HasSubstr(message));
    EXPECT_EQ(producer.releases, 1);
  }
  struct ArrowSchema withChild = makeCSchema("i", "", 0, nullptr);
  withChild.n_children = 1;
  struct ArrowSchema child = makeCSchema("i", "c", 0, nullptr);
  struct ArrowSchema* children[] = {&child};
  withChild.children = children;
  withChild.release = [](struct ArrowSchema* schema) { schema->release = NULL; };
  auto imported = importType(&withChild);
  ASSERT_FALSE(imported.ok());
  EXPECT_THAT(imported.status().message(), HasSubstr("format 'i' has 1 children, expected 0"));
}

TEST(CDataInterfaceTest, BadChildSchemaIsReportedWithItsName) {
  struct CSchemaProducer producer;
  struct ArrowSchema root = makeCSchema("+s", "", 0, &producer);
  root.n_children = 1;
  root.children = (struct ArrowSchema**)malloc(sizeof(struct ArrowSchema*));
  root.children[0] = (struct ArrowSchema*)malloc(sizeof(struct ArrowSchema));
  *root.children[0] = makeCSchema("e", "half", ARROW_FLAG_NULLABLE, NULL);
  auto imported = importSchema(&root);
  ASSERT_FALSE(imported.ok());
  EXPECT_EQ(imported.status().message(),
            "in child 0 ('half') of '+s': Arrow C data format string 'e' is not supported");
  EXPECT_EQ(producer.releases, 1);
}

TEST(CDataInterfaceTest, DictionaryWithNonIntegerIndexIsRejected) {
  struct ArrowSchema values = makeCSchema("u", "", 0, nullptr);
  values.release = [](struct ArrowSchema* schema) { schema->release = NULL; };
  struct CSchemaProducer producer;
  struct ArrowSchema indices = makeCSchema("g", "", 0, &producer);
  indices.dictionary = &values;
  auto imported = importType(&indices);
  ASSERT_FALSE(imported.ok());
  EXPECT_THAT(imported.status().message(), HasSubstr("index format 'g', not an integer"));
}

TEST(CDataInterfaceTest, ReleasedStructsAreRejected) {
  struct ArrowSchema released = makeCSchema("i", "", 0, nullptr);
  released.release = nullptr;
  auto type = importType(&released);
  ASSERT_FALSE(type.ok());
  EXPECT_EQ(type.status().message(), "ArrowSchema is released");

  ArrowArray releasedArray{};
  auto array = importArray(&releasedArray, int32());
  ASSERT_FALSE(array.ok());
  EXPECT_EQ(array.status().message(), "ArrowArray is released");
}

/// Imports a hand-built int32 array after `corrupt` damages it; returns the
/// error and checks the producer's release ran exactly once.
Status importCorruptedInt32(const std::function<void(ArrowArray&)>& corrupt,
                            const DataTypePtr& type = int32()) {
  CProducer producer;
  struct ArrowArray cArray = makeCInt32({1, 2, 3}, "\x07", 0, &producer);
  corrupt(cArray);
  auto imported = importArray(&cArray, type);
  EXPECT_EQ(producer.releases, 1);
  EXPECT_FALSE(imported.ok());
  return imported.ok() ? Status::OK() : imported.status();
}

TEST(CDataInterfaceTest, MalformedArraysGiveClearErrors) {
  EXPECT_EQ(importCorruptedInt32([](ArrowArray& a) { a.length = -1; }).message(),
            "importing int32 ArrowArray: int32 ArrowArray has impossible length -1");
  EXPECT_THAT(importCorruptedInt32([](ArrowArray& a) { a.offset = -3; }).message(),
              HasSubstr("impossible offset -3"));
  EXPECT_THAT(importCorruptedInt32([](ArrowArray& a) { a.null_count = 4; }).message(),
              HasSubstr("of length 3 has impossible null_count 4"));
  EXPECT_THAT(importCorruptedInt32([](ArrowArray& a) {
                a.buffers = (const void**)realloc(a.buffers, sizeof(void*) * 3);
                a.buffers[2] = NULL;
                a.n_buffers = 3;
              }).message(),
              HasSubstr("int32 ArrowArray has n_buffers 3, the layout has 2"));
  EXPECT_THAT(importCorruptedInt32([](ArrowArray& a) {
                a.n_children = 1;
                a.children = (struct ArrowArray**)malloc(sizeof(struct ArrowArray*));
                a.children[0] = (struct ArrowArray*)malloc(sizeof(struct ArrowArray));
                *a.children[0] = makeCInt32({1}, NULL, 0, NULL);
              }).message(),
              HasSubstr("int32 ArrowArray has n_children 1, expected 0"));
  // Missing values buffer (the C release frees NULL happily).
  EXPECT_EQ(importCorruptedInt32([](ArrowArray& a) {
              free(const_cast<void*>(a.buffers[1]));
              a.buffers[1] = nullptr;
            }).message(),
            "importing int32 ArrowArray: int32 ArrowArray of length 3 at offset 0: values buffer "
            "(#1) is null but 12 bytes are needed");
  // Nulls claimed without a validity bitmap.
  EXPECT_THAT(importCorruptedInt32([](ArrowArray& a) {
                free(const_cast<void*>(a.buffers[0]));
                a.buffers[0] = nullptr;
                a.null_count = 1;
              }).message(),
              HasSubstr("has null_count 1 but no validity buffer"));
  // A null count that disagrees with the bitmap.
  const Status wrongCount = importCorruptedInt32([](ArrowArray& a) { a.null_count = 2; });
  EXPECT_EQ(wrongCount.code(), StatusCode::kCorrupt);
  EXPECT_THAT(wrongCount.message(), HasSubstr("null count says 2 but the validity bitmap has 0 nulls"));
  // A dictionary where none belongs, and none where one does.
  EXPECT_THAT(importCorruptedInt32([](ArrowArray& a) {
                a.dictionary = (struct ArrowArray*)malloc(sizeof(struct ArrowArray));
                *a.dictionary = makeCInt32({1}, NULL, 0, NULL);
              }).message(),
              HasSubstr("has a dictionary but its type is not dictionary-encoded"));
  EXPECT_THAT(importCorruptedInt32([](ArrowArray&) {}, dictionary(int32(), utf8())).message(),
              HasSubstr("ArrowArray has no dictionary"));
}

TEST(CDataInterfaceTest, OffsetsOutOfRangeAreCaught) {
  {
    CProducer producer;
    struct ArrowArray cArray = makeCUtf8({0, 4, 2, 5}, "hello", &producer);
    auto imported = importArray(&cArray, utf8());
    ASSERT_FALSE(imported.ok());
    EXPECT_EQ(imported.status().code(), StatusCode::kCorrupt);
    EXPECT_THAT(imported.status().message(), HasSubstr("offsets decrease at index 1 (4 then 2)"));
    EXPECT_EQ(producer.releases, 1);
  }
  {
    CProducer producer;
    struct ArrowArray cArray = makeCUtf8({0, 2, -1}, "hello", &producer);
    auto imported = importArray(&cArray, utf8());
    ASSERT_FALSE(imported.ok());
    EXPECT_THAT(imported.status().message(), HasSubstr("last offset -1 is negative"));
  }
  {
    CProducer producer;
    struct ArrowArray cArray = makeCUtf8({0, 2, 3}, "hi\xff", &producer);
    auto imported = importArray(&cArray, utf8());
    ASSERT_FALSE(imported.ok());
    EXPECT_THAT(imported.status().message(), HasSubstr("element 1 is not valid UTF-8"));
  }
  {
    // A list whose last offset runs past its 3 child values.
    CProducer producer;
    struct ArrowArray list;
    list.length = 2;
    list.null_count = 0;
    list.offset = 0;
    list.n_buffers = 2;
    list.n_children = 1;
    list.buffers = (const void**)malloc(sizeof(void*) * 2);
    list.buffers[0] = NULL;
    const int32_t offsets[] = {0, 2, 9};
    list.buffers[1] = copyToMalloc(offsets, sizeof(offsets));
    list.children = (struct ArrowArray**)malloc(sizeof(struct ArrowArray*));
    list.children[0] = (struct ArrowArray*)malloc(sizeof(struct ArrowArray));
    *list.children[0] = makeCInt32({1, 2, 3}, NULL, 0, NULL);
    list.dictionary = NULL;
    list.release = &releaseCArray;
    list.private_data = &producer;
    auto imported = importArray(&list, columnar::list(int32()));
    ASSERT_FALSE(imported.ok());
    EXPECT_THAT(imported.status().message(),
                HasSubstr("last offset 9 is past the end of the child array (3 long)"));
    EXPECT_EQ(producer.releases, 1);
  }
}

TEST(CDataInterfaceTest, BadDictionaryIndexIsCaught) {
  CProducer producer;
  struct ArrowArray indices = makeCInt32({0, 5, 1}, NULL, 0, &producer);
  indices.dictionary = (struct ArrowArray*)malloc(sizeof(struct ArrowArray));
  *indices.dictionary = makeCUtf8({0, 1, 2}, "ab", NULL);
  auto imported = importArray(&indices, dictionary(int32(), utf8()));
  ASSERT_FALSE(imported.ok());
  EXPECT_THAT(imported.status().message(),
              HasSubstr("index 5 at position 1 is outside the dictionary of 2 values"));
  EXPECT_EQ(producer.releases, 1);
}

TEST(CDataInterfaceTest, TypeFailureReleasesTheArrayToo) {
  CProducer producer;
  struct ArrowArray cArray = makeCInt32({1}, NULL, 0, &producer);
  struct CSchemaProducer schemaProducer;
  struct ArrowSchema cSchema = makeCSchema("e", "", 0, &schemaProducer);
  auto imported = importArray(&cArray, &cSchema);
  ASSERT_FALSE(imported.ok());
  EXPECT_EQ(producer.releases, 1);
  EXPECT_EQ(schemaProducer.releases, 1);
}

}  // namespace
}  // namespace sabot::columnar
