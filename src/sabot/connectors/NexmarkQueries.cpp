#include "sabot/connectors/NexmarkQueries.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace sabot::connectors {

namespace {

using compute::call;
using compute::col;
using compute::lit;

// What each query of the suite needs. The stateless ones are defined below;
// the rest name the engine feature they wait for (the window, state and
// join issues), so `sabot nexmark --query q5` says why it cannot run.
const std::vector<NexmarkQueryInfo>& catalog() {
  static const std::vector<NexmarkQueryInfo> queries = {
      {"q0", "pass-through", ""},
      {"q1", "currency conversion", ""},
      {"q2", "selection", ""},
      {"q3", "local item suggestion", "a regular (unbounded) join with keyed state"},
      {"q4", "average price for a category", "a regular join and grouped aggregation with keyed state"},
      {"q5", "hot items", "sliding windows"},
      {"q6", "average selling price by seller", "a regular join and per-key top-N with keyed state"},
      {"q7", "highest bid", "tumbling windows and a window join"},
      {"q8", "monitor new users", "tumbling windows and a window join"},
      {"q9", "winning bids", "a regular join and per-key top-N with keyed state"},
      {"q10", "log to file system",
       "DATE_FORMAT (timestamp formatting) and a file sink partitioned by column values"},
      {"q11", "user sessions", "session windows"},
      {"q12", "processing time windows", "processing-time tumbling windows"},
      {"q13", "bounded side input join", "a lookup join against a bounded side input"},
      {"q14", "calculation", "CASE, HOUR() and a user-defined scalar function (count_char)"},
      {"q15", "bidding statistics report", "grouped aggregation with COUNT DISTINCT and keyed state"},
      {"q16", "channel statistics report", "grouped aggregation with COUNT DISTINCT and keyed state"},
      {"q17", "auction statistics report", "grouped aggregation with keyed state"},
      {"q18", "find last bid", "deduplication (ROW_NUMBER per key) with keyed state"},
      {"q19", "auction top-10 price", "per-key top-N (ROW_NUMBER) with keyed state"},
      {"q20", "expand bid with auction", "a regular (unbounded) join with keyed state"},
      {"q21", "add channel id", "CASE and REGEXP_EXTRACT"},
      {"q22", "get URL directories", ""},
  };
  return queries;
}

std::vector<compute::Expression> bidColumns(std::initializer_list<const char*> names) {
  std::vector<compute::Expression> columns;
  for (const char* name : names) columns.push_back(col(name));
  return columns;
}

NexmarkQuery q0() {
  NexmarkQuery query{"q0", "pass-through",
                     "SELECT auction, bidder, price, dateTime, extra FROM bid",
                     NexmarkStream::kBids,
                     std::nullopt,
                     bidColumns({"auction", "bidder", "price", "dateTime", "extra"})};
  return query;
}

NexmarkQuery q1() {
  // Flink computes DECIMAL(23, 3); compute has no decimal arithmetic yet, so
  // the price is a float64 (the oracle compares it rounded to 3 decimals).
  NexmarkQuery query{"q1", "currency conversion",
                     "SELECT auction, bidder, 0.908 * price as price, dateTime, extra FROM bid",
                     NexmarkStream::kBids,
                     std::nullopt,
                     {col("auction"), col("bidder"), (lit(0.908) * col("price")).alias("price"), col("dateTime"),
                      col("extra")}};
  return query;
}

NexmarkQuery q2() {
  NexmarkQuery query{"q2", "selection",
                     "SELECT auction, price FROM bid WHERE MOD(auction, 123) = 0",
                     NexmarkStream::kBids,
                     call("modulo", {col("auction"), lit(123)}) == lit(0),
                     bidColumns({"auction", "price"})};
  return query;
}

NexmarkQuery q22() {
  const auto directory = [](int64_t index, const char* name) {
    return call("split_index", {col("url"), lit("/"), lit(index)}).alias(name);
  };
  NexmarkQuery query{"q22", "get URL directories",
                     "SELECT auction, bidder, price, channel, SPLIT_INDEX(url, '/', 3) as dir1, "
                     "SPLIT_INDEX(url, '/', 4) as dir2, SPLIT_INDEX(url, '/', 5) as dir3 FROM bid",
                     NexmarkStream::kBids,
                     std::nullopt,
                     {col("auction"), col("bidder"), col("price"), col("channel"), directory(3, "dir1"),
                      directory(4, "dir2"), directory(5, "dir3")}};
  return query;
}

std::string lowerCase(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
  return lower;
}

}  // namespace

const std::vector<NexmarkQueryInfo>& nexmarkQueryCatalog() { return catalog(); }

Result<NexmarkQuery> nexmarkQuery(std::string_view name) {
  const std::string wanted = lowerCase(name);
  const auto& queries = catalog();
  const auto found = std::find_if(queries.begin(), queries.end(),
                                  [&](const NexmarkQueryInfo& info) { return info.name == wanted; });
  if (found == queries.end()) {
    std::vector<std::string> runnable;
    for (const auto& info : queries) {
      if (info.implemented()) runnable.push_back(info.name);
    }
    return Status::invalid("unknown Nexmark query '{}': the suite has q0 to q22, of which Sabot runs {}", name,
                           fmt::join(runnable, ", "));
  }
  if (!found->implemented()) {
    return Status::unsupported("{} ({}) needs {}, which sabot nexmark does not implement yet", found->name, found->title,
                               found->missing);
  }
  if (wanted == "q0") return q0();
  if (wanted == "q1") return q1();
  if (wanted == "q2") return q2();
  if (wanted == "q22") return q22();
  return Status::internal("Nexmark query {} is marked implemented but has no definition", found->name);
}

}  // namespace sabot::connectors
