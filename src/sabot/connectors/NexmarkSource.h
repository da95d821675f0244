#pragma once

#include <memory>

#include "sabot/connectors/NexmarkConfig.h"
#include "sabot/connectors/NexmarkGenerator.h"
#include "sabot/runtime/Source.h"

namespace sabot::connectors {

/// Which rows a Nexmark source hands out.
enum class NexmarkStream : uint8_t {
  kEvents,    ///< every event, in the combined event schema (Flink's `datagen` table)
  kBids,      ///< only the bids (nexmarkBidSchema)
  kPersons,   ///< only the persons
  kAuctions,  ///< only the auctions
};

/// The standard Nexmark generator as a parallel source. Subtasks split the
/// stream block-interleaved (NexmarkSplitMode::kBlockInterleaved), so the
/// rows a job sees do not depend on its parallelism. Position: the
/// generator position, which a checkpoint stores and seeks back to.
///
/// Pacing: with `eventsPerSecond` > 0 the subtasks together hand out at
/// most that many events (all kinds, as the generator counts them) per
/// second of wall-clock time, each subtask its share, counted from its
/// first poll (after a restore: from the restored position). A subtask
/// ahead of its rate returns SourcePoll::notNow until it is due; it never
/// sleeps. 0 (the default) runs as fast as the job consumes.
class NexmarkSource final : public runtime::Source {
 public:
  static Result<std::shared_ptr<NexmarkSource>> make(NexmarkConfig config, NexmarkStream stream,
                                                     double eventsPerSecond = 0);

  std::string describe() const override;
  columnar::SchemaPtr schema() const override;
  Result<std::unique_ptr<runtime::SourceReader>> createReader(const runtime::OperatorContext& context) const override;
  bool replayable() const override { return true; }

  NexmarkSource(NexmarkConfig config, NexmarkStream stream, double eventsPerSecond)
      : config_(std::move(config)), stream_(stream), eventsPerSecond_(eventsPerSecond) {}

  /// The wall-clock rate over all subtasks; 0: unthrottled.
  double eventsPerSecond() const { return eventsPerSecond_; }

 private:
  NexmarkConfig config_;
  NexmarkStream stream_;
  double eventsPerSecond_ = 0;
};

}  // namespace sabot::connectors
