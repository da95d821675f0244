#pragma once

#include <filesystem>
#include <memory>

#include "sabot/connectors/FileFormat.h"
#include "sabot/runtime/Sink.h"

namespace sabot::connectors {

/// Writes a stream to files of one format (CSV, JSON lines, Arrow IPC file
/// or stream).
///
/// Two layouts: a single file (the sink then runs as one subtask and the
/// other subtasks' rows are sent to it), or a directory with one part file
/// per subtask, `part-00000.csv`, `part-00001.csv`, ... Every file is first
/// written under a hidden name (`.part-00000.csv.inprogress`) and renamed
/// into place only when its input ended, so a failed job leaves no partial
/// output visible; the two-phase commit of the checkpoint issue builds on
/// this: in a checkpointed job each subtask writes a new part file per
/// checkpoint, part-00000-000000.csv, ..., made visible only when the
/// checkpoint completes (two-phase commit, exactly-once output).
class FileSink final : public runtime::Sink {
 public:
  enum class Layout : uint8_t { kSingleFile, kDirectory };

  /// `overwrite` false: an existing output file is an error (at plan time).
  static Result<std::shared_ptr<FileSink>> make(std::filesystem::path path, FileFormat format, Layout layout,
                                                ipc::Compression compression = ipc::Compression::kNone,
                                                bool overwrite = false);

  std::string describe() const override;
  Result<std::unique_ptr<runtime::SinkWriter>> createWriter(const runtime::OperatorContext& context,
                                                            const columnar::SchemaPtr& schema) const override;
  int32_t maxParallelism() const override { return layout_ == Layout::kSingleFile ? 1 : 1 << 15; }
  /// Part files are two-phase committed when the job takes checkpoints.
  bool transactional() const override { return true; }
  /// Deletes the part files of an earlier run (visible and hidden) from the
  /// output directory: call it when the job starts, with --force, unless
  /// the job resumes from a checkpoint (whose files it still needs).
  Status removeExistingParts() const;

  FileSink(std::filesystem::path path, FileFormat format, Layout layout, ipc::Compression compression)
      : path_(std::move(path)), format_(format), layout_(layout), compression_(compression) {}

 private:
  std::filesystem::path path_;
  FileFormat format_;
  Layout layout_;
  ipc::Compression compression_;
};

}  // namespace sabot::connectors
