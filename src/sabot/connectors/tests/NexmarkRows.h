#pragma once

// Reads generated batches back into NexmarkPerson/Auction/Bid values, so
// tests can compare batches with each other and with single events.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sabot/columnar/Array.h"
#include "sabot/columnar/RecordBatch.h"
#include "sabot/connectors/NexmarkEvents.h"
#include "sabot/connectors/NexmarkSchemas.h"

namespace sabot::connectors::testing {

using columnar::Array;
using columnar::RecordBatch;
using columnar::RecordBatchPtr;

inline std::vector<Array> fieldsOf(const Array& structArray) {
  std::vector<Array> fields;
  for (int i = 0; i < structArray.numChildren(); ++i) fields.push_back(structArray.structField(i));
  return fields;
}

inline std::string text(const Array& column, int64_t row) {
  return std::string(column.stringValue(row));
}
inline int64_t number(const Array& column, int64_t row) {
  return column.value<int64_t>(row);
}

inline NexmarkPerson personAt(const std::vector<Array>& c, int64_t row) {
  using C = NexmarkPersonColumn;
  return {number(c[C::kId], row),       text(c[C::kName], row), text(c[C::kEmailAddress], row),
          text(c[C::kCreditCard], row), text(c[C::kCity], row), text(c[C::kState], row),
          number(c[C::kDateTime], row), text(c[C::kExtra], row)};
}

inline NexmarkAuction auctionAt(const std::vector<Array>& c, int64_t row) {
  using C = NexmarkAuctionColumn;
  return {number(c[C::kId], row),        text(c[C::kItemName], row),
          text(c[C::kDescription], row), number(c[C::kInitialBid], row),
          number(c[C::kReserve], row),   number(c[C::kDateTime], row),
          number(c[C::kExpires], row),   number(c[C::kSeller], row),
          number(c[C::kCategory], row),  text(c[C::kExtra], row)};
}

inline NexmarkBid bidAt(const std::vector<Array>& c, int64_t row) {
  using C = NexmarkBidColumn;
  return {number(c[C::kAuction], row), number(c[C::kBidder], row), number(c[C::kPrice], row),
          text(c[C::kChannel], row),   text(c[C::kUrl], row),      number(c[C::kDateTime], row),
          text(c[C::kExtra], row)};
}

/// The events of a batch of nexmarkEventSchema(), in order.
inline std::vector<NexmarkEvent> eventsOf(const RecordBatch& batch) {
  std::vector<NexmarkEvent> events;
  const Array& types = batch.column(NexmarkEventColumn::kEventType);
  const std::vector<Array> persons = fieldsOf(batch.column(NexmarkEventColumn::kPerson));
  const std::vector<Array> auctions = fieldsOf(batch.column(NexmarkEventColumn::kAuction));
  const std::vector<Array> bids = fieldsOf(batch.column(NexmarkEventColumn::kBid));
  for (int64_t row = 0; row < batch.numRows(); ++row) {
    switch (static_cast<NexmarkEventType>(types.value<int8_t>(row))) {
      case NexmarkEventType::kPerson:
        events.emplace_back(personAt(persons, row));
        break;
      case NexmarkEventType::kAuction:
        events.emplace_back(auctionAt(auctions, row));
        break;
      case NexmarkEventType::kBid:
        events.emplace_back(bidAt(bids, row));
        break;
    }
  }
  return events;
}

template <typename Row, typename Read>
std::vector<Row> rowsOf(const RecordBatch& batch, Read read) {
  std::vector<Row> rows;
  for (int64_t row = 0; row < batch.numRows(); ++row) rows.push_back(read(batch.columns(), row));
  return rows;
}

inline std::vector<NexmarkPerson> personsOf(const RecordBatch& batch) {
  return rowsOf<NexmarkPerson>(batch, personAt);
}
inline std::vector<NexmarkAuction> auctionsOf(const RecordBatch& batch) {
  return rowsOf<NexmarkAuction>(batch, auctionAt);
}
inline std::vector<NexmarkBid> bidsOf(const RecordBatch& batch) {
  return rowsOf<NexmarkBid>(batch, bidAt);
}

/// Every column passes the full Arrow layout check.
inline void expectValidBatch(const RecordBatch& batch) {
  for (int i = 0; i < batch.numColumns(); ++i) {
    const Status status = columnar::validateArray(*batch.column(i).data(), /*full=*/true);
    EXPECT_TRUE(status.ok()) << batch.schema()->field(i)->name() << ": " << status;
  }
}

}  // namespace sabot::connectors::testing

namespace sabot::connectors {

// gtest prints these when a comparison fails.
inline void PrintTo(const NexmarkPerson& p, std::ostream* os) {
  *os << "Person{" << p.id << ", " << p.name << ", " << p.emailAddress << ", " << p.creditCard
      << ", " << p.city << ", " << p.state << ", " << p.dateTime << ", extra[" << p.extra.size()
      << "]}";
}
inline void PrintTo(const NexmarkAuction& a, std::ostream* os) {
  *os << "Auction{" << a.id << ", " << a.itemName << ", desc[" << a.description.size() << "], "
      << a.initialBid << ", " << a.reserve << ", " << a.dateTime << ", " << a.expires << ", "
      << a.seller << ", " << a.category << ", extra[" << a.extra.size() << "]}";
}
inline void PrintTo(const NexmarkBid& b, std::ostream* os) {
  *os << "Bid{" << b.auction << ", " << b.bidder << ", " << b.price << ", " << b.channel << ", "
      << b.url << ", " << b.dateTime << ", extra[" << b.extra.size() << "]}";
}

}  // namespace sabot::connectors
