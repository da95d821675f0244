#include "sabot/checkpoint/CheckpointStorage.h"

#include <fmt/format.h>
#include <xxhash.h>

#include <algorithm>
#include <cstring>

#include "sabot/checkpoint/SnapshotStream.h"
#include "sabot/ipc/BodyCompression.h"

namespace sabot::checkpoint {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kMagic = "SABOTCKP";
// Version 2 added per-file compression; version 1 files are uncompressed.
constexpr uint32_t kFormatVersion = 2;
constexpr uint32_t kOldestReadableVersion = 1;
constexpr std::string_view kMetadataName = CheckpointStorage::kMetadataName;

/// A state file as stored, checked against what the metadata recorded
/// (size, checksum, the size it decompresses to): the state's bytes.
Result<std::string> checkStateFile(const fs::path& path, const CheckpointMetadata::File& file, std::string stored) {
  if (stored.size() != file.size) {
    return Status::corrupt("{}: has {} bytes, the metadata says {} (partial write?)", path.string(), stored.size(),
                           file.size);
  }
  if (checksumOf(stored) != file.checksum) {
    return Status::corrupt("{}: checksum mismatch (the file is damaged)", path.string());
  }
  if (file.compression == ipc::Compression::kNone) return stored;
  auto raw = ipc::decompressBuffer(file.compression, reinterpret_cast<const uint8_t*>(stored.data()),
                                   static_cast<int64_t>(stored.size()), static_cast<int64_t>(file.rawSize),
                                   columnar::MemoryPool::defaultPool());
  if (!raw.ok()) return Status::corrupt("{}: {}", path.string(), raw.status().message());
  return std::string(reinterpret_cast<const char*>((*raw)->data()), static_cast<size_t>((*raw)->size()));
}

}  // namespace

std::optional<int64_t> checkpointIdOf(const fs::path& path) {
  const std::string name = path.filename().string();
  // At most 18 digits, so the id cannot overflow.
  if (name.rfind("chk-", 0) != 0 || name.size() == 4 || name.size() > 22) return std::nullopt;
  int64_t id = 0;
  for (size_t i = 4; i < name.size(); ++i) {
    if (name[i] < '0' || name[i] > '9') return std::nullopt;
    id = id * 10 + (name[i] - '0');
  }
  return id;
}

uint64_t checksumOf(std::string_view bytes) { return XXH3_64bits(bytes.data(), bytes.size()); }

std::string CheckpointMetadata::serialize() const {
  SnapshotWriter writer;
  writer.writeString(kMagic);
  writer.write<uint32_t>(kFormatVersion);
  writer.write<int64_t>(checkpointId);
  writer.write<int64_t>(timestampMs);
  writer.writeString(jobName);
  writer.write<uint64_t>(operators.size());
  for (const OperatorShape& shape : operators) {
    writer.writeString(shape.name);
    writer.write<int32_t>(shape.parallelism);
  }
  writer.write<uint64_t>(files.size());
  for (const File& file : files) {
    writer.writeString(file.name);
    writer.write<uint64_t>(file.size);
    writer.write<uint64_t>(file.checksum);
    writer.write<uint8_t>(static_cast<uint8_t>(file.compression));
    writer.write<uint64_t>(file.rawSize);
  }
  std::string bytes = writer.release();
  const uint64_t checksum = checksumOf(bytes);
  bytes.append(reinterpret_cast<const char*>(&checksum), sizeof(checksum));
  return bytes;
}

