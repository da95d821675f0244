#include "sabot/cli/NexmarkJob.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <map>
#include <optional>
#include <thread>

#include "sabot/api/StreamEnvironment.h"
#include "sabot/cli/JobProgress.h"
#include "sabot/cli/NexmarkJoinQueries.h"
#include "sabot/cli/RowCodec.h"
#include "sabot/cli/TopRowsPerKey.h"
#include "sabot/connectors/CollectSink.h"
#include "sabot/connectors/FileSink.h"
#include "sabot/connectors/NexmarkSource.h"
#include "sabot/operators/ProcessFunction.h"
#include "sabot/operators/window/WindowSpec.h"
#include "sabot/time/WatermarkStrategy.h"

namespace sabot::cli {

connectors::NexmarkConfig nexmarkConfigFor(int64_t events, uint64_t seed) {
  connectors::NexmarkConfig config;
  config.numEvents = events;
  config.seed = seed;
  return config;
}

struct NexmarkJob::State {
  NexmarkJobSpec spec;
  connectors::NexmarkQuery query;
  runtime::JobConfig config;
  api::StreamEnvironment env = api::StreamEnvironment::create();
  int32_t parallelism = 0;
  /// The file output, if any (its old part files go with --force).
  std::shared_ptr<const connectors::FileSink> fileSink;
};

NexmarkJob::NexmarkJob(std::unique_ptr<State> state) : state_(std::move(state)) {}
NexmarkJob::~NexmarkJob() = default;

namespace {

bool isDirectoryOutput(const NexmarkJobSpec& spec) {
  std::error_code error;
  return !spec.output.empty() && (spec.output.back() == '/' || std::filesystem::is_directory(spec.output, error));
}

Result<std::shared_ptr<const connectors::FileSink>> makeFileSink(const NexmarkJobSpec& spec) {
  const std::filesystem::path output(spec.output);
  const bool directory = isDirectoryOutput(spec);
  const bool checkpointing = spec.checkpointing.checkpointing();
  if (checkpointing && !directory) {
    return Status::invalid("a checkpointed job writes part files (made visible per checkpoint): give --output a "
                           "directory, e.g. '{}/'",
                           spec.output);
  }
  connectors::FileFormat format;
  if (!spec.format.empty()) {
    SABOT_ASSIGN_OR_RAISE(format, connectors::parseFileFormat(spec.format));
  } else if (directory) {
    return Status::invalid("--output '{}' is a directory of part files: give their format with --format csv, jsonl, "
                           "arrow or arrows",
                           spec.output);
  } else {
    auto byExtension = connectors::formatFromExtension(output);
    if (!byExtension.ok()) {
      return Status::invalid("cannot tell the format of --output '{}' from its extension: name it .csv, .jsonl, "
                             ".arrow or .arrows, or give --format",
                             spec.output);
    }
    format = *byExtension;
  }
  // A restored run continues the part files of the run it resumes.
  const bool overwrite = spec.force || !spec.checkpointing.restoreFrom.empty();
  SABOT_ASSIGN_OR_RAISE(auto sink, connectors::FileSink::make(output, format,
                                                              directory ? connectors::FileSink::Layout::kDirectory
                                                                        : connectors::FileSink::Layout::kSingleFile,
                                                              ipc::Compression::kNone, overwrite));
  return std::shared_ptr<const connectors::FileSink>(std::move(sink));
}

/// The checkpoints (complete or not) an earlier run left in `directory`.
std::vector<std::filesystem::path> leftoverCheckpoints(const std::string& directory) {
  std::vector<std::filesystem::path> found;
  std::error_code error;
  if (!std::filesystem::is_directory(directory, error)) return found;
  for (const auto& entry : std::filesystem::directory_iterator(directory, error)) {
    if (entry.path().filename().string().rfind("chk-", 0) == 0) found.push_back(entry.path());
  }
  return found;
}

std::string streamName(connectors::NexmarkStream stream) {
  switch (stream) {
    case connectors::NexmarkStream::kEvents: return "events";
    case connectors::NexmarkStream::kBids: return "bids";
    case connectors::NexmarkStream::kPersons: return "persons";
    case connectors::NexmarkStream::kAuctions: return "auctions";
  }
  return "?";
}

// ------------------------------------------------- rows at a window's max

/// What a WindowMaxFunction computes.
struct WindowMaxOptions {
  /// Where a row's window comes from: the column `windowEndColumn` (a
  /// timestamp[ms] such as a window operator's window_end), or, when that is
  /// empty, tumbling windows of `tumblingSizeMs` over `timeColumn`.
  std::string windowEndColumn;
  std::string timeColumn;
  int64_t tumblingSizeMs = 0;
  /// With tumbling windows: a row at exactly a window's end is also a
  /// candidate (not a member) of the window ending there, as nexmark-flink's
  /// q7 (`dateTime BETWEEN window_end - 10 s AND window_end`) has it.
  bool endIsInclusive = false;
  /// The int64 column whose maximum per window is sought; null rows are
  /// skipped.
  std::string valueColumn;
  /// A bool column: true for rows that count towards the maximum, false for
  /// candidates that only match it. Empty: every row counts.
  std::string memberColumn;
  /// The columns of the kept rows, in output order.
  std::vector<std::string> rowColumns;
  /// The window ending at E fires when the watermark reaches E + this: -1
  /// after a window operator (which fires at E - 1 and emits before it
  /// forwards the watermark), 0 when rows at E itself belong to it.
  int64_t fireDelayMs = -1;
  /// false: emit the rows whose value equals the window's maximum (the
  /// final stage). true: a partial stage run per source subtask: emit every
  /// row that may still equal the maximum over all subtasks (the members at
  /// the local maximum and the candidates at or above it), as (window_end,
  /// member, rowColumns...), for a final stage keyed by window_end.
  bool partial = false;
};

/// Keeps, per window, the maximum of a column and the rows that reach it,
/// and emits those rows once the watermark has passed the window: the
/// second stage of q5 (the auctions with the most bids per sliding window)
/// and both stages of q7 (the bids at the highest price per tumbling
/// window). Rows below the running maximum are dropped at once, so the
/// state is the rows at the maximum, not the window's rows.
class WindowMaxFunction final : public operators::ProcessFunction {
 public:
  /// The output schema for `options` over `input`, checking the columns.
  static Result<columnar::SchemaPtr> outputSchema(const WindowMaxOptions& options, const columnar::Schema& input) {
    SABOT_ASSIGN_OR_RAISE(RowCodec codec, RowCodec::make(input, options.rowColumns));
    if (!options.partial) return codec.schema();
    std::vector<columnar::FieldPtr> fields = {
        columnar::field("window_end", columnar::timestamp(columnar::TimeUnit::kMilli), false),
        columnar::field("member", columnar::boolean(), false)};
    for (const auto& field : codec.schema()->fields()) fields.push_back(field);
    return columnar::schema(std::move(fields));
  }

