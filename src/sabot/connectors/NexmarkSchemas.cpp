#include "sabot/connectors/NexmarkSchemas.h"

namespace sabot::connectors {

namespace {

using columnar::field;
using columnar::int64;
using columnar::utf8;

columnar::DataTypePtr millis() {
  return columnar::timestamp(columnar::TimeUnit::kMilli);
}

std::vector<columnar::FieldPtr> personFields() {
  return {field("id", int64()),         field("name", utf8()), field("emailAddress", utf8()),
          field("creditCard", utf8()), field("city", utf8()), field("state", utf8()),
          field("dateTime", millis()), field("extra", utf8())};
}

std::vector<columnar::FieldPtr> auctionFields() {
  return {field("id", int64()),          field("itemName", utf8()), field("description", utf8()),
          field("initialBid", int64()), field("reserve", int64()),  field("dateTime", millis()),
          field("expires", millis()),    field("seller", int64()),   field("category", int64()),
          field("extra", utf8())};
}

std::vector<columnar::FieldPtr> bidFields() {
  return {field("auction", int64()), field("bidder", int64()), field("price", int64()),
          field("channel", utf8()),  field("url", utf8()),     field("dateTime", millis()),
          field("extra", utf8())};
}

}  // namespace

const columnar::SchemaPtr& nexmarkPersonSchema() {
  static const columnar::SchemaPtr schema = columnar::schema(personFields());
  return schema;
}

const columnar::SchemaPtr& nexmarkAuctionSchema() {
  static const columnar::SchemaPtr schema = columnar::schema(auctionFields());
  return schema;
}

const columnar::SchemaPtr& nexmarkBidSchema() {
  static const columnar::SchemaPtr schema = columnar::schema(bidFields());
  return schema;
}

const columnar::DataTypePtr& nexmarkPersonType() {
  static const columnar::DataTypePtr type = columnar::struct_(personFields());
  return type;
}

const columnar::DataTypePtr& nexmarkAuctionType() {
  static const columnar::DataTypePtr type = columnar::struct_(auctionFields());
  return type;
}

const columnar::DataTypePtr& nexmarkBidType() {
  static const columnar::DataTypePtr type = columnar::struct_(bidFields());
  return type;
}

const columnar::SchemaPtr& nexmarkEventSchema() {
  static const columnar::SchemaPtr schema = columnar::schema({
      field("event_type", columnar::int8()),
      field("person", nexmarkPersonType()),
      field("auction", nexmarkAuctionType()),
      field("bid", nexmarkBidType()),
      field("dateTime", millis()),
  });
  return schema;
}

}  // namespace sabot::connectors