Result<CheckpointMetadata> CheckpointMetadata::parse(std::string_view bytes, const std::string& where) {
  if (bytes.size() < sizeof(uint64_t)) return Status::corrupt("{}: too short to be checkpoint metadata", where);
  const std::string_view body = bytes.substr(0, bytes.size() - sizeof(uint64_t));
  uint64_t stored;
  std::memcpy(&stored, bytes.data() + body.size(), sizeof(stored));
  if (stored != checksumOf(body)) return Status::corrupt("{}: checksum mismatch (the metadata is damaged)", where);
  SnapshotReader reader(body, where);
  SABOT_ASSIGN_OR_RAISE(std::string magic, reader.readString());
  if (magic != kMagic) return Status::corrupt("{}: not Sabot checkpoint metadata", where);
  SABOT_ASSIGN_OR_RAISE(uint32_t version, reader.read<uint32_t>());
  if (version < kOldestReadableVersion || version > kFormatVersion) {
    return Status::unsupported("{}: checkpoint format version {}, this Sabot reads versions {} to {}", where, version,
                               kOldestReadableVersion, kFormatVersion);
  }
  CheckpointMetadata metadata;
  SABOT_ASSIGN_OR_RAISE(metadata.checkpointId, reader.read<int64_t>());
  SABOT_ASSIGN_OR_RAISE(metadata.timestampMs, reader.read<int64_t>());
  SABOT_ASSIGN_OR_RAISE(metadata.jobName, reader.readString());
  SABOT_ASSIGN_OR_RAISE(uint64_t numOperators, reader.readCount(12));
  for (uint64_t i = 0; i < numOperators; ++i) {
    OperatorShape shape;
    SABOT_ASSIGN_OR_RAISE(shape.name, reader.readString());
    SABOT_ASSIGN_OR_RAISE(shape.parallelism, reader.read<int32_t>());
    metadata.operators.push_back(std::move(shape));
  }
  SABOT_ASSIGN_OR_RAISE(uint64_t numFiles, reader.readCount(24));
  for (uint64_t i = 0; i < numFiles; ++i) {
    File file;
    SABOT_ASSIGN_OR_RAISE(file.name, reader.readString());
    SABOT_ASSIGN_OR_RAISE(file.size, reader.read<uint64_t>());
    SABOT_ASSIGN_OR_RAISE(file.checksum, reader.read<uint64_t>());
    file.rawSize = file.size;
    if (version >= 2) {
      SABOT_ASSIGN_OR_RAISE(uint8_t compression, reader.read<uint8_t>());
      if (compression > static_cast<uint8_t>(ipc::Compression::kZstd)) {
        return Status::corrupt("{}: state file '{}' has unknown compression {}", where, file.name, compression);
      }
      file.compression = static_cast<ipc::Compression>(compression);
      SABOT_ASSIGN_OR_RAISE(file.rawSize, reader.read<uint64_t>());
    }
    if (file.name.empty() || file.name.find('/') != std::string::npos || file.name[0] == '.') {
      return Status::corrupt("{}: bad state file name '{}'", where, file.name);
    }
    metadata.files.push_back(std::move(file));
  }
  SABOT_RETURN_NOT_OK(reader.expectEnd());
  return metadata;
}

bool CheckpointVerification::complete() const {
  if (!hasMetadata || !metadataError.ok() || !metadata) return false;
  return std::all_of(files.begin(), files.end(), [](const FileCheck& file) { return file.error.ok(); });
}

std::vector<std::string> CheckpointVerification::problems() const {
  std::vector<std::string> found;
  if (!hasMetadata) {
    found.push_back(fmt::format("{}: no {} (the checkpoint never completed)", path.string(), kMetadataName));
  } else if (!metadataError.ok()) {
    found.push_back(metadataError.message());
  }
  for (const FileCheck& file : files) {
    if (!file.error.ok()) found.push_back(file.error.message());
  }
  return found;
}

Result<CheckpointStorage> CheckpointStorage::open(fs::path directory, std::shared_ptr<CheckpointFileSystem> fileSystem) {
  if (directory.empty()) return Status::invalid("the checkpoint directory is empty");
  if (!fileSystem) fileSystem = localCheckpointFileSystem();
  Status created = fileSystem->createDirectories(directory);
  if (!created.ok()) return created.withContext("opening checkpoint directory '{}'", directory.string());
  return CheckpointStorage(std::move(directory), std::move(fileSystem));
}

CheckpointStorage CheckpointStorage::withFileSystem(std::shared_ptr<CheckpointFileSystem> fileSystem) const {
  CheckpointStorage storage(directory_, fileSystem ? std::move(fileSystem) : localCheckpointFileSystem());
  storage.compression_ = compression_;
  return storage;
}

