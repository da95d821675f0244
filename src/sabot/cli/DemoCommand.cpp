// `sabot demo`: a first look at Sabot. Until the streaming runtime lands, the
// demo runs the columnar core end to end on the standard Nexmark bid stream:
// generate Arrow batches, filter and project them with compiled expressions
// (Nexmark q1 and a q2-style filter), write them as a compressed Arrow IPC
// stream, read it back and check it.

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "sabot/cli/Cli.h"
#include "sabot/cli/Command.h"
#include "sabot/connectors/NexmarkGenerator.h"
#include "sabot/connectors/NexmarkSchemas.h"
#include "sabot/compute/Expression.h"
#include "sabot/compute/Selection.h"
#include "sabot/ipc/IpcStreamReader.h"
#include "sabot/ipc/IpcStreamWriter.h"

namespace sabot::cli {

namespace {

using columnar::RecordBatchPtr;
using columnar::SchemaPtr;
using Clock = std::chrono::steady_clock;

struct DemoOptions {
  int64_t events = 10'000'000;  ///< Nexmark events; 46 in 50 are bids
  int64_t batchRows = 8192;
  std::string output;
  uint64_t seed = 0;  ///< 0 is the standard Nexmark data set
};

struct DemoTotals {
  int64_t eventsIn = 0;
  int64_t bidsIn = 0;
  int64_t rowsOut = 0;
  int64_t bytesOut = 0;
  double generateSeconds = 0;
  double processSeconds = 0;
};

void printProgress(const DemoTotals& totals, int64_t target, Clock::time_point start) {
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  std::fprintf(stderr, "\r  %5.1f%%  events in %'12lld  rows out %'12lld  %8.2f M events/s  %6.1f s",
               100.0 * static_cast<double>(totals.eventsIn) / static_cast<double>(target),
               static_cast<long long>(totals.eventsIn), static_cast<long long>(totals.rowsOut),
               static_cast<double>(totals.eventsIn) / 1e6 / std::max(elapsed, 1e-9), elapsed);
}

Status runDemoJob(const DemoOptions& options, const std::filesystem::path& output) {
  using namespace compute;
  const SchemaPtr schema = connectors::nexmarkBidSchema();
  // Nexmark q1 (dollars to euros) with a q2-style filter: bids of at least
  // 1,000,000 (prices are in cents, as the generator makes them).
  const Expression predicate = col("price") >= lit(1000000);
  const std::vector<Expression> projection = {
      col("auction"), col("bidder"),
      (cast(col("price"), columnar::float64()) * lit(0.908)).alias("price_eur"), col("channel"),
      col("date_time")};
  SABOT_ASSIGN_OR_RAISE(BoundExpression boundPredicate, bind(predicate, *schema));
  SABOT_ASSIGN_OR_RAISE(Projection boundProjection, Projection::make(projection, *schema));

  std::printf("Sabot demo: %lld Nexmark events (the bids) through filter + projection into %s\n",
              static_cast<long long>(options.events), output.c_str());
  std::printf("  source:        Nexmark generator, standard settings, bids only\n");
  std::printf("  input schema:  auction, bidder, price, channel, url, date_time, extra\n");
  std::printf("  filter:        %s\n", boundPredicate.toString().c_str());
  std::printf("  project:       auction, bidder, price * 0.908 AS price_eur, channel, date_time (q1)\n");
  std::printf("  sink:          Arrow IPC stream, LZ4-compressed\n\n");

  ipc::IpcWriteOptions writeOptions;
  writeOptions.compression = ipc::Compression::kLz4Frame;
  SABOT_ASSIGN_OR_RAISE(auto writer,
                        ipc::IpcStreamWriter::make(output, boundProjection.outputSchema(), writeOptions));
  connectors::NexmarkConfig config;
  config.numEvents = options.events;
  config.seed = options.seed;
  SABOT_ASSIGN_OR_RAISE(auto generator, connectors::NexmarkGenerator::make(config));
  DemoTotals totals;
  RecordBatchPtr firstOutput;
  const bool interactive = isatty(STDERR_FILENO) != 0;
  const auto start = Clock::now();
  auto lastProgress = start;
  while (true) {
    auto t0 = Clock::now();
    const int64_t positionBefore = generator.position();
    SABOT_ASSIGN_OR_RAISE(RecordBatchPtr batch, generator.nextBidBatch(options.batchRows));
    auto t1 = Clock::now();
    if (!batch) break;
    SABOT_ASSIGN_OR_RAISE(Array mask, evaluate(boundPredicate, *batch));
    SABOT_ASSIGN_OR_RAISE(RecordBatchPtr selected, filter(*batch, mask));
    SABOT_ASSIGN_OR_RAISE(RecordBatchPtr projected, boundProjection.project(*selected));
    auto t2 = Clock::now();
    SABOT_RETURN_NOT_OK(writer->writeBatch(*projected));
    totals.generateSeconds += std::chrono::duration<double>(t1 - t0).count();
    totals.processSeconds += std::chrono::duration<double>(t2 - t1).count();
    totals.eventsIn += generator.position() - positionBefore;
    totals.bidsIn += batch->numRows();
    totals.rowsOut += projected->numRows();
    if (!firstOutput && projected->numRows() > 0) firstOutput = projected;
    if (interactive && Clock::now() - lastProgress > std::chrono::milliseconds(200)) {
      printProgress(totals, options.events, start);
      lastProgress = Clock::now();
    }
  }
  SABOT_RETURN_NOT_OK(writer->close());
  if (interactive) {
    printProgress(totals, options.events, start);
    std::fprintf(stderr, "\n");
  }
  const double totalSeconds = std::chrono::duration<double>(Clock::now() - start).count();

  // Read the file back with the IPC reader and check every row arrived.
  int64_t rowsBack = 0;
  int64_t batchesBack = 0;
  SABOT_ASSIGN_OR_RAISE(auto reader, ipc::IpcStreamReader::make(output));
  while (true) {
    SABOT_ASSIGN_OR_RAISE(RecordBatchPtr batch, reader->next());
    if (!batch) break;
    rowsBack += batch->numRows();
    ++batchesBack;
  }
  if (rowsBack != totals.rowsOut) {
    return Status::internal("wrote {} rows but read back {}", totals.rowsOut, rowsBack);
  }

  if (firstOutput) {
    std::printf("First rows of the output:\n%s\n", firstOutput->slice(0, std::min<int64_t>(5, firstOutput->numRows()))->toString().c_str());
  }
  const auto fileBytes = std::filesystem::file_size(output);
  std::printf("Summary\n");
  std::printf("  events generated     %lld (%lld bids) in %.3f s, %.1f M events/s\n",
              static_cast<long long>(totals.eventsIn), static_cast<long long>(totals.bidsIn),
              totals.generateSeconds,
              static_cast<double>(totals.eventsIn) / 1e6 / std::max(totals.generateSeconds, 1e-9));
  std::printf("  bids passing filter  %lld (%.1f%%)\n", static_cast<long long>(totals.rowsOut),
              100.0 * static_cast<double>(totals.rowsOut) / static_cast<double>(std::max<int64_t>(1, totals.bidsIn)));
  std::printf("  filter + projection  %.3f s, %.1f M bids/s on one core\n", totals.processSeconds,
              static_cast<double>(totals.bidsIn) / 1e6 / std::max(totals.processSeconds, 1e-9));
  std::printf("  output               %s, %.1f MB, %lld batches, read back and verified\n",
              output.c_str(), static_cast<double>(fileBytes) / 1e6, static_cast<long long>(batchesBack));
  std::printf("  wall time            %.3f s\n", totalSeconds);
  std::printf("\nNext: sabot convert %s out.csv   (or .jsonl, .arrow)\n", output.c_str());
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
      "Run the demo job: Nexmark bids (standard generator) -> filter (price >= 1,000,000)\n"
      "-> projection (q1: price in euros) -> LZ4-compressed Arrow IPC stream, read back\n"
      "and verified.\n"
      "Prints progress on a terminal and a summary with throughput.");
  command->add_option("--events", options->events, "Nexmark events to generate (46 in 50 are bids)")
      ->capture_default_str();
  command->add_option("--batch-rows", options->batchRows, "Rows per Arrow record batch")
      ->capture_default_str();
  command->add_option("--output", options->output,
                      "Where to write the Arrow IPC stream (default: a file in the temp dir)");
  command->add_option("--seed", options->seed, "Generator seed; 0 is the standard Nexmark data set")->capture_default_str();
  command->callback([&chosen, options] { chosen.action = [options] { return runDemo(*options); }; });
}

}  // namespace sabot::cli
