// `sabot nexmark --query qN`: runs one Nexmark query over the standard
// generated event stream and reports its throughput as one JSON line.

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <thread>

#include <fmt/format.h>

#include "sabot/cli/Cli.h"
#include "sabot/cli/Command.h"
#include "sabot/cli/NexmarkJob.h"
#include "sabot/cli/ProgressLine.h"

namespace sabot::cli {

namespace {

int fail(int exitCode, const Status& status) {
  std::fprintf(stderr, "sabot nexmark: %s\n", status.toString().c_str());
  return exitCode;
}

/// What the process used so far: peak memory and CPU time of all threads.
struct ResourceUsage {
  int64_t peakRssBytes = 0;  ///< Linux reports KiB
  double cpuSeconds = 0;     ///< user + system
};

ResourceUsage resourceUsage() {
  rusage usage{};
  if (getrusage(RUSAGE_SELF, &usage) != 0) return {};
  const auto seconds = [](const timeval& time) {
    return static_cast<double>(time.tv_sec) + static_cast<double>(time.tv_usec) * 1e-6;
  };
  return {static_cast<int64_t>(usage.ru_maxrss) * 1024, seconds(usage.ru_utime) + seconds(usage.ru_stime)};
}

std::string queryList() {
  std::string text;
  for (const auto& info : connectors::nexmarkQueryCatalog()) {
    text += fmt::format("  {:<4} {:<32} {}\n", info.name, info.title,
                        info.implemented() ? "runs" : "needs " + info.missing);
  }
  return text;
}

/// JSON string contents: the few characters a path may hold that JSON
/// must escape.
std::string jsonEscaped(const std::string& text) {
  std::string escaped;
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      escaped += '\\';
      escaped += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      escaped += fmt::format("\\u{:04x}", static_cast<int>(static_cast<unsigned char>(c)));
    } else {
      escaped += c;
    }
  }
  return escaped;
}

int runNexmark(const NexmarkJobSpec& spec) {
  auto job = NexmarkJob::plan(spec);
  if (!job.ok()) return fail(kExitUsage, job.status());
  const runtime::JobConfig& config = (*job)->config();

  ProgressLine progress;
  NexmarkJob::ProgressCallback onProgress;
  const runtime::RestartingExecution* running = nullptr;
  if (progress.enabled()) {
    // Nodes 0 .. inputs-1 are the sources (one per stream the query reads,
    // e.g. persons and auctions for q8); the last node is the sink.
    const auto sources = static_cast<int32_t>((*job)->query().inputs.size());
    const char* what = sources == 1 && (*job)->query().inputs.front() == connectors::NexmarkStream::kBids ? "bids"
                                                                                                         : "rows";
    onProgress = [&progress, &running, sources, what](const runtime::JobMetrics& metrics, double seconds) {
      int64_t in = 0;
      for (int32_t node = 0; node < sources; ++node) in += metrics.totalOf(static_cast<uint32_t>(node)).recordsOut;
      const int64_t out = metrics.subtasks.empty() ? 0 : metrics.totalOf(metrics.subtasks.back().nodeId).recordsIn;
      std::string line = fmt::format("  {} {:>14}  rows out {:>14}  {:>9} {}/s  {:6.1f} s", what,
                                     ProgressLine::withThousands(in), ProgressLine::withThousands(out),
                                     ProgressLine::rate(in / std::max(seconds, 1e-9)), what, seconds);
      if (running != nullptr && running->checkpointStats().triggered > 0) {
        line += fmt::format("  checkpoints {}", running->checkpointStats().completed);
      }
      progress.show(line);
    };
  }
  auto report =
      (*job)->run(onProgress, [&running](const runtime::RestartingExecution& started) { running = &started; });
  progress.finish();
  if (!report.ok()) return fail(kExitFailure, report.status());

  const runtime::JobResult& result = report->result;
  const double seconds = std::max(result.seconds, 1e-9);
  const int32_t cores =
      std::min<int32_t>(report->parallelism, static_cast<int32_t>(std::max(1u, std::thread::hardware_concurrency())));
  const double eventsPerSecond = static_cast<double>(spec.events) / seconds;
  std::string checkpoints;
  if (!result.restoredFrom.empty()) checkpoints += fmt::format(", restored from {}", result.restoredFrom);
  if (config.checkpoints.enabled()) {
    checkpoints += fmt::format(", {} checkpoints in {}", result.checkpoints.completed, config.checkpoints.directory);
  }
  std::fprintf(stderr, "sabot nexmark: %s over %s events: %s rows in, %s rows out%s%s, %.3f s, parallelism %d%s\n",
               (*job)->query().name.c_str(), ProgressLine::withThousands(spec.events).c_str(),
               ProgressLine::withThousands(report->rowsIn).c_str(), ProgressLine::withThousands(report->rowsOut).c_str(),
               spec.output.empty() ? " (discarded)" : " to ", spec.output.c_str(), result.seconds,
               report->parallelism, checkpoints.c_str());
  // The last line on stdout: what benchmark scripts parse.
  const ResourceUsage usage = resourceUsage();
  std::printf(
      "{\"query\":\"%s\",\"events\":%lld,\"seconds\":%.6f,\"events_per_second\":%.0f,"
      "\"events_per_second_per_core\":%.0f,\"cores\":%d,\"checkpoints\":%lld,\"peak_rss_bytes\":%lld,"
      "\"parallelism\":%d,\"rows_in\":%lld,\"rows_out\":%lld,\"cpu_seconds\":%.3f,\"state_backend\":\"%s\","
      "\"rate\":%.0f,\"restored_from\":\"%s\"}\n",
      (*job)->query().name.c_str(), static_cast<long long>(spec.events), result.seconds, eventsPerSecond,
      eventsPerSecond / cores, cores, static_cast<long long>(result.checkpoints.completed),
      static_cast<long long>(usage.peakRssBytes), report->parallelism, static_cast<long long>(report->rowsIn),
      static_cast<long long>(report->rowsOut), usage.cpuSeconds,
      std::string(runtime::stateBackendName(config.stateBackend.kind)).c_str(), spec.rate,
      jsonEscaped(result.restoredFrom).c_str());
  std::fflush(stdout);
  return kExitSuccess;
}

}  // namespace

