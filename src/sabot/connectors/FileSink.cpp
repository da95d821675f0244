#include "sabot/connectors/FileSink.h"

#include <fmt/format.h>

#include <limits>

#include "sabot/io/FileSync.h"

namespace sabot::connectors {

namespace fs = std::filesystem;

namespace {

class FileSinkWriter final : public runtime::SinkWriter {
 public:
  FileSinkWriter(fs::path finalPath, fs::path partialPath, std::unique_ptr<BatchFileWriter> writer)
      : finalPath_(std::move(finalPath)), partialPath_(std::move(partialPath)), writer_(std::move(writer)) {}
  ~FileSinkWriter() override { abort(); }

  Status write(const columnar::RecordBatchPtr& batch) override {
    return writer_->write(*batch).withContext("writing '{}'", finalPath_.string());
  }
  Status finish() override {
    SABOT_RETURN_NOT_OK(writer_->close().withContext("writing '{}'", finalPath_.string()));
    writer_.reset();
    std::error_code error;
    fs::rename(partialPath_, finalPath_, error);
    if (error) {
      return Status::ioError("cannot move '{}' to '{}': {}", partialPath_.string(), finalPath_.string(),
                             error.message());
    }
    committed_ = true;
    return Status::OK();
  }
  void abort() override {
    if (committed_ || aborted_) return;
    aborted_ = true;
    if (writer_ != nullptr) {
      (void)writer_->close();
      writer_.reset();
    }
    std::error_code ignored;
    fs::remove(partialPath_, ignored);
  }

 private:
  fs::path finalPath_;
  fs::path partialPath_;
  std::unique_ptr<BatchFileWriter> writer_;
  bool committed_ = false;
  bool aborted_ = false;
};

/// The writer of a checkpointed job (two-phase commit): rows go to a hidden
/// in-progress file; at a barrier it is closed and renamed to a hidden
/// pending file (pre-commit), and when the checkpoint completes pending
/// files get their visible names part-SSSSS-NNNNNN.EXT (commit). A restore
/// commits what the checkpoint had pending and deletes later files, whose
/// rows the restored job writes again.
class TransactionalFileWriter final : public runtime::SinkWriter {
 public:
  TransactionalFileWriter(fs::path directory, int32_t subtask, FileFormat format, columnar::SchemaPtr schema,
                          ipc::Compression compression)
      : directory_(std::move(directory)),
        subtask_(subtask),
        format_(format),
        schema_(std::move(schema)),
        compression_(compression) {}
  ~TransactionalFileWriter() override { abort(); }

  Status write(const columnar::RecordBatchPtr& batch) override {
    if (writer_ == nullptr) {
      current_ = nextSeq_++;
      SABOT_ASSIGN_OR_RAISE(writer_, openBatchWriter(hidden(current_, "inprogress"), format_, schema_, compression_));
    }
    return writer_->write(*batch).withContext("writing '{}'", hidden(current_, "inprogress").string());
  }

  Status preCommit(int64_t checkpointId, checkpoint::SnapshotWriter& out) override {
    if (writer_ != nullptr) {
      SABOT_RETURN_NOT_OK(closeCurrent(hidden(current_, "pending")));
      pending_.push_back({checkpointId, current_});
    }
    out.write<int64_t>(nextSeq_);
    out.write<uint64_t>(pending_.size());
    for (const Pending& entry : pending_) {
      out.write<int64_t>(entry.checkpointId);
      out.write<int64_t>(entry.seq);
    }
    return Status::OK();
  }

  Status commit(int64_t checkpointId) override {
    std::vector<Pending> later;
    for (const Pending& entry : pending_) {
      if (entry.checkpointId <= checkpointId) {
        SABOT_RETURN_NOT_OK(publish(entry.seq));
      } else {
        later.push_back(entry);
      }
    }
    pending_ = std::move(later);
    return Status::OK();
  }

