#include "sabot/connectors/FileSource.h"

#include <fmt/format.h>

#include <algorithm>
#include <mutex>

namespace sabot::connectors {

namespace fs = std::filesystem;

namespace {

/// Hands one file's rejected records to the shared dead-letter sink, one at
/// a time, with the file named in the error.
class FileDeadLetters final : public formats::DeadLetterSink {
 public:
  FileDeadLetters(std::shared_ptr<formats::DeadLetterSink> target, std::shared_ptr<std::mutex> mutex, std::string file)
      : target_(std::move(target)), mutex_(std::move(mutex)), file_(std::move(file)) {}
  Status write(const formats::BadRecord& record) override {
    const std::string error = fmt::format("{}: {}", file_, record.error);
    formats::BadRecord named = record;
    named.error = error;
    std::lock_guard lock(*mutex_);
    return target_->write(named);
  }

 private:
  std::shared_ptr<formats::DeadLetterSink> target_;
  std::shared_ptr<std::mutex> mutex_;
  std::string file_;
};

class FileSourceReader final : public runtime::SourceReader {
 public:
  FileSourceReader(fs::path root, std::vector<fs::path> files, std::vector<FileFormat> formats, columnar::SchemaPtr schema,
                   ReadSettings settings, std::shared_ptr<FileSourceCounters> counters,
                   std::shared_ptr<std::mutex> deadLetterMutex)
      : root_(std::move(root)),
        files_(std::move(files)),
        formats_(std::move(formats)),
        schema_(std::move(schema)),
        settings_(std::move(settings)),
        counters_(std::move(counters)),
        deadLetterMutex_(std::move(deadLetterMutex)) {}

  Result<runtime::SourcePoll> poll(int64_t maxRows) override {
    while (fileIndex_ < files_.size()) {
      if (reader_ == nullptr) SABOT_RETURN_NOT_OK(openFile(maxRows));
      auto batch = reader_->next();
      while (batch.ok() && skipRows_ > 0) {
        if (*batch == nullptr) {
          return Status::invalid("'{}' has fewer rows than the checkpoint read from it; did the file change?",
                                 files_[fileIndex_].string());
        }
        const int64_t rows = (*batch)->numRows();
        if (rows > skipRows_) {
          // The restored position falls inside this batch: hand out the rest.
          batch = (*batch)->slice(skipRows_, rows - skipRows_);
          rowIndex_ += skipRows_;
          skipRows_ = 0;
          break;
        }
        skipRows_ -= rows;
        rowIndex_ += rows;
        batch = reader_->next();
      }
      if (!batch.ok()) return batch.status().withContext("reading '{}'", files_[fileIndex_].string());
      if (*batch != nullptr) {
        ++batchIndex_;
        rowIndex_ += (*batch)->numRows();
        return runtime::SourcePoll::ofBatch(std::move(*batch));
      }
      closeFile();
    }
    return runtime::SourcePoll::end();
  }

  /// The position is (file, rows handed out from it): a restore reopens
  /// the file and skips that many rows (batch boundaries need not match).
  Status snapshotPosition(checkpoint::SnapshotWriter& out) const override {
    out.write<uint64_t>(fileIndex_);
    out.write<int64_t>(rowIndex_);
    return Status::OK();
  }
  Status restorePosition(checkpoint::SnapshotReader& in) override {
    SABOT_ASSIGN_OR_RAISE(uint64_t file, in.read<uint64_t>());
    SABOT_ASSIGN_OR_RAISE(int64_t rows, in.read<int64_t>());
    if (file > files_.size() || rows < 0) {
      return Status::corrupt("{}: file {} of {} is not a position of this subtask", in.what(), file, files_.size());
    }
    fileIndex_ = static_cast<size_t>(file);
    skipRows_ = rows;
    return Status::OK();
  }

  std::string position() const override {
    if (fileIndex_ >= files_.size()) return "end";
    return fmt::format("file '{}', batch {}", files_[fileIndex_].string(), batchIndex_);
  }

 private:
  /// The file as the user knows it: relative to the input's directory.
  std::string displayName(const fs::path& path) const {
    const fs::path relative = path.lexically_relative(root_.parent_path());
    return relative.empty() ? path.string() : relative.string();
  }

  Status openFile(int64_t maxRows) {
    const fs::path& path = files_[fileIndex_];
    ReadSettings settings = settings_;
    settings.text.batchSize = std::max<int64_t>(1, maxRows);
    if (settings.text.onError == formats::OnError::kDeadLetter && settings.text.deadLetterSink != nullptr) {
      settings.text.deadLetterSink =
          std::make_shared<FileDeadLetters>(settings.text.deadLetterSink, deadLetterMutex_, displayName(path));
    }
    SABOT_ASSIGN_OR_RAISE(reader_, openBatchReader(path, formats_[fileIndex_], settings));
    if (!reader_->schema()->equals(*schema_)) {
      return Status::invalid("'{}' has columns ({}), but the first file of the input has ({})", path.string(),
                             reader_->schema()->toString(), schema_->toString());
    }
    batchIndex_ = 0;
    rowIndex_ = 0;
    return Status::OK();
  }

