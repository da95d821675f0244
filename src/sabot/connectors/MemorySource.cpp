#include "sabot/connectors/MemorySource.h"

#include <fmt/format.h>

namespace sabot::connectors {

namespace {

class MemorySourceReader final : public runtime::SourceReader {
 public:
  MemorySourceReader(const std::vector<columnar::RecordBatchPtr>* batches, size_t first, size_t stride)
      : batches_(batches), next_(first), stride_(stride) {}

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

 private:
  const std::vector<columnar::RecordBatchPtr>* batches_;
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
