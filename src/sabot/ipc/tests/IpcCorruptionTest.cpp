// Hostile input: truncated, bit-flipped and hand-crafted IPC data must give
// a Corrupt (or, for valid metadata Sabot cannot represent, Unsupported)
// error naming the byte offset. Never a crash: these run under ASan/UBSan.

#include <gtest/gtest.h>

#include <map>

#include "sabot/io/BufferInputStream.h"
#include "sabot/ipc/BodyCompression.h"
#include "sabot/ipc/MessageReader.h"
#include "sabot/ipc/MessageWriter.h"
#include "sabot/ipc/format/File_generated.h"
#include "sabot/ipc/tests/IpcTestData.h"

namespace sabot::ipc {
namespace {

using namespace testing;

/// A small batch with every type, so every decoding path is corrupted somewhere.
std::vector<RecordBatchPtr> smallBatches() { return {allTypesBatch(3, 11), allTypesBatch(2, 12)}; }

BufferPtr prefixOf(const BufferPtr& bytes, int64_t length) { return copyBytes(bytes->view().substr(0, length)); }

::testing::AssertionResult isPositionedError(const Status& status, std::string_view where) {
  if (status.ok()) return ::testing::AssertionFailure() << "no error";
  if (status.code() != StatusCode::kCorrupt && status.code() != StatusCode::kUnsupported) {
    return ::testing::AssertionFailure() << "wrong code: " << status;
  }
  if (status.message().find(where) == std::string::npos) {
    return ::testing::AssertionFailure() << "no '" << where << "' in: " << status;
  }
  return ::testing::AssertionSuccess();
}

TEST(IpcCorruption, EveryTruncationOfAFileIsCorrupt) {
  const BufferPtr file = writeFile(allTypesSchema(), smallBatches());
  for (int64_t length = 0; length < file->size(); ++length) {
    const auto read = readFile(prefixOf(file, length));
    ASSERT_FALSE(read.ok()) << "length " << length;
    EXPECT_TRUE(read.status().isCorrupt()) << read.status();
    EXPECT_EQ(read.status().message().rfind("IPC file at byte ", 0), 0u) << read.status();
  }
}

TEST(IpcCorruption, EveryTruncationOfAStreamIsCorruptOrEndsAtAMessage) {
  const auto batches = smallBatches();
  const BufferPtr stream = writeStream(allTypesSchema(), batches);
  // Where each message ends: a stream cut there is a valid, shorter stream.
  std::map<int64_t, size_t> batchesBefore;
  {
    io::BufferInputStream input(stream);
    size_t recordBatches = 0;
    while (true) {
      auto message = readStreamMessage(input, IpcReadOptions{});
      ASSERT_TRUE(message.ok());
      if (!message->has_value()) break;
      if ((*message)->message->header_type() == fb::MessageHeader::RecordBatch) ++recordBatches;
      batchesBefore[input.position()] = recordBatches;
    }
  }
  int64_t clean = 0;
  for (int64_t length = 0; length < stream->size(); ++length) {
    const auto read = readStream(prefixOf(stream, length));
    if (read.ok()) {
      const auto boundary = batchesBefore.find(length);
      ASSERT_NE(boundary, batchesBefore.end()) << "stream cut at " << length << " read without error";
      ASSERT_EQ(read->size(), boundary->second);
      for (size_t i = 0; i < read->size(); ++i) EXPECT_TRUE((*read)[i]->equals(*batches[i]));
      ++clean;
      continue;
    }
    EXPECT_TRUE(read.status().isCorrupt()) << read.status();
    EXPECT_EQ(read.status().message().rfind("IPC stream at byte ", 0), 0u) << read.status();
  }
  EXPECT_EQ(clean, static_cast<int64_t>(batchesBefore.size()));  // after each message
}

/// Flips every byte in turn. The data may still read (a flipped value is
/// still a value), but a failure must be a positioned Corrupt/Unsupported.
template <typename ReadFunction>
void flipEveryByte(const BufferPtr& bytes, std::string_view where, ReadFunction read, int64_t step = 1) {
  int64_t failures = 0;
  for (int64_t position = 0; position < bytes->size(); position += step) {
    for (uint8_t mask : {uint8_t{0xFF}, uint8_t{0x01}, uint8_t{0x80}}) {
      std::string corrupted(bytes->view());
      corrupted[static_cast<size_t>(position)] = static_cast<char>(corrupted[static_cast<size_t>(position)] ^ mask);
      const auto result = read(copyBytes(corrupted));
      if (result.ok()) continue;
      ++failures;
      EXPECT_TRUE(isPositionedError(result.status(), where)) << "byte " << position;
    }
  }
  EXPECT_GT(failures, 0);
}

TEST(IpcCorruption, FlippedBytesInAFile) {
  flipEveryByte(writeFile(allTypesSchema(), {allTypesBatch(2, 13)}), "IPC file at byte ",
                [](const BufferPtr& bytes) { return readFile(bytes); });
}

TEST(IpcCorruption, FlippedBytesInAStream) {
  flipEveryByte(writeStream(allTypesSchema(), {allTypesBatch(2, 14)}), "IPC stream at byte ",
                [](const BufferPtr& bytes) { return readStream(bytes); });
}

TEST(IpcCorruption, FlippedBytesInCompressedStreams) {
  for (Compression codec : {Compression::kLz4Frame, Compression::kZstd}) {
    IpcWriteOptions options;
    options.compression = codec;
    flipEveryByte(writeStream(allTypesSchema(), {allTypesBatch(40, 15)}, options), "IPC stream at byte ",
                  [](const BufferPtr& bytes) { return readStream(bytes); }, 3);
  }
}

TEST(IpcCorruption, WrongMagic) {
  const BufferPtr file = writeFile(allTypesSchema(), smallBatches());
  std::string bytes(file->view());
  bytes[5] = '2';
  EXPECT_EQ(readFile(copyBytes(bytes)).status().toString(),
            "Corrupt data: IPC file at byte 0: does not start with the ARROW1 magic");
  bytes = std::string(file->view());
  bytes[bytes.size() - 1] = 'X';
  EXPECT_EQ(readFile(copyBytes(bytes)).status().toString(),
            fmt::format("Corrupt data: IPC file at byte {}: does not end with the ARROW1 magic (truncated file?)",
                        bytes.size() - 6));
  // A footer length that points before the data.
  bytes = std::string(file->view());
  const int32_t hugeFooter = 1 << 30;
  std::memcpy(bytes.data() + bytes.size() - 10, &hugeFooter, 4);
  EXPECT_EQ(readFile(copyBytes(bytes)).status().toString(),
            fmt::format("Corrupt data: IPC file at byte {}: footer length 1073741824 does not fit a file of {} bytes",
                        bytes.size() - 10, bytes.size()));
  EXPECT_EQ(readStream(copyBytes("")).status().toString(),
            "Corrupt data: IPC stream at byte 0: the stream ends before its schema message");
  EXPECT_EQ(openIpcReader(copyBytes("PAR1....")).status().toString(),
            "Corrupt data: IPC data at byte 0: neither the ARROW1 file magic nor a stream message prefix");
}

// ------------------------------------------------------------ crafted input

const SchemaPtr& int32Schema(bool nullable = true) {
  static const SchemaPtr yes = columnar::schema({columnar::field("x", columnar::int32())});
  static const SchemaPtr no = columnar::schema({columnar::field("x", columnar::int32(), false)});
  return nullable ? yes : no;
}

/// A stream: the schema message, then one crafted record batch message.
struct CraftedStream {
  explicit CraftedStream(const SchemaPtr& schema) {
    flatbuffers::FlatBufferBuilder builder;
    buildSchemaMessage(builder, *schema);
    SABOT_CHECK_OK(writeMessage(*sink, builder, nullptr, 8));
  }