  static Result<std::unique_ptr<WindowMaxFunction>> make(WindowMaxOptions options, const columnar::Schema& input) {
    auto function = std::unique_ptr<WindowMaxFunction>(new WindowMaxFunction());
    SABOT_ASSIGN_OR_RAISE(function->codec_, RowCodec::make(input, options.rowColumns));
    SABOT_ASSIGN_OR_RAISE(function->output_, outputSchema(options, input));
    const auto requireType = [&input](const std::string& name, columnar::TypeId wanted, const char* what) -> Result<int> {
      SABOT_ASSIGN_OR_RAISE(int index, input.requireFieldIndex(name));
      if (input.field(index)->type()->id() != wanted) {
        return Status::typeError("column '{}' ({}) is {}", name, what, input.field(index)->type()->toString());
      }
      return index;
    };
    const bool fromColumn = !options.windowEndColumn.empty();
    SABOT_ASSIGN_OR_RAISE(function->timeIndex_,
                          requireType(fromColumn ? options.windowEndColumn : options.timeColumn,
                                      columnar::TypeId::kTimestamp, "the window's time"));
    if (input.field(function->timeIndex_)->type()->timeUnit() != columnar::TimeUnit::kMilli) {
      return Status::typeError("column '{}' must be timestamp[ms]", input.field(function->timeIndex_)->name());
    }
    if (!fromColumn && options.tumblingSizeMs <= 0) {
      return Status::invalid("tumbling windows need a positive size, got {} ms", options.tumblingSizeMs);
    }
    SABOT_ASSIGN_OR_RAISE(function->valueIndex_,
                          requireType(options.valueColumn, columnar::TypeId::kInt64, "the maximised value"));
    if (!options.memberColumn.empty()) {
      SABOT_ASSIGN_OR_RAISE(function->memberIndex_,
                            requireType(options.memberColumn, columnar::TypeId::kBool, "the member flag"));
    }
    function->options_ = std::move(options);
    return function;
  }

  const columnar::SchemaPtr& schema() const { return output_; }

