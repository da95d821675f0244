// `sabot demo`: Sabot's main job. Nexmark q5 (hot items) on the embedded
// defaults: the generator as a parallel source, the sliding-window count in
// RocksDB state, exactly-once checkpoints and part files in a local
// directory, a live progress line, then what came out and where it is.

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include <fmt/format.h>

#include "sabot/cli/Cli.h"
#include "sabot/cli/Command.h"
#include "sabot/cli/NexmarkJob.h"
#include "sabot/cli/ProgressLine.h"
#include "sabot/connectors/CollectSink.h"

namespace sabot::cli {

namespace {

namespace fs = std::filesystem;

struct DemoOptions {
  /// Nexmark events (all kinds; 46 in 50 are bids). At the standard 10,000
  /// events per second of event time, 8M events are 13 minutes of
  /// auctions: about a minute on two cores with q5's windows in RocksDB
  /// (bench/RESULTS.md: 140K events/s), a few seconds in memory.
  int64_t events = 8'000'000;
  int64_t batchRows = 8192;
  int32_t parallelism = 0;  ///< 0: one per core
  uint64_t seed = 0;        ///< 0 is the standard Nexmark data set
  std::string directory = "sabot-demo";
  std::string stateBackend = "rocksdb";
  int64_t checkpointIntervalMs = 500;
};

/// What the q5 results say: per auction, in how many 10 s windows it had
/// the most bids, and its highest count.
struct HotAuction {
  int64_t auction = 0;
  int64_t windowsOnTop = 0;
  int64_t mostBids = 0;
};

std::vector<HotAuction> hotAuctions(const connectors::CollectSink& results, int64_t& rows) {
  std::map<int64_t, HotAuction> byAuction;
  rows = 0;
  for (const auto& batch : results.batches()) {
    const columnar::Array& auctions = batch->column(0);
    const columnar::Array& counts = batch->column(1);
    for (int64_t r = 0; r < batch->numRows(); ++r) {
      ++rows;
      if (!auctions.isValid(r) || !counts.isValid(r)) continue;
      HotAuction& hot = byAuction[auctions.value<int64_t>(r)];
      hot.auction = auctions.value<int64_t>(r);
      hot.windowsOnTop += 1;
      hot.mostBids = std::max(hot.mostBids, counts.value<int64_t>(r));
    }
  }
  std::vector<HotAuction> ranked;
  for (const auto& [auction, hot] : byAuction) ranked.push_back(hot);
  std::sort(ranked.begin(), ranked.end(), [](const HotAuction& a, const HotAuction& b) {
    if (a.windowsOnTop != b.windowsOnTop) return a.windowsOnTop > b.windowsOnTop;
    if (a.mostBids != b.mostBids) return a.mostBids > b.mostBids;
    return a.auction < b.auction;
  });
  return ranked;
}

/// Rows and files of the committed CSV part files (each has a header line).
struct PartFiles {
  int64_t files = 0;
  int64_t rows = 0;
};

Result<PartFiles> readBackParts(const fs::path& directory) {
  PartFiles parts;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(directory, error)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("part-", 0) != 0) continue;  // hidden names are not committed
    std::ifstream in(entry.path());
    if (!in) return Status::ioError("cannot read back '{}'", entry.path().string());
    std::string line;
    int64_t lines = 0;
    while (std::getline(in, line)) ++lines;
    parts.files += 1;
    parts.rows += std::max<int64_t>(0, lines - 1);
  }
  if (error) return Status::ioError("cannot list '{}': {}", directory.string(), error.message());
  return parts;
}

/// Where q5's sliding-window state lives with `backend`.
std::string windowStateWhere(runtime::StateBackendKind backend, const fs::path& directory) {
  if (backend == runtime::StateBackendKind::kRocksDb) {
    return "window panes and timers in RocksDB under " + directory.string();
  }
  return "window panes in memory";
}

std::string megabytes(int64_t bytes) { return fmt::format("{:.1f} MB", static_cast<double>(bytes) / 1e6); }

