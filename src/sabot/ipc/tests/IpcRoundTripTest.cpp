// Round trips through the IPC stream and file formats: every type, every
// codec, sliced inputs, several batches, empty batches and no batches.

#include <gtest/gtest.h>

#include <filesystem>
#include <tuple>

#include "sabot/io/BufferInputStream.h"
#include "sabot/ipc/IpcFormat.h"
#include "sabot/ipc/MessageReader.h"
#include "sabot/ipc/tests/IpcTestData.h"

namespace sabot::ipc {
namespace {

using namespace testing;

enum class Format { kStream, kFile };

BufferPtr writeAs(Format format, const SchemaPtr& schema, const std::vector<RecordBatchPtr>& batches,
                  const IpcWriteOptions& options) {
  return format == Format::kStream ? writeStream(schema, batches, options) : writeFile(schema, batches, options);
}

Result<std::vector<RecordBatchPtr>> readAs(Format format, const BufferPtr& bytes) {
  return format == Format::kStream ? readStream(bytes) : readFile(bytes);
}

void expectSameBatches(const std::vector<RecordBatchPtr>& expected, const std::vector<RecordBatchPtr>& actual) {
  ASSERT_EQ(expected.size(), actual.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_TRUE(actual[i]->schema()->equals(*expected[i]->schema(), /*checkMetadata=*/true))
        << actual[i]->schema()->toString();
    EXPECT_TRUE(actual[i]->equals(*expected[i])) << "batch " << i << "\nexpected:\n"
                                                 << expected[i]->toString() << "\nactual:\n"
                                                 << actual[i]->toString();
  }
}

class RoundTripTest : public ::testing::TestWithParam<std::tuple<Format, Compression, int>> {
 protected:
  Format format() const { return std::get<0>(GetParam()); }
  IpcWriteOptions options() const {
    IpcWriteOptions options;
    options.compression = std::get<1>(GetParam());
    options.alignment = std::get<2>(GetParam());
    return options;
  }
  void roundTrip(const std::vector<RecordBatchPtr>& batches, const SchemaPtr& schema = allTypesSchema()) {
    const BufferPtr bytes = writeAs(format(), schema, batches, options());
    auto read = readAs(format(), bytes);
    ASSERT_TRUE(read.ok()) << read.status();
    expectSameBatches(batches, *read);
  }
};

TEST_P(RoundTripTest, EveryTypeInOneBatch) { roundTrip({allTypesBatch(100, 1)}); }

TEST_P(RoundTripTest, SeveralBatchesIncludingEmptyOnes) {
  roundTrip({allTypesBatch(17, 2), allTypesBatch(0, 3), allTypesBatch(64, 4), allTypesBatch(1, 5),
             allTypesBatch(0, 6)});
}

TEST_P(RoundTripTest, NoBatches) {
  const BufferPtr bytes = writeAs(format(), allTypesSchema(), {}, options());
  auto read = readAs(format(), bytes);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_TRUE(read->empty());
}

TEST_P(RoundTripTest, SlicedInputsAreWrittenFromOffsetZero) {
  const RecordBatchPtr whole = allTypesBatch(203, 7);
  // Offsets that are and are not multiples of 8 (bitmaps shift or not).
  std::vector<RecordBatchPtr> slices = {whole->slice(0, 10), whole->slice(3, 50), whole->slice(8, 64),
                                        whole->slice(101, 0), whole->slice(150, 53), whole->slice(202, 1)};
  roundTrip(slices);
}

TEST_P(RoundTripTest, SlicesOfSlices) {
  const RecordBatchPtr whole = allTypesBatch(120, 8);
  roundTrip({whole->slice(5, 100)->slice(7, 80)->slice(1, 33)});
}

TEST_P(RoundTripTest, EmptySchema) {
  const SchemaPtr empty = columnar::schema({});
  auto batch = RecordBatch::make(empty, 0, {}).valueOrDie();
  roundTrip({batch, batch}, empty);
}

INSTANTIATE_TEST_SUITE_P(
    AllFormats, RoundTripTest,
    ::testing::Combine(::testing::Values(Format::kStream, Format::kFile),
                       ::testing::Values(Compression::kNone, Compression::kLz4Frame, Compression::kZstd),
                       ::testing::Values(8, 64)),
    [](const auto& info) {
      return std::string(std::get<0>(info.param) == Format::kStream ? "Stream" : "File") + "_" +
             std::string(compressionName(std::get<1>(info.param))) + "_align" +
             std::to_string(std::get<2>(info.param));
    });

TEST(IpcRoundTrip, StreamLayoutMatchesTheFormat) {
  const SchemaPtr schema = columnar::schema({columnar::field("x", columnar::int32())});
  auto batch = RecordBatch::make(schema, {columnar::makeArray<int32_t>(columnar::int32(), {1, 2, std::nullopt})})
                   .valueOrDie();
  const BufferPtr bytes = writeStream(schema, {batch});
  const uint8_t* data = bytes->data();
  // Continuation marker, then a metadata length that keeps 8-byte alignment.
  uint32_t marker;
  int32_t length;
  std::memcpy(&marker, data, 4);
  std::memcpy(&length, data + 4, 4);
  EXPECT_EQ(marker, 0xFFFFFFFFu);
  EXPECT_EQ((8 + length) % 8, 0);
  // The stream ends with the end-of-stream marker.
  ASSERT_GE(bytes->size(), 16);
  std::memcpy(&marker, data + bytes->size() - 8, 4);
  std::memcpy(&length, data + bytes->size() - 4, 4);
  EXPECT_EQ(marker, 0xFFFFFFFFu);
  EXPECT_EQ(length, 0);
  EXPECT_EQ(bytes->size() % 8, 0);
}

TEST(IpcRoundTrip, FileLayoutMatchesTheFormat) {
  const BufferPtr bytes = writeFile(allTypesSchema(), {allTypesBatch(3, 1)});
  const std::string_view view = bytes->view();
  EXPECT_EQ(view.substr(0, 8), std::string_view("ARROW1\0\0", 8));
  EXPECT_EQ(view.substr(view.size() - 6), "ARROW1");
  EXPECT_EQ(detectIpcFormat(view), IpcFormat::kFile);
  EXPECT_EQ(detectIpcFormat(writeStream(allTypesSchema(), {})->view()), IpcFormat::kStream);
  EXPECT_EQ(detectIpcFormat("PAR1"), IpcFormat::kUnknown);
  EXPECT_EQ(detectIpcFormat(""), IpcFormat::kUnknown);
}

TEST(IpcRoundTrip, ReadsFromInputStreamsAndFilesOnDisk) {
  const std::vector<RecordBatchPtr> batches = {allTypesBatch(10, 1), allTypesBatch(20, 2)};
  const auto dir = std::filesystem::temp_directory_path() / ("sabot_ipc_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  {
    auto writer = IpcStreamWriter::make(dir / "data.arrows", allTypesSchema()).valueOrDie();
    for (const auto& batch : batches) ASSERT_TRUE(writer->writeBatch(*batch).ok());
    ASSERT_TRUE(writer->close().ok());
    EXPECT_EQ(writer->numBatchesWritten(), 2);
  }
  {
    auto writer = IpcFileWriter::make(dir / "data.arrow", allTypesSchema()).valueOrDie();
    for (const auto& batch : batches) ASSERT_TRUE(writer->writeBatch(*batch).ok());
    ASSERT_TRUE(writer->close().ok());
    ASSERT_TRUE(writer->close().ok());  // idempotent
    EXPECT_FALSE(writer->writeBatch(*batches[0]).ok());
  }
  auto stream = IpcStreamReader::make(dir / "data.arrows");
  ASSERT_TRUE(stream.ok()) << stream.status();
  expectSameBatches(batches, (*stream)->readAll().valueOrDie());
  auto file = IpcFileReader::make(dir / "data.arrow");
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_EQ((*file)->numRecordBatches(), 2);
  expectSameBatches(batches, (*file)->readAll().valueOrDie());
  EXPECT_TRUE((*file)->readRecordBatch(2).status().isIndexError());

  for (const char* name : {"data.arrows", "data.arrow"}) {
    auto reader = openIpcReader(dir / name);
    ASSERT_TRUE(reader.ok()) << reader.status();
    expectSameBatches(batches, (*reader)->readAll().valueOrDie());
  }
  auto missing = IpcFileReader::make(dir / "missing.arrow");
  EXPECT_TRUE(missing.status().isIOError()) << missing.status();
  std::filesystem::remove_all(dir);
}

TEST(IpcRoundTrip, InMemoryReadsAreZeroCopy) {
  const SchemaPtr schema = columnar::schema({columnar::field("x", columnar::int64())});
  auto batch = RecordBatch::make(schema, {columnar::makeArray<int64_t>(columnar::int64(), {1, 2, 3, 4})})
                   .valueOrDie();
  for (const BufferPtr& bytes : {writeStream(schema, {batch}), writeFile(schema, {batch})}) {
    auto reader = openIpcReader(bytes).valueOrDie();
    RecordBatchPtr read = reader->next().valueOrDie();
    const uint8_t* values = read->column(0).data()->buffers[1]->data();
    EXPECT_GE(values, bytes->data());
    EXPECT_LT(values, bytes->data() + bytes->size());
  }
}

TEST(IpcRoundTrip, WriterRejectsBadInput) {
  const SchemaPtr schema = columnar::schema({columnar::field("x", columnar::int64())});
  auto sink = io::BufferOutputStream::make().valueOrDie();
  IpcWriteOptions badAlignment;
  badAlignment.alignment = 16;
  EXPECT_TRUE(IpcStreamWriter::make(sink, schema, badAlignment).status().isInvalid());

  auto writer = IpcStreamWriter::make(sink, schema).valueOrDie();
  auto wrongType = RecordBatch::make(columnar::schema({columnar::field("x", columnar::int32())}),
                                     {columnar::makeArray<int32_t>(columnar::int32(), {1})})
                       .valueOrDie();
  const Status status = writer->writeBatch(*wrongType);
  EXPECT_TRUE(status.isTypeError()) << status;
  EXPECT_EQ(status.message(), "column 'x' has type int32, the writer's schema says int64");

  // Dictionaries whose values hold dictionaries cannot be written.
  auto nested = columnar::dictionary(columnar::int8(), columnar::list(columnar::dictionary(columnar::int8(), columnar::utf8())));
  const Status unsupported =
      IpcStreamWriter::make(sink, columnar::schema({columnar::field("d", nested)})).status();
  EXPECT_EQ(unsupported.code(), StatusCode::kUnsupported) << unsupported;

  auto nonEmpty = io::BufferOutputStream::make().valueOrDie();
  ASSERT_TRUE(nonEmpty->write("x", 1).ok());
  EXPECT_TRUE(IpcFileWriter::make(nonEmpty, schema).status().isInvalid());
}

TEST(IpcRoundTrip, CompressedBuffersThatDoNotShrinkAreStoredRaw) {
  // 3 random-looking bytes cannot shrink: stored with length prefix -1.
  const SchemaPtr schema = columnar::schema({columnar::field("b", columnar::int8(), false)});
  auto batch = RecordBatch::make(schema, {columnar::makeArray<int8_t>(columnar::int8(), {17, -90, 3})}).valueOrDie();
  IpcWriteOptions options;
  options.compression = Compression::kZstd;
  const BufferPtr bytes = writeStream(schema, {batch}, options);
  const std::string_view view = bytes->view();
  const std::string prefix("\xff\xff\xff\xff\xff\xff\xff\xff\x11\xa6\x03", 11);
  EXPECT_NE(view.find(prefix), std::string_view::npos);
  expectSameBatches({batch}, readStream(bytes).valueOrDie());
}

TEST(IpcRoundTrip, CompressionShrinksRepetitiveData) {
  const SchemaPtr schema = columnar::schema({columnar::field("x", columnar::int64(), false)});
  std::vector<std::optional<int64_t>> values(10000, 42);
  auto batch = RecordBatch::make(schema, {columnar::makeArray<int64_t>(columnar::int64(), values)}).valueOrDie();
  const int64_t plain = writeStream(schema, {batch})->size();
  for (Compression codec : {Compression::kLz4Frame, Compression::kZstd}) {
    IpcWriteOptions options;
    options.compression = codec;
    const BufferPtr bytes = writeStream(schema, {batch}, options);
    EXPECT_LT(bytes->size() * 10, plain) << compressionName(codec);
    expectSameBatches({batch}, readStream(bytes).valueOrDie());
  }
}

TEST(IpcRoundTrip, StreamReaderReadsMessageByMessage) {
  // A stream whose input is not in memory: the reader pulls one message at a
  // time, so the second batch is not read before it is asked for.
  class CountingStream final : public io::InputStream {
   public:
    explicit CountingStream(BufferPtr bytes) : inner_(std::move(bytes)) {}
    Result<int64_t> read(int64_t size, void* out) override { return inner_.read(size, out); }
    int64_t position() const override { return inner_.position(); }
    const std::string& name() const override { return inner_.name(); }

   private:
    io::BufferInputStream inner_;
  };
  const std::vector<RecordBatchPtr> batches = {allTypesBatch(5, 1), allTypesBatch(6, 2)};
  const BufferPtr bytes = writeStream(allTypesSchema(), batches);
  auto input = std::make_unique<CountingStream>(bytes);
  CountingStream* raw = input.get();
  auto reader = IpcStreamReader::make(std::move(input)).valueOrDie();
  const int64_t afterSchema = raw->position();
  EXPECT_LT(afterSchema, bytes->size() / 2);
  expectSameBatches({batches[0]}, {reader->next().valueOrDie()});
  const int64_t afterFirst = raw->position();
  EXPECT_LT(afterFirst, bytes->size());
  expectSameBatches({batches[1]}, {reader->next().valueOrDie()});
  EXPECT_EQ(reader->next().valueOrDie(), nullptr);
  EXPECT_EQ(reader->next().valueOrDie(), nullptr);
  EXPECT_EQ(raw->position(), bytes->size());
}

}  // namespace
}  // namespace sabot::ipc