void registerNexmarkCommand(CLI::App& app, CommandAction& chosen) {
  auto spec = std::make_shared<NexmarkJobSpec>();
  auto* command = app.add_subcommand(
      "nexmark",
      "Run one Nexmark query over the standard generated stream (the bids; the joins read two\n"
      "of persons, auctions and bids: q3, q8 persons and auctions, q4, q6, q9, q20 auctions and\n"
      "bids) through the streaming runtime:\n"
      "  sabot nexmark --query q1 --events 10000000              (benchmark: results discarded)\n"
      "  sabot nexmark --query q2 --events 50000 --output q2.csv (results to a file)\n"
      "Result columns are named and ordered as in nexmark-flink's SQL. The generator\n"
      "subtasks split the stream in blocks of 50 events, so the results do not depend on\n"
      "--parallelism, and 'sabot nexmark-gen' with the same --events and --seed writes\n"
      "exactly the events a run reads. The windowed queries (q5, q7, q8, q11, q15-q17) take\n"
      "watermarks from the rows' dateTime and emit every window, the last ones at the end\n"
      "of input; q12's windows are on the wall clock (counts depend on timing). q3 and q20\n"
      "are regular joins, emitting each pair as it is found; q9 (winning bids), q4 and q6\n"
      "(averages over them), q18 and q19 keep rows per key in keyed state and emit them at\n"
      "the end of input. A progress line shows on stderr in a terminal.\n"
      "The last line on stdout is one JSON object:\n"
      "  {\"query\", \"events\" (generated, all kinds), \"seconds\" (job wall time),\n"
      "   \"events_per_second\", \"events_per_second_per_core\" (divided by \"cores\": the\n"
      "   parallelism, at most the machine's cores), \"checkpoints\" (completed in this run),\n"
      "   \"peak_rss_bytes\", \"parallelism\", \"rows_in\" (rows the sources read), \"rows_out\",\n"
      "   \"cpu_seconds\" (user + system time of the whole process: the honest cost on a\n"
      "   shared machine), \"state_backend\", \"rate\" (0: unthrottled), \"restored_from\"}\n"
      "Exactly-once: with --checkpoint-dir and --checkpoint-interval the output must be a\n"
      "directory (part files made visible per checkpoint); after a crash, rerun the same\n"
      "command with --restore-from latest:\n"
      "  sabot nexmark --query q5 --events 5000000 --state-backend rocksdb --output q5/ --format csv \\\n"
      "                --checkpoint-dir ckpt --checkpoint-interval 1000 [--restore-from latest]\n"
      "Queries:\n" +
          queryList() +
          "Exit codes: 0 done, 1 the job failed, 2 bad usage (unknown or unsupported query,\n"
          "bad flags, existing output without --force).");
  command->add_option("--query,-q", spec->query, "The query, e.g. q5 (the list above shows which ones run)")->required();
  command->add_option("--events,-n", spec->events, "Nexmark events to generate (all kinds; 46 in 50 are bids)")
      ->capture_default_str();
  command->add_option("--parallelism,-p", spec->parallelism, "Subtasks per operator (default: one per core)")
      ->check(CLI::Range(1, 1 << 16));
  command->add_option("--seed", spec->seed, "Generator seed; 0 is the standard Nexmark data set")
      ->capture_default_str();
  command->add_option("--batch-rows", spec->batchRows, "Rows per Arrow record batch")->capture_default_str();
  command->add_option("--output,-o", spec->output,
                      "Write the results to this file, or to part files in this directory/ (default: discard them)");
  command->add_option("--format", spec->format,
                      "Output format: csv, jsonl, arrow (IPC file), arrows (IPC stream); default: by extension");
  command->add_flag("--force", spec->force,
                    "Replace the output if it exists (and, starting fresh, delete old checkpoints in --checkpoint-dir)");
  command->add_option("--rate", spec->rate,
                      "Throttle the generator to this many events per second of wall-clock time (default: unthrottled)");
  addCheckpointOptions(command, spec->checkpointing,
                       "with rocksdb, windows and keyed process functions keep their state in RocksDB; joins keep "
                       "theirs in memory; all of it is checkpointed; the stateless queries keep none");
  command->callback([&chosen, spec] { chosen.action = [spec] { return runNexmark(*spec); }; });
}

}  // namespace sabot::cli
