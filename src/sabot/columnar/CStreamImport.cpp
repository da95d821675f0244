// Import of a foreign Arrow C Stream Interface producer as a RecordBatchReader.

#include <cerrno>
#include <cstring>
#include <string>

#include "sabot/columnar/CStreamInterface.h"

namespace sabot::columnar {

namespace {

class ImportedStreamReader final : public RecordBatchReader {
 public:
  explicit ImportedStreamReader(const ArrowArrayStream& stream) : stream_(stream) {}
  ImportedStreamReader(const ImportedStreamReader&) = delete;
  ImportedStreamReader& operator=(const ImportedStreamReader&) = delete;
  ~ImportedStreamReader() override {
    if (stream_.release != nullptr) stream_.release(&stream_);
  }

  Status readSchema() {
    ArrowSchema schema{};
    const int code = stream_.get_schema(&stream_, &schema);
    if (code != 0) return streamError(code, "get_schema");
    SABOT_ASSIGN_OR_RAISE(schema_, importSchema(&schema));
    return Status::OK();
  }

  SchemaPtr schema() const override { return schema_; }

  Result<RecordBatchPtr> next() override {
    if (finished_) return RecordBatchPtr();
    ArrowArray array{};
    const int code = stream_.get_next(&stream_, &array);
    if (code != 0) {
      // After an error the specification allows only get_last_error and
      // release, so the stream is finished either way.
      finished_ = true;
      return streamError(code, "get_next");
    }
    if (array.release == nullptr) {
      finished_ = true;
      return RecordBatchPtr();
    }
    auto batch = importRecordBatch(&array, schema_);
    if (!batch.ok()) return batch.status().withContext("batch {} of an ArrowArrayStream", batches_);
    ++batches_;
    return batch;
  }

 private:
  Status streamError(int code, const char* call) {
    const char* message =
        stream_.get_last_error != nullptr ? stream_.get_last_error(&stream_) : nullptr;
    const std::string detail = message != nullptr ? message : "no error message";
    switch (code) {
      case ENOMEM:
        return Status::outOfMemory("ArrowArrayStream {} failed ({}): {}", call, std::strerror(code),
                                   detail);
      case EINVAL:
        return Status::invalid("ArrowArrayStream {} failed ({}): {}", call, std::strerror(code),
                               detail);
      case ENOSYS:
        return Status::unsupported("ArrowArrayStream {} failed ({}): {}", call,
                                   std::strerror(code), detail);
      default:
        return Status::ioError("ArrowArrayStream {} failed (error {}: {}): {}", call, code,
                               std::strerror(code), detail);
    }
  }

  ArrowArrayStream stream_;
  SchemaPtr schema_;
  bool finished_ = false;
  int64_t batches_ = 0;
};

}  // namespace

Result<std::shared_ptr<RecordBatchReader>> importRecordBatchStream(ArrowArrayStream* stream) {
  if (stream == nullptr) return Status::invalid("ArrowArrayStream pointer is null");
  if (stream->release == nullptr) return Status::invalid("ArrowArrayStream is released");
  // Move the stream into the reader first, so every path below releases it.
  auto reader = std::make_shared<ImportedStreamReader>(*stream);
  stream->release = nullptr;
  if (stream->get_schema == nullptr || stream->get_next == nullptr) {
    return Status::invalid("ArrowArrayStream lacks its get_schema or get_next callback");
  }
  SABOT_RETURN_NOT_OK_CONTEXT(reader->readSchema(), "importing an ArrowArrayStream");
  return std::shared_ptr<RecordBatchReader>(std::move(reader));
}

}  // namespace sabot::columnar
