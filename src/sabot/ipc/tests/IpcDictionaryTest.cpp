// Dictionary batches: sent once, deltas when a dictionary grows,
// replacements (stream only), nested dictionary fields, index types.

#include <gtest/gtest.h>

#include "sabot/io/BufferInputStream.h"
#include "sabot/ipc/DictionaryMemo.h"
#include "sabot/ipc/MessageReader.h"
#include "sabot/ipc/tests/IpcTestData.h"

namespace sabot::ipc {
namespace {

using namespace testing;
using columnar::makeArray;
using columnar::makeStringArray;

const SchemaPtr& colourSchema() {
  static const SchemaPtr schema =
      columnar::schema({columnar::field("colour", columnar::dictionary(columnar::int32(), columnar::utf8()))});
  return schema;
}

RecordBatchPtr colourBatch(const Array& dictionary, const std::vector<std::optional<int32_t>>& indices) {
  return RecordBatch::make(colourSchema(), {makeDictionaryArray(makeArray<int32_t>(columnar::int32(), indices), dictionary)})
      .valueOrDie();
}

std::vector<std::optional<std::string>> decoded(const RecordBatch& batch) {
  std::vector<std::optional<std::string>> values;
  const Array& column = batch.column(0);
  for (int64_t i = 0; i < column.length(); ++i) {
    if (column.isNull(i)) {
      values.emplace_back();
      continue;
    }
    const Array dictionary = column.dictionary();
    const int64_t index = column.dictionaryIndex(i);
    values.emplace_back(dictionary.isNull(index) ? std::optional<std::string>()
                                                 : std::string(dictionary.stringValue(index)));
  }
  return values;
}

/// The kinds of the messages of a stream, "D" for a dictionary batch (with
/// "+" if it is a delta), "R" for a record batch, "S" for the schema.
std::string messageKinds(const BufferPtr& stream) {
  io::BufferInputStream input(stream);
  std::string kinds;
  while (true) {
    auto message = readStreamMessage(input, IpcReadOptions{});
    EXPECT_TRUE(message.ok()) << message.status();
    if (!message.ok() || !message->has_value()) return kinds;
    const fb::Message& header = *(*message)->message;
    switch (header.header_type()) {
      case fb::MessageHeader::Schema: kinds += "S"; break;
      case fb::MessageHeader::RecordBatch: kinds += "R"; break;
      case fb::MessageHeader::DictionaryBatch:
        kinds += header.header_as_DictionaryBatch()->isDelta() ? "D+" : "D";
        break;
      default: kinds += "?";
    }
  }
}

using Values = std::vector<std::optional<std::string>>;

TEST(IpcDictionary, SameDictionaryIsSentOnce) {
  const Array dictionary = makeStringArray({"red", "green", std::nullopt});
  const Array equalCopy = makeStringArray({"red", "green", std::nullopt});
  const std::vector<RecordBatchPtr> batches = {colourBatch(dictionary, {0, 1, std::nullopt, 2}),
                                               colourBatch(dictionary, {1, 1}),
                                               colourBatch(equalCopy, {0}), colourBatch(equalCopy, {})};
  const BufferPtr stream = writeStream(colourSchema(), batches);
  EXPECT_EQ(messageKinds(stream), "SDRRRR");
  auto reader = IpcStreamReader::make(stream).valueOrDie();
  const auto read = reader->readAll().valueOrDie();
  EXPECT_EQ(reader->numDictionaryBatchesRead(), 1);
  ASSERT_EQ(read.size(), 4u);
  EXPECT_EQ(decoded(*read[0]), (Values{"red", "green", std::nullopt, std::nullopt}));
  EXPECT_EQ(decoded(*read[2]), (Values{"red"}));
  EXPECT_EQ(read[0]->column(0).data()->dictionary, read[3]->column(0).data()->dictionary);

  auto file = IpcFileReader::make(writeFile(colourSchema(), batches)).valueOrDie();
  EXPECT_EQ(file->numDictionaryBatches(), 1);
  EXPECT_EQ(decoded(*file->readRecordBatch(1).valueOrDie()), (Values{"green", "green"}));
}

TEST(IpcDictionary, GrowingDictionaryIsSentAsDeltas) {
  const std::vector<RecordBatchPtr> batches = {
      colourBatch(makeStringArray({"a", "b"}), {0, 1}),
      colourBatch(makeStringArray({"a", "b", "c"}), {2, 0}),
      colourBatch(makeStringArray({"a", "b", "c"}), {2}),
      colourBatch(makeStringArray({"a", "b", "c", "d", "e"}), {4, 3, std::nullopt}),
  };
  const BufferPtr stream = writeStream(colourSchema(), batches);
  EXPECT_EQ(messageKinds(stream), "SDRD+RRD+R");
  auto reader = IpcStreamReader::make(stream).valueOrDie();
  const auto read = reader->readAll().valueOrDie();
  ASSERT_EQ(read.size(), 4u);
  EXPECT_EQ(reader->numDictionaryBatchesRead(), 3);
  // Each batch keeps the dictionary it was read with.
  EXPECT_EQ(read[0]->column(0).dictionary().length(), 2);
  EXPECT_EQ(read[1]->column(0).dictionary().length(), 3);
  EXPECT_EQ(read[3]->column(0).dictionary().length(), 5);
  EXPECT_EQ(decoded(*read[1]), (Values{"c", "a"}));
  EXPECT_EQ(decoded(*read[3]), (Values{"e", "d", std::nullopt}));

  // The file format allows deltas too; the reader applies them all up front.
  auto file = IpcFileReader::make(writeFile(colourSchema(), batches)).valueOrDie();
  EXPECT_EQ(file->numDictionaryBatches(), 3);
  for (int i = 0; i < 4; ++i) {
    const RecordBatchPtr batch = file->readRecordBatch(i).valueOrDie();
    EXPECT_EQ(decoded(*batch), decoded(*batches[static_cast<size_t>(i)])) << "batch " << i;
  }
}

TEST(IpcDictionary, ChangedDictionaryIsReplacedInStreamsAndRefusedInFiles) {
  const std::vector<RecordBatchPtr> batches = {colourBatch(makeStringArray({"a", "b"}), {0, 1}),
                                               colourBatch(makeStringArray({"x", "a"}), {0, 1})};
  const BufferPtr stream = writeStream(colourSchema(), batches);
  EXPECT_EQ(messageKinds(stream), "SDRDR");
  const auto read = readStream(stream).valueOrDie();
  EXPECT_EQ(decoded(*read[0]), (Values{"a", "b"}));
  EXPECT_EQ(decoded(*read[1]), (Values{"x", "a"}));

  auto sink = io::BufferOutputStream::make().valueOrDie();
  auto writer = IpcFileWriter::make(sink, colourSchema()).valueOrDie();
  ASSERT_TRUE(writer->writeBatch(*batches[0]).ok());
  const Status status = writer->writeBatch(*batches[1]);
  EXPECT_TRUE(status.isInvalid()) << status;
  EXPECT_EQ(status.message(),
            "field 'colour': the dictionary changed from 2 to 2 values without extending the previous one; "
            "the IPC file format allows one dictionary per field plus deltas (use the stream format to "
            "replace dictionaries)");
}

TEST(IpcDictionary, DeltasCanBeSwitchedOff) {
  const std::vector<RecordBatchPtr> batches = {colourBatch(makeStringArray({"a"}), {0}),
                                               colourBatch(makeStringArray({"a", "b"}), {1, 0})};
  IpcWriteOptions options;
  options.emitDictionaryDeltas = false;
  const BufferPtr stream = writeStream(colourSchema(), batches, options);
  EXPECT_EQ(messageKinds(stream), "SDRDR");
  EXPECT_EQ(decoded(*readStream(stream).valueOrDie()[1]), (Values{"b", "a"}));

  auto writer = IpcFileWriter::make(io::BufferOutputStream::make().valueOrDie(), colourSchema(), options).valueOrDie();
  ASSERT_TRUE(writer->writeBatch(*batches[0]).ok());
  const Status status = writer->writeBatch(*batches[1]);
  EXPECT_TRUE(status.isInvalid());
  EXPECT_NE(status.message().find("or deltas are switched off"), std::string::npos) << status;
}

TEST(IpcDictionary, FloatDictionariesCompareBitForBit) {
  // -0.0 == 0.0, yet a dictionary that changes one into the other changed.
  const SchemaPtr schema = columnar::schema(
      {columnar::field("f", columnar::dictionary(columnar::int8(), columnar::float64()))});
  auto batch = [&](double value) {
    return RecordBatch::make(schema, {makeDictionaryArray(makeArray<int8_t>(columnar::int8(), {0}),
                                                          makeArray<double>(columnar::float64(), {value}))})
        .valueOrDie();
  };
  const BufferPtr stream = writeStream(schema, {batch(0.0), batch(-0.0)});
  EXPECT_EQ(messageKinds(stream), "SDRDR");
  const auto read = readStream(stream).valueOrDie();
  EXPECT_TRUE(std::signbit(read[1]->column(0).dictionary().value<double>(0)));
}

TEST(IpcDictionary, NestedDictionaryFieldsAndIndexTypes) {
  using namespace columnar;
  const DataTypePtr tags = dictionary(int8(), binary());
  const DataTypePtr codes = dictionary(uint16(), int64(), /*ordered=*/true);
  const DataTypePtr wide = dictionary(int64(), largeUtf8());
  const SchemaPtr schema = columnar::schema({
      field("record", struct_({field("tag", tags), field("n", int32())})),
      field("codes", list(field("code", codes))),
      field("wide", wide),
  });
  const Array tagValues = makeStringArray({"\x01\x02", "", "zz"}, binary());
  const Array codeValues = makeArray<int64_t>(int64(), {100, -5, std::nullopt, 7});
  const Array wideValues = makeStringArray({"w0", "w1"}, largeUtf8());

  auto makeBatch = [&](const Array& tagDictionary) {
    auto record = std::make_shared<ArrayData>();
    record->type = schema->field(0)->type();
    record->length = 4;
    record->buffers = {nullptr};
    record->children = {makeDictionaryArray(makeArray<int8_t>(int8(), {2, std::nullopt, 0, 1}), tagDictionary).data(),
                        makeArray<int32_t>(int32(), {1, 2, 3, 4}).data()};
    auto codesList = std::make_shared<ArrayData>();
    codesList->type = schema->field(1)->type();
    codesList->length = 4;
    const Array offsets = makeArray<int32_t>(int32(), {0, 2, 2, 5, 6});
    codesList->buffers = {nullptr, offsets.data()->buffers[1]};
    codesList->children = {
        makeDictionaryArray(makeArray<uint16_t>(uint16(), {3, 0, 1, std::nullopt, 2, 3}), codeValues, true).data()};
    Array wideColumn = makeDictionaryArray(makeArray<int64_t>(int64(), {1, 0, 1, 1}), wideValues);
    return RecordBatch::make(schema, 4, {Array(record), Array(codesList), wideColumn}).valueOrDie();
  };
  const RecordBatchPtr first = makeBatch(tagValues);
  const RecordBatchPtr second = makeBatch(makeStringArray({"\x01\x02", "", "zz", "new"}, binary()));
  const std::vector<RecordBatchPtr> batches = {first, second->slice(1, 3), second->slice(0, 2)};
  for (const BufferPtr& bytes : {writeStream(schema, batches), writeFile(schema, batches)}) {
    auto reader = openIpcReaderForTest(bytes);
    const auto read = reader->readAll().valueOrDie();
    ASSERT_EQ(read.size(), batches.size());
    for (size_t i = 0; i < read.size(); ++i) {
      EXPECT_TRUE(read[i]->equals(*batches[i])) << i << "\n" << read[i]->toString() << "\n" << batches[i]->toString();
    }
    EXPECT_EQ(read[0]->schema()->field(1)->type()->field(0)->type()->ordered(), true);
  }
  // Three dictionaries first, then only the tag delta before the second batch.
  EXPECT_EQ(messageKinds(writeStream(schema, batches)), "SDDDRD+RR");
}

TEST(IpcDictionary, SlicedDictionaryValuesAreWrittenFromOffsetZero) {
  const Array whole = makeStringArray({"skip", "me", "a", "b", "c"});
  const Array sliced = whole.slice(2, 3);
  const std::vector<RecordBatchPtr> batches = {colourBatch(sliced, {2, 1, 0})};
  for (const BufferPtr& bytes : {writeStream(colourSchema(), batches), writeFile(colourSchema(), batches)}) {
    const auto read = openIpcReaderForTest(bytes)->readAll().valueOrDie();
    EXPECT_EQ(decoded(*read[0]), (Values{"c", "b", "a"}));
    EXPECT_EQ(read[0]->column(0).dictionary().length(), 3);
  }
}

}  // namespace
}  // namespace sabot::ipc

