#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "sabot/ipc/OutputStream.h"

namespace sabot::ipc {

/// Writes a file through a 256 KiB buffer. The file is created or truncated.
class FileOutputStream final : public OutputStream {
 public:
  static Result<std::shared_ptr<FileOutputStream>> open(const std::filesystem::path& path);
  ~FileOutputStream() override;

  Status write(const void* data, int64_t size) override;
  int64_t position() const override { return position_; }
  Status flush() override;
  Status close() override;

  FileOutputStream(int fd, std::string path);

 private:
  Status writeAll(const uint8_t* data, int64_t size);

  int fd_;
  std::string path_;
  int64_t position_ = 0;
  std::vector<uint8_t> pending_;
};

}  // namespace sabot::ipc
