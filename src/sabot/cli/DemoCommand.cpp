// `sabot demo`: a first look at Sabot. The demo runs a streaming job on the
// runtime over the standard Nexmark bid stream: parallel generator subtasks
// -> filter -> projection (Nexmark q1, dollars to euros) -> an LZ4-compressed
// Arrow IPC stream, then reads the file back and checks it.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "sabot/api/StreamEnvironment.h"
#include "sabot/cli/Cli.h"
#include "sabot/cli/Command.h"
#include "sabot/cli/ProgressLine.h"
#include "sabot/connectors/CollectSink.h"
#include "sabot/connectors/FileSink.h"
#include "sabot/connectors/NexmarkSource.h"
#include "sabot/compute/Expression.h"
#include "sabot/ipc/IpcStreamReader.h"

namespace sabot::cli {

namespace {

using columnar::RecordBatchPtr;

struct DemoOptions {
  int64_t events = 10'000'000;  ///< Nexmark events; 46 in 50 are bids
  int64_t batchRows = 8192;
  int32_t parallelism = 0;  ///< 0: one per core
  std::string output;
  uint64_t seed = 0;  ///< 0 is the standard Nexmark data set
};

/// The five auction windows with the most bids.
void printBusiestWindows(const connectors::CollectSink& windows) {
  struct Row {
    int64_t bids;
    std::string text;
  };
  std::vector<Row> rows;
  int64_t total = 0;
  for (const auto& batch : windows.batches()) {
    for (int64_t r = 0; r < batch->numRows(); ++r) {
      const int64_t bids = batch->column(3).values<int64_t>()[r];
      total += bids;
      rows.push_back({bids, fmt::format("  auction {:>8}  window {} .. {}  {:>6} bids, top price {}",
                                        batch->column(0).formatValue(r), batch->column(1).formatValue(r),
                                        batch->column(2).formatValue(r), bids, batch->column(4).formatValue(r))});
    }
  }
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.bids > b.bids; });
  std::printf("Busiest auctions per 10 s window (event time, %s windows, %s bids):\n",
              ProgressLine::withThousands(static_cast<int64_t>(rows.size())).c_str(),
              ProgressLine::withThousands(total).c_str());
  for (size_t i = 0; i < std::min<size_t>(5, rows.size()); ++i) std::printf("%s\n", rows[i].text.c_str());
  std::printf("\n");
}

