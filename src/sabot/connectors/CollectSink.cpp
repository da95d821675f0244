#include "sabot/connectors/CollectSink.h"

#include <cstdio>

#include <fmt/format.h>

#include "sabot/formats/CsvWriter.h"

namespace sabot::connectors {

class CollectWriter final : public runtime::SinkWriter {
 public:
  CollectWriter(const CollectSink* sink, const runtime::OperatorContext& context)
      : sink_(sink), subtask_(context.subtaskIndex), transactional_(context.checkpointing) {}
  Status write(const columnar::RecordBatchPtr& batch) override {
    if (transactional_) {
      staged_.push_back(batch);
      return Status::OK();
    }
    std::lock_guard lock(sink_->mutex_);
    sink_->batches_.push_back(batch);
    return Status::OK();
  }
  Status finish() override {
    std::lock_guard lock(sink_->mutex_);
    for (const std::string& transaction : open_) commitLocked(transaction);
    open_.clear();
    for (auto& batch : staged_) sink_->batches_.push_back(std::move(batch));
    staged_.clear();
    ++sink_->finishedWriters_;
    return Status::OK();
  }
  void abort() override { staged_.clear(); }
  Status preCommit(int64_t checkpointId, checkpoint::SnapshotWriter& out) override {
    const std::string transaction = fmt::format("{}-{}", subtask_, checkpointId);
    std::lock_guard lock(sink_->mutex_);
    sink_->pending_[transaction] = std::move(staged_);
    staged_.clear();
    open_.push_back(transaction);
    // Every transaction not yet committed: an older one may still be open
    // (a failed checkpoint), and a restore must commit it too.
    out.write<uint64_t>(open_.size());
    for (const std::string& open : open_) out.writeString(open);
    return Status::OK();
  }
  Status commit(int64_t checkpointId) override {
    std::lock_guard lock(sink_->mutex_);
    std::vector<std::string> stillOpen;
    for (const std::string& transaction : open_) {
      if (std::stoll(transaction.substr(transaction.find('-') + 1)) <= checkpointId) {
        commitLocked(transaction);
      } else {
        stillOpen.push_back(transaction);
      }
    }
    open_ = std::move(stillOpen);
    return Status::OK();
  }
  Status recover(checkpoint::SnapshotReader& in) override {
    SABOT_ASSIGN_OR_RAISE(uint64_t count, in.readCount(8));
    std::vector<std::string> restored;
    for (uint64_t i = 0; i < count; ++i) {
      SABOT_ASSIGN_OR_RAISE(std::string transaction, in.readString());
      restored.push_back(std::move(transaction));
    }
    std::lock_guard lock(sink_->mutex_);
    for (const std::string& transaction : restored) commitLocked(transaction);
    // Transactions of this subtask after the restored checkpoint hold rows
    // the restored job produces again: drop them.
    const std::string prefix = std::to_string(subtask_) + "-";
    for (auto it = sink_->pending_.begin(); it != sink_->pending_.end();) {
      it = it->first.rfind(prefix, 0) == 0 ? sink_->pending_.erase(it) : std::next(it);
    }
    return Status::OK();
  }

 private:
  void commitLocked(const std::string& transaction) {
    auto found = sink_->pending_.find(transaction);
    if (found == sink_->pending_.end()) return;  // committed before: idempotent
    for (auto& batch : found->second) sink_->batches_.push_back(std::move(batch));
    sink_->pending_.erase(found);
  }

  const CollectSink* sink_;
  int32_t subtask_;
  bool transactional_;
  std::vector<columnar::RecordBatchPtr> staged_;
  std::vector<std::string> open_;
};

Result<std::unique_ptr<runtime::SinkWriter>> CollectSink::createWriter(const runtime::OperatorContext& context,
                                                                       const columnar::SchemaPtr& schema) const {
  std::lock_guard lock(mutex_);
  schema_ = schema;
  return std::unique_ptr<runtime::SinkWriter>(std::make_unique<CollectWriter>(this, context));
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