Status runDemoJob(const DemoOptions& options) {
  const fs::path directory(options.directory);
  const fs::path output = directory / "q5";
  const fs::path checkpoints = directory / "checkpoints";
  const fs::path state = directory / "state";
  std::error_code error;
  fs::create_directories(directory, error);
  if (error) return Status::ioError("cannot create the demo directory '{}': {}", directory.string(), error.message());

  NexmarkJobSpec spec;
  spec.query = "q5";
  spec.events = options.events;
  spec.seed = options.seed;
  spec.parallelism = options.parallelism;
  spec.batchRows = options.batchRows;
  // Each demo run starts over: --force removes the last run's part files
  // and checkpoints.
  spec.output = output.string() + "/";
  spec.format = "csv";
  spec.force = true;
  spec.checkpointing.checkpointDir = checkpoints.string();
  spec.checkpointing.checkpointIntervalMs = options.checkpointIntervalMs;
  spec.checkpointing.stateBackend = options.stateBackend;
  spec.checkpointing.stateDir = state.string();
  auto results = std::make_shared<connectors::CollectSink>();
  spec.alsoSinkTo = results;
  SABOT_ASSIGN_OR_RAISE(auto job, NexmarkJob::plan(spec));
  const runtime::JobConfig& config = job->config();

  std::printf("Sabot demo: Nexmark q5 (hot items) over %s events of the standard generator\n",
              ProgressLine::withThousands(options.events).c_str());
  std::printf("  the auctions with the most bids in every 10 s window, sliding every 2 s (event time)\n");
  std::printf("  state backend: %s (%s),\n"
              "  exactly-once checkpoints every %lld ms into %s\n\n",
              std::string(runtime::stateBackendName(config.stateBackend.kind)).c_str(),
              windowStateWhere(config.stateBackend.kind, state).c_str(),
              static_cast<long long>(options.checkpointIntervalMs), checkpoints.c_str());
  std::printf("Job graph (sabot::api::StreamEnvironment::describe):\n%s\n", job->describe().c_str());
  std::fflush(stdout);

  ProgressLine progress;
  const runtime::RestartingExecution* running = nullptr;
  int64_t calls = 0;
  const auto onProgress = [&](const runtime::JobMetrics& metrics, double seconds) {
    const int64_t bids = metrics.totalOf(0).recordsOut;
    const runtime::CheckpointStats stats = running != nullptr ? running->checkpointStats() : runtime::CheckpointStats{};
    const std::string line = fmt::format("  bids {:>12}  {:>8} bids/s  checkpoints {:>3}  {:6.1f} s",
                                         ProgressLine::withThousands(bids),
                                         ProgressLine::rate(bids / std::max(seconds, 1e-9)), stats.completed, seconds);
    if (progress.enabled()) {
      progress.show(line);
    } else if (++calls % 8 == 0) {
      // Not a terminal (a log, CI): a plain line every two seconds.
      std::printf("%s\n", line.c_str());
      std::fflush(stdout);
    }
  };
  auto report = job->run(onProgress, [&running](const runtime::RestartingExecution& started) {
    running = &started;
    std::printf("Tasks (operators fused along forward edges), on %d worker threads:\n%s\n", started.numThreads(),
                started.describePhysical().c_str());
    std::printf("Running (q5's windows fire as the watermark passes them; the last ones at the end):\n");
    std::fflush(stdout);
  });
  progress.finish();
  SABOT_RETURN_NOT_OK(report.status());
  const runtime::JobResult& result = report->result;

  int64_t resultRows = 0;
  const std::vector<HotAuction> ranked = hotAuctions(*results, resultRows);
  SABOT_ASSIGN_OR_RAISE(PartFiles parts, readBackParts(output));
  if (parts.rows != report->rowsOut || resultRows != report->rowsOut) {
    return Status::internal("the job wrote {} result rows, but {} came back from {} and {} were collected",
                            report->rowsOut, parts.rows, output.string(), resultRows);
  }

  std::printf("\nHottest auctions (windows in which the auction had the most bids; a tie tops a window\n"
              "for every auction in it):\n");
  for (size_t i = 0; i < std::min<size_t>(5, ranked.size()); ++i) {
    std::printf("  auction %-8lld on top of %5lld windows, up to %5lld bids in 10 s\n",
                static_cast<long long>(ranked[i].auction), static_cast<long long>(ranked[i].windowsOnTop),
                static_cast<long long>(ranked[i].mostBids));
  }
  std::printf("\nPer operator and subtask:\n%s\n", result.metrics.toString().c_str());

  const double seconds = std::max(result.seconds, 1e-9);
  const double eventsPerSecond = static_cast<double>(options.events) / seconds;
  const int32_t cores =
      std::min<int32_t>(report->parallelism, static_cast<int32_t>(std::max(1u, std::thread::hardware_concurrency())));
  std::printf("Summary\n");
  std::printf("  events        %s Nexmark events, %s of them bids\n", ProgressLine::withThousands(options.events).c_str(),
              ProgressLine::withThousands(report->rowsIn).c_str());
  std::printf("  throughput    %s events/s over %d subtasks (%s events/s per core), %.1f s\n",
              ProgressLine::rate(eventsPerSecond).c_str(), report->parallelism,
              ProgressLine::rate(eventsPerSecond / cores).c_str(), result.seconds);
  std::printf("  results       %s rows (auction, num) in %lld part files in %s, read back and verified\n",
              ProgressLine::withThousands(parts.rows).c_str(), static_cast<long long>(parts.files), output.c_str());
  std::printf("  checkpoints   %lld completed (%lld failed) in %s while it ran",
              static_cast<long long>(result.checkpoints.completed), static_cast<long long>(result.checkpoints.failed),
              checkpoints.c_str());
  if (!result.checkpoints.lastCompletedPath.empty()) {
    std::printf("; the last, %s, held %s of state and took %lld ms",
                fs::path(result.checkpoints.lastCompletedPath).filename().c_str(),
                megabytes(result.checkpoints.lastSizeBytes).c_str(),
                static_cast<long long>(result.checkpoints.lastDurationMs));
  }
  // What is on disk now: the retained checkpoint and the final one the job
  // wrote when its input ended.
  std::string kept;
  for (const auto& entry : fs::directory_iterator(checkpoints, error)) {
    if (entry.path().filename().string().rfind("chk-", 0) == 0) kept += " " + entry.path().filename().string();
  }
  std::printf("\n                on disk now:%s\n", kept.empty() ? " none" : kept.c_str());
  std::printf("  state         backend %s: %s (checkpointed)\n",
              std::string(runtime::stateBackendName(config.stateBackend.kind)).c_str(),
              windowStateWhere(config.stateBackend.kind, state).c_str());
  std::printf("\nThe same job from the command line, and how to resume it after a crash:\n");
  std::printf("  sabot nexmark --query q5 --events %lld -p %d --state-backend %s --state-dir %s \\\n"
              "                --output %s/ --format csv --checkpoint-dir %s --checkpoint-interval %lld --force\n",
              static_cast<long long>(options.events), report->parallelism,
              std::string(runtime::stateBackendName(config.stateBackend.kind)).c_str(), state.c_str(), output.c_str(),
              checkpoints.c_str(), static_cast<long long>(options.checkpointIntervalMs));
  std::printf("  ... then, after kill -9: the same command with --restore-from latest instead of --force\n");
  std::printf("  sabot checkpoint inspect %s --id latest     (what a checkpoint holds)\n", checkpoints.c_str());
  return Status::OK();
}

