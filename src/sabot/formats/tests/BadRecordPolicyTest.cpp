#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "sabot/formats/BadRecordPolicy.h"

namespace sabot::formats {
namespace {

TEST(BadRecordPolicyTest, DeadLetterLineFormat) {
  EXPECT_EQ(FileDeadLetterSink::formatLine(
                BadRecord{17, "price", "cannot parse 'abc' as int64", "a,abc,3"}),
            "{\"line\":17,\"column\":\"price\",\"error\":\"cannot parse 'abc' as "
            "int64\",\"record\":\"a,abc,3\"}\n");
  EXPECT_EQ(
      FileDeadLetterSink::formatLine(BadRecord{2, "", "expected 3 fields, found 2", "x\"\ty"}),
      "{\"line\":2,\"column\":null,\"error\":\"expected 3 fields, found "
      "2\",\"record\":\"x\\\"\\ty\"}\n");
}

TEST(BadRecordPolicyTest, DeadLetterLinesAreValidJsonForAnyBytes) {
  using namespace std::string_literals;
  const std::string record = "ok \xff\xfe \xc3 \xed\xa0\x80 \x00 end"s;
  const std::string line = FileDeadLetterSink::formatLine(BadRecord{1, "c\xff", "bad", record});
  nlohmann::json parsed = nlohmann::json::parse(line);
  EXPECT_EQ(
      parsed["record"].get<std::string>(),
      "ok \xEF\xBF\xBD\xEF\xBF\xBD \xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD \x00 end"s);
  EXPECT_EQ(parsed["column"].get<std::string>(), "c\xEF\xBF\xBD");
}

TEST(BadRecordPolicyTest, FileSinkWritesThroughAndAppends) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("sabot_dead_" + std::to_string(::getpid()) + ".jsonl");
  {
    auto sink = FileDeadLetterSink::make(path);
    ASSERT_TRUE(sink.ok()) << sink.status();
    ASSERT_TRUE((*sink)->write(BadRecord{1, "a", "e1", "r1"}).ok());
    // Written through at once: visible before close.
    std::ifstream in(path);
    std::stringstream contents;
    contents << in.rdbuf();
    EXPECT_EQ(contents.str(), "{\"line\":1,\"column\":\"a\",\"error\":\"e1\",\"record\":\"r1\"}\n");
    ASSERT_TRUE((*sink)->close().ok());
  }
  {
    auto sink = FileDeadLetterSink::make(path, /*append=*/true);
    ASSERT_TRUE(sink.ok());
    ASSERT_TRUE((*sink)->write(BadRecord{2, "", "e2", "r2"}).ok());
  }
  std::ifstream in(path);
  std::stringstream contents;
  contents << in.rdbuf();
  EXPECT_EQ(contents.str(),
            "{\"line\":1,\"column\":\"a\",\"error\":\"e1\",\"record\":\"r1\"}\n"
            "{\"line\":2,\"column\":null,\"error\":\"e2\",\"record\":\"r2\"}\n");
  std::filesystem::remove(path);

  EXPECT_EQ(
      FileDeadLetterSink::make("/nonexistent/dead.jsonl").status().toString(),
      "I/O error: cannot open '/nonexistent/dead.jsonl' for writing: No such file or directory");
}

TEST(BadRecordPolicyTest, HandlerAppliesThePolicy) {
  const BadRecord record{4, "x", "boom", "raw"};
  BadRecordHandler fail(OnError::kFail, nullptr, "column");
  EXPECT_EQ(fail.handle(record).toString(), "Invalid: line 4, column 'x': boom");
  EXPECT_EQ(fail.handle(BadRecord{5, "", "boom", "raw"}).toString(), "Invalid: line 5: boom");

  BadRecordHandler skip(OnError::kSkip, nullptr, "key");
  EXPECT_TRUE(skip.handle(record).ok());
  EXPECT_EQ(skip.counters().rowsSkipped, 1);
  EXPECT_EQ(skip.toStatus(record).toString(), "Invalid: line 4, key 'x': boom");

  auto sink = std::make_shared<MemoryDeadLetterSink>();
  BadRecordHandler dead(OnError::kDeadLetter, sink, "column");
  EXPECT_TRUE(dead.handle(record).ok());
  EXPECT_EQ(dead.counters().rowsDeadLettered, 1);
  ASSERT_EQ(sink->entries().size(), 1u);
  EXPECT_EQ(sink->entries()[0].record, "raw");
}

// A sink that cannot write stops the reader: a rejected record is never
// dropped without a trace.
TEST(BadRecordPolicyTest, FailingSinkIsAnError) {
  class BrokenSink final : public DeadLetterSink {
   public:
    Status write(const BadRecord&) override { return Status::ioError("disk full"); }
  };
  BadRecordHandler dead(OnError::kDeadLetter, std::make_shared<BrokenSink>(), "column");
  EXPECT_EQ(dead.handle(BadRecord{1, "a", "e", "r"}).toString(),
            "I/O error: writing a rejected record to the dead-letter sink: disk full");
  EXPECT_EQ(dead.counters().rowsDeadLettered, 0);
}

}  // namespace
}  // namespace sabot::formats
