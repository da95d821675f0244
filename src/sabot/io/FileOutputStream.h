#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "sabot/io/OutputStream.h"

namespace sabot::io {

/// Writes a file through a 256 KiB buffer; flush() hands the buffered bytes
/// to the operating system (durability, fsync, is the business of the
/// checkpointing sinks, not of these plain files). Errors name the path and
/// the errno text.
class FileOutputStream final : public OutputStream {
 public:
  /// Creates or truncates `path`; with `append`, appends to it instead
  /// (position() still counts from 0, the bytes written by this stream).
  static Result<std::unique_ptr<FileOutputStream>> open(const std::filesystem::path& path,
                                                        bool append = false);
  ~FileOutputStream() override;

  using OutputStream::write;
  Status write(const void* data, int64_t size) override;
  int64_t position() const override { return position_; }
  Status flush() override;
  Status close() override;
  const std::string& name() const override { return path_; }

 private:
  FileOutputStream(int fd, std::string path);

  Status writeAll(const uint8_t* data, int64_t size);

  int fd_;
  std::string path_;
  int64_t position_ = 0;
  std::vector<uint8_t> pending_;
};

}  // namespace sabot::io
