#include "sabot/connectors/NexmarkGenerator.h"

#include <algorithm>
#include <utility>

#include "sabot/connectors/NexmarkColumnWriters.h"
#include "sabot/connectors/NexmarkSchemas.h"

namespace sabot::connectors {

namespace {

// Beam's out-of-order permutation multiplier (GeneratorConfig.nextAdjustedEventNumber).
constexpr int64_t kOutOfOrderMultiplier = 953;

Status checkRows(std::string_view what, int64_t rows) {
  if (rows <= 0) return Status::invalid("nexmark: {} must be positive, got {}", what, rows);
  return Status::OK();
}

// A struct column over `columns` with the struct's validity shared by its
// fields (so a field read on its own is null where the struct is).
columnar::Array structColumn(const columnar::DataTypePtr& type, int64_t length,
                             columnar::BufferPtr validity, int64_t nullCount,
                             const std::vector<columnar::Array>& columns) {
  columnar::ArrayData data;
  data.type = type;
  data.length = length;
  data.nullCount = nullCount;
  data.buffers = {std::move(validity)};
  for (const auto& column : columns) data.children.push_back(column.data());
  return columnar::Array(std::make_shared<const columnar::ArrayData>(std::move(data)));
}

// Generates one event with its `extra` written straight into the writer's
// column (no copy through the scratch buffer) and appends it.
template <typename Writer, typename Generate>
Status appendInPlace(Writer& writer, Generate&& generate) {
  if (__builtin_expect(!writer.hasRoomForOne(), 0)) {
    Status status = writer.makeRoomForOne();
    if (!status.ok()) return status;
  }
  writer.append(generate(writer.extraSlot()));
  return Status::OK();
}

}  // namespace

Result<NexmarkGenerator> NexmarkGenerator::make(const NexmarkConfig& config, NexmarkSplit split,
                                                int64_t startPosition, columnar::MemoryPool* pool) {
  if (split.numSubtasks < 1) {
    return Status::invalid("nexmark split: numSubtasks must be at least 1, got {}",
                           split.numSubtasks);
  }
  if (split.subtaskIndex < 0 || split.subtaskIndex >= split.numSubtasks) {
    return Status::invalid("nexmark split: subtaskIndex {} is not in [0, {})", split.subtaskIndex,
                           split.numSubtasks);
  }
  if (startPosition < 0) {
    return Status::invalid("nexmark: start position must not be negative, got {}", startPosition);
  }
  if (pool == nullptr) return Status::invalid("nexmark: no memory pool");
  SABOT_ASSIGN_OR_RAISE(NexmarkEventFactory factory, NexmarkEventFactory::make(config));
  NexmarkGenerator generator(std::move(factory), split, pool);
  SABOT_RETURN_NOT_OK(generator.seek(startPosition));
  return generator;
}

NexmarkGenerator::NexmarkGenerator(NexmarkEventFactory factory, NexmarkSplit split,
                                   columnar::MemoryPool* pool)
    : factory_(std::move(factory)), split_(split), pool_(pool) {
  const NexmarkConfig& config = factory_.config();
  const int64_t totalEvents = config.effectiveNumEvents();
  if (split_.mode == NexmarkSplitMode::kBeamRanges) {
    // GeneratorConfig.split(n): equal ranges, the last one takes the rest.
    const int64_t rangeSize = totalEvents / split_.numSubtasks;
    firstEventId_ = rangeSize * split_.subtaskIndex;
    endPosition_ = split_.subtaskIndex == split_.numSubtasks - 1
                       ? totalEvents - rangeSize * (split_.numSubtasks - 1)
                       : rangeSize;
    blockSize_ = 1;
  } else {
    firstEventId_ = 0;
    endPosition_ = totalEvents;
    blockSize_ = config.totalProportion();
  }
  fastPath_ = factory_.timeline().constantRate() && config.outOfOrderGroupSize == 1;
}

// ----------------------------------------------------------------- positions

int64_t NexmarkGenerator::ownedBefore(int64_t position) const {
  position = std::clamp<int64_t>(position, 0, endPosition_);
  if (split_.mode == NexmarkSplitMode::kBeamRanges || split_.numSubtasks == 1) return position;
  const int64_t cycle = blockSize_ * split_.numSubtasks;
  const int64_t inCycle = position % cycle - blockSize_ * split_.subtaskIndex;
  return position / cycle * blockSize_ + std::clamp<int64_t>(inCycle, 0, blockSize_);
}

int64_t NexmarkGenerator::firstOwnedFrom(int64_t position) const {
  if (position >= endPosition_) return endPosition_;
  if (split_.mode == NexmarkSplitMode::kBeamRanges || split_.numSubtasks == 1) return position;
  const int64_t block = position / blockSize_;
  const int64_t owner = block % split_.numSubtasks;
  if (owner == split_.subtaskIndex) return position;
  const int64_t blocksAhead =
      (split_.subtaskIndex - owner + split_.numSubtasks) % split_.numSubtasks;
  return std::min(endPosition_, (block + blocksAhead) * blockSize_);
}

Status NexmarkGenerator::seek(int64_t position) {
  if (position < 0) {
    return Status::invalid("nexmark: cannot seek to negative position {}", position);
  }
  position_ = firstOwnedFrom(position);
  return Status::OK();
}

NexmarkGenerator::Coordinates NexmarkGenerator::coordinates(int64_t position) const {
  const int64_t groupSize = factory_.config().outOfOrderGroupSize;
  int64_t number = position;
  if (groupSize > 1) {
    const auto scrambled =
        static_cast<int64_t>(static_cast<__int128>(position) * kOutOfOrderMultiplier % groupSize);
    number = position / groupSize * groupSize + scrambled;
  }
  return {firstEventId_ + number, number};
}

int64_t NexmarkGenerator::watermark() const {
  // Every later position is in this group or a later one, and a group's
  // events are a permutation of its positions.
  const int64_t groupSize = factory_.config().outOfOrderGroupSize;
  const int64_t groupStart = position_ / groupSize * groupSize;
  return factory_.timeline().timestampMs(groupStart);
}

NexmarkEvent NexmarkGenerator::eventAt(int64_t position) {
  const Coordinates at = coordinates(position);
  return factory_.event(at.eventId, at.timelineNumber);
}

int64_t NexmarkGenerator::kindCapacity(int64_t numEvents, int64_t proportion) const {
  // In order, owned events come in runs of consecutive event ids that change
  // run only at block boundaries, so numEvents of them touch at most
  // numEvents / total + 2 blocks. Permuted groups need not: be safe.
  if (factory_.config().outOfOrderGroupSize > 1) return numEvents;
  const int64_t total = factory_.config().totalProportion();
  return std::min(numEvents, (numEvents / total + 2) * proportion);
}

// ---------------------------------------------------------------------- walk

template <typename Visitor>
int64_t NexmarkGenerator::walk(int64_t maxEvents, Visitor&& visit) {
  const NexmarkIdSpace& ids = factory_.ids();
  int64_t position = position_;
  int64_t visited = 0;
  if (fastPath_) {
    const int64_t total = ids.totalProportion();
    const bool jumpBlocks =
        split_.mode == NexmarkSplitMode::kBlockInterleaved && split_.numSubtasks > 1;
    const int64_t blocksToSkip = split_.numSubtasks - 1;
    NexmarkIdPosition at = ids.position(firstEventId_ + position);
    NexmarkTimestampCursor timestamps(factory_.timeline(), position, 1);
    while (visited < maxEvents && position < endPosition_) {
      ++visited;
      const bool more = visit(ids.eventType(at), firstEventId_ + position, at, position,
                              timestamps.timestampMs());
      ++position;
      timestamps.advance();
      if (++at.offset == total) {
        at.offset = 0;
        ++at.epoch;
        if (jumpBlocks) {
          // Event id == position here, so a new epoch is a new block: skip
          // the other subtasks' blocks.
          position += blocksToSkip * total;
          at.epoch += blocksToSkip;
          timestamps = NexmarkTimestampCursor(factory_.timeline(), position, 1);
        }
      }
      if (!more) break;
    }
    position_ = std::min(position, endPosition_);
    return visited;
  }
  while (visited < maxEvents && position < endPosition_) {
    ++visited;
    const Coordinates coordinates = this->coordinates(position);
    const NexmarkIdPosition at = ids.position(coordinates.eventId);
    const bool more = visit(ids.eventType(at), coordinates.eventId, at, coordinates.timelineNumber,
                            factory_.timeline().timestampMs(coordinates.timelineNumber));
    position = firstOwnedFrom(position + 1);
    if (!more) break;
  }
  position_ = position;
  return visited;
}

// ------------------------------------------------------------------- batches

Result<columnar::RecordBatchPtr> NexmarkGenerator::nextBatch(int64_t maxRows) {
  SABOT_RETURN_NOT_OK(checkRows("maxRows", maxRows));
  const int64_t rows = std::min(maxRows, remainingEvents());
  if (rows == 0) return columnar::RecordBatchPtr();
  const NexmarkConfig& config = factory_.config();

  NexmarkFixedColumn<int8_t> eventTypes;
  NexmarkFixedColumn<int64_t> dateTimes;
  NexmarkValidityColumn personValid;
  NexmarkValidityColumn auctionValid;
  NexmarkValidityColumn bidValid;
  SABOT_RETURN_NOT_OK(eventTypes.start(rows, pool_));
  SABOT_RETURN_NOT_OK(dateTimes.start(rows, pool_));
  SABOT_RETURN_NOT_OK(personValid.start(rows, pool_));
  SABOT_RETURN_NOT_OK(auctionValid.start(rows, pool_));
  SABOT_RETURN_NOT_OK(bidValid.start(rows, pool_));
  SABOT_RETURN_NOT_OK(personWriter_.start(rows, kindCapacity(rows, config.personProportion),
                                          extraSlot(NexmarkEventType::kPerson), config, pool_));
  SABOT_RETURN_NOT_OK(auctionWriter_.start(rows, kindCapacity(rows, config.auctionProportion),
                                           extraSlot(NexmarkEventType::kAuction), config, pool_));
  SABOT_RETURN_NOT_OK(bidWriter_.start(rows, kindCapacity(rows, config.bidProportion),
                                       extraSlot(NexmarkEventType::kBid), config, pool_));

  const int64_t startPosition = position_;
  Status status;
  walk(rows, [&](NexmarkEventType type, int64_t eventId, NexmarkIdPosition at,
                 int64_t timelineNumber, int64_t timestampMs) {
    // Rows of the other two kinds are padded in bulk when the next row of a
    // writer's kind comes (padTo), not one filler value at a time.
    const int64_t row = eventTypes.length();
    eventTypes.append(static_cast<int8_t>(type));
    dateTimes.append(timestampMs);
    switch (type) {
      case NexmarkEventType::kPerson:
        personValid.setValid(row);
        personWriter_.padTo(row);
        status = appendPerson(eventId, at, timestampMs);
        break;
      case NexmarkEventType::kAuction:
        auctionValid.setValid(row);
        auctionWriter_.padTo(row);
        status = appendAuction(eventId, at, timelineNumber, timestampMs);
        break;
      case NexmarkEventType::kBid:
        bidValid.setValid(row);
        bidWriter_.padTo(row);
        status = appendBid(eventId, at, timestampMs);
        break;
    }
    return status.ok();
  });
  if (!status.ok()) {
    position_ = startPosition;  // nothing of this batch was handed out
    return status;
  }
  personWriter_.padTo(rows);
  auctionWriter_.padTo(rows);
  bidWriter_.padTo(rows);

  // A struct without nulls carries no bitmap (the columnar convention).
  auto validity = [rows](NexmarkValidityColumn& column) -> Result<columnar::BufferPtr> {
    if (column.nullCount(rows) == 0) return columnar::BufferPtr();
    return column.finish(rows);
  };
  const int64_t personNulls = personValid.nullCount(rows);
  const int64_t auctionNulls = auctionValid.nullCount(rows);
  const int64_t bidNulls = bidValid.nullCount(rows);
  SABOT_ASSIGN_OR_RAISE(columnar::BufferPtr personBits, validity(personValid));
  SABOT_ASSIGN_OR_RAISE(columnar::BufferPtr auctionBits, validity(auctionValid));
  SABOT_ASSIGN_OR_RAISE(columnar::BufferPtr bidBits, validity(bidValid));
  SABOT_ASSIGN_OR_RAISE(auto persons, personWriter_.finish(personBits, personNulls));
  SABOT_ASSIGN_OR_RAISE(auto auctions, auctionWriter_.finish(auctionBits, auctionNulls));
  SABOT_ASSIGN_OR_RAISE(auto bids, bidWriter_.finish(bidBits, bidNulls));

  const columnar::SchemaPtr& schema = nexmarkEventSchema();
  std::vector<columnar::Array> columns(NexmarkEventColumn::kCount);
  SABOT_ASSIGN_OR_RAISE(columns[NexmarkEventColumn::kEventType],
                        eventTypes.finish(columnar::int8(), nullptr, 0));
  columns[NexmarkEventColumn::kPerson] =
      structColumn(nexmarkPersonType(), rows, personBits, personNulls, persons);
  columns[NexmarkEventColumn::kAuction] =
      structColumn(nexmarkAuctionType(), rows, auctionBits, auctionNulls, auctions);
  columns[NexmarkEventColumn::kBid] = structColumn(nexmarkBidType(), rows, bidBits, bidNulls, bids);
  SABOT_ASSIGN_OR_RAISE(
      columns[NexmarkEventColumn::kDateTime],
      dateTimes.finish(schema->field(NexmarkEventColumn::kDateTime)->type(), nullptr, 0));
  return columnar::RecordBatch::make(schema, rows, std::move(columns));
}

Result<NexmarkTableBatches> NexmarkGenerator::nextTableBatches(int64_t maxEvents) {
  SABOT_RETURN_NOT_OK(checkRows("maxEvents", maxEvents));
  const int64_t events = std::min(maxEvents, remainingEvents());
  if (events == 0) return NexmarkTableBatches{};
  const NexmarkConfig& config = factory_.config();
  const int64_t personCapacity = kindCapacity(events, config.personProportion);
  const int64_t auctionCapacity = kindCapacity(events, config.auctionProportion);
  const int64_t bidCapacity = kindCapacity(events, config.bidProportion);
  SABOT_RETURN_NOT_OK(personWriter_.start(personCapacity, personCapacity,
                                          extraSlot(NexmarkEventType::kPerson), config, pool_));
  SABOT_RETURN_NOT_OK(auctionWriter_.start(auctionCapacity, auctionCapacity,
                                           extraSlot(NexmarkEventType::kAuction), config, pool_));
  SABOT_RETURN_NOT_OK(
      bidWriter_.start(bidCapacity, bidCapacity, extraSlot(NexmarkEventType::kBid), config, pool_));

  const int64_t startPosition = position_;
  Status status;
  walk(events, [&](NexmarkEventType type, int64_t eventId, NexmarkIdPosition at,
                   int64_t timelineNumber, int64_t timestampMs) {
    switch (type) {
      case NexmarkEventType::kPerson:
        status = appendPerson(eventId, at, timestampMs);
        break;
      case NexmarkEventType::kAuction:
        status = appendAuction(eventId, at, timelineNumber, timestampMs);
        break;
      case NexmarkEventType::kBid:
        status = appendBid(eventId, at, timestampMs);
        break;
    }
    return status.ok();
  });
  if (!status.ok()) {
    position_ = startPosition;
    return status;
  }

  NexmarkTableBatches result;
  result.numEvents = events;
  const int64_t numPersons = personWriter_.length();
  const int64_t numAuctions = auctionWriter_.length();
  const int64_t numBids = bidWriter_.length();
  SABOT_ASSIGN_OR_RAISE(auto persons, personWriter_.finish(nullptr, 0));
  SABOT_ASSIGN_OR_RAISE(auto auctions, auctionWriter_.finish(nullptr, 0));
  SABOT_ASSIGN_OR_RAISE(auto bids, bidWriter_.finish(nullptr, 0));
  SABOT_ASSIGN_OR_RAISE(result.persons, columnar::RecordBatch::make(
                                            nexmarkPersonSchema(), numPersons, std::move(persons)));
  SABOT_ASSIGN_OR_RAISE(
      result.auctions,
      columnar::RecordBatch::make(nexmarkAuctionSchema(), numAuctions, std::move(auctions)));
  SABOT_ASSIGN_OR_RAISE(result.bids,
                        columnar::RecordBatch::make(nexmarkBidSchema(), numBids, std::move(bids)));
  return result;
}

Status NexmarkGenerator::appendPerson(int64_t eventId, NexmarkIdPosition at, int64_t timestampMs) {
  return appendInPlace(personWriter_, [&](char* extra) -> const NexmarkPersonView& {
    return factory_.person(eventId, at, timestampMs, extra);
  });
}

Status NexmarkGenerator::appendAuction(int64_t eventId, NexmarkIdPosition at,
                                       int64_t timelineNumber, int64_t timestampMs) {
  return appendInPlace(auctionWriter_, [&](char* extra) -> const NexmarkAuctionView& {
    return factory_.auction(eventId, at, timelineNumber, timestampMs, extra);
  });
}

Status NexmarkGenerator::appendBid(int64_t eventId, NexmarkIdPosition at, int64_t timestampMs) {
  // The channel table does not stay in cache under the stream of output:
  // ask now for the channel a bid a few events on will need.
  constexpr int64_t kChannelPrefetchDistance = 16;
  factory_.prefetchChannel(eventId + kChannelPrefetchDistance);
  return appendInPlace(bidWriter_, [&](char* extra) -> const NexmarkBidView& {
    return factory_.bid(eventId, at, timestampMs, extra);
  });
}

template <typename Writer, typename Append>
Result<columnar::RecordBatchPtr> NexmarkGenerator::nextKindBatch(
    NexmarkEventType type, int64_t maxRows, Writer& writer, const columnar::SchemaPtr& schema,
    int64_t proportion, std::string_view proportionName, Append&& append) {
  SABOT_RETURN_NOT_OK(checkRows("maxRows", maxRows));
  if (proportion == 0) {
    return Status::invalid("nexmark: {} is 0, so the stream has no events of that kind",
                           proportionName);
  }
  if (exhausted()) return columnar::RecordBatchPtr();
  const int64_t capacity = std::min(maxRows, kindCapacity(remainingEvents(), proportion));
  SABOT_RETURN_NOT_OK(writer.start(capacity, capacity, extraSlot(type), factory_.config(), pool_));

  const int64_t startPosition = position_;
  Status status;
  walk(remainingEvents(), [&](NexmarkEventType eventType, int64_t eventId, NexmarkIdPosition at,
                              int64_t timelineNumber, int64_t timestampMs) {
    if (eventType != type) return true;
    status = append(eventId, at, timelineNumber, timestampMs);
    return status.ok() && writer.length() < capacity;
  });
  if (!status.ok()) {
    position_ = startPosition;
    return status;
  }
  const int64_t rows = writer.length();
  SABOT_ASSIGN_OR_RAISE(auto columns, writer.finish(nullptr, 0));
  if (rows == 0) return columnar::RecordBatchPtr();
  return columnar::RecordBatch::make(schema, rows, std::move(columns));
}

Result<columnar::RecordBatchPtr> NexmarkGenerator::nextBidBatch(int64_t maxRows) {
  return nextKindBatch(NexmarkEventType::kBid, maxRows, bidWriter_, nexmarkBidSchema(),
                       factory_.config().bidProportion, "bidProportion",
                       [this](int64_t eventId, NexmarkIdPosition at, int64_t, int64_t timestampMs) {
                         return appendBid(eventId, at, timestampMs);
                       });
}

Result<columnar::RecordBatchPtr> NexmarkGenerator::nextPersonBatch(int64_t maxRows) {
  return nextKindBatch(NexmarkEventType::kPerson, maxRows, personWriter_, nexmarkPersonSchema(),
                       factory_.config().personProportion, "personProportion",
                       [this](int64_t eventId, NexmarkIdPosition at, int64_t, int64_t timestampMs) {
                         return appendPerson(eventId, at, timestampMs);
                       });
}

Result<columnar::RecordBatchPtr> NexmarkGenerator::nextAuctionBatch(int64_t maxRows) {
  return nextKindBatch(
      NexmarkEventType::kAuction, maxRows, auctionWriter_, nexmarkAuctionSchema(),
      factory_.config().auctionProportion, "auctionProportion",
      [this](int64_t eventId, NexmarkIdPosition at, int64_t timelineNumber, int64_t timestampMs) {
        return appendAuction(eventId, at, timelineNumber, timestampMs);
      });
}

}  // namespace sabot::connectors
