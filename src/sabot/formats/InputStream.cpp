#include "sabot/formats/InputStream.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace sabot::formats {

Result<std::unique_ptr<FileInputStream>> FileInputStream::open(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return Status::fromErrno(errno, fmt::format("cannot open '{}' for reading", path.string()));
  return std::unique_ptr<FileInputStream>(new FileInputStream(path.string(), fd));
}

FileInputStream::~FileInputStream() {
  ::close(fd_);
}

Result<int64_t> FileInputStream::read(char* out, int64_t maxBytes) {
  while (true) {
    const ssize_t count = ::read(fd_, out, static_cast<size_t>(maxBytes));
    if (count >= 0) return static_cast<int64_t>(count);
    if (errno != EINTR) return Status::fromErrno(errno, fmt::format("cannot read '{}'", path_));
  }
}

Result<int64_t> StringInputStream::read(char* out, int64_t maxBytes) {
  const size_t count = std::min(static_cast<size_t>(maxBytes), data_.size() - position_);
  if (count > 0) std::memcpy(out, data_.data() + position_, count);
  position_ += count;
  return static_cast<int64_t>(count);
}

}  // namespace sabot::formats
