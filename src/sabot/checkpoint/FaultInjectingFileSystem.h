#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "sabot/checkpoint/CheckpointFileSystem.h"

namespace sabot::checkpoint {

/// A CheckpointFileSystem for tests (RocksDB's FaultInjectionTestFS for
/// checkpoints): it passes every call to another file system, except the
/// calls that a fault matches, which fail the way a real disk fails and
/// leave behind what a real failure would leave.
///
///   auto faulty = std::make_shared<FaultInjectingFileSystem>();
///   faulty->addFault({.kind = FaultKind::kRenameError, .pathContains = "_metadata", .skip = 2});
///   faulty->setCapacity(4096);  // "disk full" once 4096 more bytes are written
///   config.checkpoints.fileSystem = faulty;
enum class FaultKind {
  /// writeFileAtomically fails with EIO half way: the temporary file holds
  /// the first half of the bytes, the target is untouched.
  kWriteError,
  /// writeFileAtomically returns OK but only `keepBytes` of the bytes reach
  /// the target (a torn write: the disk lied, or power was lost after the
  /// rename). Only checksums can tell.
  kTornWrite,
  /// writeFileAtomically: fsync of the temporary file fails (EIO); the
  /// temporary file is complete, the target untouched.
  kSyncError,
  /// writeFileAtomically: the rename into place fails (EIO); the temporary
  /// file is complete, the target untouched.
  kRenameError,
  /// syncDirectory fails (EIO).
  kSyncDirectoryError,
  /// readFile fails (EIO).
  kReadError,
  /// removeAll fails (EIO) and deletes nothing.
  kRemoveError,
};

std::string_view faultKindName(FaultKind kind);

/// When a fault strikes: the calls of its kind's operation whose path
/// contains `pathContains` (every call if empty); the first `skip` of them
/// pass, the next `times` fail (-1: every one after that).
struct Fault {
  FaultKind kind = FaultKind::kWriteError;
  std::string pathContains;
  int64_t skip = 0;
  int64_t times = 1;
  /// kTornWrite: bytes that reach the file (at most the size less one, so
  /// the file is always cut short).
  uint64_t keepBytes = 0;
};

class FaultInjectingFileSystem final : public CheckpointFileSystem {
 public:
  /// Wraps `target`; the local filesystem by default.
  explicit FaultInjectingFileSystem(std::shared_ptr<CheckpointFileSystem> target = nullptr);

  void addFault(Fault fault);
  /// Drops every fault and the capacity limit: from now on every call passes.
  void clearFaults();
  /// "Disk full": after `bytes` more bytes have been written (counted over
  /// every atomic write), a write fails with ENOSPC, leaving the temporary
  /// file with the bytes that fitted. nullopt: unlimited.
  void setCapacity(std::optional<uint64_t> bytes);

  /// One line per fault that struck: "rename error: DIR/chk-3/_metadata".
  std::vector<std::string> injected() const;
  /// Bytes written through this file system (torn and failed writes count
  /// what reached the disk).
  uint64_t bytesWritten() const;

  Status createDirectories(const std::filesystem::path& directory) override;
  Status writeFileAtomically(const std::filesystem::path& path, std::string_view bytes) override;
  Status syncDirectory(const std::filesystem::path& directory) override;
  Result<std::string> readFile(const std::filesystem::path& path) override;
  Result<bool> exists(const std::filesystem::path& path) override;
  Result<bool> isDirectory(const std::filesystem::path& path) override;
  Result<std::vector<std::string>> listDirectory(const std::filesystem::path& directory) override;
  Status removeAll(const std::filesystem::path& path) override;
  std::string describe() const override;

 private:
  struct ActiveFault {
    Fault fault;
    int64_t matched = 0;
  };
  /// The first fault among `kinds` that strikes this call (counting the call
  /// against every matching fault), or nullopt. Caller holds mutex_.
  std::optional<Fault> strikeLocked(std::initializer_list<FaultKind> kinds, const std::filesystem::path& path);
  /// Writes `bytes` to the temporary file of `path` (what a failed local
  /// write leaves) and returns `error`.
  Status leaveTemporary(const std::filesystem::path& path, std::string_view bytes, Status error);

  const std::shared_ptr<CheckpointFileSystem> target_;
  mutable std::mutex mutex_;
  std::vector<ActiveFault> faults_;
  std::optional<uint64_t> capacity_;
  uint64_t bytesWritten_ = 0;
  std::vector<std::string> injected_;
};

}  // namespace sabot::checkpoint
