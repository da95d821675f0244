#include "sabot/formats/OutputStream.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace sabot::formats {

Result<std::unique_ptr<FileOutputStream>> FileOutputStream::open(const std::filesystem::path& path,
                                                                 bool append) {
  const int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC);
  const int fd = ::open(path.c_str(), flags, 0644);
  if (fd < 0)
    return Status::fromErrno(errno, fmt::format("cannot open '{}' for writing", path.string()));
  return std::unique_ptr<FileOutputStream>(new FileOutputStream(path.string(), fd));
}

FileOutputStream::~FileOutputStream() {
  if (fd_ >= 0) ::close(fd_);
}

Status FileOutputStream::write(std::string_view bytes) {
  if (fd_ < 0) return Status::invalid("write to '{}' after close", path_);
  while (!bytes.empty()) {
    const ssize_t count = ::write(fd_, bytes.data(), bytes.size());
    if (count < 0) {
      if (errno == EINTR) continue;
      return Status::fromErrno(errno, fmt::format("cannot write '{}'", path_));
    }
    bytes.remove_prefix(static_cast<size_t>(count));
  }
  return Status::OK();
}

// Nothing is buffered in user space; durability (fsync) is the business of
// the checkpointing sinks, not of these plain files.
Status FileOutputStream::flush() {
  return Status::OK();
}

Status FileOutputStream::close() {
  if (fd_ < 0) return Status::OK();
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) return Status::fromErrno(errno, fmt::format("cannot close '{}'", path_));
  return Status::OK();
}

Status StringOutputStream::write(std::string_view bytes) {
  if (closed_) return Status::invalid("write to '{}' after close", name_);
  target_->append(bytes);
  return Status::OK();
}

Status StringOutputStream::close() {
  closed_ = true;
  return Status::OK();
}

}  // namespace sabot::formats
