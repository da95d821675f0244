#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "sabot/base/Result.h"

namespace sabot::formats {

/// A sequential source of bytes for the format readers. Readers pull fixed-size
/// chunks, so a file never has to fit in memory.
class InputStream {
 public:
  virtual ~InputStream() = default;

  /// Reads up to `maxBytes` bytes into `out`; returns how many were read, 0
  /// only at the end of the stream.
  virtual Result<int64_t> read(char* out, int64_t maxBytes) = 0;
  /// The path or a description ("<memory>"), used in error messages.
  virtual const std::string& name() const = 0;
};

/// Reads a file with POSIX read(2). Errors name the path and the errno text.
class FileInputStream final : public InputStream {
 public:
  static Result<std::unique_ptr<FileInputStream>> open(const std::filesystem::path& path);
  ~FileInputStream() override;

  Result<int64_t> read(char* out, int64_t maxBytes) override;
  const std::string& name() const override { return path_; }

 private:
  FileInputStream(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}

  std::string path_;
  int fd_;
};

/// Reads bytes held in memory (tests, fuzzing, data already loaded).
class StringInputStream final : public InputStream {
 public:
  explicit StringInputStream(std::string data, std::string name = "<memory>")
      : data_(std::move(data)), name_(std::move(name)) {}

  Result<int64_t> read(char* out, int64_t maxBytes) override;
  const std::string& name() const override { return name_; }

 private:
  std::string data_;
  std::string name_;
  size_t position_ = 0;
};

}  // namespace sabot::formats
