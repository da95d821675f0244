#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "sabot/ipc/InputStream.h"

namespace sabot::ipc {

/// Reads a file (or a pipe, or a character device) sequentially.
class FileInputStream final : public InputStream {
 public:
  static Result<std::unique_ptr<FileInputStream>> open(const std::filesystem::path& path);
  ~FileInputStream() override;

  Result<int64_t> read(int64_t size, void* out) override;
  int64_t position() const override { return position_; }

  FileInputStream(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}

 private:
  int fd_;
  std::string path_;
  int64_t position_ = 0;
};

}  // namespace sabot::ipc
