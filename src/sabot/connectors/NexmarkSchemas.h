#pragma once

#include "sabot/columnar/DataType.h"
#include "sabot/columnar/Schema.h"

namespace sabot::connectors {

// Arrow schemas of the Nexmark streams: the tables of nexmark-flink's DDL,
// with its column names (camelCase: dateTime, itemName, ...), so that the
// nexmark-flink SQL of every query reads the tables unchanged. Numbers are
// int64 (BIGINT), strings utf8 (VARCHAR), times timestamp[ms] without a zone
// (TIMESTAMP(3)). Every field is nullable, as in the DDL; only the structs of
// the event stream ever hold nulls.

/// person(id, name, emailAddress, creditCard, city, state, dateTime, extra)
const columnar::SchemaPtr& nexmarkPersonSchema();
/// auction(id, itemName, description, initialBid, reserve, dateTime,
/// expires, seller, category, extra)
const columnar::SchemaPtr& nexmarkAuctionSchema();
/// bid(auction, bidder, price, channel, url, dateTime, extra)
const columnar::SchemaPtr& nexmarkBidSchema();

/// The combined stream, one row per event, as nexmark-flink's `datagen`
/// table: event_type int8 (0 person, 1 auction, 2 bid), then the structs
/// person, auction and bid (the one matching event_type is set, the other
/// two are null, and so are all their fields), then dateTime: the event's
/// time (the DDL's computed column that carries the watermark).
const columnar::SchemaPtr& nexmarkEventSchema();

/// The struct types of the event stream's person, auction and bid columns
/// (the fields of the three table schemas).
const columnar::DataTypePtr& nexmarkPersonType();
const columnar::DataTypePtr& nexmarkAuctionType();
const columnar::DataTypePtr& nexmarkBidType();

/// Column positions, for code that reads the batches by index.
struct NexmarkPersonColumn {
  enum : int { kId, kName, kEmailAddress, kCreditCard, kCity, kState, kDateTime, kExtra, kCount };
};
struct NexmarkAuctionColumn {
  enum : int {
    kId,
    kItemName,
    kDescription,
    kInitialBid,
    kReserve,
    kDateTime,
    kExpires,
    kSeller,
    kCategory,
    kExtra,
    kCount
  };
};
struct NexmarkBidColumn {
  enum : int { kAuction, kBidder, kPrice, kChannel, kUrl, kDateTime, kExtra, kCount };
};
struct NexmarkEventColumn {
  enum : int { kEventType, kPerson, kAuction, kBid, kDateTime, kCount };
};

}  // namespace sabot::connectors