Result<fs::path> CheckpointStorage::writeFiles(const fs::path& checkpoint, CheckpointMetadata metadata,
                                               const std::map<std::string, std::string>& files) {
  SABOT_RETURN_NOT_OK(fileSystem_->createDirectories(checkpoint));
  metadata.files.clear();
  for (const auto& [name, bytes] : files) {
    CheckpointMetadata::File file{name, bytes.size(), 0, ipc::Compression::kNone, bytes.size()};
    std::string compressed;
    if (compression_ != ipc::Compression::kNone && !bytes.empty()) {
      SABOT_ASSIGN_OR_RAISE(auto frame, ipc::compressBuffer(compression_, std::nullopt,
                                                            reinterpret_cast<const uint8_t*>(bytes.data()),
                                                            static_cast<int64_t>(bytes.size()),
                                                            columnar::MemoryPool::defaultPool()));
      if (static_cast<uint64_t>(frame->size()) < bytes.size()) {
        compressed.assign(reinterpret_cast<const char*>(frame->data()), static_cast<size_t>(frame->size()));
        file.compression = compression_;
        file.size = compressed.size();
      }
    }
    const std::string& stored = file.compression == ipc::Compression::kNone ? bytes : compressed;
    file.checksum = checksumOf(stored);
    SABOT_RETURN_NOT_OK(fileSystem_->writeFileAtomically(checkpoint / name, stored));
    metadata.files.push_back(std::move(file));
  }
  // The state files' names are durable before the metadata names them.
  SABOT_RETURN_NOT_OK(fileSystem_->syncDirectory(checkpoint));
  SABOT_RETURN_NOT_OK(fileSystem_->writeFileAtomically(checkpoint / kMetadataName, metadata.serialize()));
  SABOT_RETURN_NOT_OK(fileSystem_->syncDirectory(checkpoint));
  return checkpoint;
}

Result<fs::path> CheckpointStorage::write(CheckpointMetadata metadata, const std::map<std::string, std::string>& files) {
  const fs::path checkpoint = directory_ / ("chk-" + std::to_string(metadata.checkpointId));
  Result<fs::path> written = writeFiles(checkpoint, std::move(metadata), files);
  if (written.ok()) return written;
  // A failed checkpoint must never be found as a completed one: the
  // metadata may already be in place when only the last directory sync
  // failed. Delete it first, then the rest.
  const Status metadataRemoved = fileSystem_->removeAll(checkpoint / kMetadataName);
  (void)fileSystem_->removeAll(checkpoint);  // leftovers are deleted by retain() later
  std::string message = fmt::format("writing checkpoint '{}': {}", checkpoint.string(), written.status().message());
  if (!metadataRemoved.ok()) {
    message += fmt::format(" (and its metadata could not be deleted, so it may still be restored: {})",
                           metadataRemoved.message());
  }
  return Status(written.status().code(), std::move(message));
}