namespace sabot::ipc {
namespace {

using namespace testing;

TEST(IpcDictionary, ConcatenationKeepsValuesNullsAndWindows) {
  using namespace columnar;
  const std::vector<std::pair<Array, Array>> cases = {
      {makeArray<int32_t>(int32(), {1, std::nullopt, 3, 4}).slice(1, 3), makeArray<int32_t>(int32(), {5, 6})},
      {makeArray<double>(float64(), {1.5}), makeArray<double>(float64(), {std::nullopt, -0.0}).slice(1)},
      {makeStringArray({"skip", "a", std::nullopt, "bc"}).slice(1), makeStringArray({"", "de"})},
      {makeStringArray({"x"}, largeBinary()), makeStringArray({std::nullopt, "yz"}, largeBinary()).slice(0, 2)},
      {makeStringArray({}), makeStringArray({"only"})},
      {makeBoolArray({true, std::nullopt}), makeBoolArray({false})},
  };
  for (const auto& [first, second] : cases) {
    auto joined = concatenateArrays(*first.data(), *second.data(), MemoryPool::defaultPool());
    ASSERT_TRUE(joined.ok()) << joined.status();
    const Array result(*joined);
    ASSERT_TRUE(validateArray(*result.data()).ok()) << first.type()->toString();
    ASSERT_EQ(result.length(), first.length() + second.length());
    EXPECT_TRUE(result.slice(0, first.length()).equals(first)) << result.toString();
    EXPECT_TRUE(result.slice(first.length()).equals(second)) << result.toString();
    EXPECT_EQ(result.nullCount(), first.nullCount() + second.nullCount());
  }
}

}  // namespace
}  // namespace sabot::ipc
