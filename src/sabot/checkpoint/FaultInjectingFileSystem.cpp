#include "sabot/checkpoint/FaultInjectingFileSystem.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>

namespace sabot::checkpoint {

namespace fs = std::filesystem;

std::string_view faultKindName(FaultKind kind) {
  switch (kind) {
    case FaultKind::kWriteError:
      return "write error";
    case FaultKind::kTornWrite:
      return "torn write";
    case FaultKind::kSyncError:
      return "fsync error";
    case FaultKind::kRenameError:
      return "rename error";
    case FaultKind::kSyncDirectoryError:
      return "directory fsync error";
    case FaultKind::kReadError:
      return "read error";
    case FaultKind::kRemoveError:
      return "remove error";
  }
  return "fault";
}

FaultInjectingFileSystem::FaultInjectingFileSystem(std::shared_ptr<CheckpointFileSystem> target)
    : target_(target ? std::move(target) : localCheckpointFileSystem()) {}

void FaultInjectingFileSystem::addFault(Fault fault) {
  std::lock_guard lock(mutex_);
  faults_.push_back(ActiveFault{std::move(fault), 0});
}

void FaultInjectingFileSystem::clearFaults() {
  std::lock_guard lock(mutex_);
  faults_.clear();
  capacity_.reset();
}

void FaultInjectingFileSystem::setCapacity(std::optional<uint64_t> bytes) {
  std::lock_guard lock(mutex_);
  capacity_ = bytes;
}

std::vector<std::string> FaultInjectingFileSystem::injected() const {
  std::lock_guard lock(mutex_);
  return injected_;
}

uint64_t FaultInjectingFileSystem::bytesWritten() const {
  std::lock_guard lock(mutex_);
  return bytesWritten_;
}

std::optional<Fault> FaultInjectingFileSystem::strikeLocked(std::initializer_list<FaultKind> kinds,
                                                            const fs::path& path) {
  std::optional<Fault> struck;
  for (ActiveFault& active : faults_) {
    if (std::find(kinds.begin(), kinds.end(), active.fault.kind) == kinds.end()) continue;
    if (!active.fault.pathContains.empty() && path.string().find(active.fault.pathContains) == std::string::npos) {
      continue;
    }
    const int64_t call = active.matched++;
    const bool strikes =
        call >= active.fault.skip && (active.fault.times < 0 || call < active.fault.skip + active.fault.times);
    if (strikes && !struck) struck = active.fault;
  }
  if (struck) injected_.push_back(fmt::format("{}: {}", faultKindName(struck->kind), path.string()));
  return struck;
}

Status FaultInjectingFileSystem::leaveTemporary(const fs::path& path, std::string_view bytes, Status error) {
  bytesWritten_ += bytes.size();
  // What the local file system leaves after a failed write: a hidden
  // temporary file, the target untouched. Writing it can fail too; the
  // injected error is the one to report either way.
  (void)target_->writeFileAtomically(temporaryPathFor(path), bytes);
  return error;
}

Status FaultInjectingFileSystem::createDirectories(const fs::path& directory) {
  return target_->createDirectories(directory);
}

Status FaultInjectingFileSystem::writeFileAtomically(const fs::path& path, std::string_view bytes) {
  std::lock_guard lock(mutex_);
  const std::string temporary = temporaryPathFor(path).string();
  if (capacity_ && bytes.size() > *capacity_) {
    const uint64_t fits = *capacity_;
    capacity_ = 0;
    injected_.push_back(fmt::format("disk full: {}", path.string()));
    return leaveTemporary(path, bytes.substr(0, fits), Status::fromErrno(ENOSPC, "writing " + temporary));
  }
  const std::optional<Fault> fault =
      strikeLocked({FaultKind::kWriteError, FaultKind::kTornWrite, FaultKind::kSyncError, FaultKind::kRenameError}, path);
  if (capacity_) *capacity_ -= bytes.size();
  if (!fault) {
    bytesWritten_ += bytes.size();
    return target_->writeFileAtomically(path, bytes);
  }
  switch (fault->kind) {
    case FaultKind::kWriteError:
      return leaveTemporary(path, bytes.substr(0, bytes.size() / 2), Status::fromErrno(EIO, "writing " + temporary));
    case FaultKind::kSyncError:
      return leaveTemporary(path, bytes, Status::fromErrno(EIO, "syncing " + temporary));
    case FaultKind::kRenameError:
      return leaveTemporary(path, bytes, Status::fromErrno(EIO, "moving " + temporary + " to " + path.string()));
    case FaultKind::kTornWrite: {
      const uint64_t keep = bytes.empty() ? 0 : std::min<uint64_t>(fault->keepBytes, bytes.size() - 1);
      bytesWritten_ += keep;
      SABOT_RETURN_NOT_OK(target_->writeFileAtomically(path, bytes.substr(0, keep)));
      return Status::OK();  // the lie: the caller believes every byte is there
    }
    default:
      return Status::internal("fault {} does not apply to writes", faultKindName(fault->kind));
  }
}

Status FaultInjectingFileSystem::syncDirectory(const fs::path& directory) {
  {
    std::lock_guard lock(mutex_);
    if (strikeLocked({FaultKind::kSyncDirectoryError}, directory)) {
      return Status::fromErrno(EIO, "syncing " + directory.string());
    }
  }
  return target_->syncDirectory(directory);
}

Result<std::string> FaultInjectingFileSystem::readFile(const fs::path& path) {
  {
    std::lock_guard lock(mutex_);
    if (strikeLocked({FaultKind::kReadError}, path)) return Status::fromErrno(EIO, "cannot read " + path.string());
  }
  return target_->readFile(path);
}

Result<bool> FaultInjectingFileSystem::exists(const fs::path& path) { return target_->exists(path); }

Result<bool> FaultInjectingFileSystem::isDirectory(const fs::path& path) { return target_->isDirectory(path); }

Result<std::vector<std::string>> FaultInjectingFileSystem::listDirectory(const fs::path& directory) {
  return target_->listDirectory(directory);
}

Status FaultInjectingFileSystem::removeAll(const fs::path& path) {
  {
    std::lock_guard lock(mutex_);
    if (strikeLocked({FaultKind::kRemoveError}, path)) return Status::fromErrno(EIO, "cannot delete " + path.string());
  }
  return target_->removeAll(path);
}

std::string FaultInjectingFileSystem::describe() const { return "fault-injecting " + target_->describe(); }

}  // namespace sabot::checkpoint
