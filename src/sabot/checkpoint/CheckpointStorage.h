#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sabot/base/Result.h"

namespace sabot::checkpoint {

/// One operator of the job a checkpoint belongs to: restoring checks that
/// the job still has the same shape.
struct OperatorShape {
  std::string name;
  int32_t parallelism = 1;
};

/// The `_metadata` file of a completed checkpoint: written last, atomically,
/// and checksummed, so a checkpoint without valid metadata never counts.
struct CheckpointMetadata {
  int64_t checkpointId = 0;
  int64_t timestampMs = 0;  ///< wall clock when it was triggered
  std::string jobName;
  std::vector<OperatorShape> operators;
  struct File {
    std::string name;
    uint64_t size = 0;
    uint64_t checksum = 0;  ///< xxh3-64 of the file's bytes
  };
  std::vector<File> files;

  std::string serialize() const;
  /// Parses and checks the checksum; `where` names the file in errors.
  static Result<CheckpointMetadata> parse(std::string_view bytes, const std::string& where);
};

/// A checkpoint read back: its metadata and every state file, verified.
struct LoadedCheckpoint {
  std::filesystem::path path;
  CheckpointMetadata metadata;
  std::map<std::string, std::string> files;
};

/// Checkpoints of a job in a directory on the local filesystem:
///
///   DIR/chk-17/_metadata          written last (temp file + rename)
///   DIR/chk-17/task-0-1.state     one file per subtask's snapshot
///
/// Every file is fsynced before the metadata names it, and checksummed in
/// the metadata; loading verifies sizes and checksums, so a partial or
/// corrupted checkpoint is detected and skipped.
class CheckpointStorage {
 public:
  /// Creates `directory` if needed.
  static Result<CheckpointStorage> open(std::filesystem::path directory);

  /// Writes a checkpoint (its metadata's `files` are filled in here) and
  /// returns its directory.
  Result<std::filesystem::path> write(CheckpointMetadata metadata, const std::map<std::string, std::string>& files);
  /// Completed checkpoints (those with readable metadata), newest first.
  std::vector<std::filesystem::path> list() const;
  /// The highest id of a completed checkpoint here, 0 if none.
  int64_t highestId() const;
  /// Reads and verifies one checkpoint directory.
  static Result<LoadedCheckpoint> load(const std::filesystem::path& checkpoint);
  /// The newest checkpoint that verifies; broken newer ones are reported in
  /// `skipped` (path and why) and passed over. NotFound-like Invalid error
  /// if there is none.
  Result<LoadedCheckpoint> loadLatest(std::vector<std::string>* skipped = nullptr) const;
  /// Deletes all but the newest `keep` completed checkpoints, and directories
  /// of checkpoints that never completed (no metadata) older than them.
  Status retain(int32_t keep);

  const std::filesystem::path& directory() const { return directory_; }

 private:
  explicit CheckpointStorage(std::filesystem::path directory) : directory_(std::move(directory)) {}
  std::filesystem::path directory_;
};

/// xxh3-64 of `bytes` (the checksum of checkpoint files).
uint64_t checksumOf(std::string_view bytes);

/// Resolves --restore-from: "latest" (the newest valid checkpoint in
/// `checkpointDirectory`) or a path to one checkpoint directory.
Result<LoadedCheckpoint> resolveRestore(const std::string& restoreFrom, const std::filesystem::path& checkpointDirectory,
                                        std::vector<std::string>* skipped = nullptr);

}  // namespace sabot::checkpoint
