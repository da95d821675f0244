#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sabot/base/Result.h"

namespace sabot::checkpoint {

/// What checkpoint storage needs from the place it keeps its files, and
/// nothing more, so that an object store (S3, GCS) or a fault-injecting test
/// double can stand in for the local filesystem.
///
/// Paths are `std::filesystem::path`s: a directory and the names in it. An
/// object store maps them to keys (`DIR/chk-3/_metadata`); directories need
/// not exist as things of their own there.
///
/// Every operation may be called from any thread; implementations are
/// thread-safe.
class CheckpointFileSystem {
 public:
  virtual ~CheckpointFileSystem() = default;

  /// Creates `directory` and its parents if they are missing.
  virtual Status createDirectories(const std::filesystem::path& directory) = 0;

  /// Writes `bytes` to `path` **atomically and durably**: once this returns
  /// OK the whole file survives a crash, and a reader never sees part of it
  /// under `path` (it sees the old file, no file, or the new one). A failed
  /// call may leave a hidden temporary file (`.NAME.tmp`) beside `path`, but
  /// never a partial `path`. Replaces an existing file.
  virtual Status writeFileAtomically(const std::filesystem::path& path, std::string_view bytes) = 0;

  /// Makes the names created in `directory` durable (fsync of the directory
  /// on a local filesystem; nothing to do on an object store).
  virtual Status syncDirectory(const std::filesystem::path& directory) = 0;

  /// The whole content of a file.
  virtual Result<std::string> readFile(const std::filesystem::path& path) = 0;

  /// Whether a file or directory exists at `path`.
  virtual Result<bool> exists(const std::filesystem::path& path) = 0;

  /// Whether `path` is a directory (false if it does not exist).
  virtual Result<bool> isDirectory(const std::filesystem::path& path) = 0;

  /// The names (not paths) of what `directory` holds, in no particular
  /// order; an error if it is missing.
  virtual Result<std::vector<std::string>> listDirectory(const std::filesystem::path& directory) = 0;

  /// Deletes `path` and, for a directory, everything below it. Deleting
  /// something that does not exist is OK.
  virtual Status removeAll(const std::filesystem::path& path) = 0;

  /// A short description for logs and errors ("local filesystem").
  virtual std::string describe() const = 0;
};

/// The local filesystem: atomic writes go to a hidden temporary file
/// (`.NAME.tmp`) that is fsynced, then renamed into place.
class LocalCheckpointFileSystem final : public CheckpointFileSystem {
 public:
  Status createDirectories(const std::filesystem::path& directory) override;
  Status writeFileAtomically(const std::filesystem::path& path, std::string_view bytes) override;
  Status syncDirectory(const std::filesystem::path& directory) override;
  Result<std::string> readFile(const std::filesystem::path& path) override;
  Result<bool> exists(const std::filesystem::path& path) override;
  Result<bool> isDirectory(const std::filesystem::path& path) override;
  Result<std::vector<std::string>> listDirectory(const std::filesystem::path& directory) override;
  Status removeAll(const std::filesystem::path& path) override;
  std::string describe() const override { return "local filesystem"; }
};

/// The process-wide local filesystem instance (the default of
/// CheckpointStorage).
std::shared_ptr<CheckpointFileSystem> localCheckpointFileSystem();

/// The hidden temporary name an atomic write to `path` goes through first.
std::filesystem::path temporaryPathFor(const std::filesystem::path& path);

}  // namespace sabot::checkpoint
