#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sabot/base/Result.h"
#include "sabot/compute/Expression.h"
#include "sabot/connectors/NexmarkSource.h"

namespace sabot::connectors {

/// One Nexmark query as Sabot runs it: the stream it reads, then an optional
/// filter and a projection whose columns are named and ordered as in
/// nexmark-flink's SQL (`sql`, the reference the DuckDB oracle test checks
/// against). Only stateless queries have this shape; the others need
/// windows, state or joins and are listed by nexmarkQueryCatalog() with what
/// they miss.
struct NexmarkQuery {
  std::string name;   ///< "q0"
  std::string title;  ///< "pass-through"
  /// nexmark-flink's query (its INSERT INTO ... SELECT, without the sink DDL).
  std::string sql;
  NexmarkStream input = NexmarkStream::kBids;
  std::optional<compute::Expression> filter;
  std::vector<compute::Expression> projection;
};

/// A line of the catalog: every query of the suite, q0 to q22.
struct NexmarkQueryInfo {
  std::string name;
  std::string title;
  /// Empty when Sabot runs the query; else what it needs that Sabot lacks
  /// ("sliding windows").
  std::string missing;
  bool implemented() const { return missing.empty(); }
};

/// q0 .. q22 in order.
const std::vector<NexmarkQueryInfo>& nexmarkQueryCatalog();

/// The query called `name` ("q1"; case-insensitive). An unknown name is an
/// Invalid error listing the queries; a query that needs what Sabot lacks is
/// Unsupported, e.g. "q5 needs sliding windows, which Sabot does not have
/// yet".
Result<NexmarkQuery> nexmarkQuery(std::string_view name);

}  // namespace sabot::connectors
