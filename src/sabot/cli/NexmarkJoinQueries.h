#pragma once

#include "sabot/api/DataStream.h"
#include "sabot/base/Result.h"

namespace sabot::cli {

// The Nexmark queries built on the regular (unbounded) join: their operators
// between the sources (the streams NexmarkQuery::inputs names, in its order)
// and the sink. Columns are named and ordered as in nexmark-flink's SQL
// (docs/nexmark.md says where its SELECT and its sink table disagree).

/// q3: auctions of category 10 joined with their sellers in OR, ID or CA
/// -> name, city, state, id.
Result<api::DataStream> localItemSuggestion(const api::DataStream& auctions, const api::DataStream& persons);

/// q20: every bid joined with its auction if the auction is of category 10
/// -> the bid's columns, then the auction's.
Result<api::DataStream> expandBidWithAuction(const api::DataStream& bids, const api::DataStream& auctions);

/// q9: per auction the winning bid (the highest price among the bids placed
/// between the auction's dateTime and expires; ties: the earliest bid, then
/// the whole row), emitted at the end of input -> the auction's columns,
/// then the bid's.
Result<api::DataStream> winningBids(const api::DataStream& auctions, const api::DataStream& bids);

/// q4: per category the average of its auctions' winning prices, at the end
/// of input -> category, final.
Result<api::DataStream> averagePriceByCategory(const api::DataStream& auctions, const api::DataStream& bids);

/// q6: per winning auction, the average winning price of its seller's
/// winners up to it (it and the 10 before it by the bid's dateTime), at the
/// end of input -> seller, avg_price.
Result<api::DataStream> averageSellingPriceBySeller(const api::DataStream& auctions, const api::DataStream& bids);

}  // namespace sabot::cli
