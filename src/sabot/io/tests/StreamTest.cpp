// The byte streams: files, memory and mapped files, their positions and names,
// and I/O errors that name the path.

#include <gtest/gtest.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "sabot/io/BufferInputStream.h"
#include "sabot/io/BufferOutputStream.h"
#include "sabot/io/FileInputStream.h"
#include "sabot/io/FileOutputStream.h"
#include "sabot/io/MappedFile.h"

namespace sabot::io {
namespace {

using columnar::Buffer;
using columnar::BufferPtr;

/// "prefix: <strerror text>", as Status::fromErrno words it.
std::string ioMessage(const std::string& what, int error) {
  return "I/O error: " + what + ": " + std::strerror(error);
}

/// Bytes that differ from position to position, so a misplaced chunk shows.
std::string patternBytes(size_t size) {
  std::string bytes(size, '\0');
  for (size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>((i * 131 + i / 251) & 0xff);
  return bytes;
}

class StreamTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           ("sabot_io_" + std::to_string(::getpid()) + "_" + test->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string readFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
  void writeFile(const std::filesystem::path& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
  }

  std::filesystem::path dir_;
};

TEST_F(StreamTest, FileRoundTrip) {
  const auto path = dir_ / "data.bin";
  // Bigger than the 256 KiB write buffer, so both the buffered and the
  // write-through paths run.
  const std::string big = patternBytes(size_t{600} << 10);
  {
    auto output = FileOutputStream::open(path);
    ASSERT_TRUE(output.ok()) << output.status();
    EXPECT_EQ((*output)->name(), path.string());
    ASSERT_TRUE((*output)->write(std::string_view("head:")).ok());
    ASSERT_TRUE((*output)->write(big.data(), 1000).ok());
    ASSERT_TRUE((*output)->write(big.data() + 1000, static_cast<int64_t>(big.size()) - 1000).ok());
    ASSERT_TRUE((*output)->write(std::string(":tail")).ok());
    EXPECT_EQ((*output)->position(), static_cast<int64_t>(big.size()) + 10);
    ASSERT_TRUE((*output)->close().ok());
    ASSERT_TRUE((*output)->close().ok());  // idempotent
  }
  EXPECT_EQ(readFile(path), "head:" + big + ":tail");

  auto input = FileInputStream::open(path);
  ASSERT_TRUE(input.ok()) << input.status();
  EXPECT_EQ((*input)->name(), path.string());
  std::string head(5, '\0');
  EXPECT_EQ((*input)->read(5, head.data()).valueOrDie(), 5);
  EXPECT_EQ(head, "head:");
  EXPECT_EQ((*input)->position(), 5);
  // A read asking for more than is left returns what is left.
  std::string rest(big.size() + 100, '\0');
  EXPECT_EQ((*input)->read(static_cast<int64_t>(rest.size()), rest.data()).valueOrDie(),
            static_cast<int64_t>(big.size()) + 5);
  rest.resize(big.size() + 5);
  EXPECT_EQ(rest, big + ":tail");
  EXPECT_EQ((*input)->read(10, rest.data()).valueOrDie(), 0);
  EXPECT_EQ((*input)->position(), static_cast<int64_t>(big.size()) + 10);
}

TEST_F(StreamTest, FileOutputAppendsOrTruncates) {
  const auto path = dir_ / "log.txt";
  writeFile(path, "old\n");
  {
    auto output = FileOutputStream::open(path, /*append=*/true).valueOrDie();
    ASSERT_TRUE(output->write(std::string_view("new\n")).ok());
    // position() counts what this stream wrote, not the file's size.
    EXPECT_EQ(output->position(), 4);
    ASSERT_TRUE(output->flush().ok());
    // flush() hands the bytes to the operating system before close().
    EXPECT_EQ(readFile(path), "old\nnew\n");
  }  // the destructor closes
  EXPECT_EQ(readFile(path), "old\nnew\n");
  {
    auto output = FileOutputStream::open(path).valueOrDie();
    ASSERT_TRUE(output->write(std::string_view("only")).ok());
  }
  EXPECT_EQ(readFile(path), "only");
}

TEST_F(StreamTest, WritesAfterCloseFail) {
  const auto path = dir_ / "closed.txt";
  auto file = FileOutputStream::open(path).valueOrDie();
  ASSERT_TRUE(file->close().ok());
  const Status status = file->write(std::string_view("x"));
  EXPECT_TRUE(status.isInvalid()) << status;
  EXPECT_EQ(status.message(), "write to '" + path.string() + "' after close");

  auto memory = BufferOutputStream::make().valueOrDie();
  ASSERT_TRUE(memory->write(std::string_view("kept")).ok());
  ASSERT_TRUE(memory->close().ok());
  EXPECT_EQ(memory->write(std::string_view("x")).message(), "write to '<memory>' after close");
  // What was written before close() is still handed over.
  EXPECT_EQ(memory->finish().valueOrDie()->view(), "kept");
}

TEST_F(StreamTest, OpenErrorsNameThePath) {
  const auto missing = dir_ / "missing.bin";
  auto input = FileInputStream::open(missing);
  EXPECT_TRUE(input.status().isIOError());
  EXPECT_EQ(input.status().toString(),
            ioMessage("cannot open '" + missing.string() + "' for reading", ENOENT));

  // The directory to write into does not exist.
  const auto inMissingDir = dir_ / "no" / "such" / "out.bin";
  auto output = FileOutputStream::open(inMissingDir);
  EXPECT_TRUE(output.status().isIOError());
  EXPECT_EQ(output.status().toString(),
            ioMessage("cannot open '" + inMissingDir.string() + "' for writing", ENOENT));

  // A directory is not a file to write.
  auto intoDirectory = FileOutputStream::open(dir_);
  EXPECT_EQ(intoDirectory.status().toString(),
            ioMessage("cannot open '" + dir_.string() + "' for writing", EISDIR));

  // A "directory" that is a regular file.
  const auto file = dir_ / "plain";
  writeFile(file, "x");
  auto underFile = FileOutputStream::open(file / "out.bin");
  EXPECT_EQ(underFile.status().toString(),
            ioMessage("cannot open '" + (file / "out.bin").string() + "' for writing", ENOTDIR));
}

TEST_F(StreamTest, ReadAndWriteErrorsNameThePath) {
  // A directory opens for reading but read(2) refuses it.
  auto directory = FileInputStream::open(dir_).valueOrDie();
  char byte;
  auto read = directory->read(1, &byte);
  EXPECT_EQ(read.status().toString(), ioMessage("cannot read '" + dir_.string() + "'", EISDIR));

  // /dev/full accepts the open and fails every write with ENOSPC; the
  // buffered bytes reach it at flush().
  auto full = FileOutputStream::open("/dev/full").valueOrDie();
  ASSERT_TRUE(full->write(std::string_view("lost")).ok());
  EXPECT_EQ(full->flush().toString(), ioMessage("cannot write '/dev/full'", ENOSPC));
  ASSERT_TRUE(full->close().ok());  // nothing left to write

  std::string out;
  EXPECT_EQ(full->write(nullptr, -1).message(), "write to '/dev/full' after close");
  auto file = FileOutputStream::open(dir_ / "f").valueOrDie();
  EXPECT_EQ(file->write(out.data(), -1).message(),
            "negative write size -1 to '" + (dir_ / "f").string() + "'");
  EXPECT_EQ(directory->read(-2, &byte).status().message(),
            "negative read size -2 from '" + dir_.string() + "'");
}

TEST_F(StreamTest, BufferInputStreamReadsInPieces) {
  BufferInputStream input(Buffer::copyOf("abcdefgh").valueOrDie());
  EXPECT_EQ(input.name(), "<memory>");
  std::string out(8, '\0');
  EXPECT_EQ(input.read(3, out.data()).valueOrDie(), 3);
  EXPECT_EQ(out.substr(0, 3), "abc");
  EXPECT_EQ(input.position(), 3);
  EXPECT_EQ(input.read(100, out.data()).valueOrDie(), 5);
  EXPECT_EQ(out.substr(0, 5), "defgh");
  EXPECT_EQ(input.read(1, out.data()).valueOrDie(), 0);
  EXPECT_EQ(input.position(), 8);
  EXPECT_EQ(input.read(-1, out.data()).status().message(), "negative read size -1 from '<memory>'");
}

TEST_F(StreamTest, BufferOutputStreamCollectsAlignedBytes) {
  auto output = BufferOutputStream::make().valueOrDie();
  EXPECT_EQ(output->name(), "<memory>");
  EXPECT_EQ(output->position(), 0);
  OutputStream& sink = *output;  // the convenience overload on the base class
  ASSERT_TRUE(sink.write(std::string_view("hello, ")).ok());
  ASSERT_TRUE(output->write("world", 5).ok());
  EXPECT_EQ(output->position(), 12);
  BufferPtr bytes = output->finish().valueOrDie();
  EXPECT_EQ(bytes->view(), "hello, world");
  EXPECT_EQ(reinterpret_cast<uintptr_t>(bytes->data()) % 64, 0u);
  // finish() starts the stream again empty.
  EXPECT_EQ(output->position(), 0);
  EXPECT_EQ(output->finish().valueOrDie()->size(), 0);
  EXPECT_EQ(output->write(nullptr, -3).message(), "negative write size -3 to '<memory>'");

  // reserve() makes room without writing anything.
  ASSERT_TRUE(output->reserve(10000).ok());
  EXPECT_EQ(output->position(), 0);
  const std::string more(9000, 'b');
  ASSERT_TRUE(output->write(std::string_view("a")).ok());
  ASSERT_TRUE(output->write(more).ok());
  EXPECT_EQ(output->finish().valueOrDie()->view(), "a" + more);
}

TEST_F(StreamTest, ReadBufferIsZeroCopyForBuffers) {
  BufferPtr source = Buffer::copyOf("0123456789").valueOrDie();
  BufferInputStream input(source);
  BufferPtr first = input.readBuffer(4, nullptr).valueOrDie();
  EXPECT_EQ(first->view(), "0123");
  EXPECT_EQ(first->data(), source->data());
  BufferPtr rest = input.readBuffer(100, nullptr).valueOrDie();
  EXPECT_EQ(rest->view(), "456789");
  EXPECT_EQ(rest->data(), source->data() + 4);
  EXPECT_EQ(input.readBuffer(1, nullptr).valueOrDie()->size(), 0);
  EXPECT_EQ(input.position(), 10);
  // A slice keeps the bytes alive after the stream and the source go.
  source.reset();
  EXPECT_EQ(first->view(), "0123");
}

TEST_F(StreamTest, ReadBufferFromAFileCopiesWhatIsThere) {
  const auto path = dir_ / "chunks.bin";
  const std::string bytes = patternBytes((size_t{3} << 20) + 17);
  writeFile(path, bytes);
  auto input = FileInputStream::open(path).valueOrDie();
  BufferPtr head = input->readBuffer(10, columnar::MemoryPool::defaultPool()).valueOrDie();
  EXPECT_EQ(head->view(), std::string_view(bytes).substr(0, 10));
  // A bogus size (as corrupt input might claim) reads what there is, in
  // growing chunks, instead of allocating the claimed size up front.
  BufferPtr rest =
      input->readBuffer(int64_t{1} << 40, columnar::MemoryPool::defaultPool()).valueOrDie();
  EXPECT_EQ(rest->size(), static_cast<int64_t>(bytes.size()) - 10);
  EXPECT_EQ(rest->view(), std::string_view(bytes).substr(10));
  EXPECT_EQ(input->position(), static_cast<int64_t>(bytes.size()));
  EXPECT_EQ(input->readBuffer(-1, columnar::MemoryPool::defaultPool()).status().message(),
            "negative read size -1 from '" + path.string() + "'");
}

TEST_F(StreamTest, MapFile) {
  const auto path = dir_ / "mapped.bin";
  const std::string bytes = patternBytes(10000);
  writeFile(path, bytes);
  BufferPtr slice;
  {
    auto mapped = mapFile(path);
    ASSERT_TRUE(mapped.ok()) << mapped.status();
    EXPECT_EQ((*mapped)->view(), bytes);
    slice = Buffer::slice(*mapped, 9000, 1000);
  }
  // The slice keeps the mapping alive after the whole-file buffer is gone.
  EXPECT_EQ(slice->view(), std::string_view(bytes).substr(9000));

  writeFile(dir_ / "empty", "");
  EXPECT_EQ(mapFile(dir_ / "empty").valueOrDie()->size(), 0);

  const auto missing = dir_ / "missing.bin";
  EXPECT_EQ(mapFile(missing).status().toString(),
            ioMessage("cannot open '" + missing.string() + "' for reading", ENOENT));
  const Status directory = mapFile(dir_).status();
  EXPECT_TRUE(directory.isIOError());
  EXPECT_EQ(directory.message(), "'" + dir_.string() + "' is not a regular file");
}

}  // namespace
}  // namespace sabot::io
