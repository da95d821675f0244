#include "sabot/io/MappedFile.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <memory>

namespace sabot::io {

namespace {

/// Owns one mapping; the Buffer's owner handle.
class Mapping {
 public:
  Mapping(void* address, size_t size) : address_(address), size_(size) {}
  Mapping(const Mapping&) = delete;
  Mapping& operator=(const Mapping&) = delete;
  ~Mapping() { ::munmap(address_, size_); }

 private:
  void* address_;
  size_t size_;
};

}  // namespace

Result<columnar::BufferPtr> mapFile(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return Status::fromErrno(errno, fmt::format("cannot open '{}' for reading", path.string()));
  }
  struct stat info;
  if (::fstat(fd, &info) != 0) {
    const int error = errno;
    ::close(fd);
    return Status::fromErrno(error, fmt::format("cannot stat '{}'", path.string()));
  }
  if (!S_ISREG(info.st_mode)) {
    ::close(fd);
    return Status::ioError("'{}' is not a regular file", path.string());
  }
  const auto size = static_cast<size_t>(info.st_size);
  if (size == 0) {
    ::close(fd);
    return std::make_shared<const columnar::Buffer>(nullptr, 0);
  }
  void* address = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  const int error = errno;
  ::close(fd);  // the mapping stays valid without the descriptor
  if (address == MAP_FAILED) {
    return Status::fromErrno(error, fmt::format("cannot map '{}'", path.string()));
  }
  auto mapping = std::make_shared<const Mapping>(address, size);
  return std::make_shared<const columnar::Buffer>(static_cast<const uint8_t*>(address),
                                                  static_cast<int64_t>(size), std::move(mapping));
}

}  // namespace sabot::io
