#include "sabot/ipc/FileInputStream.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace sabot::ipc {

Result<std::unique_ptr<FileInputStream>> FileInputStream::open(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::fromErrno(errno, "cannot open " + path.string());
  return std::make_unique<FileInputStream>(fd, path.string());
}

FileInputStream::~FileInputStream() {
  if (fd_ >= 0) ::close(fd_);
}

Result<int64_t> FileInputStream::read(int64_t size, void* out) {
  if (size < 0) return Status::invalid("negative read size {}", size);
  auto* bytes = static_cast<uint8_t*>(out);
  int64_t total = 0;
  while (total < size) {
    const ssize_t got = ::read(fd_, bytes + total, static_cast<size_t>(size - total));
    if (got < 0) {
      if (errno == EINTR) continue;
      return Status::fromErrno(errno, "cannot read " + path_);
    }
    if (got == 0) break;
    total += got;
  }
  position_ += total;
  return total;
}

}  // namespace sabot::ipc