int runDemo(const DemoOptions& options) {
  if (options.events <= 0 || options.batchRows <= 0 || options.checkpointIntervalMs <= 0) {
    std::fprintf(stderr, "sabot demo: --events, --batch-rows and --checkpoint-interval must be positive\n");
    return kExitUsage;
  }
  if (Status status = runDemoJob(options); !status.ok()) {
    std::fprintf(stderr, "sabot demo: %s\n", status.toString().c_str());
    return status.isUserError() ? kExitUsage : kExitFailure;
  }
  return kExitSuccess;
}

}  // namespace

void registerDemoCommand(CLI::App& app, CommandAction& chosen) {
  auto options = std::make_shared<DemoOptions>();
  auto* command = app.add_subcommand(
      "demo",
      "Run Sabot's main job: Nexmark q5 (hot items: the auctions with the most bids in every\n"
      "10 s window, sliding every 2 s) over the standard generator, one subtask per core,\n"
      "window state in RocksDB, exactly-once checkpoints and CSV part files under --dir\n"
      "(DIR/checkpoints, DIR/q5/, DIR/state; each run starts over). Shows the job graph, a\n"
      "progress line, the hottest auctions, per-subtask metrics, throughput and where the\n"
      "checkpoints are.");
  command->add_option("--events", options->events, "Nexmark events to generate (46 in 50 are bids)")
      ->capture_default_str();
  command->add_option("--batch-rows", options->batchRows, "Rows per Arrow record batch")->capture_default_str();
  command->add_option("--parallelism,-p", options->parallelism, "Subtasks per operator (default: one per core)")
      ->check(CLI::NonNegativeNumber);
  command->add_option("--dir", options->directory, "Where results, checkpoints and RocksDB state go")
      ->capture_default_str();
  command->add_option("--state-backend", options->stateBackend, "Where the windows keep their panes and timers: rocksdb or memory")
      ->capture_default_str();
  command->add_option("--checkpoint-interval", options->checkpointIntervalMs, "Milliseconds between checkpoints")
      ->capture_default_str();
  command->add_option("--seed", options->seed, "Generator seed; 0 is the standard Nexmark data set")->capture_default_str();
  command->callback([&chosen, options] { chosen.action = [options] { return runDemo(*options); }; });
}

}  // namespace sabot::cli
