#include "sabot/cli/CheckpointOptions.h"

#include <chrono>

namespace sabot::cli {

namespace {

std::filesystem::path resolve(const std::filesystem::path& base, const std::string& path) {
  const std::filesystem::path given(path);
  if (given.is_absolute() || base.empty()) return given;
  return base / given;
}

}  // namespace

void addCheckpointOptions(CLI::App* command, CheckpointOptions& options, const std::string& stateNote) {
  command->add_option("--checkpoint-dir", options.checkpointDir,
                      "Take checkpoints into DIR (exactly-once output: part files appear per checkpoint)");
  command->add_option("--checkpoint-interval", options.checkpointIntervalMs, "Milliseconds between checkpoints")
      ->check(CLI::PositiveNumber);
  command->add_option("--restore-from", options.restoreFrom,
                      "Resume from a checkpoint: 'latest' (in --checkpoint-dir) or a checkpoint directory");
  command->add_option("--checkpoint-compression", options.checkpointCompression,
                      "Compress checkpoint state files: none, lz4 or zstd (restores read any)")
      ->capture_default_str();
  command->add_option("--state-backend", options.stateBackend,
                      "Keyed state of stateful operators: memory or rocksdb" +
                          (stateNote.empty() ? std::string() : " (" + stateNote + ")"))
      ->capture_default_str();
  command->add_option("--state-dir", options.stateDir,
                      "RocksDB's working directory (default: the temporary directory)");
}

Status applyCheckpointOptions(const CheckpointOptions& options, const std::filesystem::path& baseDirectory,
                              runtime::JobConfig& config) {
  const bool checkpointing = options.checkpointing();
  if (checkpointing && (options.checkpointDir.empty() || options.checkpointIntervalMs <= 0)) {
    return Status::invalid("checkpoints need both --checkpoint-dir and a positive --checkpoint-interval");
  }
  if (!options.restoreFrom.empty() && !checkpointing) {
    return Status::invalid("--restore-from needs --checkpoint-dir and --checkpoint-interval (the resumed job commits "
                           "the checkpoint's pending output and goes on checkpointing)");
  }
  SABOT_ASSIGN_OR_RAISE(config.stateBackend.kind, runtime::parseStateBackend(options.stateBackend));
  auto compression = ipc::parseCompression(options.checkpointCompression);
  if (!compression.ok()) {
    return Status::invalid("--checkpoint-compression must be none, lz4 or zstd, got '{}'",
                           options.checkpointCompression);
  }
  config.checkpoints.compression = *compression;
  if (!options.stateDir.empty()) config.stateBackend.directory = resolve(baseDirectory, options.stateDir).string();
  if (checkpointing) {
    config.checkpoints.directory = resolve(baseDirectory, options.checkpointDir).string();
    config.checkpoints.interval = std::chrono::milliseconds(options.checkpointIntervalMs);
  }
  if (!options.restoreFrom.empty()) {
    config.checkpoints.restoreFrom =
        options.restoreFrom == "latest" ? options.restoreFrom : resolve(baseDirectory, options.restoreFrom).string();
  }
  return Status::OK();
}

}  // namespace sabot::cli