  /// Appends a record batch message with the given header and body bytes.
  int64_t addRecordBatch(int64_t length, const std::vector<fb::FieldNode>& nodes,
                         const std::vector<fb::Buffer>& buffers, const std::string& body,
                         std::optional<fb::CompressionType> codec = std::nullopt) {
    flatbuffers::FlatBufferBuilder builder;
    const auto nodesVector = builder.CreateVectorOfStructs(nodes);
    const auto buffersVector = builder.CreateVectorOfStructs(buffers);
    flatbuffers::Offset<fb::BodyCompression> compression = 0;
    if (codec) compression = fb::CreateBodyCompression(builder, *codec);
    const auto header = fb::CreateRecordBatch(builder, length, nodesVector, buffersVector, compression);
    builder.Finish(fb::CreateMessage(builder, fb::MetadataVersion::V5, fb::MessageHeader::RecordBatch,
                                     header.Union(), static_cast<int64_t>(body.size())));
    return writeRaw(builder, body);
  }

  int64_t writeRaw(const flatbuffers::FlatBufferBuilder& builder, const std::string& body) {
    EncodedBody encoded;
    encoded.pieces.push_back(BodyPiece{copyBytes(body)});
    encoded.buffers.emplace_back(0, static_cast<int64_t>(body.size()));
    encoded.bodyLength = static_cast<int64_t>(body.size());
    const auto block = writeMessage(*sink, builder, &encoded, 8).valueOrDie();
    return block.offset();
  }

