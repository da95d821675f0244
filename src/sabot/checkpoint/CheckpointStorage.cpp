#include "sabot/checkpoint/CheckpointStorage.h"

#include <fcntl.h>
#include <unistd.h>
#include <xxhash.h>

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <sstream>

#include "sabot/checkpoint/SnapshotStream.h"

namespace sabot::checkpoint {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kMagic = "SABOTCKP";
constexpr uint32_t kFormatVersion = 1;
constexpr std::string_view kMetadataName = "_metadata";

/// Writes `bytes` to `path` through a temporary file, fsynced, then renamed,
/// so readers see the whole file or none of it.
Status writeFileDurably(const fs::path& path, std::string_view bytes) {
  const fs::path temporary = path.parent_path() / ("." + path.filename().string() + ".tmp");
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Status::fromErrno(errno, "creating " + temporary.string());
  size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      ::close(fd);
      return Status::fromErrno(error, "writing " + temporary.string());
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    const int error = errno;
    ::close(fd);
    return Status::fromErrno(error, "syncing " + temporary.string());
  }
  if (::close(fd) != 0) return Status::fromErrno(errno, "closing " + temporary.string());
  std::error_code renameError;
  fs::rename(temporary, path, renameError);
  if (renameError) return Status::ioError("moving {} into place: {}", path.string(), renameError.message());
  return Status::OK();
}

Status syncDirectory(const fs::path& directory) {
  const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Status::fromErrno(errno, "opening " + directory.string());
  const int result = ::fsync(fd);
  const int error = errno;
  ::close(fd);
  if (result != 0) return Status::fromErrno(error, "syncing " + directory.string());
  return Status::OK();
}

Result<std::string> readFile(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return Status::ioError("cannot open {}", path.string());
  std::ostringstream text;
  text << file.rdbuf();
  if (file.bad()) return Status::ioError("cannot read {}", path.string());
  return text.str();
}

/// The id of a "chk-N" directory, or nullopt.
std::optional<int64_t> checkpointIdOf(const fs::path& path) {
  const std::string name = path.filename().string();
  if (name.rfind("chk-", 0) != 0 || name.size() == 4) return std::nullopt;
  int64_t id = 0;
  for (size_t i = 4; i < name.size(); ++i) {
    if (name[i] < '0' || name[i] > '9') return std::nullopt;
    id = id * 10 + (name[i] - '0');
  }
  return id;
}

}  // namespace

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
  if (version != kFormatVersion) {
    return Status::unsupported("{}: checkpoint format version {}, this Sabot reads version {}", where, version,
                               kFormatVersion);
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
    if (file.name.empty() || file.name.find('/') != std::string::npos || file.name[0] == '.') {
      return Status::corrupt("{}: bad state file name '{}'", where, file.name);
    }
    metadata.files.push_back(std::move(file));
  }
  SABOT_RETURN_NOT_OK(reader.expectEnd());
  return metadata;
}

Result<CheckpointStorage> CheckpointStorage::open(fs::path directory) {
  if (directory.empty()) return Status::invalid("the checkpoint directory is empty");
  std::error_code error;
  fs::create_directories(directory, error);
  if (error) return Status::ioError("cannot create checkpoint directory '{}': {}", directory.string(), error.message());
  return CheckpointStorage(std::move(directory));
}

Result<fs::path> CheckpointStorage::write(CheckpointMetadata metadata, const std::map<std::string, std::string>& files) {
  const fs::path checkpoint = directory_ / ("chk-" + std::to_string(metadata.checkpointId));
  std::error_code error;
  fs::create_directories(checkpoint, error);
  if (error) return Status::ioError("cannot create '{}': {}", checkpoint.string(), error.message());
  metadata.files.clear();
  for (const auto& [name, bytes] : files) {
    SABOT_RETURN_NOT_OK(writeFileDurably(checkpoint / name, bytes));
    metadata.files.push_back(CheckpointMetadata::File{name, bytes.size(), checksumOf(bytes)});
  }
  SABOT_RETURN_NOT_OK(syncDirectory(checkpoint));
  SABOT_RETURN_NOT_OK(writeFileDurably(checkpoint / kMetadataName, metadata.serialize()));
  SABOT_RETURN_NOT_OK(syncDirectory(checkpoint));
  return checkpoint;
}

