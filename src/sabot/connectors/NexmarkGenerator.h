#pragma once

#include <cstdint>
#include <string_view>

#include "sabot/base/Result.h"
#include "sabot/columnar/MemoryPool.h"
#include "sabot/columnar/RecordBatch.h"
#include "sabot/connectors/NexmarkConfig.h"
#include "sabot/connectors/NexmarkEvents.h"
#include "sabot/connectors/NexmarkTableWriters.h"

namespace sabot::connectors {

/// How the event stream is divided among parallel generators.
enum class NexmarkSplitMode : uint8_t {
  /// The stream is cut into blocks of totalProportion (50) consecutive
  /// events and subtask i of p takes blocks i, i + p, i + 2p, ... Every
  /// subtask gets the standard 1/3/46 mix, its timestamps rise, and the
  /// union of all subtasks is exactly the unsplit stream (so results do not
  /// depend on the parallelism).
  kBlockInterleaved,
  /// Beam's and nexmark-flink's GeneratorConfig.split(p): subtask i takes
  /// the i-th of p contiguous ranges of event ids and runs on its own
  /// timeline starting at baseTime (event j of every subtask has the same
  /// timestamp). The data then depends on p, as it does in Flink's runs.
  kBeamRanges,
};

/// Which share of the stream one generator produces.
struct NexmarkSplit {
  int32_t subtaskIndex = 0;
  int32_t numSubtasks = 1;
  NexmarkSplitMode mode = NexmarkSplitMode::kBlockInterleaved;
};

/// The persons, auctions and bids of one run of events, as three batches of
/// nexmarkPersonSchema(), nexmarkAuctionSchema(), nexmarkBidSchema() (each
/// may have 0 rows). All null when the generator is exhausted.
struct NexmarkTableBatches {
  columnar::RecordBatchPtr persons;
  columnar::RecordBatchPtr auctions;
  columnar::RecordBatchPtr bids;
  /// Events the three batches cover.
  int64_t numEvents = 0;
};

/// The standard Nexmark event generator (Beam's
/// sdks/java/testing/nexmark, as used by nexmark-flink), producing Arrow
/// record batches.
///
/// Deterministic: every event is a function of its event id alone (and of
/// the config), so the same position yields the same person, auction or bid
/// whatever the batch sizes, after a seek, and in any process.
///
/// Positions: the generator walks a stream of positions 0, 1, 2, ... For
/// kBlockInterleaved these are positions in the unsplit stream (shared by
/// all subtasks; a subtask owns some of them); for kBeamRanges they count
/// the subtask's own events. Position k holds event id k (kBeamRanges: the
/// range's first id + k) and has the timestamp of timeline number k; with
/// outOfOrderGroupSize n > 1 both are permuted within each group of n
/// positions, as in Beam. position() and seek() make the generator
/// replayable: store position(), seek() to it after a restore.
///
/// Generation does not wait for the wall clock: pacing events to their
/// timestamps (Beam's isRateLimited) is the source operator's job.
class NexmarkGenerator {
 public:
  /// A generator for `split` of the stream described by `config`, starting
  /// at the first position it owns at or after `startPosition`. Batches are
  /// allocated from `pool`.
  static Result<NexmarkGenerator> make(
      const NexmarkConfig& config, NexmarkSplit split = {}, int64_t startPosition = 0,
      columnar::MemoryPool* pool = columnar::MemoryPool::defaultPool());

  /// The next at most `maxRows` events as one batch of nexmarkEventSchema();
  /// nullptr when the stream is exhausted.
  Result<columnar::RecordBatchPtr> nextBatch(int64_t maxRows);

  /// The next at most `maxEvents` events as three batches, one per kind.
  Result<NexmarkTableBatches> nextTableBatches(int64_t maxEvents);