  Status processBatch(const columnar::RecordBatchPtr& batch, operators::ProcessContext& context) override {
    const columnar::Array& times = batch->column(timeIndex_);
    const columnar::Array& values = batch->column(valueIndex_);
    const columnar::Array* members = memberIndex_ >= 0 ? &batch->column(memberIndex_) : nullptr;
    for (int64_t row = 0; row < batch->numRows(); ++row) {
      if (!times.isValid(row) || !values.isValid(row)) continue;
      const int64_t time = times.value<int64_t>(row);
      const int64_t value = values.value<int64_t>(row);
      if (!options_.windowEndColumn.empty()) {
        const bool member = members == nullptr || (members->isValid(row) && members->boolValue(row));
        SABOT_RETURN_NOT_OK(add(time, value, member, *batch, row));
        continue;
      }
      const int64_t size = options_.tumblingSizeMs;
      const int64_t start = operators::floorDivide(time, size) * size;
      SABOT_RETURN_NOT_OK(add(start + size, value, true, *batch, row));
      if (options_.endIsInclusive && start == time) SABOT_RETURN_NOT_OK(add(time, value, false, *batch, row));
    }
    return Status::OK();
  }

  Status onWatermark(operators::ProcessContext& context) override {
    const runtime::EventTime watermark = context.currentWatermark();
    while (!windows_.empty() && windows_.begin()->first + options_.fireDelayMs <= watermark) {
      SABOT_RETURN_NOT_OK(fire(windows_.begin(), context));
    }
    firedThrough_ = std::max(firedThrough_, watermark);
    return Status::OK();
  }

  Status finish(operators::ProcessContext& context) override {
    while (!windows_.empty()) SABOT_RETURN_NOT_OK(fire(windows_.begin(), context));
    return Status::OK();
  }

  Status snapshotState(checkpoint::SnapshotWriter& out) override {
    out.write<int64_t>(firedThrough_);
    out.write<uint64_t>(windows_.size());
    for (const auto& [end, window] : windows_) {
      out.write<int64_t>(end);
      out.writeBool(window.max.has_value());
      out.write<int64_t>(window.max.value_or(0));
      out.write<uint64_t>(window.candidates.size());
      for (const Candidate& candidate : window.candidates) {
        out.write<int64_t>(candidate.value);
        out.writeBool(candidate.member);
        codec_.snapshot(candidate.row, out);
      }
    }
    return Status::OK();
  }

  Status restoreState(checkpoint::SnapshotReader& in) override {
    windows_.clear();
    SABOT_ASSIGN_OR_RAISE(firedThrough_, in.read<int64_t>());
    SABOT_ASSIGN_OR_RAISE(uint64_t windows, in.readCount(8));
    for (uint64_t w = 0; w < windows; ++w) {
      SABOT_ASSIGN_OR_RAISE(int64_t end, in.read<int64_t>());
      Window& window = windows_[end];
      SABOT_ASSIGN_OR_RAISE(bool hasMax, in.readBool());
      SABOT_ASSIGN_OR_RAISE(int64_t max, in.read<int64_t>());
      if (hasMax) window.max = max;
      SABOT_ASSIGN_OR_RAISE(uint64_t candidates, in.readCount(8));
      for (uint64_t c = 0; c < candidates; ++c) {
        Candidate candidate;
        SABOT_ASSIGN_OR_RAISE(candidate.value, in.read<int64_t>());
        SABOT_ASSIGN_OR_RAISE(candidate.member, in.readBool());
        SABOT_ASSIGN_OR_RAISE(candidate.row, codec_.restore(in));
        window.candidates.push_back(std::move(candidate));
      }
    }
    return Status::OK();
  }

 private:
  struct Candidate {
    int64_t value = 0;
    bool member = false;
    RowCodec::Row row;
  };
  struct Window {
    std::optional<int64_t> max;  ///< over the members; none before the first
    std::vector<Candidate> candidates;
  };

  WindowMaxFunction() = default;

  Status add(int64_t end, int64_t value, bool member, const columnar::RecordBatch& batch, int64_t row) {
    if (end + options_.fireDelayMs <= firedThrough_) {
      // The watermark promised no such row: upstream broke its contract,
      // and the window's result is already out.
      return Status::invalid("a row for the window ending at {} arrived after the watermark {} had fired it", end,
                             firedThrough_);
    }
    Window& window = windows_[end];
    if (window.max && value < *window.max) return Status::OK();
    if (member && (!window.max || value > *window.max)) {
      window.max = value;
      std::erase_if(window.candidates, [value](const Candidate& candidate) { return candidate.value < value; });
    }
    window.candidates.push_back(Candidate{value, member, codec_.read(batch, row)});
    return Status::OK();
  }

