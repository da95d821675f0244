#pragma once

#include <functional>
#include <memory>
#include <string>

#include "sabot/base/Result.h"
#include "sabot/cli/CheckpointOptions.h"
#include "sabot/cli/JobProgress.h"
#include "sabot/connectors/NexmarkConfig.h"
#include "sabot/connectors/NexmarkQueries.h"
#include "sabot/runtime/JobExecution.h"
#include "sabot/runtime/RestartingExecution.h"
#include "sabot/runtime/Sink.h"

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
  /// A file, or a directory for part files (a path ending in '/' or an
  /// existing directory; needed with checkpoints), for the results; empty:
  /// a discarding sink (the benchmark).
  std::string output;
  /// csv, jsonl, arrow, arrows; empty: from the output's extension (a
  /// directory needs it).
  std::string format;
  /// Replace an existing output; with checkpoints and no restore, also
  /// delete the checkpoints an earlier run left in the checkpoint directory.
  bool force = false;
  /// Checkpoints and the state backend: the flags run-file has too.
  CheckpointOptions checkpointing;
  /// Events per second of wall-clock time over all source subtasks (the
  /// source paces itself); 0: as fast as the job consumes.
  double rate = 0;
  /// A second sink that also receives the results (the demo keeps them in
  /// memory for its summary); null: none.
  std::shared_ptr<const runtime::Sink> alsoSinkTo;
};

/// What a finished run reports.
struct NexmarkJobReport {
  runtime::JobResult result;
  /// Subtasks of the source (and of every operator up to the sink).
  int32_t parallelism = 0;
  /// Rows the sources read and rows the sink received (in this run: after a
  /// restore, from the checkpoint's position on).
  int64_t rowsIn = 0;
  int64_t rowsOut = 0;
};

/// Called once the job runs, before waiting for it (the demo prints its
/// tasks; progress callbacks may read its checkpoint statistics).
using JobStartedCallback = std::function<void(const runtime::RestartingExecution& job)>;

/// A planned `sabot nexmark` job: source (the Nexmark generator, split
/// block-interleaved over the subtasks, paced to `rate` if set) -> the
/// query's operators -> sink, all checked before anything runs.
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
  Result<NexmarkJobReport> run(const ProgressCallback& onProgress = {}, const JobStartedCallback& onStarted = {});
  /// The job's settings (checkpoints, state backend, parallelism).
  const runtime::JobConfig& config() const;

  struct State;

 private:
  explicit NexmarkJob(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace sabot::cli
