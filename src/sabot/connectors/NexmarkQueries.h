#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sabot/base/Result.h"
#include "sabot/compute/Expression.h"
#include "sabot/connectors/NexmarkSource.h"

namespace sabot::connectors {

/// One Nexmark query as Sabot runs it, with its result columns named and
/// ordered as in nexmark-flink's SQL (`sql`, the reference the DuckDB oracle
/// test checks against). Two shapes:
///
/// - stateless queries (`plan` empty): the stream read, then an optional
///   filter and a projection, all given here as data;
/// - windowed, stateful and join queries (`plan` set): cli::NexmarkJob builds
///   their operators (windows, joins, process functions) on the DataStream API,
///   which this library does not depend on; `plan` says in words what it
///   builds, and `filter` and `projection` are empty.
///
/// Queries Sabot cannot run yet are listed by nexmarkQueryCatalog() with
/// what they miss.
struct NexmarkQuery {
  std::string name;   ///< "q0"
  std::string title;  ///< "pass-through"
  /// nexmark-flink's query (its INSERT INTO ... SELECT, without the sink DDL).
  std::string sql;
  /// The streams the query reads, one source each, in this order: the bids,
  /// or for the joins two of persons, auctions and bids (q8: persons and
  /// auctions; q3: auctions and persons; q4, q6, q9: auctions and bids;
  /// q20: bids and auctions).
  std::vector<NexmarkStream> inputs = {NexmarkStream::kBids};
  std::optional<compute::Expression> filter;
  std::vector<compute::Expression> projection;
  /// Empty for stateless queries; else the operators, e.g. "keyBy(bidder)
  /// -> session window (10 s gap): count(*) -> select".
  std::string plan;
  bool stateless() const { return plan.empty(); }
};

/// A line of the catalog: every query of the suite, q0 to q22.
struct NexmarkQueryInfo {
  std::string name;
  std::string title;
  /// Empty when Sabot runs the query; else what it needs that Sabot lacks
  /// ("a window join of persons and auctions").
  std::string missing;
  bool implemented() const { return missing.empty(); }
};

/// q0 .. q22 in order.
const std::vector<NexmarkQueryInfo>& nexmarkQueryCatalog();

/// The query called `name` ("q1"; case-insensitive). An unknown name is an
/// Invalid error listing the queries; a query that needs what Sabot lacks is
/// Unsupported, e.g. "q13 (bounded side input join) needs a lookup join
/// against a bounded side input, which sabot nexmark does not implement yet".
Result<NexmarkQuery> nexmarkQuery(std::string_view name);

}  // namespace sabot::connectors
