#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "sabot/base/Result.h"
#include "sabot/cli/CheckpointOptions.h"
#include "sabot/cli/JobProgress.h"
#include "sabot/cli/TextInputOptions.h"
#include "sabot/runtime/JobExecution.h"

namespace sabot::cli {

/// A `sabot run-file` job: read files, keep the rows a SQL condition
/// accepts, compute SQL expressions, write files. Given by flags or by a
/// YAML job file (see docs/run-file.md).
struct RunFileSpec {
  std::string name = "run-file";
  /// A file or a directory of files.
  std::string input;
  /// csv, jsonl, arrow, arrows; empty: from each file's extension.
  std::string inputFormat;
  TextInputOptions text;
  /// A SQL boolean expression over the input columns; empty keeps every row.
  std::string where;
  /// A SQL select list; empty keeps every column.
  std::string select;
  /// A file, a directory for part files (an existing directory, or a path
  /// ending in '/'), or "-" for CSV on stdout.
  std::string output;
  std::string outputFormat;
  std::string compression = "none";
  bool force = false;
  /// Subtasks per operator; 0: one per core.
  int32_t parallelism = 0;
  /// Checkpoints (where, how often, where to resume from) and the state
  /// backend: the flags run-file shares with nexmark.
  CheckpointOptions checkpointing;
  /// What to do when the job fails: "none", "fixed:ATTEMPTS:DELAY_MS" or
  /// "exponential:INITIAL_MS:MAX_MS[:MULTIPLIER[:ATTEMPTS[:RESET_MS]]]"
  /// (runtime::parseRestartStrategy).
  std::string restartStrategy = "none";
  /// Relative paths are taken from here (the job file's directory); empty:
  /// the working directory.
  std::filesystem::path baseDirectory;
};

/// What a finished run reports.
struct RunFileReport {
  runtime::JobResult result;
  int64_t filesRead = 0;
  int64_t rowsSkipped = 0;
  int64_t rowsDeadLettered = 0;
  int64_t checkpoints = 0;
};

/// A planned run-file job: every check that needs no data is done.
class RunFileJob {
 public:
  /// Checks the spec, the input and the output, parses the expressions and
  /// binds them to the input's schema. Failing here is a usage or
  /// configuration error (exit code 2).
  static Result<std::unique_ptr<RunFileJob>> plan(const RunFileSpec& spec);
  ~RunFileJob();

  /// The operators of the job, as `StreamEnvironment::describe()` prints them.
  std::string describe() const;
  /// Runs the job; `onProgress` (may be empty) is called about four times a
  /// second from another thread with the live metrics. Failing here is a
  /// job failure (exit code 1).
  using ProgressCallback = cli::ProgressCallback;
  Result<RunFileReport> run(const ProgressCallback& onProgress = {});

  const RunFileSpec& spec() const { return spec_; }

  struct State;

 private:
  RunFileJob(RunFileSpec spec, std::unique_ptr<State> state);
  RunFileSpec spec_;
  std::unique_ptr<State> state_;
};

/// Reads a YAML job file; relative paths in it are relative to its
/// directory. Errors name the file, line and column.
Result<RunFileSpec> parseJobFile(const std::filesystem::path& path);
/// parseJobFile() of text; `sourceName` names it in errors.
Result<RunFileSpec> parseJobYaml(const std::string& text, const std::string& sourceName,
                                 const std::filesystem::path& baseDirectory);

}  // namespace sabot::cli