  Status finish() override {
    // Pre-commit, not commit: other subtasks may still run, and a restore
    // from an earlier checkpoint would write these rows again. The runtime
    // commits when the whole job has succeeded (or a later checkpoint,
    // whose final snapshot of this task lists the files, is restored).
    if (writer_ != nullptr) {
      SABOT_RETURN_NOT_OK(closeCurrent(hidden(current_, "pending")));
      pending_.push_back({std::numeric_limits<int64_t>::max(), current_});
    }
    finished_ = true;
    return Status::OK();
  }

  void abort() override {
    if (finished_ || writer_ == nullptr) return;
    (void)writer_->close();
    writer_.reset();
    std::error_code ignored;
    fs::remove(hidden(current_, "inprogress"), ignored);
  }

  Status recover(checkpoint::SnapshotReader& in) override {
    SABOT_ASSIGN_OR_RAISE(int64_t nextSeq, in.read<int64_t>());
    SABOT_ASSIGN_OR_RAISE(uint64_t count, in.readCount(16));
    std::vector<int64_t> restored;
    for (uint64_t i = 0; i < count; ++i) {
      SABOT_ASSIGN_OR_RAISE(int64_t checkpointId, in.read<int64_t>());
      SABOT_ASSIGN_OR_RAISE(int64_t seq, in.read<int64_t>());
      (void)checkpointId;
      restored.push_back(seq);
    }
    // The restored checkpoint completed: what it had pending is committed.
    for (int64_t seq : restored) SABOT_RETURN_NOT_OK(publish(seq));
    // Hidden files of this subtask are rows after the checkpoint: the
    // restored job writes them again.
    std::error_code error;
    const std::string prefix = fmt::format(".part-{:05d}-", subtask_);
    int64_t highest = nextSeq - 1;
    for (const fs::directory_entry& entry : fs::directory_iterator(directory_, error)) {
      const std::string name = entry.path().filename().string();
      if (name.rfind(prefix, 0) == 0) fs::remove(entry.path(), error);
      const std::string visiblePrefix = prefix.substr(1);
      if (name.rfind(visiblePrefix, 0) == 0) {
        try {
          highest = std::max<int64_t>(highest, std::stoll(name.substr(visiblePrefix.size())));
        } catch (const std::exception&) {
        }
      }
    }
    // Never reuse the number of a file that is already visible.
    nextSeq_ = highest + 1;
    return Status::OK();
  }

 private:
  struct Pending {
    int64_t checkpointId;
    int64_t seq;
  };

  fs::path visible(int64_t seq) const {
    return directory_ / fmt::format("part-{:05d}-{:06d}.{}", subtask_, seq, fileFormatName(format_));
  }
  fs::path hidden(int64_t seq, std::string_view stage) const {
    return directory_ / fmt::format(".part-{:05d}-{:06d}.{}.{}", subtask_, seq, fileFormatName(format_), stage);
  }
  /// Closes the in-progress file and moves it to `to`, durably: its data
  /// is on disk before the rename, and the rename before this returns (a
  /// pre-committed file must survive a power loss, not only a crash).
  Status closeCurrent(const fs::path& to) {
    const fs::path from = hidden(current_, "inprogress");
    SABOT_RETURN_NOT_OK(writer_->close().withContext("writing '{}'", from.string()));
    writer_.reset();
    SABOT_RETURN_NOT_OK(io::syncFile(from));
    std::error_code error;
    fs::rename(from, to, error);
    if (error) return Status::ioError("cannot move '{}' to '{}': {}", from.string(), to.string(), error.message());
    return io::syncDirectory(directory_);
  }
  /// Makes pending file `seq` visible; done already if it is (idempotent).
  Status publish(int64_t seq) {
    const fs::path from = hidden(seq, "pending");
    const fs::path to = visible(seq);
    std::error_code error;
    if (!fs::exists(from, error)) {
      // Published before a crash: make sure the rename is durable.
      if (fs::exists(to, error)) return io::syncDirectory(directory_);
      return Status::ioError("the pre-committed part file '{}' is missing; output would be lost", from.string());
    }
    fs::rename(from, to, error);
    if (error) return Status::ioError("cannot commit '{}': {}", to.string(), error.message());
    return io::syncDirectory(directory_);
  }

