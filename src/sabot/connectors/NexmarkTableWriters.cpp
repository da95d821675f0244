#include "sabot/connectors/NexmarkTableWriters.h"

#include <algorithm>

#include "sabot/connectors/NexmarkSchemas.h"

namespace sabot::connectors {

namespace {

// Average string lengths (measured over the rules, rounded up), to size the
// character buffers so that they rarely grow. `extra` makes each event's
// idealised size average the configured one; the fixed part is about this.
constexpr int64_t kPersonFixedSize = 64;
constexpr int64_t kAuctionFixedSize = 110;
constexpr int64_t kBidFixedSize = 32;

int64_t expectedExtra(int64_t averageSize, int64_t fixedSize) {
  return std::max<int64_t>(averageSize - fixedSize, 0) * 11 / 10 + 1;
}

const columnar::DataTypePtr& fieldType(const columnar::SchemaPtr& schema, int index) {
  return schema->field(index)->type();
}

}  // namespace

// -------------------------------------------------------------------- person

Status NexmarkPersonWriter::start(int64_t capacity, int64_t expectedValid, int64_t extraSlotBytes,
                                  const NexmarkConfig& config, columnar::MemoryPool* pool) {
  extraSlotBytes_ = extraSlotBytes;
  SABOT_RETURN_NOT_OK(id_.start(capacity, pool));
  SABOT_RETURN_NOT_OK(name_.start(capacity, expectedValid * 13, 0, pool));
  SABOT_RETURN_NOT_OK(emailAddress_.start(capacity, expectedValid * 15, 0, pool));
  SABOT_RETURN_NOT_OK(creditCard_.start(capacity, expectedValid * 19, 0, pool));
  SABOT_RETURN_NOT_OK(city_.start(capacity, expectedValid * 9, 0, pool));
  SABOT_RETURN_NOT_OK(state_.start(capacity, expectedValid * 2, 0, pool));
  SABOT_RETURN_NOT_OK(dateTime_.start(capacity, pool));
  return extra_.start(capacity,
                      expectedValid * expectedExtra(config.avgPersonByteSize, kPersonFixedSize),
                      extraSlotBytes, pool);
}

Status NexmarkPersonWriter::makeRoomForOne() {
  SABOT_RETURN_NOT_OK(name_.makeRoom(kMaxName));
  SABOT_RETURN_NOT_OK(emailAddress_.makeRoom(kMaxEmail));
  SABOT_RETURN_NOT_OK(creditCard_.makeRoom(kMaxCard));
  SABOT_RETURN_NOT_OK(city_.makeRoom(kMaxCity));
  SABOT_RETURN_NOT_OK(state_.makeRoom(kMaxState));
  return extra_.makeRoom(extraSlotBytes_);
}

void NexmarkPersonWriter::append(const NexmarkPersonView& person) {
  id_.append(person.id);
  name_.append(person.name);
  emailAddress_.append(person.emailAddress);
  creditCard_.append(person.creditCard);
  city_.append(person.city);
  state_.append(person.state);
  dateTime_.append(person.dateTime);
  extra_.append(person.extra);
}

void NexmarkPersonWriter::padTo(int64_t length) {
  id_.padTo(length);
  name_.padTo(length);
  emailAddress_.padTo(length);
  creditCard_.padTo(length);
  city_.padTo(length);
  state_.padTo(length);
  dateTime_.padTo(length);
  extra_.padTo(length);
}

Result<std::vector<columnar::Array>> NexmarkPersonWriter::finish(
    const columnar::BufferPtr& validity, int64_t nullCount) {
  const columnar::SchemaPtr& schema = nexmarkPersonSchema();
  std::vector<columnar::Array> columns(NexmarkPersonColumn::kCount);
  using C = NexmarkPersonColumn;
  SABOT_ASSIGN_OR_RAISE(columns[C::kId],
                        id_.finish(fieldType(schema, C::kId), validity, nullCount));
  SABOT_ASSIGN_OR_RAISE(columns[C::kName],
                        name_.finish(fieldType(schema, C::kName), validity, nullCount));
  SABOT_ASSIGN_OR_RAISE(
      columns[C::kEmailAddress],
      emailAddress_.finish(fieldType(schema, C::kEmailAddress), validity, nullCount));
  SABOT_ASSIGN_OR_RAISE(columns[C::kCreditCard],
                        creditCard_.finish(fieldType(schema, C::kCreditCard), validity, nullCount));
  SABOT_ASSIGN_OR_RAISE(columns[C::kCity],
                        city_.finish(fieldType(schema, C::kCity), validity, nullCount));
  SABOT_ASSIGN_OR_RAISE(columns[C::kState],
                        state_.finish(fieldType(schema, C::kState), validity, nullCount));
  SABOT_ASSIGN_OR_RAISE(columns[C::kDateTime],
                        dateTime_.finish(fieldType(schema, C::kDateTime), validity, nullCount));
  SABOT_ASSIGN_OR_RAISE(columns[C::kExtra],
                        extra_.finish(fieldType(schema, C::kExtra), validity, nullCount));
  return columns;
}

// ------------------------------------------------------------------- auction

Status NexmarkAuctionWriter::start(int64_t capacity, int64_t expectedValid, int64_t extraSlotBytes,
                                   const NexmarkConfig& config, columnar::MemoryPool* pool) {
  extraSlotBytes_ = extraSlotBytes;
  SABOT_RETURN_NOT_OK(id_.start(capacity, pool));
  SABOT_RETURN_NOT_OK(itemName_.start(capacity, expectedValid * 12, 0, pool));
  SABOT_RETURN_NOT_OK(description_.start(capacity, expectedValid * 55, 0, pool));
  SABOT_RETURN_NOT_OK(initialBid_.start(capacity, pool));
  SABOT_RETURN_NOT_OK(reserve_.start(capacity, pool));
  SABOT_RETURN_NOT_OK(dateTime_.start(capacity, pool));
  SABOT_RETURN_NOT_OK(expires_.start(capacity, pool));
  SABOT_RETURN_NOT_OK(seller_.start(capacity, pool));
  SABOT_RETURN_NOT_OK(category_.start(capacity, pool));
  return extra_.start(capacity,
                      expectedValid * expectedExtra(config.avgAuctionByteSize, kAuctionFixedSize),
                      extraSlotBytes, pool);
}

Status NexmarkAuctionWriter::makeRoomForOne() {
  SABOT_RETURN_NOT_OK(itemName_.makeRoom(kMaxItemName));
  SABOT_RETURN_NOT_OK(description_.makeRoom(kMaxDescription));
  return extra_.makeRoom(extraSlotBytes_);
}

void NexmarkAuctionWriter::append(const NexmarkAuctionView& auction) {
  id_.append(auction.id);
  itemName_.append(auction.itemName);
  description_.append(auction.description);
  initialBid_.append(auction.initialBid);
  reserve_.append(auction.reserve);
  dateTime_.append(auction.dateTime);
  expires_.append(auction.expires);
  seller_.append(auction.seller);
  category_.append(auction.category);
  extra_.append(auction.extra);
}

void NexmarkAuctionWriter::padTo(int64_t length) {
  id_.padTo(length);
  itemName_.padTo(length);
  description_.padTo(length);
  initialBid_.padTo(length);
  reserve_.padTo(length);
  dateTime_.padTo(length);
  expires_.padTo(length);
  seller_.padTo(length);
  category_.padTo(length);
  extra_.padTo(length);
}

Result<std::vector<columnar::Array>> NexmarkAuctionWriter::finish(
    const columnar::BufferPtr& validity, int64_t nullCount) {
  const columnar::SchemaPtr& schema = nexmarkAuctionSchema();
  std::vector<columnar::Array> columns(NexmarkAuctionColumn::kCount);
  using C = NexmarkAuctionColumn;
  SABOT_ASSIGN_OR_RAISE(columns[C::kId],
                        id_.finish(fieldType(schema, C::kId), validity, nullCount));
  SABOT_ASSIGN_OR_RAISE(columns[C::kItemName],
                        itemName_.finish(fieldType(schema, C::kItemName), validity, nullCount));
  SABOT_ASSIGN_OR_RAISE(
      columns[C::kDescription],
      description_.finish(fieldType(schema, C::kDescription), validity, nullCount));
  SABOT_ASSIGN_OR_RAISE(columns[C::kInitialBid],
                        initialBid_.finish(fieldType(schema, C::kInitialBid), validity, nullCount));
  SABOT_ASSIGN_OR_RAISE(columns[C::kReserve],
                        reserve_.finish(fieldType(schema, C::kReserve), validity, nullCount));
  SABOT_ASSIGN_OR_RAISE(columns[C::kDateTime],
                        dateTime_.finish(fieldType(schema, C::kDateTime), validity, nullCount));
  SABOT_ASSIGN_OR_RAISE(columns[C::kExpires],
                        expires_.finish(fieldType(schema, C::kExpires), validity, nullCount));
  SABOT_ASSIGN_OR_RAISE(columns[C::kSeller],
                        seller_.finish(fieldType(schema, C::kSeller), validity, nullCount));
  SABOT_ASSIGN_OR_RAISE(columns[C::kCategory],
                        category_.finish(fieldType(schema, C::kCategory), validity, nullCount));
  SABOT_ASSIGN_OR_RAISE(columns[C::kExtra],
                        extra_.finish(fieldType(schema, C::kExtra), validity, nullCount));
  return columns;
}

// ----------------------------------------------------------------------- bid

Status NexmarkBidWriter::start(int64_t capacity, int64_t expectedValid, int64_t extraSlotBytes,
                               const NexmarkConfig& config, columnar::MemoryPool* pool) {
  extraSlotBytes_ = extraSlotBytes;
  SABOT_RETURN_NOT_OK(auction_.start(capacity, pool));
  SABOT_RETURN_NOT_OK(bidder_.start(capacity, pool));
  SABOT_RETURN_NOT_OK(price_.start(capacity, pool));
  SABOT_RETURN_NOT_OK(
      channel_.start(capacity, expectedValid * 10, NexmarkChannels::kNameBytes, pool));
  SABOT_RETURN_NOT_OK(url_.start(capacity, expectedValid * 68, NexmarkChannels::kUrlBytes, pool));
  SABOT_RETURN_NOT_OK(dateTime_.start(capacity, pool));
  return extra_.start(capacity, expectedValid * expectedExtra(config.avgBidByteSize, kBidFixedSize),
                      extraSlotBytes, pool);
}

Status NexmarkBidWriter::makeRoomForOne() {
  SABOT_RETURN_NOT_OK(channel_.makeRoom(NexmarkChannels::kNameBytes));
  SABOT_RETURN_NOT_OK(url_.makeRoom(NexmarkChannels::kUrlBytes));
  return extra_.makeRoom(extraSlotBytes_);
}

void NexmarkBidWriter::padTo(int64_t length) {
  auction_.padTo(length);
  bidder_.padTo(length);
  price_.padTo(length);
  channel_.padTo(length);
  url_.padTo(length);
  dateTime_.padTo(length);
  extra_.padTo(length);
}

Result<std::vector<columnar::Array>> NexmarkBidWriter::finish(const columnar::BufferPtr& validity,
                                                              int64_t nullCount) {
  const columnar::SchemaPtr& schema = nexmarkBidSchema();
  std::vector<columnar::Array> columns(NexmarkBidColumn::kCount);
  using C = NexmarkBidColumn;
  SABOT_ASSIGN_OR_RAISE(columns[C::kAuction],
                        auction_.finish(fieldType(schema, C::kAuction), validity, nullCount));
  SABOT_ASSIGN_OR_RAISE(columns[C::kBidder],
                        bidder_.finish(fieldType(schema, C::kBidder), validity, nullCount));
  SABOT_ASSIGN_OR_RAISE(columns[C::kPrice],
                        price_.finish(fieldType(schema, C::kPrice), validity, nullCount));
  SABOT_ASSIGN_OR_RAISE(columns[C::kChannel],
                        channel_.finish(fieldType(schema, C::kChannel), validity, nullCount));
  SABOT_ASSIGN_OR_RAISE(columns[C::kUrl],
                        url_.finish(fieldType(schema, C::kUrl), validity, nullCount));
  SABOT_ASSIGN_OR_RAISE(columns[C::kDateTime],
                        dateTime_.finish(fieldType(schema, C::kDateTime), validity, nullCount));
  SABOT_ASSIGN_OR_RAISE(columns[C::kExtra],
                        extra_.finish(fieldType(schema, C::kExtra), validity, nullCount));
  return columns;
}

}  // namespace sabot::connectors
