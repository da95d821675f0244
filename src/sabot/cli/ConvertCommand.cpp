// `sabot convert INPUT OUTPUT`: converts between CSV, JSON lines and the two
// Arrow IPC formats.

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>

#include "sabot/cli/Cli.h"
#include "sabot/cli/Command.h"
#include "sabot/cli/TextInputOptions.h"
#include "sabot/connectors/FileFormat.h"
#include "sabot/columnar/TypeParser.h"

namespace sabot::cli {

using connectors::FileFormat;
using connectors::ReadSettings;
using connectors::BatchFileWriter;
using connectors::openBatchReader;
using connectors::openBatchWriter;
using connectors::readCountersOf;
using connectors::fileFormatName;
using connectors::parseFileFormat;
using connectors::formatFromExtension;

namespace {

struct ConvertOptions {
  std::string input;
  std::string output;
  std::string from;
  std::string to;
  std::string compression = "none";
  TextInputOptions text;
  bool force = false;
};

/// A failure with the exit code it should end the process with.
struct Failure {
  int exitCode;
  Status status;
};

int report(const Failure& failure) {
  std::fprintf(stderr, "sabot convert: %s\n", failure.status.toString().c_str());
  return failure.exitCode;
}

// Everything that can be wrong with the command line is found here, before
// any file is touched.
struct Plan {
  FileFormat inputFormat;
  FileFormat outputFormat;
  ReadSettings read;
  ipc::Compression compression;
};

Result<Plan> makePlan(const ConvertOptions& options) {
  Plan plan;
  if (options.from.empty()) {
    SABOT_ASSIGN_OR_RAISE(plan.inputFormat, formatFromExtension(options.input));
  } else {
    SABOT_ASSIGN_OR_RAISE(plan.inputFormat, parseFileFormat(options.from));
  }
  if (options.to.empty()) {
    SABOT_ASSIGN_OR_RAISE(plan.outputFormat, formatFromExtension(options.output));
  } else {
    SABOT_ASSIGN_OR_RAISE(plan.outputFormat, parseFileFormat(options.to));
  }
  SABOT_ASSIGN_OR_RAISE(plan.compression, ipc::parseCompression(options.compression));
  const bool ipcOutput = plan.outputFormat == FileFormat::kArrowFile ||
                         plan.outputFormat == FileFormat::kArrowStream;
  if (plan.compression != ipc::Compression::kNone && !ipcOutput) {
    return Status::invalid("--compression applies to Arrow IPC output only, not {}",
                           fileFormatName(plan.outputFormat));
  }
  const bool textInput = plan.inputFormat == FileFormat::kCsv ||
                         plan.inputFormat == FileFormat::kJsonLines;
  SABOT_ASSIGN_OR_RAISE(plan.read, makeReadSettings(options.text, textInput));
  if (!std::filesystem::exists(options.input)) {
    return Status::invalid("input file '{}' does not exist", options.input);
  }
  if (std::filesystem::is_directory(options.input)) {
    return Status::invalid("input '{}' is a directory, not a file", options.input);
  }
  if (std::filesystem::exists(options.output) && !options.force) {
    return Status::invalid("output file '{}' exists; pass --force to replace it", options.output);
  }
  if (std::filesystem::exists(options.output) &&
      std::filesystem::equivalent(options.input, options.output)) {
    return Status::invalid("input and output are the same file '{}'", options.input);
  }
  return plan;
}

struct Totals {
  int64_t rows = 0;
  int64_t batches = 0;
  formats::ReadCounters counters;
};

// Reads everything and writes it to `partialPath`; the caller renames it into
// place only on success, so a failed conversion leaves no half-written output.
std::optional<Failure> convert(const ConvertOptions& options, Plan& plan,
                               const std::filesystem::path& partialPath, Totals& totals) {
  if (!options.text.deadLetter.empty()) {
    auto sink = formats::FileDeadLetterSink::make(options.text.deadLetter);
    if (!sink.ok()) return Failure{kExitUsage, sink.status()};
    plan.read.text.deadLetterSink = *sink;
  }
  auto reader = openBatchReader(options.input, plan.inputFormat, plan.read);
  if (!reader.ok()) {
    return Failure{kExitFailure, reader.status().withContext("reading '{}'", options.input)};
  }
  auto writer = openBatchWriter(partialPath, plan.outputFormat, (*reader)->schema(), plan.compression);
  if (!writer.ok()) {
    return Failure{kExitFailure, writer.status().withContext("writing '{}'", options.output)};
  }
  while (true) {
    auto batch = (*reader)->next();
    if (!batch.ok()) {
      return Failure{kExitFailure, batch.status().withContext("reading '{}'", options.input)};
    }
    if (*batch == nullptr) break;
    if (Status status = (*writer)->write(**batch); !status.ok()) {
      return Failure{kExitFailure, status.withContext("writing '{}'", options.output)};
    }
    totals.rows += (*batch)->numRows();
    totals.batches += 1;
  }
  if (Status status = (*writer)->close(); !status.ok()) {
    return Failure{kExitFailure, status.withContext("writing '{}'", options.output)};
  }
  if (plan.read.text.deadLetterSink) {
    if (Status status = plan.read.text.deadLetterSink->close(); !status.ok()) {
      return Failure{kExitFailure, status.withContext("writing '{}'", options.text.deadLetter)};
    }
  }
  totals.counters = readCountersOf(**reader, plan.inputFormat);
  return std::nullopt;
}

int runConvert(const ConvertOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  auto plan = makePlan(options);
  if (!plan.ok()) return report({kExitUsage, plan.status()});

  const std::filesystem::path output(options.output);
  const std::filesystem::path partialPath =
      output.parent_path() / ("." + output.filename().string() + ".sabot-partial");
  Totals totals;
  if (auto failure = convert(options, *plan, partialPath, totals)) {
    std::error_code ignored;
    std::filesystem::remove(partialPath, ignored);
    return report(*failure);
  }
  std::error_code renameError;
  std::filesystem::rename(partialPath, output, renameError);
  if (renameError) {
    return report({kExitFailure, Status::ioError("moving the result into '{}': {}", options.output,
                                                 renameError.message())});
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fprintf(stderr, "sabot convert: %s (%s) -> %s (%s): %lld rows in %lld batches, %.3f s",
               options.input.c_str(), std::string(fileFormatName(plan->inputFormat)).c_str(),
               options.output.c_str(), std::string(fileFormatName(plan->outputFormat)).c_str(),
               static_cast<long long>(totals.rows), static_cast<long long>(totals.batches), seconds);
  if (totals.counters.rowsSkipped > 0) {
    std::fprintf(stderr, ", %lld bad rows skipped", static_cast<long long>(totals.counters.rowsSkipped));
  }
  if (totals.counters.rowsDeadLettered > 0) {
    std::fprintf(stderr, ", %lld bad rows written to %s",
                 static_cast<long long>(totals.counters.rowsDeadLettered), options.text.deadLetter.c_str());
  }
  std::fprintf(stderr, "\n");
  return kExitSuccess;
}

}  // namespace

void registerConvertCommand(CLI::App& app, CommandAction& chosen) {
  auto options = std::make_shared<ConvertOptions>();
  auto* command = app.add_subcommand(
      "convert",
      "Convert a file between CSV, JSON lines, Arrow IPC file (.arrow) and Arrow IPC stream "
      "(.arrows).\nFormats come from the file extensions unless --from/--to say otherwise. The "
      "output\nappears only when the whole conversion succeeded.\n"
      "Exit codes: 0 done, 1 bad or unreadable data, 2 bad usage.");
  command->add_option("INPUT", options->input, "File to read")->required();
  command->add_option("OUTPUT", options->output, "File to write")->required();
  command->add_option("--from", options->from, "Input format: csv, jsonl, arrow, arrows");
  command->add_option("--to", options->to, "Output format: csv, jsonl, arrow, arrows");
  command->add_option("--compression", options->compression,
                      "Buffer compression of Arrow IPC output: none, lz4, zstd")
      ->capture_default_str();
  addTextInputOptions(command, options->text);
  command->add_flag("--force", options->force, "Replace OUTPUT if it exists");
  command->callback([&chosen, options] { chosen.action = [options] { return runConvert(*options); }; });
}

}  // namespace sabot::cli
