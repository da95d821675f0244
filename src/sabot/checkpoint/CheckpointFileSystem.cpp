#include "sabot/checkpoint/CheckpointFileSystem.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "sabot/io/FileSync.h"

namespace sabot::checkpoint {

namespace fs = std::filesystem;

fs::path temporaryPathFor(const fs::path& path) {
  return path.parent_path() / ("." + path.filename().string() + ".tmp");
}

Status LocalCheckpointFileSystem::createDirectories(const fs::path& directory) {
  std::error_code error;
  fs::create_directories(directory, error);
  if (error) return Status::ioError("cannot create directory '{}': {}", directory.string(), error.message());
  return Status::OK();
}

Status LocalCheckpointFileSystem::writeFileAtomically(const fs::path& path, std::string_view bytes) {
  const fs::path temporary = temporaryPathFor(path);
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
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    return Status::fromErrno(errno, "moving " + temporary.string() + " to " + path.string());
  }
  return Status::OK();
}

Status LocalCheckpointFileSystem::syncDirectory(const fs::path& directory) { return io::syncDirectory(directory); }

Result<std::string> LocalCheckpointFileSystem::readFile(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::fromErrno(errno, "cannot open " + path.string());
  std::string content;
  char buffer[64 * 1024];
  while (true) {
    const ssize_t n = ::read(fd, buffer, sizeof(buffer));
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      ::close(fd);
      return Status::fromErrno(error, "cannot read " + path.string());
    }
    content.append(buffer, static_cast<size_t>(n));
  }
  ::close(fd);
  return content;
}

Result<bool> LocalCheckpointFileSystem::exists(const fs::path& path) {
  std::error_code error;
  const bool found = fs::exists(path, error);
  if (error) return Status::ioError("cannot look at '{}': {}", path.string(), error.message());
  return found;
}

Result<bool> LocalCheckpointFileSystem::isDirectory(const fs::path& path) {
  std::error_code error;
  const fs::file_status status = fs::status(path, error);
  if (error && error != std::errc::no_such_file_or_directory) {
    return Status::ioError("cannot look at '{}': {}", path.string(), error.message());
  }
  return fs::is_directory(status);
}

Result<std::vector<std::string>> LocalCheckpointFileSystem::listDirectory(const fs::path& directory) {
  std::error_code error;
  fs::directory_iterator entries(directory, error);
  if (error) return Status::ioError("cannot list '{}': {}", directory.string(), error.message());
  std::vector<std::string> names;
  for (auto entry = fs::begin(entries); entry != fs::end(entries); entry.increment(error)) {
    if (error) break;
    names.push_back(entry->path().filename().string());
  }
  if (error) return Status::ioError("cannot list '{}': {}", directory.string(), error.message());
  return names;
}

Status LocalCheckpointFileSystem::removeAll(const fs::path& path) {
  std::error_code error;
  fs::remove_all(path, error);
  if (error) return Status::ioError("cannot delete '{}': {}", path.string(), error.message());
  return Status::OK();
}

std::shared_ptr<CheckpointFileSystem> localCheckpointFileSystem() {
  static const std::shared_ptr<CheckpointFileSystem> kLocal = std::make_shared<LocalCheckpointFileSystem>();
  return kLocal;
}

}  // namespace sabot::checkpoint