  Status read(const IpcReadOptions& options = {}) {
    return readStream(sink->finish().valueOrDie(), options).status();
  }

  std::shared_ptr<io::BufferOutputStream> sink = io::BufferOutputStream::make().valueOrDie();
};

std::string int32Body(std::initializer_list<int32_t> values, int64_t size) {
  std::string body(static_cast<size_t>(size), '\0');
  size_t position = 0;
  for (int32_t value : values) {
    std::memcpy(body.data() + position, &value, 4);
    position += 4;
  }
  return body;
}

TEST(IpcCorruptionCrafted, BufferPastTheEndOfTheBody) {
  CraftedStream stream(int32Schema());
  const int64_t at = stream.addRecordBatch(4, {fb::FieldNode(4, 0)}, {fb::Buffer(0, 0), fb::Buffer(64, 32)},
                                           std::string(80, '\0'));
  EXPECT_EQ(stream.read().toString(),
            fmt::format("Corrupt data: IPC stream at byte {}: record batch body is 80 bytes but buffer 1 "
                        "(values of 'x') ends at byte 96",
                        at));
}

TEST(IpcCorruptionCrafted, HugeOrNegativeBufferOffsets) {
  CraftedStream huge(int32Schema());
  huge.addRecordBatch(4, {fb::FieldNode(4, 0)}, {fb::Buffer(0, 0), fb::Buffer(INT64_MAX - 2, 16)},
                      std::string(16, '\0'));
  EXPECT_NE(huge.read().message().find("ends at byte beyond 2^63"), std::string::npos);
  CraftedStream negative(int32Schema());
  negative.addRecordBatch(4, {fb::FieldNode(4, 0)}, {fb::Buffer(0, 0), fb::Buffer(-8, 16)}, std::string(16, '\0'));
  EXPECT_NE(negative.read().message().find("buffer 1 (values of 'x') has offset -8 and length 16"),
            std::string::npos);
}

TEST(IpcCorruptionCrafted, NodeAndBufferCountsMustMatchTheSchema) {
  CraftedStream missingNode(int32Schema());
  missingNode.addRecordBatch(4, {}, {fb::Buffer(0, 0), fb::Buffer(0, 16)}, std::string(16, '\0'));
  EXPECT_NE(missingNode.read().message().find("record batch has 0 field nodes but field 'x' needs node 0"),
            std::string::npos);
  CraftedStream extraNode(int32Schema());
  extraNode.addRecordBatch(4, {fb::FieldNode(4, 0), fb::FieldNode(4, 0)}, {fb::Buffer(0, 0), fb::Buffer(0, 16)},
                           std::string(16, '\0'));
  EXPECT_NE(extraNode.read().message().find("record batch has 2 field nodes but the schema needs 1"),
            std::string::npos);
  CraftedStream missingBuffer(int32Schema());
  missingBuffer.addRecordBatch(4, {fb::FieldNode(4, 0)}, {fb::Buffer(0, 0)}, std::string(16, '\0'));
  EXPECT_NE(missingBuffer.read().message().find("record batch has 1 buffers but field 'x' needs buffer 1 (values)"),
            std::string::npos);
}

TEST(IpcCorruptionCrafted, ImpossibleLengthsAndNullCounts) {
  CraftedStream negativeLength(int32Schema());
  negativeLength.addRecordBatch(-1, {fb::FieldNode(4, 0)}, {fb::Buffer(0, 0), fb::Buffer(0, 16)}, std::string(16, '\0'));
  EXPECT_NE(negativeLength.read().message().find("record batch has length -1"), std::string::npos);
  CraftedStream tooManyNulls(int32Schema());
  tooManyNulls.addRecordBatch(4, {fb::FieldNode(4, 5)}, {fb::Buffer(0, 8), fb::Buffer(8, 16)}, std::string(24, '\0'));
  EXPECT_NE(tooManyNulls.read().message().find("field node 0 ('x') has null count 5 for length 4"), std::string::npos);
  CraftedStream shortValues(int32Schema());
  shortValues.addRecordBatch(4, {fb::FieldNode(4, 0)}, {fb::Buffer(0, 0), fb::Buffer(0, 8)}, std::string(8, '\0'));
  const Status status = shortValues.read();
  EXPECT_TRUE(status.isCorrupt());
  EXPECT_NE(status.message().find("column 'x': int32 array of length 4 at offset 0: values buffer has 8 bytes, needs 16"),
            std::string::npos)
      << status;
  CraftedStream lengthMismatch(int32Schema());
  lengthMismatch.addRecordBatch(5, {fb::FieldNode(4, 0)}, {fb::Buffer(0, 0), fb::Buffer(0, 16)}, std::string(16, '\0'));
  EXPECT_NE(lengthMismatch.read().message().find("column 'x' has 4 rows but the record batch has 5"),
            std::string::npos);
  CraftedStream nullsWithoutBitmap(int32Schema());
  nullsWithoutBitmap.addRecordBatch(4, {fb::FieldNode(4, 1)}, {fb::Buffer(0, 0), fb::Buffer(0, 16)},
                                    std::string(16, '\0'));
  EXPECT_NE(nullsWithoutBitmap.read().message().find("field 'x' has 1 nulls but no validity bitmap"),
            std::string::npos);
  CraftedStream wrongNullCount(int32Schema());
  wrongNullCount.addRecordBatch(4, {fb::FieldNode(4, 2)}, {fb::Buffer(0, 8), fb::Buffer(8, 16)},
                                std::string("\x0f") + std::string(23, '\0'));
  EXPECT_NE(wrongNullCount.read().message().find("null count says 2 but the validity bitmap has 0 nulls"),
            std::string::npos);
}

TEST(IpcCorruptionCrafted, NonNullableColumnWithNulls) {
  CraftedStream stream(int32Schema(false));
  stream.addRecordBatch(4, {fb::FieldNode(4, 1)}, {fb::Buffer(0, 8), fb::Buffer(8, 16)},
                        std::string("\x07") + std::string(23, '\0'));
  EXPECT_NE(stream.read().message().find("column 'x' is declared not null but holds 1 nulls"), std::string::npos);
}

TEST(IpcCorruptionCrafted, BadStringData) {
  const SchemaPtr schema = columnar::schema({columnar::field("s", columnar::utf8())});
  // Offsets 0, 2, 9: past the 4 data bytes.
  CraftedStream pastEnd(schema);
  pastEnd.addRecordBatch(2, {fb::FieldNode(2, 0)}, {fb::Buffer(0, 0), fb::Buffer(0, 12), fb::Buffer(16, 4)},
                         int32Body({0, 2, 9}, 24));
  EXPECT_NE(pastEnd.read().message().find("column 's': utf8 array: last offset 9 is past the end of the data buffer (4 long)"),
            std::string::npos);
  // Invalid UTF-8.
  std::string body = int32Body({0, 2, 4}, 24);
  body.replace(16, 4, "ok\xff\xfe");
  CraftedStream badUtf8(schema);
  badUtf8.addRecordBatch(2, {fb::FieldNode(2, 0)}, {fb::Buffer(0, 0), fb::Buffer(0, 12), fb::Buffer(16, 4)}, body);
  EXPECT_NE(badUtf8.read().message().find("utf8 array: element 1 is not valid UTF-8"), std::string::npos);
  IpcReadOptions lenient;
  lenient.validateFull = false;
  CraftedStream unchecked(schema);
  unchecked.addRecordBatch(2, {fb::FieldNode(2, 0)}, {fb::Buffer(0, 0), fb::Buffer(0, 12), fb::Buffer(16, 4)}, body);
  EXPECT_TRUE(unchecked.read(lenient).ok());
}

TEST(IpcCorruptionCrafted, MisalignedBuffersAreCopied) {
  // Legal but unaligned: values at body offset 3. Reading must not do a
  // misaligned int32 load (UBSan would stop the test).
  CraftedStream stream(int32Schema());
  std::string body(24, '\0');
  const int32_t values[2] = {7, -9};
  std::memcpy(body.data() + 3, values, 8);
  stream.addRecordBatch(2, {fb::FieldNode(2, 0)}, {fb::Buffer(0, 0), fb::Buffer(3, 8)}, body);
  auto batches = readStream(stream.sink->finish().valueOrDie());
  ASSERT_TRUE(batches.ok()) << batches.status();
  EXPECT_EQ((*batches)[0]->column(0).value<int32_t>(1), -9);
}

TEST(IpcCorruptionCrafted, CompressionBombsAndBadFrames) {
  // Declares 2^40 uncompressed bytes from an 8-byte "frame".
  std::string body(24, '\0');
  const int64_t claimed = int64_t{1} << 40;
  std::memcpy(body.data(), &claimed, 8);
  CraftedStream zstdBomb(int32Schema());
  zstdBomb.addRecordBatch(4, {fb::FieldNode(4, 0)}, {fb::Buffer(0, 0), fb::Buffer(0, 16)}, body,
                          fb::CompressionType::ZSTD);
  EXPECT_NE(zstdBomb.read().message().find("would take the message past 1073741824 decompressed bytes"),
            std::string::npos);
  IpcReadOptions generous;
  generous.maxDecompressedBytes = INT64_MAX;
  CraftedStream lz4Bomb(int32Schema());
  lz4Bomb.addRecordBatch(4, {fb::FieldNode(4, 0)}, {fb::Buffer(0, 0), fb::Buffer(0, 16)}, body,
                         fb::CompressionType::LZ4_FRAME);
  EXPECT_NE(lz4Bomb.read(generous).message().find("LZ4 frame of 8 bytes cannot expand to the 1099511627776 bytes"),
            std::string::npos);

  // A real frame whose prefix lies about its size.
  const std::string values = int32Body({1, 2, 3, 4}, 16);
  for (auto [codec, fbCodec] : {std::pair{Compression::kLz4Frame, fb::CompressionType::LZ4_FRAME},
                                std::pair{Compression::kZstd, fb::CompressionType::ZSTD}}) {
    const BufferPtr frame =
        compressBuffer(codec, std::nullopt, reinterpret_cast<const uint8_t*>(values.data()), 16, columnar::MemoryPool::defaultPool())
            .valueOrDie();
    std::string lying(8, '\0');
    const int64_t wrongSize = 12;
    std::memcpy(lying.data(), &wrongSize, 8);
    lying += std::string(frame->view());
    CraftedStream stream(int32Schema());
    stream.addRecordBatch(4, {fb::FieldNode(4, 0)}, {fb::Buffer(0, 0), fb::Buffer(0, static_cast<int64_t>(lying.size()))},
                          lying + std::string(64, '\0'), fbCodec);
    const Status status = stream.read();
    EXPECT_TRUE(status.isCorrupt()) << status;
    EXPECT_NE(status.message().find("buffer 1 (values of 'x')"), std::string::npos) << status;
    EXPECT_NE(status.message().find("12"), std::string::npos) << status;
  }
  // Shorter than the prefix.
  CraftedStream tiny(int32Schema());
  tiny.addRecordBatch(4, {fb::FieldNode(4, 0)}, {fb::Buffer(0, 0), fb::Buffer(0, 5)}, std::string(8, '\0'),
                      fb::CompressionType::LZ4_FRAME);
  EXPECT_NE(tiny.read().message().find("is 5 bytes, shorter than its length prefix"), std::string::npos);
}

TEST(IpcCorruptionCrafted, MessageLevelProblems) {
  // Garbage where the metadata should be.
  CraftedStream garbage(int32Schema());
  const std::string junk = std::string("\xff\xff\xff\xff\x10\x00\x00\x00", 8) + std::string(16, 'J');
  ASSERT_TRUE(garbage.sink->write(junk.data(), static_cast<int64_t>(junk.size())).ok());
  EXPECT_NE(garbage.read().message().find("message metadata (16 bytes) is not a valid Message flatbuffer"),
            std::string::npos);
  // Metadata length beyond the input.
  CraftedStream truncated(int32Schema());
  const std::string prefix = std::string("\xff\xff\xff\xff", 4) + std::string("\x00\x01\x00\x00", 4);
  ASSERT_TRUE(truncated.sink->write(prefix.data(), 8).ok());
  EXPECT_NE(truncated.read().message().find("message metadata is 256 bytes but the input ends after 0"),
            std::string::npos);
  // A negative metadata length.
  CraftedStream negative(int32Schema());
  const std::string negativePrefix = std::string("\xff\xff\xff\xff", 4) + std::string("\xf0\xff\xff\xff", 4);
  ASSERT_TRUE(negative.sink->write(negativePrefix.data(), 8).ok());
  EXPECT_NE(negative.read().message().find("negative message metadata length -16"), std::string::npos);
  // A record batch where the schema should be.
  auto sink = io::BufferOutputStream::make().valueOrDie();
  {
    flatbuffers::FlatBufferBuilder builder;
    EncodedBody body;
    buildRecordBatchMessage(builder, 0, body, Compression::kNone);
    ASSERT_TRUE(writeMessage(*sink, builder, &body, 8).ok());
  }
  EXPECT_EQ(readStream(sink->finish().valueOrDie()).status().toString(),
            "Corrupt data: IPC stream at byte 0: the first message is a RecordBatch, not a Schema");
}

TEST(IpcCorruptionCrafted, DictionaryProblems) {
  const SchemaPtr schema =
      columnar::schema({columnar::field("d", columnar::dictionary(columnar::int32(), columnar::utf8()))});
  // A record batch before any dictionary batch.
  CraftedStream early(schema);
  const int64_t at = early.addRecordBatch(1, {fb::FieldNode(1, 0)}, {fb::Buffer(0, 0), fb::Buffer(0, 4)},
                                          std::string(8, '\0'));
  EXPECT_EQ(early.read().toString(),
            fmt::format("Corrupt data: IPC stream at byte {}: record batch uses dictionary id 0 before any "
                        "dictionary batch defined it",
                        at));
  // A dictionary batch for an id no field uses, and an index out of range.
  const std::string dictionaryBody = int32Body({0, 1}, 8) + std::string("z") + std::string(7, '\0');
  auto writeDictionary = [&](CraftedStream& stream, int64_t id) {
    flatbuffers::FlatBufferBuilder builder;
    const std::vector<fb::FieldNode> nodes = {fb::FieldNode(1, 0)};
    const std::vector<fb::Buffer> buffers = {fb::Buffer(0, 0), fb::Buffer(0, 8), fb::Buffer(8, 1)};
    const auto data = fb::CreateRecordBatch(builder, 1, builder.CreateVectorOfStructs(nodes),
                                            builder.CreateVectorOfStructs(buffers));
    const auto header = fb::CreateDictionaryBatch(builder, id, data, false);
    builder.Finish(fb::CreateMessage(builder, fb::MetadataVersion::V5, fb::MessageHeader::DictionaryBatch,
                                     header.Union(), static_cast<int64_t>(dictionaryBody.size())));
    return stream.writeRaw(builder, dictionaryBody);
  };
  CraftedStream unknownId(schema);
  const int64_t dictionaryAt = writeDictionary(unknownId, 7);
  EXPECT_EQ(unknownId.read().toString(),
            fmt::format("Corrupt data: IPC stream at byte {}: dictionary batch for id 7, which no field of the "
                        "schema uses",
                        dictionaryAt));
  CraftedStream outOfRange(schema);
  writeDictionary(outOfRange, 0);
  outOfRange.addRecordBatch(1, {fb::FieldNode(1, 0)}, {fb::Buffer(0, 0), fb::Buffer(0, 4)}, int32Body({3}, 8));
  EXPECT_NE(outOfRange.read().message().find(
                "column 'd': dictionary array: index 3 at position 0 is outside the dictionary of 1 values"),
            std::string::npos);
}

TEST(IpcCorruptionCrafted, UnsupportedTypesAreNamed) {
  // A schema with a Time field: valid Arrow, not a Sabot type.
  flatbuffers::FlatBufferBuilder builder;
  const auto name = builder.CreateString("t");
  const auto time = fb::CreateTime(builder, fb::TimeUnit::MILLISECOND, 32);
  const auto field = fb::CreateField(builder, name, true, fb::Type::Time, time.Union());
  const std::vector<flatbuffers::Offset<fb::Field>> fields = {field};
  const auto schema = fb::CreateSchema(builder, fb::Endianness::Little, builder.CreateVector(fields));
  builder.Finish(fb::CreateMessage(builder, fb::MetadataVersion::V5, fb::MessageHeader::Schema, schema.Union(), 0));
  auto sink = io::BufferOutputStream::make().valueOrDie();
  ASSERT_TRUE(writeMessage(*sink, builder, nullptr, 8).ok());
  EXPECT_EQ(readStream(sink->finish().valueOrDie()).status().toString(),
            "Unsupported: IPC stream at byte 0: field 't': Arrow type Time is not supported by Sabot");
}

}  // namespace
}  // namespace sabot::ipc