  fs::path directory_;
  int32_t subtask_;
  FileFormat format_;
  columnar::SchemaPtr schema_;
  ipc::Compression compression_;
  std::unique_ptr<BatchFileWriter> writer_;
  int64_t current_ = 0;
  int64_t nextSeq_ = 0;
  std::vector<Pending> pending_;
  bool finished_ = false;
};

/// The part files of a directory, visible and hidden (none if it does not exist).
std::vector<fs::path> partFiles(const fs::path& directory) {
  std::vector<fs::path> parts;
  std::error_code error;
  if (!fs::is_directory(directory, error)) return parts;
  for (const fs::directory_entry& entry : fs::directory_iterator(directory, error)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("part-", 0) == 0 || name.rfind(".part-", 0) == 0) parts.push_back(entry.path());
  }
  return parts;
}

}  // namespace

Result<std::shared_ptr<FileSink>> FileSink::make(fs::path path, FileFormat format, Layout layout,
                                                 ipc::Compression compression, bool overwrite) {
  if (path.empty()) return Status::invalid("the output path is empty");
  std::error_code error;
  if (layout == Layout::kSingleFile) {
    if (fs::is_directory(path, error)) {
      return Status::invalid("output '{}' is a directory; give a file name or write part files into it",
                             path.string());
    }
    if (fs::exists(path, error) && !overwrite) {
      return Status::invalid("output file '{}' exists; pass --force (overwrite) to replace it", path.string());
    }
    const fs::path parent = path.parent_path().empty() ? fs::path(".") : path.parent_path();
    if (!fs::is_directory(parent, error)) {
      return Status::ioError("the directory of output '{}' does not exist", path.string());
    }
  } else {
    if (fs::exists(path, error) && !fs::is_directory(path, error)) {
      return Status::invalid("output '{}' exists and is not a directory", path.string());
    }
    if (!overwrite && !partFiles(path).empty()) {
      return Status::invalid("output directory '{}' holds part files of an earlier run; pass --force to replace them",
                             path.string());
    }
  }
  return std::make_shared<FileSink>(std::move(path), format, layout, compression);
}

std::string FileSink::describe() const {
  return fmt::format("file sink '{}' ({}{})", path_.string(), fileFormatName(format_),
                     layout_ == Layout::kDirectory ? ", part files" : "");
}

Status FileSink::removeExistingParts() const {
  if (layout_ != Layout::kDirectory) return Status::OK();
  std::error_code error;
  for (const fs::path& part : partFiles(path_)) {
    fs::remove(part, error);
    if (error) return Status::ioError("cannot remove old part file '{}': {}", part.string(), error.message());
  }
  return Status::OK();
}

Result<std::unique_ptr<runtime::SinkWriter>> FileSink::createWriter(const runtime::OperatorContext& context,
                                                                    const columnar::SchemaPtr& schema) const {
  if (layout_ == Layout::kDirectory) {
    // Created when the job runs, not when it is planned (--explain).
    std::error_code error;
    fs::create_directories(path_, error);
    if (error) return Status::ioError("cannot create output directory '{}': {}", path_.string(), error.message());
  }
  if (context.checkpointing) {
    if (layout_ != Layout::kDirectory) {
      return Status::invalid("a checkpointed job writes part files: give an output directory ('{}/') instead of a file",
                             path_.string());
    }
    return std::unique_ptr<runtime::SinkWriter>(
        std::make_unique<TransactionalFileWriter>(path_, context.subtaskIndex, format_, schema, compression_));
  }
  fs::path finalPath = layout_ == Layout::kSingleFile
                           ? path_
                           : path_ / fmt::format("part-{:05d}.{}", context.subtaskIndex, fileFormatName(format_));
  const fs::path partialPath = finalPath.parent_path() / ("." + finalPath.filename().string() + ".inprogress");
  SABOT_ASSIGN_OR_RAISE(auto writer, openBatchWriter(partialPath, format_, schema, compression_));
  return std::unique_ptr<runtime::SinkWriter>(
      std::make_unique<FileSinkWriter>(std::move(finalPath), partialPath, std::move(writer)));
}

}  // namespace sabot::connectors