std::vector<fs::path> CheckpointStorage::list() const {
  std::vector<std::pair<int64_t, fs::path>> found;
  std::error_code error;
  for (const fs::directory_entry& entry : fs::directory_iterator(directory_, error)) {
    const auto id = checkpointIdOf(entry.path());
    if (!id || !fs::exists(entry.path() / kMetadataName, error)) continue;
    found.emplace_back(*id, entry.path());
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<fs::path> paths;
  for (auto& [id, path] : found) paths.push_back(std::move(path));
  return paths;
}

int64_t CheckpointStorage::highestId() const {
  const std::vector<fs::path> completed = list();
  return completed.empty() ? 0 : checkpointIdOf(completed.front()).value_or(0);
}

Result<LoadedCheckpoint> CheckpointStorage::load(const fs::path& checkpoint) {
  const fs::path metadataPath = checkpoint / kMetadataName;
  std::error_code error;
  if (!fs::exists(metadataPath, error)) {
    return Status::invalid("'{}' is not a completed checkpoint (it has no _metadata)", checkpoint.string());
  }
  SABOT_ASSIGN_OR_RAISE(std::string bytes, readFile(metadataPath));
  LoadedCheckpoint loaded;
  loaded.path = checkpoint;
  SABOT_ASSIGN_OR_RAISE(loaded.metadata, CheckpointMetadata::parse(bytes, metadataPath.string()));
  for (const CheckpointMetadata::File& file : loaded.metadata.files) {
    const fs::path path = checkpoint / file.name;
    auto content = readFile(path);
    if (!content.ok()) return Status::corrupt("{}: a state file is missing: {}", checkpoint.string(), content.status().message());
    if (content->size() != file.size) {
      return Status::corrupt("{}: has {} bytes, the metadata says {} (partial write?)", path.string(), content->size(),
                             file.size);
    }
    if (checksumOf(*content) != file.checksum) {
      return Status::corrupt("{}: checksum mismatch (the file is damaged)", path.string());
    }
    loaded.files.emplace(file.name, std::move(*content));
  }
  return loaded;
}

Result<LoadedCheckpoint> CheckpointStorage::loadLatest(std::vector<std::string>* skipped) const {
  for (const fs::path& checkpoint : list()) {
    auto loaded = load(checkpoint);
    if (loaded.ok()) return loaded;
    if (skipped != nullptr) skipped->push_back(loaded.status().message());
  }
  return Status::invalid("no completed checkpoint in '{}'", directory_.string());
}

Status CheckpointStorage::retain(int32_t keep) {
  const std::vector<fs::path> completed = list();
  if (static_cast<int32_t>(completed.size()) <= keep) return Status::OK();
  std::error_code error;
  const int64_t oldestKept = *checkpointIdOf(completed[static_cast<size_t>(keep - 1)]);
  for (const fs::directory_entry& entry : fs::directory_iterator(directory_, error)) {
    const auto id = checkpointIdOf(entry.path());
    if (id && *id < oldestKept) fs::remove_all(entry.path(), error);
  }
  return Status::OK();
}

Result<LoadedCheckpoint> resolveRestore(const std::string& restoreFrom, const fs::path& checkpointDirectory,
                                        std::vector<std::string>* skipped) {
  if (restoreFrom == "latest") {
    if (checkpointDirectory.empty()) return Status::invalid("--restore-from latest needs --checkpoint-dir");
    SABOT_ASSIGN_OR_RAISE(CheckpointStorage storage, CheckpointStorage::open(checkpointDirectory));
    return storage.loadLatest(skipped);
  }
  return CheckpointStorage::load(restoreFrom);
}

}  // namespace sabot::checkpoint