  Status fire(std::map<int64_t, Window>::iterator at, operators::ProcessContext& context) {
    const int64_t end = at->first;
    const Window window = std::move(at->second);
    windows_.erase(at);
    std::vector<const RowCodec::Row*> rows;
    std::vector<const Candidate*> kept;
    for (const Candidate& candidate : window.candidates) {
      // Partial: everything kept may still meet the overall maximum.
      if (options_.partial || (window.max && candidate.value == *window.max)) {
        rows.push_back(&candidate.row);
        kept.push_back(&candidate);
      }
    }
    if (rows.empty()) return Status::OK();
    SABOT_ASSIGN_OR_RAISE(columnar::RecordBatchPtr batch, codec_.toBatch(rows));
    if (!options_.partial) return context.emit(std::move(batch));
    columnar::NumericBuilder<int64_t> ends(columnar::timestamp(columnar::TimeUnit::kMilli));
    columnar::BooleanBuilder members;
    for (const Candidate* candidate : kept) {
      SABOT_RETURN_NOT_OK(ends.append(end));
      SABOT_RETURN_NOT_OK(members.append(candidate->member));
    }
    std::vector<columnar::Array> columns;
    SABOT_ASSIGN_OR_RAISE(columnar::Array endColumn, ends.finish());
    SABOT_ASSIGN_OR_RAISE(columnar::Array memberColumn, members.finish());
    columns.push_back(std::move(endColumn));
    columns.push_back(std::move(memberColumn));
    for (int c = 0; c < batch->numColumns(); ++c) columns.push_back(batch->column(c));
    SABOT_ASSIGN_OR_RAISE(auto withWindow,
                          columnar::RecordBatch::make(output_, static_cast<int64_t>(rows.size()), std::move(columns)));
    return context.emit(std::move(withWindow));
  }