  void closeFile() {
    const formats::ReadCounters counts = readCountersOf(*reader_, formats_[fileIndex_]);
    counters_->rowsRead += counts.rowsRead;
    counters_->rowsSkipped += counts.rowsSkipped;
    counters_->rowsDeadLettered += counts.rowsDeadLettered;
    ++counters_->filesRead;
    reader_.reset();
    ++fileIndex_;
  }

  fs::path root_;
  std::vector<fs::path> files_;
  std::vector<FileFormat> formats_;
  columnar::SchemaPtr schema_;
  ReadSettings settings_;
  std::shared_ptr<FileSourceCounters> counters_;
  std::shared_ptr<std::mutex> deadLetterMutex_;
  size_t fileIndex_ = 0;
  int64_t batchIndex_ = 0;
  int64_t rowIndex_ = 0;
  int64_t skipRows_ = 0;
  std::unique_ptr<columnar::RecordBatchReader> reader_;
};

Result<std::vector<fs::path>> listInputFiles(const fs::path& path) {
  std::error_code error;
  const fs::file_status status = fs::status(path, error);
  if (error || !fs::exists(status)) return Status::ioError("input '{}' does not exist", path.string());
  if (!fs::is_directory(status)) return std::vector<fs::path>{path};
  std::vector<fs::path> files;
  for (const fs::directory_entry& entry : fs::directory_iterator(path, error)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name[0] == '.' || name[0] == '_') continue;  // hidden, in-progress, _SUCCESS
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  if (error) return Status::ioError("cannot list input directory '{}': {}", path.string(), error.message());
  std::sort(files.begin(), files.end());
  if (files.empty()) return Status::invalid("input directory '{}' holds no files", path.string());
  return files;
}

}  // namespace

FileSource::FileSource(fs::path root, std::vector<fs::path> files, std::vector<FileFormat> formats,
                       columnar::SchemaPtr schema, ReadSettings settings)
    : root_(std::move(root)),
      files_(std::move(files)),
      formats_(std::move(formats)),
      schema_(std::move(schema)),
      settings_(std::move(settings)) {}

Result<std::shared_ptr<FileSource>> FileSource::make(const fs::path& path, std::optional<FileFormat> format,
                                                     ReadSettings settings) {
  SABOT_ASSIGN_OR_RAISE(std::vector<fs::path> files, listInputFiles(path));
  std::vector<FileFormat> formats;
  for (const fs::path& file : files) {
    if (format) {
      formats.push_back(*format);
    } else {
      SABOT_ASSIGN_OR_RAISE(FileFormat fromName, formatFromExtension(file));
      formats.push_back(fromName);
    }
  }
  SABOT_RETURN_NOT_OK(settings.text.validate());
  // The first file fixes the schema (inferred unless given) for all.
  ReadSettings probe = settings;
  probe.text.onError = formats::OnError::kSkip;
  probe.text.deadLetterSink = nullptr;
  auto first = openBatchReader(files.front(), formats.front(), probe);
  if (!first.ok()) return first.status().withContext("reading '{}'", files.front().string());
  columnar::SchemaPtr schema = (*first)->schema();
  if (formats.front() == FileFormat::kCsv || formats.front() == FileFormat::kJsonLines) settings.text.schema = schema;
  return std::make_shared<FileSource>(path, std::move(files), std::move(formats), std::move(schema),
                                      std::move(settings));
}

std::string FileSource::describe() const {
  if (files_.size() == 1) return fmt::format("file source '{}' ({})", files_.front().string(), fileFormatName(formats_.front()));
  return fmt::format("file source '{}' ({} files)", root_.string(), files_.size());
}

Result<std::unique_ptr<runtime::SourceReader>> FileSource::createReader(const runtime::OperatorContext& context) const {
  std::vector<fs::path> files;
  std::vector<FileFormat> formats;
  for (size_t i = static_cast<size_t>(context.subtaskIndex); i < files_.size();
       i += static_cast<size_t>(context.parallelism)) {
    files.push_back(files_[i]);
    formats.push_back(formats_[i]);
  }
  return std::unique_ptr<runtime::SourceReader>(std::make_unique<FileSourceReader>(
      root_, std::move(files), std::move(formats), schema_, settings_, counters_, deadLetterMutex_));
}

}  // namespace sabot::connectors
