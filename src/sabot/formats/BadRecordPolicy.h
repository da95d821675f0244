#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sabot/base/Result.h"
#include "sabot/io/OutputStream.h"

namespace sabot::formats {

/// What a reader does with a record it cannot turn into a row (wrong number of
/// fields, a value that does not convert, malformed quoting or JSON).
enum class OnError {
  kFail,        ///< next() returns the error (after handing out the good rows before it).
  kSkip,        ///< Drop the record, count it, carry on.
  kDeadLetter,  ///< Hand the record to the DeadLetterSink, count it, carry on.
};

std::string_view onErrorName(OnError policy);  // "fail", "skip", "dead-letter"
/// The policy called `name` ("fail", "skip", "dead-letter").
Result<OnError> parseOnError(std::string_view name);

/// One rejected record. The views are valid only during DeadLetterSink::write().
struct BadRecord {
  int64_t line = 0;         ///< 1-based line where the record starts.
  std::string_view column;  ///< Column (CSV) or key path (JSON) at fault; empty if none.
  std::string_view error;   ///< Why, without the location ("cannot parse 'x' as int64").
  std::string_view record;  ///< The raw text of the record, without its line terminator.
};

/// Receives the records rejected under OnError::kDeadLetter. A failing write
/// stops the reader with that error: losing a rejected record silently would
/// break the promise that nothing is dropped without a trace.
class DeadLetterSink {
 public:
  virtual ~DeadLetterSink() = default;
  virtual Status write(const BadRecord& record) = 0;
  virtual Status close() { return Status::OK(); }
};

/// Writes each rejected record as one JSON line:
///   {"line":17,"column":"price","error":"cannot parse 'abc' as int64","record":"a,abc,3"}
/// "column" is null when the error is not about one column (e.g. a wrong field
/// count). Bytes of the record that are not valid UTF-8 are written as U+FFFD.
/// Every record is written through at once, so a crash loses none.
class FileDeadLetterSink final : public DeadLetterSink {
 public:
  /// Creates (truncates) `path`, or appends to it with `append`.
  static Result<std::shared_ptr<FileDeadLetterSink>> make(const std::filesystem::path& path,
                                                          bool append = false);
  /// Writes to any stream (an io::BufferOutputStream in tests).
  static std::shared_ptr<FileDeadLetterSink> make(std::shared_ptr<io::OutputStream> stream);

  explicit FileDeadLetterSink(std::shared_ptr<io::OutputStream> stream)
      : stream_(std::move(stream)) {}

  Status write(const BadRecord& record) override;
  Status close() override { return stream_->close(); }

  /// The JSON line (with its "\n") written for `record`.
  static std::string formatLine(const BadRecord& record);

 private:
  std::shared_ptr<io::OutputStream> stream_;
};

/// Keeps rejected records in memory, for callers that route them elsewhere
/// (a side output) and for tests.
class MemoryDeadLetterSink final : public DeadLetterSink {
 public:
  struct Entry {
    int64_t line;
    std::string column;
    std::string error;
    std::string record;
  };

  Status write(const BadRecord& record) override;
  const std::vector<Entry>& entries() const { return entries_; }

 private:
  std::vector<Entry> entries_;
};

/// What a reader did with the records it saw so far.
struct ReadCounters {
  int64_t rowsRead = 0;          ///< Rows handed out in batches.
  int64_t rowsSkipped = 0;       ///< Bad records dropped under OnError::kSkip.
  int64_t rowsDeadLettered = 0;  ///< Bad records given to the dead-letter sink.
};

/// Applies an OnError policy and keeps the counters; shared by the readers.
class BadRecordHandler {
 public:
  /// `locationNoun` names what BadRecord::column is ("column" or "key").
  BadRecordHandler(OnError policy, std::shared_ptr<DeadLetterSink> sink, std::string locationNoun)
      : policy_(policy), sink_(std::move(sink)), locationNoun_(std::move(locationNoun)) {}

  /// Checks that a dead-letter policy has a sink.
  static Status validate(OnError policy, const DeadLetterSink* sink);

  /// OK if the record was skipped or dead-lettered (and counted); under kFail
  /// the error as an Invalid status: "line 17, column 'price': cannot parse
  /// 'abc' as int64". A failing sink returns its own error.
  Status handle(const BadRecord& record);
  /// The kFail message for `record`, whatever the policy.
  Status toStatus(const BadRecord& record) const;

  void countRead(int64_t rows) { counters_.rowsRead += rows; }
  const ReadCounters& counters() const { return counters_; }
  OnError policy() const { return policy_; }

 private:
  OnError policy_;
  std::shared_ptr<DeadLetterSink> sink_;
  std::string locationNoun_;
  ReadCounters counters_;
};

}  // namespace sabot::formats