namespace sabot::ipc {
namespace {

using namespace testing;

TEST(IpcRoundTrip, ReadsPre015StreamsWithoutContinuationMarkers) {
  // Before Arrow 0.15 a message prefix was the int32 length alone. Dropping
  // the markers also leaves every body 4 bytes off alignment, which the
  // reader must handle by copying.
  const std::vector<RecordBatchPtr> batches = {allTypesBatch(9, 21), allTypesBatch(4, 22)};
  const BufferPtr modern = writeStream(allTypesSchema(), batches);
  std::string legacy;
  const std::string_view view = modern->view();
  size_t position = 0;
  while (position < view.size()) {
    ASSERT_EQ(view.substr(position, 4), std::string_view("\xff\xff\xff\xff", 4));
    int32_t length;
    std::memcpy(&length, view.data() + position + 4, 4);
    if (length == 0) {
      legacy.append(4, '\0');
      break;
    }
    io::BufferInputStream input(copyBytes(view.substr(position)));
    auto message = readStreamMessage(input, IpcReadOptions{});
    ASSERT_TRUE(message.ok() && message->has_value());
    const int64_t total = input.position();
    legacy.append(view.substr(position + 4, static_cast<size_t>(total) - 4));
    position += static_cast<size_t>(total);
  }
  auto read = readStream(copyBytes(legacy));
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_EQ(read->size(), 2u);
  EXPECT_TRUE((*read)[0]->equals(*batches[0]));
  EXPECT_TRUE((*read)[1]->equals(*batches[1]));
}

}  // namespace
}  // namespace sabot::ipc
