#include "sabot/connectors/CollectSink.h"

#include <cstdio>

#include "sabot/formats/CsvWriter.h"

namespace sabot::connectors {

class CollectWriter final : public runtime::SinkWriter {
 public:
  explicit CollectWriter(const CollectSink* sink) : sink_(sink) {}
  Status write(const columnar::RecordBatchPtr& batch) override {
    std::lock_guard lock(sink_->mutex_);
    sink_->batches_.push_back(batch);
    return Status::OK();
  }
  Status finish() override {
    std::lock_guard lock(sink_->mutex_);
    ++sink_->finishedWriters_;
    return Status::OK();
  }

 private:
  const CollectSink* sink_;
};

Result<std::unique_ptr<runtime::SinkWriter>> CollectSink::createWriter(const runtime::OperatorContext&,
                                                                       const columnar::SchemaPtr& schema) const {
  std::lock_guard lock(mutex_);
  schema_ = schema;
  return std::unique_ptr<runtime::SinkWriter>(std::make_unique<CollectWriter>(this));
}

std::vector<columnar::RecordBatchPtr> CollectSink::batches() const {
  std::lock_guard lock(mutex_);
  return batches_;
}

int64_t CollectSink::numRows() const {
  std::lock_guard lock(mutex_);
  int64_t rows = 0;
  for (const auto& batch : batches_) rows += batch->numRows();
  return rows;
}

columnar::SchemaPtr CollectSink::schema() const {
  std::lock_guard lock(mutex_);
  return schema_;
}

int32_t CollectSink::finishedWriters() const {
  std::lock_guard lock(mutex_);
  return finishedWriters_;
}

namespace {
class DiscardWriter final : public runtime::SinkWriter {
 public:
  Status write(const columnar::RecordBatchPtr&) override { return Status::OK(); }
  Status finish() override { return Status::OK(); }
};
}  // namespace

Result<std::unique_ptr<runtime::SinkWriter>> DiscardSink::createWriter(const runtime::OperatorContext&,
                                                                       const columnar::SchemaPtr&) const {
  return std::unique_ptr<runtime::SinkWriter>(std::make_unique<DiscardWriter>());
}

class PrintWriter final : public runtime::SinkWriter {
 public:
  explicit PrintWriter(const PrintSink* sink) : sink_(sink) {}
  Status write(const columnar::RecordBatchPtr& batch) override {
    std::lock_guard lock(sink_->mutex_);
    formats::CsvWriteOptions options;
    options.header = !sink_->headerWritten_;
    SABOT_ASSIGN_OR_RAISE(std::string text, formats::CsvWriter::toString(*batch, options));
    sink_->headerWritten_ = true;
    if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size()) {
      return Status::ioError("cannot write to stdout");
    }
    return Status::OK();
  }
  Status finish() override {
    std::lock_guard lock(sink_->mutex_);
    return std::fflush(stdout) == 0 ? Status::OK() : Status::ioError("cannot write to stdout");
  }

 private:
  const PrintSink* sink_;
};

Result<std::unique_ptr<runtime::SinkWriter>> PrintSink::createWriter(const runtime::OperatorContext&,
                                                                     const columnar::SchemaPtr&) const {
  return std::unique_ptr<runtime::SinkWriter>(std::make_unique<PrintWriter>(this));
}

}  // namespace sabot::connectors
