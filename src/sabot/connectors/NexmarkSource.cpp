#include "sabot/connectors/NexmarkSource.h"

#include <fmt/format.h>

#include "sabot/connectors/NexmarkSchemas.h"

namespace sabot::connectors {

namespace {

class NexmarkReader final : public runtime::SourceReader {
 public:
  NexmarkReader(NexmarkGenerator generator, NexmarkStream stream) : generator_(std::move(generator)), stream_(stream) {}

  Result<runtime::SourcePoll> poll(int64_t maxRows) override {
    SABOT_ASSIGN_OR_RAISE(columnar::RecordBatchPtr batch, next(maxRows));
    if (batch == nullptr) return runtime::SourcePoll::end();
    return runtime::SourcePoll::ofBatch(std::move(batch));
  }
  std::string position() const override { return fmt::format("position {}", generator_.position()); }
  Status snapshotPosition(checkpoint::SnapshotWriter& out) const override {
    out.write<int64_t>(generator_.position());
    return Status::OK();
  }
  Status restorePosition(checkpoint::SnapshotReader& in) override {
    SABOT_ASSIGN_OR_RAISE(int64_t position, in.read<int64_t>());
    if (position < 0) return Status::corrupt("{}: negative generator position {}", in.what(), position);
    return generator_.seek(position);
  }

 private:
  Result<columnar::RecordBatchPtr> next(int64_t maxRows) {
    switch (stream_) {
      case NexmarkStream::kEvents: return generator_.nextBatch(maxRows);
      case NexmarkStream::kBids: return generator_.nextBidBatch(maxRows);
      case NexmarkStream::kPersons: return generator_.nextPersonBatch(maxRows);
      case NexmarkStream::kAuctions: return generator_.nextAuctionBatch(maxRows);
    }
    return Status::internal("unknown Nexmark stream");
  }

  NexmarkGenerator generator_;
  NexmarkStream stream_;
};

std::string_view streamName(NexmarkStream stream) {
  switch (stream) {
    case NexmarkStream::kEvents: return "events";
    case NexmarkStream::kBids: return "bids";
    case NexmarkStream::kPersons: return "persons";
    case NexmarkStream::kAuctions: return "auctions";
  }
  return "?";
}

}  // namespace

Result<std::shared_ptr<NexmarkSource>> NexmarkSource::make(NexmarkConfig config, NexmarkStream stream) {
  // Fails early on a bad configuration, with the generator's own message.
  SABOT_RETURN_NOT_OK(NexmarkGenerator::make(config).status());
  return std::make_shared<NexmarkSource>(std::move(config), stream);
}

std::string NexmarkSource::describe() const {
  return fmt::format("nexmark source ({}, {} events)", streamName(stream_),
                     config_.numEvents == 0 ? std::string("unbounded") : std::to_string(config_.numEvents));
}

columnar::SchemaPtr NexmarkSource::schema() const {
  switch (stream_) {
    case NexmarkStream::kEvents: return nexmarkEventSchema();
    case NexmarkStream::kBids: return nexmarkBidSchema();
    case NexmarkStream::kPersons: return nexmarkPersonSchema();
    case NexmarkStream::kAuctions: return nexmarkAuctionSchema();
  }
  return nullptr;
}

Result<std::unique_ptr<runtime::SourceReader>> NexmarkSource::createReader(
    const runtime::OperatorContext& context) const {
  NexmarkSplit split;
  split.subtaskIndex = context.subtaskIndex;
  split.numSubtasks = context.parallelism;
  split.mode = NexmarkSplitMode::kBlockInterleaved;
  SABOT_ASSIGN_OR_RAISE(NexmarkGenerator generator, NexmarkGenerator::make(config_, split, 0, context.pool));
  return std::unique_ptr<runtime::SourceReader>(std::make_unique<NexmarkReader>(std::move(generator), stream_));
}

}  // namespace sabot::connectors