  /// Walk on through the stream and return only its bids (persons,
  /// auctions): at most `maxRows` of them, fewer only at the end of the
  /// stream; nullptr when no event of the kind is left. The events of other
  /// kinds passed over are skipped without being generated; position()
  /// moves past them.
  Result<columnar::RecordBatchPtr> nextBidBatch(int64_t maxRows);
  Result<columnar::RecordBatchPtr> nextPersonBatch(int64_t maxRows);
  Result<columnar::RecordBatchPtr> nextAuctionBatch(int64_t maxRows);

  /// The position of the next event this generator will produce (the end
  /// position once exhausted).
  int64_t position() const { return position_; }
  /// Moves to the first owned position at or after `position` (backwards
  /// too). Positions past the end leave the generator exhausted.
  Status seek(int64_t position);
  /// One past the last position of this generator's stream.
  int64_t endPosition() const { return endPosition_; }
  bool exhausted() const { return position_ >= endPosition_; }
  /// Events this generator has left.
  int64_t remainingEvents() const { return ownedBefore(endPosition_) - ownedBefore(position_); }

  /// An event-time watermark: no event this generator has yet to produce is
  /// older (Beam's nextEventNumberForWatermark). Epoch milliseconds.
  int64_t watermark() const;

  /// The event at `position` of this generator's stream, as an owned value
  /// (need not be a position this subtask owns). For tests and tools.
  NexmarkEvent eventAt(int64_t position);
  /// Event id and timeline number of `position` (see the class comment).
  struct Coordinates {
    int64_t eventId;
    int64_t timelineNumber;
  };
  Coordinates coordinates(int64_t position) const;

  const NexmarkConfig& config() const { return factory_.config(); }
  const NexmarkSplit& split() const { return split_; }

 private:
  NexmarkGenerator(NexmarkEventFactory factory, NexmarkSplit split, columnar::MemoryPool* pool);

  /// Owned positions below `position`.
  int64_t ownedBefore(int64_t position) const;
  /// The first owned position at or after `position`.
  int64_t firstOwnedFrom(int64_t position) const;
  /// Visits up to `maxEvents` owned events from position_ on, calling
  /// visit(type, eventId, idPosition, timelineNumber, timestampMs) until it
  /// returns false; moves position_ past the visited events.
  template <typename Visitor>
  int64_t walk(int64_t maxEvents, Visitor&& visit);
  /// Most events of `proportion` in `numEvents` consecutive owned events.
  int64_t kindCapacity(int64_t numEvents, int64_t proportion) const;
  int64_t extraSlot(NexmarkEventType type) const { return factory_.extraSlotBytes(type); }
  /// Generate event `eventId` into the writer of its kind.
  Status appendPerson(int64_t eventId, NexmarkIdPosition at, int64_t timestampMs);
  Status appendAuction(int64_t eventId, NexmarkIdPosition at, int64_t timelineNumber,
                       int64_t timestampMs);
  Status appendBid(int64_t eventId, NexmarkIdPosition at, int64_t timestampMs);
  /// The next batch of events of `type` only, `writer` being the one that
  /// `append(eventId, idPosition, timelineNumber, timestampMs)` fills.
  template <typename Writer, typename Append>
  Result<columnar::RecordBatchPtr> nextKindBatch(NexmarkEventType type, int64_t maxRows,
                                                 Writer& writer, const columnar::SchemaPtr& schema,
                                                 int64_t proportion,
                                                 std::string_view proportionName, Append&& append);

  NexmarkEventFactory factory_;
  NexmarkSplit split_;
  columnar::MemoryPool* pool_;
  /// Added to a (permuted) position to get the event id (kBeamRanges).
  int64_t firstEventId_ = 0;
  int64_t blockSize_ = 1;
  int64_t position_ = 0;
  int64_t endPosition_ = 0;
  /// Constant rate and in-order events: ids and timestamps advance by
  /// additions only.
  bool fastPath_ = false;

  NexmarkPersonWriter personWriter_;
  NexmarkAuctionWriter auctionWriter_;
  NexmarkBidWriter bidWriter_;
};

}  // namespace sabot::connectors
