#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "sabot/base/Result.h"

namespace sabot::formats {

/// A sequential sink of bytes for the format writers and the dead-letter file.
class OutputStream {
 public:
  virtual ~OutputStream() = default;

  /// Writes all of `bytes` (or fails).
  virtual Status write(std::string_view bytes) = 0;
  /// Hands buffered bytes to the operating system.
  virtual Status flush() = 0;
  /// Flushes and releases the sink; later writes fail. Idempotent.
  virtual Status close() = 0;
  /// The path or a description ("<memory>"), used in error messages.
  virtual const std::string& name() const = 0;
};

/// Writes a file with POSIX write(2). The writers above buffer, so this class
/// does not. Errors name the path and the errno text.
class FileOutputStream final : public OutputStream {
 public:
  /// Creates or truncates `path`; with `append`, appends to it instead.
  static Result<std::unique_ptr<FileOutputStream>> open(const std::filesystem::path& path,
                                                        bool append = false);
  ~FileOutputStream() override;

  Status write(std::string_view bytes) override;
  Status flush() override;
  Status close() override;
  const std::string& name() const override { return path_; }

 private:
  FileOutputStream(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}

  std::string path_;
  int fd_;
};

/// Appends to a caller-owned std::string, which must outlive the stream.
class StringOutputStream final : public OutputStream {
 public:
  explicit StringOutputStream(std::string* target, std::string name = "<memory>")
      : target_(target), name_(std::move(name)) {}

  Status write(std::string_view bytes) override;
  Status flush() override { return Status::OK(); }
  Status close() override;
  const std::string& name() const override { return name_; }

 private:
  std::string* target_;
  std::string name_;
  bool closed_ = false;
};

}  // namespace sabot::formats
