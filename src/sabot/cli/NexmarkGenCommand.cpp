// `sabot nexmark-gen`: writes the Nexmark person, auction and bid tables to
// files, so that another engine can run the same queries over exactly the
// events `sabot nexmark` processes.

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>

#include <fmt/format.h>

#include "sabot/cli/Cli.h"
#include "sabot/cli/Command.h"
#include "sabot/cli/NexmarkJob.h"
#include "sabot/cli/ProgressLine.h"
#include "sabot/connectors/FileFormat.h"
#include "sabot/connectors/NexmarkGenerator.h"
#include "sabot/connectors/NexmarkSchemas.h"

namespace sabot::cli {

namespace {

namespace fs = std::filesystem;
using connectors::FileFormat;

struct NexmarkGenOptions {
  int64_t events = 1'000'000;
  std::string output;
  std::string format = "csv";
  uint64_t seed = 0;
  /// Events per generated run (each gives up to three batches).
  int64_t batchEvents = 8192;
  bool force = false;
};

/// A failure with the exit code it should end the process with.
struct Failure {
  int exitCode;
  Status status;
};

int report(const Failure& failure) {
  std::fprintf(stderr, "sabot nexmark-gen: %s\n", failure.status.toString().c_str());
  return failure.exitCode;
}

enum Table : size_t { kPerson, kAuction, kBid, kNumTables };
constexpr std::array<const char*, kNumTables> kTableNames = {"person", "auction", "bid"};

const columnar::SchemaPtr& tableSchema(size_t table) {
  switch (table) {
    case kPerson: return connectors::nexmarkPersonSchema();
    case kAuction: return connectors::nexmarkAuctionSchema();
    default: return connectors::nexmarkBidSchema();
  }
}

/// The files of one run: where each table goes, and the hidden name it is
/// written under until every table is complete.
struct Plan {
  FileFormat format;
  std::array<fs::path, kNumTables> paths;
  std::array<fs::path, kNumTables> partialPaths;
};

Result<FileFormat> parseGenFormat(const std::string& name) {
  if (name == "parquet") {
    return Status::unsupported(
        "--format parquet is not supported yet: Sabot has no Parquet writer; use csv or arrow (DuckDB, "
        "Spark and pyarrow read both)");
  }
  SABOT_ASSIGN_OR_RAISE(FileFormat format, connectors::parseFileFormat(name));
  return format;
}

std::string extensionOf(FileFormat format) { return "." + std::string(connectors::fileFormatName(format)); }

// Everything that can be wrong with the command line is found here, before
// any file is written.
Result<Plan> makePlan(const NexmarkGenOptions& options) {
  if (options.events <= 0) return Status::invalid("--events must be positive, got {}", options.events);
  if (options.batchEvents <= 0) {
    return Status::invalid("--batch-events must be positive, got {}", options.batchEvents);
  }
  if (options.output.empty()) return Status::invalid("no output: give --output DIR");
  Plan plan;
  SABOT_ASSIGN_OR_RAISE(plan.format, parseGenFormat(options.format));
  const fs::path directory(options.output);
  std::error_code error;
  if (fs::exists(directory, error) && !fs::is_directory(directory, error)) {
    return Status::invalid("--output '{}' is a file; nexmark-gen writes a directory of three tables",
                           options.output);
  }
  for (size_t table = 0; table < kNumTables; ++table) {
    const std::string file = kTableNames[table] + extensionOf(plan.format);
    plan.paths[table] = directory / file;
    plan.partialPaths[table] = directory / ("." + file + ".sabot-partial");
    if (fs::exists(plan.paths[table], error) && !options.force) {
      return Status::invalid("output file '{}' exists; pass --force to replace it", plan.paths[table].string());
    }
  }
  return plan;
}

struct Totals {
  std::array<int64_t, kNumTables> rows{};
  int64_t events = 0;
};

std::optional<Failure> generate(const NexmarkGenOptions& options, const Plan& plan, Totals& totals) {
  std::error_code error;
  fs::create_directories(options.output, error);
  if (error) {
    return Failure{kExitFailure,
                   Status::ioError("cannot create the output directory '{}': {}", options.output, error.message())};
  }
  // The unsplit stream: sabot nexmark's subtasks each take a share of these
  // very positions (block-interleaved), and their union is this stream.
  auto generator = connectors::NexmarkGenerator::make(nexmarkConfigFor(options.events, options.seed));
  if (!generator.ok()) return Failure{kExitUsage, generator.status()};
  std::array<std::unique_ptr<connectors::BatchFileWriter>, kNumTables> writers;
  for (size_t table = 0; table < kNumTables; ++table) {
    auto writer = connectors::openBatchWriter(plan.partialPaths[table], plan.format, tableSchema(table),
                                              ipc::Compression::kNone);
    if (!writer.ok()) {
      return Failure{kExitFailure, writer.status().withContext("writing '{}'", plan.paths[table].string())};
    }
    writers[table] = std::move(*writer);
  }
  ProgressLine progress;
  const auto start = std::chrono::steady_clock::now();
  auto lastShown = start;
  while (true) {
    auto batches = generator->nextTableBatches(options.batchEvents);
    if (!batches.ok()) return Failure{kExitFailure, batches.status()};
    if (batches->numEvents == 0 || batches->bids == nullptr) break;
    const std::array<const columnar::RecordBatchPtr*, kNumTables> parts = {&batches->persons, &batches->auctions,
                                                                           &batches->bids};
    for (size_t table = 0; table < kNumTables; ++table) {
      const columnar::RecordBatchPtr& batch = *parts[table];
      if (batch == nullptr || batch->numRows() == 0) continue;
      if (Status status = writers[table]->write(*batch); !status.ok()) {
        return Failure{kExitFailure, status.withContext("writing '{}'", plan.paths[table].string())};
      }
      totals.rows[table] += batch->numRows();
    }
    totals.events += batches->numEvents;
    const auto now = std::chrono::steady_clock::now();
    if (progress.enabled() && now - lastShown > std::chrono::milliseconds(250)) {
      lastShown = now;
      const double seconds = std::chrono::duration<double>(now - start).count();
      progress.show(fmt::format("  events {:>14} of {}  {:>9} events/s  {:6.1f} s",
                                ProgressLine::withThousands(totals.events), ProgressLine::withThousands(options.events),
                                ProgressLine::rate(static_cast<double>(totals.events) / std::max(seconds, 1e-9)),
                                seconds));
    }
  }
  progress.finish();
  for (size_t table = 0; table < kNumTables; ++table) {
    if (Status status = writers[table]->close(); !status.ok()) {
      return Failure{kExitFailure, status.withContext("writing '{}'", plan.paths[table].string())};
    }
  }
  // Only complete tables become visible, all three or none.
  for (size_t table = 0; table < kNumTables; ++table) {
    fs::rename(plan.partialPaths[table], plan.paths[table], error);
    if (error) {
      return Failure{kExitFailure, Status::ioError("moving the table into '{}': {}", plan.paths[table].string(),
                                                   error.message())};
    }
  }
  return std::nullopt;
}

int runNexmarkGen(const NexmarkGenOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  auto plan = makePlan(options);
  if (!plan.ok()) return report({kExitUsage, plan.status()});
  Totals totals;
  if (auto failure = generate(options, *plan, totals)) {
    std::error_code ignored;
    for (const fs::path& partial : plan->partialPaths) fs::remove(partial, ignored);
    return report(*failure);
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("sabot nexmark-gen: %s events (seed %llu) in %.3f s: %s persons, %s auctions, %s bids in %s/%s\n",
              ProgressLine::withThousands(totals.events).c_str(), static_cast<unsigned long long>(options.seed),
              seconds, ProgressLine::withThousands(totals.rows[kPerson]).c_str(),
              ProgressLine::withThousands(totals.rows[kAuction]).c_str(),
              ProgressLine::withThousands(totals.rows[kBid]).c_str(), options.output.c_str(),
              ("{person,auction,bid}" + extensionOf(plan->format)).c_str());
  return kExitSuccess;
}

}  // namespace

void registerNexmarkGenCommand(CLI::App& app, CommandAction& chosen) {
  auto options = std::make_shared<NexmarkGenOptions>();
  auto* command = app.add_subcommand(
      "nexmark-gen",
      "Write the Nexmark tables of the standard generator to files:\n"
      "  sabot nexmark-gen --events 50000 --output data/ --format csv\n"
      "writes data/person.csv, data/auction.csv and data/bid.csv (or .arrow, .jsonl), with\n"
      "the columns of nexmark-flink's DDL: person(id, name, emailAddress, creditCard, city,\n"
      "state, dateTime, extra), auction(id, itemName, description, initialBid, reserve,\n"
      "dateTime, expires, seller, category, extra), bid(auction, bidder, price, channel, url,\n"
      "dateTime, extra). With the same --events and --seed these are exactly the events\n"
      "'sabot nexmark' processes, at any --parallelism. The tables appear only when all\n"
      "three are complete.\n"
      "Exit codes: 0 done, 1 I/O error, 2 bad usage (bad flags, existing files without --force).");
  command->add_option("--events,-n", options->events, "Nexmark events to generate (all kinds)")
      ->capture_default_str();
  command->add_option("--output,-o", options->output, "Directory for the three tables (created if missing)")
      ->required();
  command->add_option("--format", options->format,
                      "csv, arrow (Arrow IPC file), arrows (IPC stream) or jsonl; parquet is not supported yet")
      ->capture_default_str();
  command->add_option("--seed", options->seed, "Generator seed; 0 is the standard Nexmark data set")
      ->capture_default_str();
  command->add_option("--batch-events", options->batchEvents, "Events per generated batch")->capture_default_str();
  command->add_flag("--force", options->force, "Replace existing table files");
  command->callback([&chosen, options] { chosen.action = [options] { return runNexmarkGen(*options); }; });
}

}  // namespace sabot::cli
