#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "sabot/io/InputStream.h"

namespace sabot::io {

/// Reads a file (or a pipe, or a character device) sequentially with
/// read(2). Errors name the path and the errno text.
class FileInputStream final : public InputStream {
 public:
  static Result<std::unique_ptr<FileInputStream>> open(const std::filesystem::path& path);
  ~FileInputStream() override;

  Result<int64_t> read(int64_t size, void* out) override;
  int64_t position() const override { return position_; }
  const std::string& name() const override { return path_; }

 private:
  FileInputStream(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}

  int fd_;
  std::string path_;
  int64_t position_ = 0;
};

}  // namespace sabot::io
