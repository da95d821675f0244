#include "sabot/connectors/MemorySource.h"

#include <fmt/format.h>

namespace sabot::connectors {

namespace {

class MemorySourceReader final : public runtime::SourceReader {
 public:
  MemorySourceReader(const std::vector<columnar::RecordBatchPtr>* batches, size_t first, size_t stride)
      : batches_(batches), first_(first), next_(first), stride_(stride) {}

  Result<runtime::SourcePoll> poll(int64_t maxRows) override {
    if (next_ >= batches_->size()) return runtime::SourcePoll::end();
    const columnar::RecordBatchPtr& batch = (*batches_)[next_];
    // Large batches are handed out in slices of at most maxRows (zero-copy).
    const int64_t length = std::min(maxRows, batch->numRows() - offset_);
    columnar::RecordBatchPtr slice =
        offset_ == 0 && length == batch->numRows() ? batch : batch->slice(offset_, length);
    offset_ += length;
    if (offset_ >= batch->numRows()) {
      offset_ = 0;
      next_ += stride_;
    }
    return runtime::SourcePoll::ofBatch(std::move(slice));
  }
  std::string position() const override { return fmt::format("batch {}, row {}", next_, offset_); }
  Status snapshotPosition(checkpoint::SnapshotWriter& out) const override {
    out.write<uint64_t>(next_);
    out.write<int64_t>(offset_);
    return Status::OK();
  }
  Status restorePosition(checkpoint::SnapshotReader& in) override {
    SABOT_ASSIGN_OR_RAISE(next_, in.read<uint64_t>());
    SABOT_ASSIGN_OR_RAISE(offset_, in.read<int64_t>());
    if ((next_ - first_) % stride_ != 0 || offset_ < 0) {
      return Status::corrupt("{}: batch {} is not one of this subtask's", in.what(), next_);
    }
    if (next_ < batches_->size() && offset_ >= (*batches_)[next_]->numRows()) {
      return Status::corrupt("{}: row {} is past the end of batch {}", in.what(), offset_, next_);
    }
    return Status::OK();
  }

 private:
  const std::vector<columnar::RecordBatchPtr>* batches_;
  size_t first_;
  size_t next_;
  size_t stride_;
  int64_t offset_ = 0;
};

}  // namespace

Result<std::shared_ptr<MemorySource>> MemorySource::make(columnar::SchemaPtr schema,
                                                         std::vector<columnar::RecordBatchPtr> batches) {
  if (schema == nullptr) return Status::invalid("a memory source needs a schema");
  for (size_t i = 0; i < batches.size(); ++i) {
    if (batches[i] == nullptr) return Status::invalid("batch {} of the memory source is null", i);
    if (!batches[i]->schema()->equals(*schema)) {
      return Status::invalid("batch {} of the memory source has columns ({}), not ({})", i,
                             batches[i]->schema()->toString(), schema->toString());
    }
  }
  return std::make_shared<MemorySource>(std::move(schema), std::move(batches));
}

std::string MemorySource::describe() const { return fmt::format("memory source ({} batches)", batches_.size()); }

Result<std::unique_ptr<runtime::SourceReader>> MemorySource::createReader(
    const runtime::OperatorContext& context) const {
  return std::unique_ptr<runtime::SourceReader>(std::make_unique<MemorySourceReader>(
      &batches_, static_cast<size_t>(context.subtaskIndex), static_cast<size_t>(context.parallelism)));
}

}  // namespace sabot::connectors