Result<std::vector<fs::path>> CheckpointStorage::listAll() const {
  SABOT_ASSIGN_OR_RAISE(std::vector<std::string> names, fileSystem_->listDirectory(directory_));
  std::vector<std::pair<int64_t, fs::path>> found;
  for (const std::string& name : names) {
    const auto id = checkpointIdOf(name);
    if (!id) continue;
    const fs::path path = directory_ / name;
    SABOT_ASSIGN_OR_RAISE(bool isDirectory, fileSystem_->isDirectory(path));
    if (isDirectory) found.emplace_back(*id, path);
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<fs::path> paths;
  for (auto& [id, path] : found) paths.push_back(std::move(path));
  return paths;
}

std::vector<fs::path> CheckpointStorage::list() const {
  auto all = listAll();
  if (!all.ok()) return {};
  std::vector<fs::path> completed;
  for (fs::path& path : *all) {
    auto hasMetadata = fileSystem_->exists(path / kMetadataName);
    if (hasMetadata.ok() && *hasMetadata) completed.push_back(std::move(path));
  }
  return completed;
}

int64_t CheckpointStorage::highestId() const {
  const std::vector<fs::path> completed = list();
  return completed.empty() ? 0 : checkpointIdOf(completed.front()).value_or(0);
}

Result<LoadedCheckpoint> CheckpointStorage::load(const fs::path& checkpoint, CheckpointFileSystem& fileSystem) {
  const fs::path metadataPath = checkpoint / kMetadataName;
  SABOT_ASSIGN_OR_RAISE(bool hasMetadata, fileSystem.exists(metadataPath));
  if (!hasMetadata) {
    return Status::invalid("'{}' is not a completed checkpoint (it has no _metadata)", checkpoint.string());
  }
  SABOT_ASSIGN_OR_RAISE(std::string bytes, fileSystem.readFile(metadataPath));
  LoadedCheckpoint loaded;
  loaded.path = checkpoint;
  SABOT_ASSIGN_OR_RAISE(loaded.metadata, CheckpointMetadata::parse(bytes, metadataPath.string()));
  for (const CheckpointMetadata::File& file : loaded.metadata.files) {
    const fs::path path = checkpoint / file.name;
    auto content = fileSystem.readFile(path);
    if (!content.ok()) {
      return Status::corrupt("{}: a state file is missing or unreadable: {}", checkpoint.string(),
                             content.status().message());
    }
    SABOT_ASSIGN_OR_RAISE(std::string state, checkStateFile(path, file, std::move(*content)));
    loaded.files.emplace(file.name, std::move(state));
  }
  return loaded;
}

CheckpointVerification CheckpointStorage::verify(const fs::path& checkpoint, CheckpointFileSystem& fileSystem) {
  CheckpointVerification result;
  result.path = checkpoint;
  result.id = checkpointIdOf(checkpoint);
  const fs::path metadataPath = checkpoint / kMetadataName;
  auto hasMetadata = fileSystem.exists(metadataPath);
  if (!hasMetadata.ok()) {
    result.hasMetadata = true;  // cannot tell: report the error as damage
    result.metadataError = hasMetadata.status();
    return result;
  }
  result.hasMetadata = *hasMetadata;
  if (!result.hasMetadata) return result;
  auto bytes = fileSystem.readFile(metadataPath);
  if (!bytes.ok()) {
    result.metadataError = bytes.status();
    return result;
  }
  auto metadata = CheckpointMetadata::parse(*bytes, metadataPath.string());
  if (!metadata.ok()) {
    result.metadataError = metadata.status();
    return result;
  }
  for (const CheckpointMetadata::File& file : metadata->files) {
    CheckpointVerification::FileCheck check;
    check.name = file.name;
    check.recordedSize = file.size;
    const fs::path path = checkpoint / file.name;
    auto content = fileSystem.readFile(path);
    if (!content.ok()) {
      check.error = Status::corrupt("{}: missing or unreadable: {}", path.string(), content.status().message());
    } else {
      check.actualSize = content->size();
      check.error = checkStateFile(path, file, std::move(*content)).status();
    }
    result.files.push_back(std::move(check));
  }
  result.metadata = std::move(*metadata);
  return result;
}

Result<LoadedCheckpoint> CheckpointStorage::loadLatest(std::vector<std::string>* skipped) const {
  for (const fs::path& checkpoint : list()) {
    auto loaded = load(checkpoint, *fileSystem_);
    if (loaded.ok()) return loaded;
    if (skipped != nullptr) skipped->push_back(loaded.status().message());
  }
  return Status::invalid("no completed checkpoint in '{}'", directory_.string());
}

Status CheckpointStorage::retain(int32_t keep) {
  keep = std::max(keep, 1);
  const std::vector<fs::path> completed = list();
  if (static_cast<int32_t>(completed.size()) <= keep) return Status::OK();
  const int64_t oldestKept = *checkpointIdOf(completed[static_cast<size_t>(keep - 1)]);
  SABOT_ASSIGN_OR_RAISE(std::vector<fs::path> all, listAll());
  Status firstError;
  for (const fs::path& checkpoint : all) {
    if (*checkpointIdOf(checkpoint) >= oldestKept) continue;
    Status removed = fileSystem_->removeAll(checkpoint);
    if (!removed.ok() && firstError.ok()) firstError = std::move(removed);
  }
  return firstError;
}

Result<LoadedCheckpoint> resolveRestore(const std::string& restoreFrom, const fs::path& checkpointDirectory,
                                        std::vector<std::string>* skipped,
                                        std::shared_ptr<CheckpointFileSystem> fileSystem) {
  if (!fileSystem) fileSystem = localCheckpointFileSystem();
  if (restoreFrom == "latest") {
    if (checkpointDirectory.empty()) return Status::invalid("--restore-from latest needs --checkpoint-dir");
    SABOT_ASSIGN_OR_RAISE(CheckpointStorage storage, CheckpointStorage::open(checkpointDirectory, fileSystem));
    return storage.loadLatest(skipped);
  }
  return CheckpointStorage::load(restoreFrom, *fileSystem);
}

}  // namespace sabot::checkpoint
