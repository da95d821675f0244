#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <filesystem>
#include <string>

#include "sabot/base/Result.h"
#include "sabot/runtime/JobConfig.h"

namespace sabot::cli {

/// Checkpoints and state of a CLI job: the flags `run-file` and `nexmark`
/// share (and, for run-file, the `checkpoints:` and `state:` sections of a
/// job file).
struct CheckpointOptions {
  /// Where checkpoints go (empty: none) and the milliseconds between them.
  std::string checkpointDir;
  int64_t checkpointIntervalMs = 0;
  /// "latest" (the newest valid checkpoint in checkpointDir) or a
  /// checkpoint directory; empty starts fresh.
  std::string restoreFrom;
  /// How checkpoint state files are compressed: "none", "lz4" or "zstd".
  std::string checkpointCompression = "none";
  /// Where stateful operators keep keyed state: "memory" or "rocksdb", and
  /// RocksDB's working directory (empty: the temporary directory).
  std::string stateBackend = "memory";
  std::string stateDir;

  /// Whether either checkpoint flag was given (applyCheckpointOptions
  /// insists on both).
  bool checkpointing() const { return !checkpointDir.empty() || checkpointIntervalMs > 0; }
};

/// Registers --checkpoint-dir, --checkpoint-interval, --restore-from,
/// --checkpoint-compression, --state-backend and --state-dir on `command`. `stateNote` is appended to
/// the help of --state-backend (which operators of this command keep state).
void addCheckpointOptions(CLI::App* command, CheckpointOptions& options, const std::string& stateNote = "");

/// Checks the combination (both checkpoint flags or neither, --restore-from
/// only with checkpoints, a known state backend) and sets
/// `config.checkpoints` and `config.stateBackend`. Relative paths are taken
/// from `baseDirectory` (empty: the working directory). Errors are
/// Invalid, naming the flags: a usage error.
Status applyCheckpointOptions(const CheckpointOptions& options, const std::filesystem::path& baseDirectory,
                              runtime::JobConfig& config);

}  // namespace sabot::cli
