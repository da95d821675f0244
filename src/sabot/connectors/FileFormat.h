#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "sabot/base/Result.h"
#include "sabot/columnar/RecordBatch.h"
#include "sabot/columnar/RecordBatchReader.h"
#include "sabot/formats/CsvReader.h"
#include "sabot/ipc/IpcOptions.h"

namespace sabot::connectors {

/// The file formats the CLI reads and writes.
enum class FileFormat { kCsv, kJsonLines, kArrowFile, kArrowStream };

std::string_view fileFormatName(FileFormat format);  // "csv", "jsonl", "arrow", "arrows"
/// Parses a format name as given to --from/--to (csv, json, jsonl, ndjson,
/// arrow, ipc, feather, arrows).
Result<FileFormat> parseFileFormat(std::string_view name);
/// The format a path's extension names (.csv, .json, .jsonl, .ndjson, .arrow,
/// .ipc, .feather, .arrows); an Invalid error for anything else.
Result<FileFormat> formatFromExtension(const std::filesystem::path& path);

/// Options for opening a file of any format for reading.
struct ReadSettings {
  formats::CsvReadOptions text;  ///< used by CSV; its ReadOptions part by JSON lines
};

Result<std::unique_ptr<columnar::RecordBatchReader>> openBatchReader(
    const std::filesystem::path& path, FileFormat format, const ReadSettings& settings);

/// Counters of bad records, for readers that have them (CSV, JSON lines).
formats::ReadCounters readCountersOf(const columnar::RecordBatchReader& reader, FileFormat format);

/// Writes batches to a file of one format.
class BatchFileWriter {
 public:
  virtual ~BatchFileWriter() = default;
  virtual Status write(const columnar::RecordBatch& batch) = 0;
  virtual Status close() = 0;
};

Result<std::unique_ptr<BatchFileWriter>> openBatchWriter(const std::filesystem::path& path,
                                                         FileFormat format,
                                                         const columnar::SchemaPtr& schema,
                                                         ipc::Compression compression);

}  // namespace sabot::connectors
