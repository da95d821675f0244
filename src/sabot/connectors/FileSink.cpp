#include "sabot/connectors/FileSink.h"

#include <fmt/format.h>

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

/// The part-NNNNN.* files of a directory (none if it does not exist).
std::vector<fs::path> partFiles(const fs::path& directory) {
  std::vector<fs::path> parts;
  std::error_code error;
  if (!fs::is_directory(directory, error)) return parts;
  for (const fs::directory_entry& entry : fs::directory_iterator(directory, error)) {
    if (entry.path().filename().string().rfind("part-", 0) == 0) parts.push_back(entry.path());
  }
  return parts;
}

/// The subtask number of a part file name, or -1.
int64_t partIndex(const fs::path& path) {
  const std::string name = path.filename().string();
  const size_t dot = name.find('.');
  try {
    return std::stoll(name.substr(5, dot == std::string::npos ? std::string::npos : dot - 5));
  } catch (const std::exception&) {
    return -1;
  }
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

Result<std::unique_ptr<runtime::SinkWriter>> FileSink::createWriter(const runtime::OperatorContext& context,
                                                                    const columnar::SchemaPtr& schema) const {
  fs::path finalPath;
  if (layout_ == Layout::kSingleFile) {
    finalPath = path_;
  } else {
    std::string extension(fileFormatName(format_));
    finalPath = path_ / fmt::format("part-{:05d}.{}", context.subtaskIndex, extension);
    // Created when the job runs, not when it is planned (--explain).
    std::error_code error;
    fs::create_directories(path_, error);
    if (error) return Status::ioError("cannot create output directory '{}': {}", path_.string(), error.message());
    // Part files of an earlier, wider run would mix with this run's output;
    // make() allowed replacing them (overwrite), so the first subtask
    // removes those no subtask of this run will write.
    if (context.subtaskIndex == 0) {
      for (const fs::path& part : partFiles(path_)) {
        if (partIndex(part) >= context.parallelism || partIndex(part) < 0) fs::remove(part, error);
      }
    }
  }
  const fs::path partialPath = finalPath.parent_path() / ("." + finalPath.filename().string() + ".inprogress");
  SABOT_ASSIGN_OR_RAISE(auto writer, openBatchWriter(partialPath, format_, schema, compression_));
  return std::unique_ptr<runtime::SinkWriter>(
      std::make_unique<FileSinkWriter>(std::move(finalPath), partialPath, std::move(writer)));
}

}  // namespace sabot::connectors
