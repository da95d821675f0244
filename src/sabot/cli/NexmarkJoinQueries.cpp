#include "sabot/cli/NexmarkJoinQueries.h"

#include <string>
#include <vector>

#include "sabot/cli/AveragePerKey.h"
#include "sabot/cli/TopRowsPerKey.h"

namespace sabot::cli {

namespace {

using compute::col;
using compute::Expression;
using compute::lit;

constexpr int64_t kCategory = 10;

std::vector<Expression> columns(const std::vector<std::string>& names) {
  std::vector<Expression> expressions;
  expressions.reserve(names.size());
  for (const std::string& name : names) expressions.push_back(col(name));
  return expressions;
}

/// The auctions (`auctionColumns`, with id, dateTime and expires) joined
/// with their bids (`bidColumns`, with auction and dateTime) that were
/// placed while they ran: `B.dateTime BETWEEN A.dateTime AND A.expires`,
/// both ends included. The join names the bid's clashing columns
/// right_<name> (right_dateTime, right_extra).
api::DataStream auctionsWithTheirBids(const api::DataStream& auctions, const api::DataStream& bids,
                                      const std::vector<std::string>& auctionColumns,
                                      const std::vector<std::string>& bidColumns, const std::string& query) {
  // Only the columns the query reads go into the join's state, which keeps
  // every row of both sides.
  api::DataStream auctionSide = auctions.select(columns(auctionColumns));
  auctionSide.name(query + " auction columns");
  api::DataStream bidSide = bids.select(columns(bidColumns));
  bidSide.name(query + " bid columns");
  api::DataStream joined = auctionSide.keyBy({"id"}).join(bidSide.keyBy({"auction"}));
  joined.name(query + " auctions join bids");
  api::DataStream during =
      joined.filter(col("right_dateTime") >= col("dateTime") && col("right_dateTime") <= col("expires"));
  during.name(query + " bids while the auction runs");
  return during;
}

/// The winning bid per auction, kept by a TopRowsPerKeyFunction keyed by
/// id: the highest price, then the earliest bid, then (for rows that still
/// tie) the other kept columns ascending.
Result<api::DataStream> winnerPerAuction(const api::DataStream& candidates, std::vector<std::string> rowColumns,
                                         const std::string& bidTime, const std::string& query) {
  TopRowsOptions options;
  options.rowColumns = std::move(rowColumns);
  options.orderBy = {{"price", /*descending=*/true}};
  if (!bidTime.empty()) options.orderBy.push_back({bidTime, /*descending=*/false});
  options.limit = 1;
  options.stateName = query + " winning bid";
  return topRowsPerKey(candidates.keyBy({"id"}), options, query + " winning bid per auction");
}

}  // namespace

Result<api::DataStream> localItemSuggestion(const api::DataStream& auctions, const api::DataStream& persons) {
  api::DataStream category = auctions.filter(col("category") == lit(kCategory));
  category.name("q3 auctions of category 10");
  api::DataStream sellers = category.select({col("id"), col("seller")});
  sellers.name("q3 auction columns");
  api::DataStream local =
      persons.filter(col("state") == lit("OR") || col("state") == lit("ID") || col("state") == lit("CA"));
  local.name("q3 persons in OR, ID, CA");
  api::DataStream people = local.select({col("id"), col("name"), col("city"), col("state")});
  people.name("q3 person columns");
  // id, seller, right_id, name, city, state.
  api::DataStream joined = sellers.keyBy({"seller"}).join(people.keyBy({"id"}));
  joined.name("q3 auctions join sellers");
  api::DataStream result = joined.select({col("name"), col("city"), col("state"), col("id")});
  result.name("q3 select");
  return result;
}

Result<api::DataStream> expandBidWithAuction(const api::DataStream& bids, const api::DataStream& auctions) {
  api::DataStream category = auctions.filter(col("category") == lit(kCategory));
  category.name("q20 auctions of category 10");
  // The bid's columns, then the auction's, its dateTime and extra as
  // right_dateTime and right_extra.
  api::DataStream joined = bids.keyBy({"auction"}).join(category.keyBy({"id"}));
  joined.name("q20 bids join auctions");
  api::DataStream result = joined.select({col("auction"), col("bidder"), col("price"), col("channel"), col("url"),
                                          col("dateTime").alias("bid_dateTime"), col("extra").alias("bid_extra"),
                                          col("itemName"), col("description"), col("initialBid"), col("reserve"),
                                          col("right_dateTime").alias("auction_dateTime"), col("expires"),
                                          col("seller"), col("category"), col("right_extra").alias("auction_extra")});
  result.name("q20 select");
  return result;
}

Result<api::DataStream> winningBids(const api::DataStream& auctions, const api::DataStream& bids) {
  const std::vector<std::string> auctionColumns = {"id",       "itemName", "description", "initialBid", "reserve",
                                                   "dateTime", "expires",  "seller",      "category",   "extra"};
  api::DataStream during =
      auctionsWithTheirBids(auctions, bids, auctionColumns, {"auction", "bidder", "price", "dateTime", "extra"}, "q9");
  std::vector<Expression> select = columns(auctionColumns);
  for (Expression column : {col("auction"), col("bidder"), col("price"), col("right_dateTime").alias("bid_dateTime"),
                            col("right_extra").alias("bid_extra")}) {
    select.push_back(std::move(column));
  }
  api::DataStream named = during.select(std::move(select));
  named.name("q9 select");
  std::vector<std::string> rowColumns = auctionColumns;
  for (const char* column : {"auction", "bidder", "price", "bid_dateTime", "bid_extra"}) rowColumns.push_back(column);
  return winnerPerAuction(named, std::move(rowColumns), "bid_dateTime", "q9");
}

Result<api::DataStream> averagePriceByCategory(const api::DataStream& auctions, const api::DataStream& bids) {
  api::DataStream during = auctionsWithTheirBids(auctions, bids, {"id", "category", "dateTime", "expires"},
                                                 {"auction", "price", "dateTime"}, "q4");
  api::DataStream prices = during.select({col("id"), col("category"), col("price")});
  prices.name("q4 prices");
  // MAX(B.price) per auction: which of the tied bids wins does not matter.
  SABOT_ASSIGN_OR_RAISE(api::DataStream winners, winnerPerAuction(prices, {"id", "category", "price"}, "", "q4"));
  AverageOptions options;
  options.keyColumn = "category";
  options.valueColumn = "price";
  options.averageOutput = "final";
  options.stateName = "q4 winning prices per category";
  return averagePerKey(winners.keyBy({"category"}), options, "q4 average winning price per category");
}

Result<api::DataStream> averageSellingPriceBySeller(const api::DataStream& auctions, const api::DataStream& bids) {
  api::DataStream during = auctionsWithTheirBids(auctions, bids, {"id", "seller", "dateTime", "expires"},
                                                 {"auction", "price", "dateTime"}, "q6");
  api::DataStream prices =
      during.select({col("id"), col("seller"), col("price"), col("right_dateTime").alias("bid_dateTime")});
  prices.name("q6 prices");
  // The winner's dateTime orders the seller's winners, so ties on the price
  // are broken as in q9 (the earliest bid), which fixes it.
  SABOT_ASSIGN_OR_RAISE(api::DataStream winners,
                        winnerPerAuction(prices, {"id", "seller", "price", "bid_dateTime"}, "bid_dateTime", "q6"));
  AverageOptions options;
  options.keyColumn = "seller";
  options.valueColumn = "price";
  options.averageOutput = "avg_price";
  // ROWS BETWEEN 10 PRECEDING AND CURRENT ROW, ordered by the bid's
  // dateTime; a seller's winners at the same millisecond by auction id.
  options.precedingRows = 10;
  options.orderBy = {"bid_dateTime", "id"};
  options.stateName = "q6 winners per seller";
  return averagePerKey(winners.keyBy({"seller"}), options, "q6 average of the last winning prices per seller");
}

}  // namespace sabot::cli
