#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>

#include "sabot/base/Result.h"
#include "sabot/connectors/FileFormat.h"

namespace sabot::cli {

/// How CSV and JSON-lines input is read: the options `convert` and
/// `run-file` share (flags, and the `input:` section of a job file).
struct TextInputOptions {
  std::string schema;
  std::string onError = "fail";
  std::string deadLetter;
  char delimiter = ',';
  bool noHeader = false;
  int64_t batchSize = 65536;
  int64_t inferenceRows = 1000;
};

/// Registers --schema, --on-error, --dead-letter, --delimiter, --no-header,
/// --batch-size and --infer-rows on `command`.
void addTextInputOptions(CLI::App* command, TextInputOptions& options);

/// The reader settings the options describe (without opening the
/// dead-letter file). `textInput` false: the input is Arrow IPC, for which
/// --schema and --on-error make no sense and are an error.
Result<connectors::ReadSettings> makeReadSettings(const TextInputOptions& options, bool textInput);

}  // namespace sabot::cli
