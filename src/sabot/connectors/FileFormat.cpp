#include "sabot/connectors/FileFormat.h"

#include <algorithm>
#include <cctype>

#include "sabot/formats/CsvWriter.h"
#include "sabot/formats/JsonLinesReader.h"
#include "sabot/formats/JsonLinesWriter.h"
#include "sabot/ipc/IpcFileReader.h"
#include "sabot/ipc/IpcFileWriter.h"
#include "sabot/ipc/IpcFormat.h"
#include "sabot/ipc/IpcStreamReader.h"
#include "sabot/ipc/IpcStreamWriter.h"

namespace sabot::connectors {

std::string_view fileFormatName(FileFormat format) {
  switch (format) {
    case FileFormat::kCsv: return "csv";
    case FileFormat::kJsonLines: return "jsonl";
    case FileFormat::kArrowFile: return "arrow";
    case FileFormat::kArrowStream: return "arrows";
  }
  return "?";
}

Result<FileFormat> parseFileFormat(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "csv") return FileFormat::kCsv;
  if (lower == "json" || lower == "jsonl" || lower == "ndjson") return FileFormat::kJsonLines;
  if (lower == "arrow" || lower == "ipc" || lower == "feather") return FileFormat::kArrowFile;
  if (lower == "arrows") return FileFormat::kArrowStream;
  return Status::invalid("unknown format '{}' (expected csv, jsonl, arrow or arrows)", name);
}

Result<FileFormat> formatFromExtension(const std::filesystem::path& path) {
  std::string extension = path.extension().string();
  if (extension.empty()) {
    return Status::invalid("cannot tell the format of '{}' without an extension; use --from/--to",
                           path.string());
  }
  auto format = parseFileFormat(extension.substr(1));
  if (!format.ok()) {
    return Status::invalid("unknown file extension '{}' of '{}' (expected .csv, .jsonl, .json, "
                           ".arrow or .arrows); use --from/--to",
                           extension, path.string());
  }
  return format;
}

Result<std::unique_ptr<columnar::RecordBatchReader>> openBatchReader(
    const std::filesystem::path& path, FileFormat format, const ReadSettings& settings) {
  switch (format) {
    case FileFormat::kCsv: {
      SABOT_ASSIGN_OR_RAISE(auto reader, formats::CsvReader::make(path, settings.text));
      return std::unique_ptr<columnar::RecordBatchReader>(std::move(reader));
    }
    case FileFormat::kJsonLines: {
      formats::JsonReadOptions options;
      static_cast<formats::ReadOptions&>(options) = settings.text;
      SABOT_ASSIGN_OR_RAISE(auto reader, formats::JsonLinesReader::make(path, options));
      return std::unique_ptr<columnar::RecordBatchReader>(std::move(reader));
    }
    case FileFormat::kArrowFile:
    case FileFormat::kArrowStream:
      // The bytes say which IPC format it is; trust them over the extension.
      return ipc::openIpcReader(path);
  }
  return Status::internal("unhandled format");
}

formats::ReadCounters readCountersOf(const columnar::RecordBatchReader& reader, FileFormat format) {
  if (format == FileFormat::kCsv) return static_cast<const formats::CsvReader&>(reader).counters();
  if (format == FileFormat::kJsonLines) {
    return static_cast<const formats::JsonLinesReader&>(reader).counters();
  }
  return {};
}

namespace {

template <typename Writer>
class WriterAdapter final : public BatchFileWriter {
 public:
  explicit WriterAdapter(std::unique_ptr<Writer> writer) : writer_(std::move(writer)) {}
  Status write(const columnar::RecordBatch& batch) override {
    if constexpr (requires { writer_->writeBatch(batch); }) {
      return writer_->writeBatch(batch);
    } else {
      return writer_->write(batch);
    }
  }
  Status close() override { return writer_->close(); }

 private:
  std::unique_ptr<Writer> writer_;
};

template <typename Writer>
std::unique_ptr<BatchFileWriter> adapt(std::unique_ptr<Writer> writer) {
  return std::make_unique<WriterAdapter<Writer>>(std::move(writer));
}

}  // namespace

Result<std::unique_ptr<BatchFileWriter>> openBatchWriter(const std::filesystem::path& path,
                                                         FileFormat format,
                                                         const columnar::SchemaPtr& schema,
                                                         ipc::Compression compression) {
  ipc::IpcWriteOptions ipcOptions;
  ipcOptions.compression = compression;
  switch (format) {
    case FileFormat::kCsv: {
      SABOT_ASSIGN_OR_RAISE(auto writer, formats::CsvWriter::make(path, schema));
      return adapt(std::move(writer));
    }
    case FileFormat::kJsonLines: {
      SABOT_ASSIGN_OR_RAISE(auto writer, formats::JsonLinesWriter::make(path, schema));
      return adapt(std::move(writer));
    }
    case FileFormat::kArrowFile: {
      SABOT_ASSIGN_OR_RAISE(auto writer, ipc::IpcFileWriter::make(path, schema, ipcOptions));
      return adapt(std::move(writer));
    }
    case FileFormat::kArrowStream: {
      SABOT_ASSIGN_OR_RAISE(auto writer, ipc::IpcStreamWriter::make(path, schema, ipcOptions));
      return adapt(std::move(writer));
    }
  }
  return Status::internal("unhandled format");
}

}  // namespace sabot::connectors
