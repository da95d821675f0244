#include "sabot/connectors/NexmarkSource.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "sabot/connectors/NexmarkSchemas.h"
#include "sabot/time/Clock.h"

namespace sabot::connectors {

namespace {

class NexmarkReader final : public runtime::SourceReader {
 public:
  /// `eventsPerSecond`: this subtask's share of the rate (0: unthrottled),
  /// measured on `clock` (the job's processing-time clock).
  NexmarkReader(NexmarkGenerator generator, NexmarkStream stream, double eventsPerSecond, const time::Clock* clock)
      : generator_(std::move(generator)), stream_(stream), eventsPerSecond_(eventsPerSecond), clock_(clock) {}

  Result<runtime::SourcePoll> poll(int64_t maxRows) override {
    if (eventsPerSecond_ > 0 && !generator_.exhausted()) {
      const int64_t due = eventsDue();
      if (due <= 0) return runtime::SourcePoll::notNow(untilNextEvent());
      // A batch of one kind walks past the others too, so a bid batch of
      // `due` rows spends a few more events than `due`; the next polls wait
      // that back, and the rate holds on average.
      maxRows = std::min(maxRows, due);
    }
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

  /// Events the rate allows now, minus those handed out since the first
  /// paced poll (which starts the clock).
  int64_t eventsDue() {
    const int64_t now = clock_->nowMillis();
    if (!paceStarted_) {
      paceStarted_ = true;
      paceStartMillis_ = now;
      remainingAtStart_ = generator_.remainingEvents();
    }
    const double seconds = static_cast<double>(now - paceStartMillis_) / 1000.0;
    const int64_t spent = remainingAtStart_ - generator_.remainingEvents();
    // One event is due at once, so a paced source starts without waiting.
    return static_cast<int64_t>(seconds * eventsPerSecond_) + 1 - spent;
  }

  /// How long until the next event is due, bounded so that a slow rate
  /// still polls (and so notices checkpoint triggers) a few times a second.
  std::chrono::microseconds untilNextEvent() const {
    const double seconds = static_cast<double>(clock_->nowMillis() - paceStartMillis_) / 1000.0;
    const int64_t spent = remainingAtStart_ - generator_.remainingEvents();
    const double dueAt = static_cast<double>(spent) / eventsPerSecond_;
    const auto wait = static_cast<int64_t>((dueAt - seconds) * 1e6);
    return std::chrono::microseconds(std::clamp<int64_t>(wait, 100, 100'000));
  }

  NexmarkGenerator generator_;
  NexmarkStream stream_;
  double eventsPerSecond_ = 0;
  const time::Clock* clock_;
  bool paceStarted_ = false;
  int64_t paceStartMillis_ = 0;
  int64_t remainingAtStart_ = 0;
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

Result<std::shared_ptr<NexmarkSource>> NexmarkSource::make(NexmarkConfig config, NexmarkStream stream,
                                                           double eventsPerSecond) {
  // Fails early on a bad configuration, with the generator's own message.
  SABOT_RETURN_NOT_OK(NexmarkGenerator::make(config).status());
  if (!std::isfinite(eventsPerSecond) || eventsPerSecond < 0) {
    return Status::invalid("the Nexmark source's rate must be a positive number of events per second (0: "
                           "unthrottled), got {}",
                           eventsPerSecond);
  }
  return std::make_shared<NexmarkSource>(std::move(config), stream, eventsPerSecond);
}

std::string NexmarkSource::describe() const {
  const std::string count =
      config_.numEvents == 0 ? std::string("unbounded") : std::to_string(config_.numEvents);
  if (eventsPerSecond_ > 0) {
    return fmt::format("nexmark source ({}, {} events at {} events/s)", streamName(stream_), count, eventsPerSecond_);
  }
  return fmt::format("nexmark source ({}, {} events)", streamName(stream_), count);
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
  const double share = eventsPerSecond_ / std::max<int32_t>(1, context.parallelism);
  return std::unique_ptr<runtime::SourceReader>(
      std::make_unique<NexmarkReader>(std::move(generator), stream_, share, context.clock));
}

}  // namespace sabot::connectors
