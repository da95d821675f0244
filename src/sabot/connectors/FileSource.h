#pragma once

#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "sabot/connectors/FileFormat.h"
#include "sabot/runtime/Source.h"

namespace sabot::connectors {

/// Bad-record counts of a file source, summed over all its readers.
struct FileSourceCounters {
  std::atomic<int64_t> filesRead{0};
  std::atomic<int64_t> rowsRead{0};
  std::atomic<int64_t> rowsSkipped{0};
  std::atomic<int64_t> rowsDeadLettered{0};
};

/// Reads CSV, JSON-lines or Arrow IPC files: one file, or every file of a
/// directory (sorted by name, hidden files and subdirectories skipped). The
/// files are the splits: subtask i of p reads files i, i + p, ... Its
/// position is (file, batch), the form a checkpoint will store.
///
/// The schema is fixed at plan time: the given one, or the one inferred from
/// the first file, which every other file is then read with (so a file whose
/// values do not fit fails or goes to the dead-letter output by the bad-row
/// policy). Arrow files carry their schema and must all have the same one.
class FileSource final : public runtime::Source {
 public:
  /// `format` nullopt: from each file's extension. Errors name the path.
  static Result<std::shared_ptr<FileSource>> make(const std::filesystem::path& path,
                                                  std::optional<FileFormat> format, ReadSettings settings);

  std::string describe() const override;
  columnar::SchemaPtr schema() const override { return schema_; }
  Result<std::unique_ptr<runtime::SourceReader>> createReader(const runtime::OperatorContext& context) const override;
  bool replayable() const override { return true; }
  /// Never more subtasks than files.
  int32_t maxParallelism() const override { return static_cast<int32_t>(files_.size()); }

  const std::vector<std::filesystem::path>& files() const { return files_; }
  const FileSourceCounters& counters() const { return *counters_; }

  FileSource(std::filesystem::path root, std::vector<std::filesystem::path> files, std::vector<FileFormat> formats,
             columnar::SchemaPtr schema, ReadSettings settings);

 private:
  std::filesystem::path root_;
  std::vector<std::filesystem::path> files_;
  std::vector<FileFormat> formats_;
  columnar::SchemaPtr schema_;
  ReadSettings settings_;
  std::shared_ptr<FileSourceCounters> counters_ = std::make_shared<FileSourceCounters>();
  /// Serialises the readers' rejected records into the one dead-letter sink.
  std::shared_ptr<std::mutex> deadLetterMutex_ = std::make_shared<std::mutex>();
};

}  // namespace sabot::connectors
