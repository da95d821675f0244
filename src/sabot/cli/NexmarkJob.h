#pragma once

#include <functional>
#include <memory>
#include <string>

#include "sabot/base/Result.h"
#include "sabot/cli/JobProgress.h"
#include "sabot/connectors/NexmarkConfig.h"
#include "sabot/connectors/NexmarkQueries.h"
#include "sabot/runtime/JobExecution.h"

namespace sabot::cli {

/// The generator settings of `sabot nexmark` and `sabot nexmark-gen`: the
/// standard Nexmark configuration with `events` events and `seed`. Both
/// commands build their generators from this one function, which is what
/// makes nexmark-gen's files hold exactly the events a query run reads.
connectors::NexmarkConfig nexmarkConfigFor(int64_t events, uint64_t seed);

/// One `sabot nexmark` run: a Nexmark query over the generated stream.
struct NexmarkJobSpec {
  std::string query;
  int64_t events = 10'000'000;
  uint64_t seed = 0;
  /// Subtasks per operator; 0: one per core.
  int32_t parallelism = 0;
  int64_t batchRows = 8192;
  /// A file for the results; empty: a discarding sink (the benchmark).
  std::string output;
  /// csv, jsonl, arrow, arrows; empty: from the output's extension.
  std::string format;
  bool force = false;
};

/// What a finished run reports.
struct NexmarkJobReport {
  runtime::JobResult result;
  /// Subtasks of the source (and of every operator up to the sink).
  int32_t parallelism = 0;
  /// Bids the source read and rows the sink received.
  int64_t rowsIn = 0;
  int64_t rowsOut = 0;
};

/// A planned `sabot nexmark` job: source (the Nexmark generator, split
/// block-interleaved over the subtasks) -> filter -> projection -> sink, all
/// checked before anything runs.
class NexmarkJob {
 public:
  /// Looks the query up and builds the job. Failing here is a usage error
  /// (exit code 2): bad numbers, an unknown or unsupported query, an
  /// unknown output format, an existing output without `force`.
  static Result<std::unique_ptr<NexmarkJob>> plan(const NexmarkJobSpec& spec);
  ~NexmarkJob();

  const connectors::NexmarkQuery& query() const;
  /// The operators, as StreamEnvironment::describe() prints them.
  std::string describe() const;

  /// Runs the job; `onProgress` (may be empty) is called about four times
  /// a second from another thread with the live metrics.
  using ProgressCallback = cli::ProgressCallback;
  Result<NexmarkJobReport> run(const ProgressCallback& onProgress = {});

  struct State;

 private:
  explicit NexmarkJob(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace sabot::cli
