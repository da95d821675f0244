#include "sabot/io/FileOutputStream.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace sabot::io {

namespace {
constexpr size_t kBufferBytes = size_t{256} << 10;
}  // namespace

Result<std::unique_ptr<FileOutputStream>> FileOutputStream::open(const std::filesystem::path& path,
                                                                 bool append) {
  const int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC);
  const int fd = ::open(path.c_str(), flags, 0644);
  if (fd < 0) {
    return Status::fromErrno(errno, fmt::format("cannot open '{}' for writing", path.string()));
  }
  return std::unique_ptr<FileOutputStream>(new FileOutputStream(fd, path.string()));
}

FileOutputStream::FileOutputStream(int fd, std::string path) : fd_(fd), path_(std::move(path)) {
  pending_.reserve(kBufferBytes);
}

FileOutputStream::~FileOutputStream() {
  // Errors here have nowhere to go; callers that care call close().
  if (fd_ >= 0) (void)close();
}

Status FileOutputStream::write(const void* data, int64_t size) {
  if (fd_ < 0) return Status::invalid("write to '{}' after close", path_);
  if (size < 0) return Status::invalid("negative write size {} to '{}'", size, path_);
  const auto* bytes = static_cast<const uint8_t*>(data);
  position_ += size;
  if (pending_.size() + static_cast<size_t>(size) <= kBufferBytes) {
    pending_.insert(pending_.end(), bytes, bytes + size);
    return Status::OK();
  }
  SABOT_RETURN_NOT_OK(flush());
  if (static_cast<size_t>(size) >= kBufferBytes) return writeAll(bytes, size);
  pending_.insert(pending_.end(), bytes, bytes + size);
  return Status::OK();
}

Status FileOutputStream::writeAll(const uint8_t* data, int64_t size) {
  while (size > 0) {
    const ssize_t written = ::write(fd_, data, static_cast<size_t>(size));
    if (written < 0) {
      if (errno == EINTR) continue;
      return Status::fromErrno(errno, fmt::format("cannot write '{}'", path_));
    }
    data += written;
    size -= written;
  }
  return Status::OK();
}

Status FileOutputStream::flush() {
  if (fd_ < 0) return Status::OK();
  Status status = writeAll(pending_.data(), static_cast<int64_t>(pending_.size()));
  pending_.clear();
  return status;
}

Status FileOutputStream::close() {
  if (fd_ < 0) return Status::OK();
  Status status = flush();
  if (::close(fd_) != 0 && status.ok()) {
    status = Status::fromErrno(errno, fmt::format("cannot close '{}'", path_));
  }
  fd_ = -1;
  return status;
}

}  // namespace sabot::io
