// `sabot run-file`: a streaming job over files, described by flags or a
// YAML job file: read, filter with SQL, project with SQL, write.

#include <cstdio>

#include "sabot/cli/Cli.h"
#include "sabot/cli/Command.h"
#include "sabot/cli/ProgressLine.h"
#include "sabot/cli/RunFileJob.h"

namespace sabot::cli {

namespace {

struct RunFileOptions {
  RunFileSpec spec;
  std::string jobFile;
  bool explain = false;
  /// Flags given on the command line (they override the job file).
  bool parallelismGiven = false;
  bool restartGiven = false;
};

int fail(int exitCode, const Status& status) {
  std::fprintf(stderr, "sabot run-file: %s\n", status.toString().c_str());
  return exitCode;
}

/// The most subtasks any operator of the job ran with.
int32_t maxParallelism(const runtime::JobMetrics& metrics) {
  int32_t most = 1;
  for (const auto& subtask : metrics.subtasks) most = std::max(most, subtask.parallelism);
  return most;
}

int runFile(const RunFileOptions& options) {
  RunFileSpec spec = options.spec;
  if (!options.jobFile.empty()) {
    auto fromFile = parseJobFile(options.jobFile);
    if (!fromFile.ok()) return fail(kExitUsage, fromFile.status());
    const bool force = spec.force;
    const int32_t parallelism = spec.parallelism;
    const std::string restoreFrom = spec.checkpointing.restoreFrom;
    const std::string restartStrategy = spec.restartStrategy;
    spec = std::move(*fromFile);
    spec.force = spec.force || force;
    if (!restoreFrom.empty()) spec.checkpointing.restoreFrom = restoreFrom;
    if (options.parallelismGiven) spec.parallelism = parallelism;
    if (options.restartGiven) spec.restartStrategy = restartStrategy;
  }
  auto job = RunFileJob::plan(spec);
  if (!job.ok()) return fail(kExitUsage, job.status());
  if (options.explain) {
    std::printf("%s", (*job)->describe().c_str());
    return kExitSuccess;
  }

  ProgressLine progress;
  RunFileJob::ProgressCallback onProgress;
  if (progress.enabled()) {
    onProgress = [&progress](const runtime::JobMetrics& metrics, double seconds) {
      // Node 0 is the source; the last node is the sink.
      const int64_t in = metrics.totalOf(0).recordsOut;
      const int64_t out = metrics.subtasks.empty() ? 0 : metrics.totalOf(metrics.subtasks.back().nodeId).recordsIn;
      progress.show(fmt::format("  rows in {:>14}  out {:>14}  {:>9} rows/s  {:6.1f} s", ProgressLine::withThousands(in),
                                ProgressLine::withThousands(out), ProgressLine::rate(in / std::max(seconds, 1e-9)),
                                seconds));
    };
  }
  auto report = (*job)->run(onProgress);
  progress.finish();
  if (!report.ok()) return fail(kExitFailure, report.status());

  const runtime::JobResult& result = report->result;
  const int64_t rowsIn = result.recordsRead();
  std::fprintf(stderr, "sabot run-file: %s rows read from %lld file%s, %s rows written to %s in %.3f s (%s rows/s, parallelism %d)",
               ProgressLine::withThousands(rowsIn).c_str(), static_cast<long long>(report->filesRead),
               report->filesRead == 1 ? "" : "s", ProgressLine::withThousands(result.recordsWritten()).c_str(),
               spec.output == "-" ? "stdout" : spec.output.c_str(), result.seconds,
               ProgressLine::rate(rowsIn / std::max(result.seconds, 1e-9)).c_str(),
               maxParallelism(result.metrics));
  if (report->checkpoints > 0) {
    std::fprintf(stderr, ", %lld checkpoints", static_cast<long long>(report->checkpoints));
  }
  if (result.restarts > 0) {
    std::fprintf(stderr, ", restarted %d time%s", result.restarts, result.restarts == 1 ? "" : "s");
  }
  if (report->rowsSkipped > 0) {
    std::fprintf(stderr, ", %lld bad rows skipped", static_cast<long long>(report->rowsSkipped));
  }
  if (report->rowsDeadLettered > 0) {
    std::fprintf(stderr, ", %lld bad rows written to %s", static_cast<long long>(report->rowsDeadLettered),
                 spec.text.deadLetter.c_str());
  }
  std::fprintf(stderr, "\n");
  return kExitSuccess;
}

}  // namespace

void registerRunFileCommand(CLI::App& app, CommandAction& chosen) {
  auto options = std::make_shared<RunFileOptions>();
  RunFileSpec& spec = options->spec;
  auto* command = app.add_subcommand(
      "run-file",
      "Run a streaming job over files: read CSV, JSON lines or Arrow IPC (a file or a\n"
      "directory), keep the rows a SQL condition accepts, compute SQL expressions, write.\n"
      "  sabot run-file --input bids.csv --where 'price > 100 AND channel IN (\\'apple\\')' \\\n"
      "                 --select 'auction, price * 0.908 AS euros' --output euros.jsonl\n"
      "  sabot run-file --job job.yaml       (the same job as a YAML file; see docs/run-file.md)\n"
      "An output file appears only when its writer finished (it is written under a hidden\n"
      "name first). An output directory (existing, or a path ending in /) gets one part\n"
      "file per subtask. Exit codes: 0 done, 1 the job failed (bad data, I/O), 2 bad usage\n"
      "or configuration.");
  auto* jobOption = command->add_option("--job", options->jobFile, "A YAML job file (input, where, select, output, ...)");
  auto* input = command->add_option("--input,-i", spec.input, "Input file, or a directory of files");
  auto* output = command->add_option("--output,-o", spec.output,
                                     "Output file, directory/ (part files), or - for CSV on stdout");
  auto* where = command->add_option("--where", spec.where, "SQL condition, e.g. \"price > 100 AND category IN (10, 12)\"");
  auto* select = command->add_option("--select", spec.select,
                                     "SQL select list, e.g. \"auction, price * 0.908 AS euros\" (default: every column)");
  auto* from = command->add_option("--from", spec.inputFormat, "Input format: csv, jsonl, arrow, arrows (default: by extension)");
  auto* to = command->add_option("--to", spec.outputFormat, "Output format: csv, jsonl, arrow, arrows (default: by extension)");
  command->add_option("--compression", spec.compression, "Buffer compression of Arrow IPC output: none, lz4, zstd")
      ->capture_default_str();
  command->add_option("--parallelism,-p", spec.parallelism, "Subtasks per operator (default: one per core)")
      ->check(CLI::PositiveNumber);
  command->add_option("--name", spec.name, "Job name in logs and errors")->capture_default_str();
  addTextInputOptions(command, spec.text);
  command->add_flag("--force", spec.force, "Replace the output file if it exists");
  addCheckpointOptions(command, spec.checkpointing, "a filter/select job keeps none");
  command
      ->add_option("--restart-strategy", spec.restartStrategy,
                   "After a failure: none, fixed:ATTEMPTS:DELAY_MS, or exponential:INITIAL_MS:MAX_MS (restarts\n"
                   "from the latest checkpoint, or from the beginning without one)")
      ->capture_default_str();
  command->add_flag("--explain", options->explain, "Print the job's operators and exit without running it");
  // A job file describes the whole job; only how to run it may be added.
  (void)input, (void)output, (void)where, (void)select, (void)from, (void)to;
  for (CLI::Option* option : command->get_options()) {
    const std::string name = option->get_name();
    if (option == jobOption || name == "--help" || name == "--parallelism" || name == "--force" || name == "--explain" ||
        name == "--restore-from" || name == "--state-backend" || name == "--state-dir" ||
        name == "--restart-strategy") {
      continue;
    }
    jobOption->excludes(option);
  }
  command->callback([&chosen, options, command] {
    options->parallelismGiven = command->count("--parallelism") > 0;
    options->restartGiven = command->count("--restart-strategy") > 0;
    if (options->jobFile.empty() && (options->spec.input.empty() || options->spec.output.empty())) {
      throw CLI::RequiredError("run-file needs --input and --output, or --job FILE");
    }
    chosen.action = [options] { return runFile(*options); };
  });
}

}  // namespace sabot::cli