Status runDemoJob(const DemoOptions& options, const std::filesystem::path& output) {
  using namespace compute;
  runtime::JobConfig config;
  config.parallelism = options.parallelism > 0 ? options.parallelism
                                               : static_cast<int32_t>(std::max(1u, std::thread::hardware_concurrency()));
  config.batchRows = options.batchRows;
  auto env = api::StreamEnvironment::create(config);

  connectors::NexmarkConfig nexmark;
  nexmark.numEvents = options.events;
  nexmark.seed = options.seed;
  SABOT_ASSIGN_OR_RAISE(auto source, connectors::NexmarkSource::make(nexmark, connectors::NexmarkStream::kBids));
  ipc::Compression compression = ipc::Compression::kLz4Frame;
  SABOT_ASSIGN_OR_RAISE(auto sink, connectors::FileSink::make(output, connectors::FileFormat::kArrowStream,
                                                              connectors::FileSink::Layout::kSingleFile, compression,
                                                              /*overwrite=*/true));
  // Nexmark q1 (dollars to euros) with a q2-style filter: bids of at least
  // 1,000,000 (prices are in cents, as the generator makes them).
  api::DataStream bidStream = env.fromSource(
      source, time::WatermarkStrategy::forBoundedOutOfOrderness("dateTime", std::chrono::seconds(1)), "nexmark bids");
  bidStream.filter(col("price") >= lit(1000000))
      .select({col("auction"), col("bidder"),
               (cast(col("price"), columnar::float64()) * lit(0.908)).alias("price_eur"), col("channel"),
               col("dateTime")})
      .name("q1 euros")
      .sinkTo(sink)
      .name("arrow file");
  // And an event-time window on the same stream: bids per auction in
  // tumbling 10-second windows (a Nexmark q5-style count).
  auto windows = std::make_shared<connectors::CollectSink>();
  bidStream.keyBy({"auction"})
      .window(operators::WindowSpec::tumbling("dateTime", std::chrono::seconds(10)))
      .aggregate({operators::Aggregate::countAll().as("bids"), operators::Aggregate::max("price").as("top_price")})
      .sinkTo(windows)
      .name("window results");
  SABOT_RETURN_NOT_OK(env.status());

  std::printf("Sabot demo: %lld Nexmark events (the bids) through a streaming job into %s\n\n",
              static_cast<long long>(options.events), output.c_str());
  std::printf("Job graph (sabot::api::StreamEnvironment::describe):\n%s\n", env.describe().c_str());

  SABOT_ASSIGN_OR_RAISE(auto job, env.executeAsync("demo"));
  std::printf("Tasks (operators fused along forward edges), on %d worker threads:\n%s\n", job->numThreads(),
              job->describePhysical().c_str());
  std::fflush(stdout);
  ProgressLine progress;
  const auto start = std::chrono::steady_clock::now();
  std::thread reporter;
  std::atomic<bool> done{false};
  if (progress.enabled()) {
    reporter = std::thread([&] {
      while (!done.load()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        const runtime::JobMetrics metrics = job->metrics();
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const int64_t bids = metrics.totalOf(0).recordsOut;
        progress.show(fmt::format("  bids in {:>12}  rows out {:>10}  {:>8} bids/s  {:5.1f} s",
                                  ProgressLine::withThousands(bids),
                                  ProgressLine::withThousands(metrics.totalOf(3).recordsIn),
                                  ProgressLine::rate(bids / std::max(seconds, 1e-9)), seconds));
      }
    });
  }
  Result<runtime::JobResult> result = job->wait();
  done = true;
  if (reporter.joinable()) reporter.join();
  progress.finish();
  SABOT_RETURN_NOT_OK(result.status());

  // Read the file back with the IPC reader and check every row arrived.
  int64_t rowsBack = 0;
  int64_t batchesBack = 0;
  RecordBatchPtr firstOutput;
  SABOT_ASSIGN_OR_RAISE(auto reader, ipc::IpcStreamReader::make(output));
  while (true) {
    SABOT_ASSIGN_OR_RAISE(RecordBatchPtr batch, reader->next());
    if (!batch) break;
    if (!firstOutput && batch->numRows() > 0) firstOutput = batch;
    rowsBack += batch->numRows();
    ++batchesBack;
  }
  const int64_t bids = result->recordsRead();
  const int64_t rowsOut = result->metrics.totalOf(3).recordsIn;  // the Arrow file sink
  if (rowsBack != rowsOut) return Status::internal("wrote {} rows but read back {}", rowsOut, rowsBack);

  if (firstOutput) {
    std::printf("First rows of the output:\n%s\n",
                firstOutput->slice(0, std::min<int64_t>(5, firstOutput->numRows()))->toString().c_str());
  }
  const auto fileBytes = std::filesystem::file_size(output);
  const double seconds = result->seconds;
  printBusiestWindows(*windows);
  std::printf("Per operator and subtask:\n%s\n", result->metrics.toString().c_str());
  std::printf("Summary\n");
  std::printf("  events               %lld Nexmark events, %lld of them bids\n", static_cast<long long>(options.events),
              static_cast<long long>(bids));
  std::printf("  bids passing filter  %lld (%.1f%%)\n", static_cast<long long>(rowsOut),
              100.0 * static_cast<double>(rowsOut) / static_cast<double>(std::max<int64_t>(1, bids)));
  std::printf("  throughput           %.1f M events/s over %d subtasks (%.1f M events/s per core)\n",
              static_cast<double>(options.events) / 1e6 / std::max(seconds, 1e-9), result->metrics.totalOf(0).parallelism,
              static_cast<double>(options.events) / 1e6 / std::max(seconds, 1e-9) /
                  std::max(1u, std::thread::hardware_concurrency()));
  std::printf("  output               %s, %.1f MB, %lld batches, read back and verified\n", output.c_str(),
              static_cast<double>(fileBytes) / 1e6, static_cast<long long>(batchesBack));
  std::printf("  wall time            %.3f s\n", seconds);
  std::printf("\nNext: sabot convert %s out.csv   (or .jsonl, .arrow)\n", output.c_str());
  std::printf("      sabot run-file --input out.csv --where 'price_eur > 5000' --output big.jsonl\n");
  return Status::OK();
}

int runDemo(const DemoOptions& options) {
  if (options.events <= 0 || options.batchRows <= 0) {
    std::fprintf(stderr, "sabot demo: --events and --batch-rows must be positive\n");
    return kExitUsage;
  }
  std::filesystem::path output = options.output;
  if (output.empty()) {
    std::error_code error;
    output = std::filesystem::temp_directory_path(error) / "sabot-demo-bids.arrows";
  }
  if (Status status = runDemoJob(options, output); !status.ok()) {
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
      "Run the demo job on the streaming runtime: Nexmark bids (standard generator, one\n"
      "subtask per core) -> filter (price >= 1,000,000) -> projection (q1: price in euros)\n"
      "-> LZ4-compressed Arrow IPC stream, read back and verified; and on the same stream\n"
      "bids per auction in tumbling 10 s event-time windows.\n"
      "Prints progress on a terminal and a summary with throughput.");
  command->add_option("--events", options->events, "Nexmark events to generate (46 in 50 are bids)")
      ->capture_default_str();
  command->add_option("--batch-rows", options->batchRows, "Rows per Arrow record batch")
      ->capture_default_str();
  command->add_option("--parallelism,-p", options->parallelism, "Subtasks per operator (default: one per core)")
      ->check(CLI::NonNegativeNumber);
  command->add_option("--output", options->output,
                      "Where to write the Arrow IPC stream (default: a file in the temp dir)");
  command->add_option("--seed", options->seed, "Generator seed; 0 is the standard Nexmark data set")->capture_default_str();
  command->callback([&chosen, options] { chosen.action = [options] { return runDemo(*options); }; });
}

}  // namespace sabot::cli