  WindowMaxOptions options_;
  RowCodec codec_;
  columnar::SchemaPtr output_;
  int timeIndex_ = -1;
  int valueIndex_ = -1;
  int memberIndex_ = -1;
  std::map<int64_t, Window> windows_;
  runtime::EventTime firedThrough_ = runtime::kMinWatermark;
};

/// A process function stage running WindowMaxFunction, its options checked
/// against the stream's schema (a bad column is a planning error).
Result<api::DataStream> windowMax(const api::DataStream& input, const WindowMaxOptions& options, bool keyed,
                                  const std::string& name) {
  SABOT_RETURN_NOT_OK(input.status());
  const columnar::SchemaPtr schema = input.schema();
  SABOT_ASSIGN_OR_RAISE(auto checked, WindowMaxFunction::make(options, *schema));
  const columnar::SchemaPtr output = checked->schema();
  // Each subtask gets its own function; the options were checked above, so
  // make() fails here only if it ran out of memory (the operator then
  // reports that the factory returned nothing).
  api::ProcessFunctionFactory factory = [options, schema]() -> std::unique_ptr<operators::ProcessFunction> {
    auto function = WindowMaxFunction::make(options, *schema);
    if (!function.ok()) return nullptr;
    return std::move(*function);
  };
  api::DataStream stream =
      keyed ? input.keyBy({options.windowEndColumn}).process(factory, output) : input.process(factory, output);
  stream.name(name);
  return stream;
}

// ------------------------------------------------------ windowed queries

using api::Aggregate;
using api::WindowSpec;
using compute::call;
using compute::col;
using compute::lit;
using std::chrono::milliseconds;

constexpr int64_t kDayMs = 24 * 3600 * 1000;

/// COUNT(*) FILTER (WHERE price in rank k) is count(rank<k>_bid), a column
/// that is 1 in the rank and null outside it; COUNT(DISTINCT bidder) FILTER
/// (...) is count distinct of rank<k>_bidder, the bidder in the rank and null
/// outside it (count distinct skips nulls, as SQL's does).
std::vector<compute::Expression> priceRanks() {
  return {col("price") < lit(10'000), col("price") >= lit(10'000) && col("price") < lit(1'000'000),
          col("price") >= lit(1'000'000)};
}

/// The columns that make the ranked counts: rank<k>_bid, and with
/// `distincts` rank<k>_bidder and rank<k>_auction.
std::vector<compute::Expression> rankColumns(bool distincts) {
  std::vector<compute::Expression> columns;
  const auto ranks = priceRanks();
  for (size_t k = 0; k < ranks.size(); ++k) {
    const std::string rank = "rank" + std::to_string(k + 1);
    columns.push_back(call("case_when", {ranks[k], lit(1)}).alias(rank + "_bid"));
    if (!distincts) continue;
    columns.push_back(call("case_when", {ranks[k], col("bidder")}).alias(rank + "_bidder"));
    columns.push_back(call("case_when", {ranks[k], col("auction")}).alias(rank + "_auction"));
  }
  return columns;
}

std::vector<Aggregate> rankedCounts() {
  std::vector<Aggregate> aggregates = {Aggregate::countAll().as("total_bids")};
  for (int k = 1; k <= 3; ++k) {
    const std::string rank = "rank" + std::to_string(k);
    aggregates.push_back(Aggregate::count(rank + "_bid").as(rank + "_bids"));
  }
  return aggregates;
}

std::vector<Aggregate> rankedDistincts() {
  std::vector<Aggregate> aggregates;
  for (const char* what : {"bidder", "auction"}) {
    aggregates.push_back(Aggregate::countDistinct(what).as(fmt::format("total_{}s", what)));
    for (int k = 1; k <= 3; ++k) {
      aggregates.push_back(
          Aggregate::countDistinct(fmt::format("rank{}_{}", k, what)).as(fmt::format("rank{}_{}s", k, what)));
    }
  }
  return aggregates;
}

/// The ranked count columns of q15 and q16 in nexmark-flink's order.
std::vector<compute::Expression> rankedOutputs(bool distincts) {
  std::vector<compute::Expression> columns;
  for (const char* name : {"total_bids", "rank1_bids", "rank2_bids", "rank3_bids"}) columns.push_back(col(name));
  if (!distincts) return columns;
  for (const char* what : {"bidder", "auction"}) {
    columns.push_back(col(fmt::format("total_{}s", what)));
    for (int k = 1; k <= 3; ++k) columns.push_back(col(fmt::format("rank{}_{}s", k, what)));
  }
  return columns;
}

std::vector<compute::Expression> concat(std::vector<compute::Expression> first,
                                        const std::vector<compute::Expression>& second) {
  first.insert(first.end(), second.begin(), second.end());
  return first;
}

std::vector<Aggregate> concatAggregates(std::vector<Aggregate> first, const std::vector<Aggregate>& second) {
  first.insert(first.end(), second.begin(), second.end());
  return first;
}

compute::Expression dayOf(const char* column) { return call("date_format", {col(column), lit("yyyy-MM-dd")}); }

Result<api::DataStream> hotItems(const api::DataStream& bids) {
  api::DataStream counts = bids.keyBy({"auction"})
                               .window(WindowSpec::sliding("dateTime", milliseconds(10'000), milliseconds(2'000)))
                               .aggregate({Aggregate::countAll().as("num")});
  counts.name("q5 bids per auction and window");
  WindowMaxOptions options;
  options.windowEndColumn = "window_end";
  options.valueColumn = "num";
  options.rowColumns = {"auction", "num"};
  options.fireDelayMs = -1;
  return windowMax(counts, options, true, "q5 hottest auctions");
}

Result<api::DataStream> highestBid(const api::DataStream& bids) {
  const std::vector<std::string> bidColumns = {"auction", "bidder", "price", "dateTime", "extra"};
  WindowMaxOptions local;
  local.timeColumn = "dateTime";
  local.tumblingSizeMs = 10'000;
  local.endIsInclusive = true;
  local.valueColumn = "price";
  local.rowColumns = bidColumns;
  // Bids at exactly a window's end belong to it: wait until the watermark
  // is past them.
  local.fireDelayMs = 0;
  local.partial = true;
  SABOT_ASSIGN_OR_RAISE(api::DataStream candidates, windowMax(bids, local, false, "q7 local highest bids"));
  WindowMaxOptions global;
  global.windowEndColumn = "window_end";
  global.valueColumn = "price";
  global.memberColumn = "member";
  global.rowColumns = bidColumns;
  global.fireDelayMs = 0;
  return windowMax(candidates, global, true, "q7 highest bids");
}

Result<api::DataStream> userSessions(const api::DataStream& bids) {
  api::DataStream sessions = bids.keyBy({"bidder"})
                                 .window(WindowSpec::session("dateTime", milliseconds(10'000)))
                                 .aggregate({Aggregate::countAll().as("bid_count")});
  sessions.name("q11 sessions");
  api::DataStream result = sessions.select({col("bidder"), col("bid_count"), col("window_start").alias("starttime"),
                                            col("window_end").alias("endtime")});
  result.name("q11 select");
  return result;
}

/// Tumbling windows of 10 s on the clock: the rows' times play no part, so
/// the counts depend on when the bids arrive (only their total per bidder
/// is reproducible).
Result<api::DataStream> processingTimeWindows(const api::DataStream& bids) {
  api::DataStream counts = bids.keyBy({"bidder"})
                               .window(WindowSpec::tumblingProcessingTime(milliseconds(10'000)))
                               .aggregate({Aggregate::countAll().as("bid_count")});
  counts.name("q12 bids per bidder and processing-time window");
  api::DataStream result = counts.select({col("bidder"), col("bid_count"), col("window_start").alias("starttime"),
                                          col("window_end").alias("endtime")});
  result.name("q12 select");
  return result;
}

Result<api::DataStream> biddingStatistics(const api::DataStream& bids) {
  api::DataStream ranked = bids.select(concat({dayOf("dateTime").alias("day"), col("dateTime"), col("bidder"),
                                               col("auction")},
                                              rankColumns(true)));
  ranked.name("q15 ranks");
  api::DataStream perDay = ranked.keyBy({"day"})
                               .window(WindowSpec::tumbling("dateTime", milliseconds(kDayMs)))
                               .aggregate(concatAggregates(rankedCounts(), rankedDistincts()));
  perDay.name("q15 per day");
  api::DataStream result = perDay.select(concat({col("day")}, rankedOutputs(true)));
  result.name("q15 select");
  return result;
}

Result<api::DataStream> channelStatistics(const api::DataStream& bids) {
  api::DataStream ranked = bids.select(
      concat({col("channel"), col("dateTime"), col("bidder"), col("auction")}, rankColumns(true)));
  ranked.name("q16 ranks");
  // max(DATE_FORMAT(dateTime, 'HH:mm')) within one day is the HH:mm of the
  // day's latest bid: max(dateTime), formatted after the window.
  api::DataStream perDay =
      ranked.keyBy({"channel"})
          .window(WindowSpec::tumbling("dateTime", milliseconds(kDayMs)))
          .aggregate(concatAggregates(concatAggregates(rankedCounts(), rankedDistincts()),
                                      {Aggregate::max("dateTime").as("last_bid_time")}));
  perDay.name("q16 per channel and day");
  const compute::Expression lastBid = compute::cast(col("last_bid_time"), columnar::timestamp(columnar::TimeUnit::kMilli));
  api::DataStream result =
      perDay.select(concat({col("channel"), dayOf("window_start").alias("day"),
                            call("date_format", {lastBid, lit("HH:mm")}).alias("minute")},
                           rankedOutputs(true)));
  result.name("q16 select");
  return result;
}

Result<api::DataStream> auctionStatistics(const api::DataStream& bids) {
  api::DataStream ranked = bids.select(concat({col("auction"), col("dateTime"), col("price")}, rankColumns(false)));
  ranked.name("q17 ranks");
  api::DataStream perDay =
      ranked.keyBy({"auction"})
          .window(WindowSpec::tumbling("dateTime", milliseconds(kDayMs)))
          .aggregate(concatAggregates(rankedCounts(), {Aggregate::min("price").as("min_price"),
                                                       Aggregate::max("price").as("max_price"),
                                                       Aggregate::sum("price").as("sum_price")}));
  perDay.name("q17 per auction and day");
  // Flink's AVG of a BIGINT is a BIGINT: the sum divided by the count,
  // truncated.
  api::DataStream result = perDay.select(concat(
      {col("auction"), dayOf("window_start").alias("day")},
      concat(rankedOutputs(false), {col("min_price"), col("max_price"),
                                    (col("sum_price") / col("total_bids")).alias("avg_price"), col("sum_price")})));
  result.name("q17 select");
  return result;
}

Result<api::DataStream> newUsers(const api::DataStream& persons, const api::DataStream& auctions) {
  const auto tumbling = [](const char* column) { return WindowSpec::tumbling(column, milliseconds(10'000)); };
  // The two GROUP BYs of nexmark-flink's q8: persons per (id, name, window)
  // (ids are unique, so one row each) and sellers per window (many auctions
  // of the hot seller become one row).
  api::DataStream personWindows =
      persons.keyBy({"id", "name"}).window(tumbling("dateTime")).aggregate({Aggregate::countAll().as("persons")});
  personWindows.name("q8 persons per window");
  api::DataStream newPersons =
      personWindows.select({col("id"), col("name"), col("window_start").alias("person_window")});
  newPersons.name("q8 persons select");
  api::DataStream sellerWindows =
      auctions.keyBy({"seller"}).window(tumbling("dateTime")).aggregate({Aggregate::countAll().as("auctions")});
  sellerWindows.name("q8 sellers per window");
  api::DataStream sellers = sellerWindows.select({col("seller"), col("window_start").alias("seller_window")});
  sellers.name("q8 sellers select");
  // Both sides are stamped with their window's start, so the join's own
  // tumbling windows are exactly theirs: equal ids in equal windows join.
  api::DataStream joined =
      newPersons.keyBy({"id"}).windowJoin(sellers.keyBy({"seller"}), tumbling("person_window"), "seller_window");
  joined.name("q8 persons join sellers");
  api::DataStream result = joined.select({col("id"), col("name"), col("window_start").alias("starttime")});
  result.name("q8 select");
  return result;
}

/// ROW_NUMBER() OVER (PARTITION BY bidder, auction ORDER BY dateTime DESC) = 1.
Result<api::DataStream> lastBid(const api::DataStream& bids) {
  TopRowsOptions options;
  options.rowColumns = {"auction", "bidder", "price", "channel", "url", "dateTime", "extra"};
  options.orderBy = {{"dateTime", /*descending=*/true}};
  options.limit = 1;
  options.stateName = "q18 last bid";
  return topRowsPerKey(bids.keyBy({"bidder", "auction"}), options, "q18 last bid per bidder and auction");
}

/// ROW_NUMBER() OVER (PARTITION BY auction ORDER BY price DESC) <= 10.
Result<api::DataStream> topPrices(const api::DataStream& bids) {
  TopRowsOptions options;
  options.rowColumns = {"auction", "bidder", "price", "channel", "url", "dateTime", "extra"};
  options.orderBy = {{"price", /*descending=*/true}};
  options.limit = 10;
  options.rankColumn = "rank_number";
  options.stateName = "q19 top prices";
  return topRowsPerKey(bids.keyBy({"auction"}), options, "q19 top 10 bids per auction");
}

/// The operators of a query that is not stateless, between its sources
/// (one stream per query.inputs) and the sink.
Result<api::DataStream> buildPlannedQuery(const connectors::NexmarkQuery& query,
                                          const std::vector<api::DataStream>& inputs) {
  if (inputs.size() != query.inputs.size() || inputs.empty()) {
    return Status::internal("Nexmark query {} reads {} streams but got {}", query.name, query.inputs.size(),
                            inputs.size());
  }
  if (query.inputs.size() == 2) {
    if (inputs.size() != 2) return Status::internal("{} reads two streams, got {}", query.name, inputs.size());
    // In the order of query.inputs.
    if (query.name == "q8") return newUsers(inputs[0], inputs[1]);
    if (query.name == "q3") return localItemSuggestion(inputs[0], inputs[1]);
    if (query.name == "q4") return averagePriceByCategory(inputs[0], inputs[1]);
    if (query.name == "q6") return averageSellingPriceBySeller(inputs[0], inputs[1]);
    if (query.name == "q9") return winningBids(inputs[0], inputs[1]);
    if (query.name == "q20") return expandBidWithAuction(inputs[0], inputs[1]);
    return Status::internal("Nexmark query {} reads two streams but has no builder", query.name);
  }
  const api::DataStream& bids = inputs.front();
  if (query.name == "q5") return hotItems(bids);
  if (query.name == "q7") return highestBid(bids);
  if (query.name == "q11") return userSessions(bids);
  if (query.name == "q12") return processingTimeWindows(bids);
  if (query.name == "q15") return biddingStatistics(bids);
  if (query.name == "q16") return channelStatistics(bids);
  if (query.name == "q17") return auctionStatistics(bids);
  if (query.name == "q18") return lastBid(bids);
  if (query.name == "q19") return topPrices(bids);
  return Status::internal("Nexmark query {} has a plan ('{}') but no builder", query.name, query.plan);
}

}  // namespace

Result<std::unique_ptr<NexmarkJob>> NexmarkJob::plan(const NexmarkJobSpec& spec) {
  if (spec.events <= 0) return Status::invalid("--events must be positive, got {}", spec.events);
  if (spec.batchRows <= 0) return Status::invalid("--batch-rows must be positive, got {}", spec.batchRows);
  if (spec.parallelism < 0) return Status::invalid("--parallelism must be positive, got {}", spec.parallelism);
  if (!std::isfinite(spec.rate) || spec.rate < 0) {
    return Status::invalid("--rate must be a positive number of events per second (0: unthrottled), got {}", spec.rate);
  }
  if (spec.format == "parquet") {
    return Status::unsupported("--format parquet is not supported yet: Sabot has no Parquet writer");
  }
  if (!spec.format.empty() && spec.output.empty()) {
    return Status::invalid("--format {} needs --output PATH (without it the results are discarded)", spec.format);
  }
  auto state = std::make_unique<State>();
  state->spec = spec;
  SABOT_ASSIGN_OR_RAISE(state->query, connectors::nexmarkQuery(spec.query));

  runtime::JobConfig& config = state->config;
  SABOT_RETURN_NOT_OK(applyCheckpointOptions(spec.checkpointing, {}, config));
  if (config.checkpoints.enabled() && config.checkpoints.restoreFrom.empty() && !spec.force) {
    const auto leftovers = leftoverCheckpoints(config.checkpoints.directory);
    if (!leftovers.empty()) {
      return Status::invalid("--checkpoint-dir '{}' holds checkpoints of an earlier run ({}); resume it with "
                             "--restore-from latest, or pass --force to delete them and start over",
                             config.checkpoints.directory, leftovers.front().filename().string());
    }
  }
  state->parallelism =
      spec.parallelism > 0 ? spec.parallelism : static_cast<int32_t>(std::max(1u, std::thread::hardware_concurrency()));
  config.parallelism = state->parallelism;
  config.batchRows = spec.batchRows;
  state->env = api::StreamEnvironment::create(config);

  const connectors::NexmarkQuery& query = state->query;
  // One source per stream the query reads, all over the same generator
  // configuration: each walks the whole event stream, split over its
  // subtasks block-interleaved, and keeps its own kind of event, so every
  // stream is complete whatever the parallelism. With --rate each source
  // walks the event stream at that rate, so the stream, all kinds counted,
  // still advances at --rate events per second.
  std::vector<api::DataStream> inputs;
  for (const connectors::NexmarkStream kind : query.inputs) {
    SABOT_ASSIGN_OR_RAISE(auto source, connectors::NexmarkSource::make(nexmarkConfigFor(spec.events, spec.seed), kind,
                                                                       spec.rate));
    const std::string name = query.inputs.size() == 1 ? "nexmark" : "nexmark " + streamName(kind);
    // Each source subtask reads its positions in order, so its rows come in
    // event-time order: for the windowed queries the watermark trails the
    // latest row by 1 ms, and no row is ever late.
    inputs.push_back(
        query.stateless()
            ? state->env.fromSource(source, name)
            : state->env.fromSource(source, time::WatermarkStrategy::forMonotonousTimestamps("dateTime"), name));
  }
  api::DataStream stream = inputs.front();
  if (query.stateless()) {
    if (query.filter) stream = stream.filter(*query.filter).name(query.name + " where");
    stream = stream.select(query.projection).name(query.name + " select");
  } else {
    SABOT_ASSIGN_OR_RAISE(stream, buildPlannedQuery(query, inputs));
  }
  if (spec.output.empty()) {
    stream.sinkTo(std::make_shared<connectors::DiscardSink>()).name("discard");
  } else {
    SABOT_ASSIGN_OR_RAISE(state->fileSink, makeFileSink(spec));
    stream.sinkTo(state->fileSink).name("write " + spec.output);
  }
  if (spec.alsoSinkTo != nullptr) stream.sinkTo(spec.alsoSinkTo).name("collect");
  SABOT_RETURN_NOT_OK(state->env.status());
  return std::unique_ptr<NexmarkJob>(new NexmarkJob(std::move(state)));
}

const connectors::NexmarkQuery& NexmarkJob::query() const { return state_->query; }

std::string NexmarkJob::describe() const { return state_->env.describe(); }

const runtime::JobConfig& NexmarkJob::config() const { return state_->config; }

Result<NexmarkJobReport> NexmarkJob::run(const ProgressCallback& onProgress, const JobStartedCallback& onStarted) {
  const runtime::CheckpointConfig& checkpoints = state_->config.checkpoints;
  const bool fresh = checkpoints.restoreFrom.empty();
  if (state_->spec.force && fresh) {
    // Start over: the part files and checkpoints of an earlier run would
    // otherwise mix with this one's (a fresh run numbers checkpoints from 1).
    if (state_->fileSink != nullptr) SABOT_RETURN_NOT_OK(state_->fileSink->removeExistingParts());
    if (checkpoints.enabled()) {
      for (const auto& leftover : leftoverCheckpoints(checkpoints.directory)) {
        std::error_code error;
        std::filesystem::remove_all(leftover, error);
        if (error) return Status::ioError("cannot remove old checkpoint '{}': {}", leftover.string(), error.message());
      }
    }
  }
  SABOT_ASSIGN_OR_RAISE(auto job, state_->env.executeAsync("nexmark " + state_->query.name));
  if (onStarted) onStarted(*job);
  Result<runtime::JobResult> result = waitReportingProgress(*job, onProgress);
  SABOT_RETURN_NOT_OK(result.status());
  NexmarkJobReport report;
  report.rowsIn = result->recordsRead();
  // The first sink is the output (or the discarding sink); a second one
  // (alsoSinkTo) receives the same rows.
  report.rowsOut = result->sinkIds.empty() ? 0 : result->metrics.totalOf(result->sinkIds.front()).recordsIn;
  report.parallelism = result->metrics.totalOf(result->sourceIds.empty() ? 0 : result->sourceIds.front()).parallelism;
  report.result = std::move(*result);
  return report;
}

}  // namespace sabot::cli
