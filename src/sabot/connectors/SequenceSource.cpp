#include "sabot/connectors/SequenceSource.h"

#include <fmt/format.h>

#include "sabot/columnar/ArrayBuilder.h"

namespace sabot::connectors {

namespace {

class SequenceReader final : public runtime::SourceReader {
 public:
  SequenceReader(int64_t next, int64_t end, columnar::SchemaPtr schema, columnar::MemoryPool* pool)
      : begin_(next), next_(next), end_(end), schema_(std::move(schema)), pool_(pool) {}

  Result<runtime::SourcePoll> poll(int64_t maxRows) override {
    if (next_ >= end_) return runtime::SourcePoll::end();
    const int64_t rows = std::min(maxRows, end_ - next_);
    columnar::NumericBuilder<int64_t> builder(columnar::int64(), pool_);
    SABOT_RETURN_NOT_OK(builder.reserve(rows));
    for (int64_t i = 0; i < rows; ++i) SABOT_RETURN_NOT_OK(builder.append(next_ + i));
    SABOT_ASSIGN_OR_RAISE(columnar::Array values, builder.finish());
    next_ += rows;
    SABOT_ASSIGN_OR_RAISE(auto batch, columnar::RecordBatch::make(schema_, rows, {std::move(values)}));
    return runtime::SourcePoll::ofBatch(std::move(batch));
  }
  std::string position() const override { return fmt::format("next value {}", next_); }
  Status snapshotPosition(checkpoint::SnapshotWriter& out) const override {
    out.write<int64_t>(next_);
    return Status::OK();
  }
  Status restorePosition(checkpoint::SnapshotReader& in) override {
    SABOT_ASSIGN_OR_RAISE(int64_t next, in.read<int64_t>());
    if (next < begin_ || next > end_) {
      return Status::corrupt("{}: value {} is outside this subtask's range [{}, {})", in.what(), next, begin_, end_);
    }
    next_ = next;
    return Status::OK();
  }

 private:
  int64_t begin_;
  int64_t next_;
  int64_t end_;
  columnar::SchemaPtr schema_;
  columnar::MemoryPool* pool_;
};

}  // namespace

Result<std::shared_ptr<SequenceSource>> SequenceSource::make(int64_t from, int64_t to) {
  if (to < from) return Status::invalid("a sequence needs from <= to, got [{}, {})", from, to);
  auto schema = std::make_shared<columnar::Schema>(
      std::vector<columnar::FieldPtr>{columnar::field("value", columnar::int64(), false)});
  return std::make_shared<SequenceSource>(from, to, std::move(schema));
}

std::string SequenceSource::describe() const { return fmt::format("sequence [{}, {})", from_, to_); }

Result<std::unique_ptr<runtime::SourceReader>> SequenceSource::createReader(
    const runtime::OperatorContext& context) const {
  // Split [from, to) into p ranges whose sizes differ by at most one.
  const __int128 count = static_cast<__int128>(to_) - from_;
  const auto begin = static_cast<int64_t>(from_ + count * context.subtaskIndex / context.parallelism);
  const auto end = static_cast<int64_t>(from_ + count * (context.subtaskIndex + 1) / context.parallelism);
  return std::unique_ptr<runtime::SourceReader>(std::make_unique<SequenceReader>(begin, end, schema_, context.pool));
}

}  // namespace sabot::connectors
