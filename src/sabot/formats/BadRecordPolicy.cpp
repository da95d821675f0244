#include "sabot/formats/BadRecordPolicy.h"

#include "sabot/formats/JsonEscape.h"
#include "sabot/io/FileOutputStream.h"

namespace sabot::formats {

std::string_view onErrorName(OnError policy) {
  switch (policy) {
    case OnError::kFail:
      return "fail";
    case OnError::kSkip:
      return "skip";
    case OnError::kDeadLetter:
      return "dead-letter";
  }
  return "?";
}

Result<OnError> parseOnError(std::string_view name) {
  if (name == "fail") return OnError::kFail;
  if (name == "skip") return OnError::kSkip;
  if (name == "dead-letter") return OnError::kDeadLetter;
  return Status::invalid("unknown bad-row policy '{}' (expected fail, skip or dead-letter)", name);
}

Result<std::shared_ptr<FileDeadLetterSink>> FileDeadLetterSink::make(
    const std::filesystem::path& path, bool append) {
  SABOT_ASSIGN_OR_RAISE(auto stream, io::FileOutputStream::open(path, append));
  return std::make_shared<FileDeadLetterSink>(std::move(stream));
}

std::shared_ptr<FileDeadLetterSink> FileDeadLetterSink::make(
    std::shared_ptr<io::OutputStream> stream) {
  return std::make_shared<FileDeadLetterSink>(std::move(stream));
}

std::string FileDeadLetterSink::formatLine(const BadRecord& record) {
  std::string line = fmt::format("{{\"line\":{},\"column\":", record.line);
  if (record.column.empty()) {
    line += "null";
  } else {
    appendJsonStringLossy(line, record.column);
  }
  line += ",\"error\":";
  appendJsonStringLossy(line, record.error);
  line += ",\"record\":";
  appendJsonStringLossy(line, record.record);
  line += "}\n";
  return line;
}

Status FileDeadLetterSink::write(const BadRecord& record) {
  SABOT_RETURN_NOT_OK(stream_->write(formatLine(record)));
  return stream_->flush();
}

Status MemoryDeadLetterSink::write(const BadRecord& record) {
  entries_.push_back(Entry{record.line, std::string(record.column), std::string(record.error),
                           std::string(record.record)});
  return Status::OK();
}

Status BadRecordHandler::validate(OnError policy, const DeadLetterSink* sink) {
  if (policy == OnError::kDeadLetter && sink == nullptr) {
    return Status::invalid("the dead-letter error policy needs a deadLetterSink");
  }
  return Status::OK();
}

Status BadRecordHandler::toStatus(const BadRecord& record) const {
  if (record.column.empty()) return Status::invalid("line {}: {}", record.line, record.error);
  return Status::invalid("line {}, {} '{}': {}", record.line, locationNoun_, record.column,
                         record.error);
}

Status BadRecordHandler::handle(const BadRecord& record) {
  switch (policy_) {
    case OnError::kFail:
      return toStatus(record);
    case OnError::kSkip:
      ++counters_.rowsSkipped;
      return Status::OK();
    case OnError::kDeadLetter:
      SABOT_RETURN_NOT_OK_CONTEXT(sink_->write(record),
                                  "writing a rejected record to the dead-letter sink");
      ++counters_.rowsDeadLettered;
      return Status::OK();
  }
  return Status::internal("unknown error policy");
}

}  // namespace sabot::formats
