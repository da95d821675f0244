#include "sabot/io/FileInputStream.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace sabot::io {

Result<std::unique_ptr<FileInputStream>> FileInputStream::open(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return Status::fromErrno(errno, fmt::format("cannot open '{}' for reading", path.string()));
  }
  return std::unique_ptr<FileInputStream>(new FileInputStream(fd, path.string()));
}

FileInputStream::~FileInputStream() {
  if (fd_ >= 0) ::close(fd_);
}

Result<int64_t> FileInputStream::read(int64_t size, void* out) {
  if (size < 0) return Status::invalid("negative read size {} from '{}'", size, path_);
  auto* bytes = static_cast<uint8_t*>(out);
  int64_t total = 0;
  while (total < size) {
    const ssize_t got = ::read(fd_, bytes + total, static_cast<size_t>(size - total));
    if (got < 0) {
      if (errno == EINTR) continue;
      return Status::fromErrno(errno, fmt::format("cannot read '{}'", path_));
    }
    if (got == 0) break;
    total += got;
  }
  position_ += total;
  return total;
}

}  // namespace sabot::io
