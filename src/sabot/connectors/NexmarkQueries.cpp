#include "sabot/connectors/NexmarkQueries.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <optional>

namespace sabot::connectors {

namespace {

using compute::call;
using compute::col;
using compute::lit;

// What each query of the suite needs. The stateless ones are defined below,
// the windowed, stateful and join queries are built by cli::NexmarkJob; the
// rest name the engine feature they wait for, so `sabot nexmark --query q13`
// says why it cannot run.
const std::vector<NexmarkQueryInfo>& catalog() {
  static const std::vector<NexmarkQueryInfo> queries = {
      {"q0", "pass-through", ""},
      {"q1", "currency conversion", ""},
      {"q2", "selection", ""},
      {"q3", "local item suggestion", ""},
      {"q4", "average price for a category", ""},
      {"q5", "hot items", ""},
      {"q6", "average selling price by seller", ""},
      {"q7", "highest bid", ""},
      {"q8", "monitor new users", ""},
      {"q9", "winning bids", ""},
      {"q10", "log to file system", "a file sink partitioned by column values"},
      {"q11", "user sessions", ""},
      {"q12", "processing time windows", ""},
      {"q13", "bounded side input join", "a lookup join against a bounded side input"},
      {"q14", "calculation", ""},
      {"q15", "bidding statistics report", ""},
      {"q16", "channel statistics report", ""},
      {"q17", "auction statistics report", ""},
      {"q18", "find last bid", ""},
      {"q19", "auction top-10 price", ""},
      {"q20", "expand bid with auction", ""},
      {"q21", "add channel id", ""},
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
                     {NexmarkStream::kBids},
                     std::nullopt,
                     bidColumns({"auction", "bidder", "price", "dateTime", "extra"})};
  return query;
}

NexmarkQuery q1() {
  // Flink computes DECIMAL(23, 3); compute has no decimal arithmetic yet, so
  // the price is a float64 (the oracle compares it rounded to 3 decimals).
  NexmarkQuery query{"q1", "currency conversion",
                     "SELECT auction, bidder, 0.908 * price as price, dateTime, extra FROM bid",
                     {NexmarkStream::kBids},
                     std::nullopt,
                     {col("auction"), col("bidder"), (lit(0.908) * col("price")).alias("price"), col("dateTime"),
                      col("extra")}};
  return query;
}

NexmarkQuery q2() {
  NexmarkQuery query{"q2", "selection",
                     "SELECT auction, price FROM bid WHERE MOD(auction, 123) = 0",
                     {NexmarkStream::kBids},
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
                     {NexmarkStream::kBids},
                     std::nullopt,
                     {col("auction"), col("bidder"), col("price"), col("channel"), directory(3, "dir1"),
                      directory(4, "dir2"), directory(5, "dir3")}};
  return query;
}

NexmarkQuery q14() {
  const auto hour = [] { return call("hour", {col("dateTime")}); };
  const auto euros = [] { return lit(0.908) * col("price"); };
  // CASE WHEN 8 <= HOUR <= 18 THEN 'dayTime' WHEN HOUR <= 6 OR HOUR >= 20 THEN 'nightTime' ELSE 'otherTime'.
  const compute::Expression bidTimeType =
      call("case_when", {hour() >= lit(8) && hour() <= lit(18), lit("dayTime"), hour() <= lit(6) || hour() >= lit(20),
                         lit("nightTime"), lit("otherTime")});
  NexmarkQuery query{"q14", "calculation",
                     "SELECT auction, bidder, 0.908 * price as price, CASE WHEN HOUR(dateTime) >= 8 AND "
                     "HOUR(dateTime) <= 18 THEN 'dayTime' WHEN HOUR(dateTime) <= 6 OR HOUR(dateTime) >= 20 THEN "
                     "'nightTime' ELSE 'otherTime' END AS bidTimeType, dateTime, extra, count_char(extra, 'c') AS "
                     "c_counts FROM bid WHERE 0.908 * price > 1000000 AND 0.908 * price < 50000000",
                     {NexmarkStream::kBids},
                     euros() > lit(1'000'000.0) && euros() < lit(50'000'000.0),
                     {col("auction"), col("bidder"), euros().alias("price"), bidTimeType.alias("bidTimeType"),
                      col("dateTime"), col("extra"), call("count_char", {col("extra"), lit("c")}).alias("c_counts")}};
  return query;
}

NexmarkQuery q21() {
  const auto channelIs = [](const char* name) { return call("lower", {col("channel")}) == lit(name); };
  const auto channelId = [] {
    return call("regexp_extract", {col("url"), lit("(&|^)channel_id=([^&]*)"), lit(2)});
  };
  const compute::Expression id = call("case_when", {channelIs("apple"), lit("0"), channelIs("google"), lit("1"),
                                                    channelIs("facebook"), lit("2"), channelIs("baidu"), lit("3"),
                                                    channelId()});
  NexmarkQuery query{
      "q21", "add channel id",
      "SELECT auction, bidder, price, channel, CASE WHEN lower(channel) = 'apple' THEN '0' WHEN lower(channel) = "
      "'google' THEN '1' WHEN lower(channel) = 'facebook' THEN '2' WHEN lower(channel) = 'baidu' THEN '3' ELSE "
      "REGEXP_EXTRACT(url, '(&|^)channel_id=([^&]*)', 2) END AS channel_id FROM bid WHERE REGEXP_EXTRACT(url, "
      "'(&|^)channel_id=([^&]*)', 2) is not null or lower(channel) in ('apple', 'google', 'facebook', 'baidu')",
      {NexmarkStream::kBids},
      compute::isValid(channelId()) || channelIs("apple") || channelIs("google") || channelIs("facebook") ||
          channelIs("baidu"),
      {col("auction"), col("bidder"), col("price"), col("channel"), id.alias("channel_id")}};
  return query;
}

/// A query whose operators cli::NexmarkJob builds.
NexmarkQuery planned(std::string name, std::string title, std::string sql, std::string plan) {
  NexmarkQuery query;
  query.name = std::move(name);
  query.title = std::move(title);
  query.sql = std::move(sql);
  query.inputs = {NexmarkStream::kBids};
  query.plan = std::move(plan);
  return query;
}

// The SQL of the per-day reports, whose aggregates q15 and q16 share.
constexpr const char* kRankedCounts =
    "count(*) AS total_bids, count(*) filter (where price < 10000) AS rank1_bids, count(*) filter (where price >= "
    "10000 and price < 1000000) AS rank2_bids, count(*) filter (where price >= 1000000) AS rank3_bids";
constexpr const char* kRankedDistincts =
    "count(distinct bidder) AS total_bidders, count(distinct bidder) filter (where price < 10000) AS rank1_bidders, "
    "count(distinct bidder) filter (where price >= 10000 and price < 1000000) AS rank2_bidders, count(distinct "
    "bidder) filter (where price >= 1000000) AS rank3_bidders, count(distinct auction) AS total_auctions, "
    "count(distinct auction) filter (where price < 10000) AS rank1_auctions, count(distinct auction) filter (where "
    "price >= 10000 and price < 1000000) AS rank2_auctions, count(distinct auction) filter (where price >= 1000000) "
    "AS rank3_auctions";

std::optional<NexmarkQuery> plannedQuery(std::string_view name) {
  if (name == "q5") {
    return planned("q5", "hot items",
                   "SELECT AuctionBids.auction, AuctionBids.num FROM (SELECT auction, count(*) AS num, window_start "
                   "AS starttime, window_end AS endtime FROM TABLE(HOP(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '2' "
                   "SECOND, INTERVAL '10' SECOND)) GROUP BY auction, window_start, window_end) AS AuctionBids JOIN "
                   "(SELECT max(CountBids.num) AS maxn, CountBids.starttime, CountBids.endtime FROM (the same counts) "
                   "AS CountBids GROUP BY CountBids.starttime, CountBids.endtime) AS MaxBids ON AuctionBids.starttime "
                   "= MaxBids.starttime AND AuctionBids.endtime = MaxBids.endtime AND AuctionBids.num >= "
                   "MaxBids.maxn",
                   "keyBy(auction) -> sliding window (10 s every 2 s): count(*) AS num -> keyBy(window_end) -> "
                   "process: the auctions with the highest num per window, when the watermark passes its end");
  }
  if (name == "q7") {
    return planned("q7", "highest bid",
                   "SELECT B.auction, B.bidder, B.price, B.dateTime, B.extra from bid B JOIN (SELECT MAX(price) AS "
                   "maxprice, window_end as dateTime FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL "
                   "'10' SECOND)) GROUP BY window_start, window_end) B1 ON B.price = B1.maxprice WHERE B.dateTime "
                   "BETWEEN B1.dateTime - INTERVAL '10' SECOND AND B1.dateTime",
                   "process per source subtask: the bids that may carry their 10 s window's highest price (each "
                   "window's local maximum, and bids at a window's end, which BETWEEN includes) -> "
                   "keyBy(window_end) -> process: the bids at the window's highest price, when the watermark passes "
                   "its end");
  }
  if (name == "q8") {
    NexmarkQuery query = planned(
        "q8", "monitor new users",
        "SELECT P.id, P.name, P.starttime FROM (SELECT id, name, window_start AS starttime, window_end AS endtime "
        "FROM TABLE(TUMBLE(TABLE person, DESCRIPTOR(dateTime), INTERVAL '10' SECOND)) GROUP BY id, name, "
        "window_start, window_end) P JOIN (SELECT seller, window_start AS starttime, window_end AS endtime FROM "
        "TABLE(TUMBLE(TABLE auction, DESCRIPTOR(dateTime), INTERVAL '10' SECOND)) GROUP BY seller, window_start, "
        "window_end) A ON P.id = A.seller AND P.starttime = A.starttime AND P.endtime = A.endtime",
        "persons: keyBy(id, name) -> tumbling window (10 s): count(*) -> select; auctions: keyBy(seller) -> "
        "tumbling window (10 s): count(*) -> select; keyBy(id) window join (10 s tumbling, on the windows' "
        "starts) keyBy(seller) -> select (id, name, window_start AS starttime)");
    query.inputs = {NexmarkStream::kPersons, NexmarkStream::kAuctions};
    return query;
  }
  if (name == "q3") {
    NexmarkQuery query = planned(
        "q3", "local item suggestion",
        "SELECT P.name, P.city, P.state, A.id FROM auction AS A INNER JOIN person AS P on A.seller = P.id WHERE "
        "A.category = 10 and (P.state = 'OR' OR P.state = 'ID' OR P.state = 'CA')",
        "auctions: where category = 10 -> select (id, seller); persons: where state in ('OR', 'ID', 'CA') -> "
        "select (id, name, city, state); keyBy(seller) regular join keyBy(id) -> select (name, city, state, id)");
    query.inputs = {NexmarkStream::kAuctions, NexmarkStream::kPersons};
    return query;
  }
  if (name == "q4") {
    NexmarkQuery query = planned(
        "q4", "average price for a category",
        "SELECT Q.category, AVG(Q.final) FROM (SELECT MAX(B.price) AS final, A.category FROM auction A, bid B WHERE "
        "A.id = B.auction AND B.dateTime BETWEEN A.dateTime AND A.expires GROUP BY A.id, A.category) Q GROUP BY "
        "Q.category",
        "keyBy(id) regular join keyBy(auction) (auctions with their bids) -> where the bid's dateTime is between "
        "the auction's dateTime and expires -> keyBy(id) -> keyed process: the highest bid per auction -> "
        "keyBy(category) -> keyed process: avg(price) AS final (truncated, as Flink's BIGINT AVG), emitted at the "
        "end of input");
    query.inputs = {NexmarkStream::kAuctions, NexmarkStream::kBids};
    return query;
  }
  if (name == "q6") {
    NexmarkQuery query = planned(
        "q6", "average selling price by seller",
        "SELECT Q.seller, AVG(Q.price) OVER (PARTITION BY Q.seller ORDER BY Q.dateTime ROWS BETWEEN 10 PRECEDING "
        "AND CURRENT ROW) FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY A.id, A.seller ORDER BY B.price DESC) AS "
        "rownum FROM (SELECT A.id, A.seller, B.price, B.dateTime FROM auction AS A, bid AS B WHERE A.id = "
        "B.auction and B.dateTime between A.dateTime and A.expires) WHERE rownum <= 1) AS Q",
        "keyBy(id) regular join keyBy(auction) (auctions with their bids) -> where the bid's dateTime is between "
        "the auction's dateTime and expires -> keyBy(id) -> keyed process: the winning bid per auction (highest "
        "price, then earliest dateTime) -> keyBy(seller) -> keyed process: per winner, the average price of it "
        "and the seller's 10 winners before it by dateTime (ties: auction id), emitted at the end of input");
    query.inputs = {NexmarkStream::kAuctions, NexmarkStream::kBids};
    return query;
  }
  if (name == "q9") {
    NexmarkQuery query = planned(
        "q9", "winning bids",
        "SELECT id, itemName, description, initialBid, reserve, dateTime, expires, seller, category, extra, "
        "auction, bidder, price, bid_dateTime, bid_extra FROM (SELECT A.*, B.auction, B.bidder, B.price, "
        "B.dateTime AS bid_dateTime, B.extra AS bid_extra, ROW_NUMBER() OVER (PARTITION BY A.id ORDER BY B.price "
        "DESC, B.dateTime ASC) AS rownum FROM auction A, bid B WHERE A.id = B.auction AND B.dateTime BETWEEN "
        "A.dateTime AND A.expires) WHERE rownum <= 1",
        "keyBy(id) regular join keyBy(auction) (auctions with their bids) -> where the bid's dateTime is between "
        "the auction's dateTime and expires -> select -> keyBy(id) -> keyed process: per auction the bid with the "
        "highest price, then the earliest dateTime (ties: the whole row, column by column, ascending) in keyed "
        "state, emitted at the end of input");
    query.inputs = {NexmarkStream::kAuctions, NexmarkStream::kBids};
    return query;
  }
  if (name == "q20") {
    NexmarkQuery query = planned(
        "q20", "expand bid with auction",
        "SELECT auction, bidder, price, channel, url, B.dateTime, B.extra, itemName, description, initialBid, "
        "reserve, A.dateTime, expires, seller, category, A.extra FROM bid AS B INNER JOIN auction AS A on "
        "B.auction = A.id WHERE A.category = 10",
        "auctions: where category = 10; keyBy(auction) regular join keyBy(id) -> select (the bid's dateTime and "
        "extra as bid_dateTime, bid_extra; the auction's as auction_dateTime, auction_extra)");
    query.inputs = {NexmarkStream::kBids, NexmarkStream::kAuctions};
    return query;
  }
  if (name == "q11") {
    return planned("q11", "user sessions",
                   "SELECT B.bidder, count(*) as bid_count, SESSION_START(B.dateTime, INTERVAL '10' SECOND) as "
                   "starttime, SESSION_END(B.dateTime, INTERVAL '10' SECOND) as endtime FROM bid B GROUP BY "
                   "B.bidder, SESSION(B.dateTime, INTERVAL '10' SECOND)",
                   "keyBy(bidder) -> session window (10 s gap): count(*) AS bid_count -> select");
  }
  if (name == "q12") {
    return planned("q12", "processing time windows",
                   "CREATE VIEW B AS SELECT *, PROCTIME() as p_time FROM bid; SELECT bidder, count(*) as bid_count, "
                   "window_start AS starttime, window_end AS endtime FROM TABLE(TUMBLE(TABLE B, DESCRIPTOR(p_time), "
                   "INTERVAL '10' SECOND)) GROUP BY bidder, window_start, window_end",
                   "keyBy(bidder) -> tumbling processing-time window (10 s): count(*) AS bid_count -> select "
                   "(window_start AS starttime, window_end AS endtime)");
  }
  if (name == "q15") {
    return planned("q15", "bidding statistics report",
                   fmt::format("SELECT DATE_FORMAT(dateTime, 'yyyy-MM-dd') as `day`, {}, {} FROM bid GROUP BY "
                               "DATE_FORMAT(dateTime, 'yyyy-MM-dd')",
                               kRankedCounts, kRankedDistincts),
                   "select (day, and per price rank a column that is null outside the rank) -> keyBy(day) -> "
                   "tumbling window (1 day): count(*), count(rank), count(distinct ...) -> select");
  }
  if (name == "q16") {
    return planned("q16", "channel statistics report",
                   fmt::format("SELECT channel, DATE_FORMAT(dateTime, 'yyyy-MM-dd') as `day`, "
                               "max(DATE_FORMAT(dateTime, 'HH:mm')) as `minute`, {}, {} FROM bid GROUP BY channel, "
                               "DATE_FORMAT(dateTime, 'yyyy-MM-dd')",
                               kRankedCounts, kRankedDistincts),
                   "select (per price rank a column that is null outside the rank) -> keyBy(channel) -> tumbling "
                   "window (1 day): count(*), count(rank), count(distinct ...), max(dateTime) -> select (day and "
                   "minute formatted from the window start and max(dateTime))");
  }
  if (name == "q17") {
    return planned("q17", "auction statistics report",
                   fmt::format("SELECT auction, DATE_FORMAT(dateTime, 'yyyy-MM-dd') as `day`, {}, min(price) AS "
                               "min_price, max(price) AS max_price, avg(price) AS avg_price, sum(price) AS sum_price "
                               "FROM bid GROUP BY auction, DATE_FORMAT(dateTime, 'yyyy-MM-dd')",
                               kRankedCounts),
                   "select (per price rank a column that is null outside the rank) -> keyBy(auction) -> tumbling "
                   "window (1 day): count(*), count(rank), min, max, sum -> select (avg_price = sum / count, "
                   "truncated as Flink's BIGINT AVG)");
  }
  if (name == "q18") {
    return planned("q18", "find last bid",
                   "SELECT auction, bidder, price, channel, url, dateTime, extra FROM (SELECT *, ROW_NUMBER() OVER "
                   "(PARTITION BY bidder, auction ORDER BY dateTime DESC) AS rank_number FROM bid) WHERE "
                   "rank_number <= 1",
                   "keyBy(bidder, auction) -> keyed process: per key the bid with the latest dateTime (ties: the "
                   "whole row, column by column, ascending) in keyed state, emitted at the end of input");
  }
  if (name == "q19") {
    return planned("q19", "auction top-10 price",
                   "SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY auction ORDER BY price DESC) AS "
                   "rank_number FROM bid) WHERE rank_number <= 10",
                   "keyBy(auction) -> keyed process: per auction the 10 bids with the highest price (ties: the "
                   "whole row, column by column, ascending) in keyed state, emitted with their rank_number at the "
                   "end of input");
  }
  return std::nullopt;
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
    return Status::unsupported("{} ({}) needs {}, which sabot nexmark does not implement yet", found->name,
                               found->title, found->missing);
  }
  if (wanted == "q0") return q0();
  if (wanted == "q1") return q1();
  if (wanted == "q2") return q2();
  if (wanted == "q14") return q14();
  if (wanted == "q21") return q21();
  if (wanted == "q22") return q22();
  if (auto query = plannedQuery(wanted)) return *std::move(query);
  return Status::internal("Nexmark query {} is marked implemented but has no definition", found->name);
}

}  // namespace sabot::connectors
