#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sabot/base/Result.h"
#include "sabot/checkpoint/CheckpointFileSystem.h"
#include "sabot/ipc/IpcOptions.h"

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
    uint64_t size = 0;      ///< bytes on disk
    uint64_t checksum = 0;  ///< xxh3-64 of the bytes on disk
    /// How the bytes on disk are compressed (one LZ4 or ZSTD frame).
    ipc::Compression compression = ipc::Compression::kNone;
    uint64_t rawSize = 0;  ///< the state's size once decompressed
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

/// What `CheckpointStorage::verify` found in one checkpoint directory: every
/// problem, not only the first (for `sabot checkpoint verify`).
struct CheckpointVerification {
  std::filesystem::path path;
  /// The id in the directory's name (`chk-N`), if it has that form.
  std::optional<int64_t> id;
  /// Whether `_metadata` exists; without it the checkpoint never completed.
  bool hasMetadata = false;
  /// Why `_metadata` could not be read or parsed (OK when it could).
  Status metadataError;
  /// The parsed metadata, when it verified.
  std::optional<CheckpointMetadata> metadata;
  struct FileCheck {
    std::string name;
    uint64_t recordedSize = 0;             ///< as the metadata says
    std::optional<uint64_t> actualSize;    ///< nullopt: missing or unreadable
    Status error;                          ///< OK when size and checksum match
  };
  /// One entry per state file the metadata names, in its order.
  std::vector<FileCheck> files;

  /// Metadata and every state file verified.
  bool complete() const;
  /// Metadata present but it or a state file is damaged or missing.
  bool damaged() const { return hasMetadata && !complete(); }
  /// One message per problem, each naming the file.
  std::vector<std::string> problems() const;
};

/// Checkpoints of a job in a directory of a CheckpointFileSystem (the local
/// filesystem unless another is given):
///
///   DIR/chk-17/_metadata          written last (atomically)
///   DIR/chk-17/task-0-1.state     one file per subtask's snapshot
///
/// Every file is written durably before the metadata names it, and
/// checksummed in the metadata; loading verifies sizes and checksums, so a
/// partial or corrupted checkpoint is detected and skipped.
class CheckpointStorage {
 public:
  /// Creates `directory` if needed. `fileSystem` defaults to the local one.
  static Result<CheckpointStorage> open(std::filesystem::path directory,
                                        std::shared_ptr<CheckpointFileSystem> fileSystem = nullptr);

  /// Compresses the state files that write() writes from now on (each file
  /// one frame; a file that does not shrink is stored as is). Loading reads
  /// any mix, whatever this is set to.
  void setCompression(ipc::Compression compression) { compression_ = compression; }

  /// The same directory and compression through another file system (e.g.
  /// a fault-injecting one wrapping the local one).
  CheckpointStorage withFileSystem(std::shared_ptr<CheckpointFileSystem> fileSystem) const;

  /// Writes a checkpoint (its metadata's `files` are filled in here) and
  /// returns its directory. On failure it deletes what it wrote (best
  /// effort, `_metadata` first), so a checkpoint reported as failed is never
  /// found as a completed one.
  Result<std::filesystem::path> write(CheckpointMetadata metadata, const std::map<std::string, std::string>& files);
  /// Completed checkpoints (those with a `_metadata` file), newest first.
  std::vector<std::filesystem::path> list() const;
  /// Every `chk-N` directory, complete or not, newest first.
  Result<std::vector<std::filesystem::path>> listAll() const;
  /// The highest id of a completed checkpoint here, 0 if none.
  int64_t highestId() const;
  /// Reads and verifies one checkpoint directory.
  static Result<LoadedCheckpoint> load(const std::filesystem::path& checkpoint,
                                       CheckpointFileSystem& fileSystem = *localCheckpointFileSystem());
  /// Checks one checkpoint directory and reports every problem found.
  static CheckpointVerification verify(const std::filesystem::path& checkpoint,
                                       CheckpointFileSystem& fileSystem = *localCheckpointFileSystem());
  /// The newest checkpoint that verifies; broken newer ones are reported in
  /// `skipped` (path and why) and passed over. NotFound-like Invalid error
  /// if there is none.
  Result<LoadedCheckpoint> loadLatest(std::vector<std::string>* skipped = nullptr) const;
  /// Deletes all but the newest `keep` completed checkpoints, and directories
  /// of checkpoints that never completed (no metadata) older than them.
  Status retain(int32_t keep);

  const std::filesystem::path& directory() const { return directory_; }
  const std::shared_ptr<CheckpointFileSystem>& fileSystem() const { return fileSystem_; }

  /// The name of the metadata file in a checkpoint directory.
  static constexpr std::string_view kMetadataName = "_metadata";

 private:
  CheckpointStorage(std::filesystem::path directory, std::shared_ptr<CheckpointFileSystem> fileSystem)
      : directory_(std::move(directory)), fileSystem_(std::move(fileSystem)) {}
  Result<std::filesystem::path> writeFiles(const std::filesystem::path& checkpoint, CheckpointMetadata metadata,
                                           const std::map<std::string, std::string>& files);

  std::filesystem::path directory_;
  std::shared_ptr<CheckpointFileSystem> fileSystem_;
  ipc::Compression compression_ = ipc::Compression::kNone;
};

/// The id of a `chk-N` directory name, or nullopt.
std::optional<int64_t> checkpointIdOf(const std::filesystem::path& path);

/// xxh3-64 of `bytes` (the checksum of checkpoint files).
uint64_t checksumOf(std::string_view bytes);

/// Resolves --restore-from: "latest" (the newest valid checkpoint in
/// `checkpointDirectory`) or a path to one checkpoint directory.
/// `fileSystem` defaults to the local filesystem.
Result<LoadedCheckpoint> resolveRestore(const std::string& restoreFrom, const std::filesystem::path& checkpointDirectory,
                                        std::vector<std::string>* skipped = nullptr,
                                        std::shared_ptr<CheckpointFileSystem> fileSystem = nullptr);

}  // namespace sabot::checkpoint