namespace sabot::ipc {
namespace {

TEST(IpcCorruptionCrafted, SharedTablesCannotExplodeTheSchema) {
  // Each level's children are the previous level twice: a few hundred bytes
  // of flatbuffer that would describe 2^40 fields if followed naively.
  flatbuffers::FlatBufferBuilder builder;
  auto previous = fb::CreateField(builder, builder.CreateString("leaf"), true, fb::Type::Null,
                                  fb::CreateNull(builder).Union());
  for (int level = 0; level < 40; ++level) {
    const std::vector<flatbuffers::Offset<fb::Field>> twice = {previous, previous};
    const auto children = builder.CreateVector(twice);
    previous = fb::CreateField(builder, builder.CreateString("s"), true, fb::Type::Struct_,
                               fb::CreateStruct_(builder).Union(), 0, children);
  }
  const std::vector<flatbuffers::Offset<fb::Field>> fields = {previous};
  const auto schema = fb::CreateSchema(builder, fb::Endianness::Little, builder.CreateVector(fields));
  builder.Finish(fb::CreateMessage(builder, fb::MetadataVersion::V5, fb::MessageHeader::Schema, schema.Union(), 0));
  auto sink = io::BufferOutputStream::make().valueOrDie();
  ASSERT_TRUE(writeMessage(*sink, builder, nullptr, 8).ok());
  const Status status = readStream(sink->finish().valueOrDie()).status();
  EXPECT_TRUE(status.isCorrupt()) << status;
  EXPECT_NE(status.message().find("is not a valid Message flatbuffer"), std::string::npos) << status;
}

}  // namespace
}  // namespace sabot::ipc
