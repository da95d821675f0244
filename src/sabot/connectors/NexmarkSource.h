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
/// generator position, which a checkpoint will store and seek back to.
class NexmarkSource final : public runtime::Source {
 public:
  static Result<std::shared_ptr<NexmarkSource>> make(NexmarkConfig config, NexmarkStream stream);

  std::string describe() const override;
  columnar::SchemaPtr schema() const override;
  Result<std::unique_ptr<runtime::SourceReader>> createReader(const runtime::OperatorContext& context) const override;
  bool replayable() const override { return true; }

  NexmarkSource(NexmarkConfig config, NexmarkStream stream) : config_(std::move(config)), stream_(stream) {}

 private:
  NexmarkConfig config_;
  NexmarkStream stream_;
};

}  // namespace sabot::connectors
