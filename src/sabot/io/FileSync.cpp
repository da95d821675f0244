#include "sabot/io/FileSync.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace sabot::io {

namespace {

Status syncPath(const std::filesystem::path& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return Status::fromErrno(errno, "opening " + path.string() + " to sync it");
  const int result = ::fsync(fd);
  const int error = errno;
  ::close(fd);
  if (result != 0) return Status::fromErrno(error, "syncing " + path.string());
  return Status::OK();
}

}  // namespace

Status syncFile(const std::filesystem::path& path) { return syncPath(path, O_RDONLY); }

Status syncDirectory(const std::filesystem::path& directory) { return syncPath(directory, O_RDONLY | O_DIRECTORY); }

}  // namespace sabot::io
