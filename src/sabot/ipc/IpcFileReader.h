#pragma once

#include <filesystem>
#include <memory>

#include "sabot/base/Result.h"
#include "sabot/columnar/RecordBatchReader.h"
#include "sabot/ipc/IpcOptions.h"

namespace sabot::ipc {

class FileReaderState;

/// Reads the Arrow IPC file format through its footer: the schema comes from
/// the footer (apache-arrow JS writes no schema message in files), the
/// dictionaries from the footer's dictionary blocks in order (deltas
/// appended; a second non-delta dictionary for an id is Corrupt), and any
/// record batch can be read by index. The whole file is in memory (a path is
/// memory-mapped), and batches are zero-copy slices of it unless compressed.
///
/// Validation as in IpcStreamReader; errors name the byte offset, e.g.
/// "Corrupt data: IPC file at byte 5120: does not end with the ARROW1 magic".
class IpcFileReader final : public columnar::RecordBatchReader {
 public:
  static Result<std::unique_ptr<IpcFileReader>> make(const std::filesystem::path& path,
                                                     const IpcReadOptions& options = {});
  static Result<std::unique_ptr<IpcFileReader>> make(columnar::BufferPtr bytes,
                                                     const IpcReadOptions& options = {});
  ~IpcFileReader() override;

  columnar::SchemaPtr schema() const override;
  int numRecordBatches() const;
  /// Record batch `index` (0-based); IndexError if out of range.
  Result<columnar::RecordBatchPtr> readRecordBatch(int index) const;
  /// The record batches in file order (RecordBatchReader), nullptr after the last.
  Result<columnar::RecordBatchPtr> next() override;

  int numDictionaryBatches() const;
  /// The footer's custom metadata.
  const columnar::KeyValueMetadata& footerMetadata() const;

  explicit IpcFileReader(std::unique_ptr<FileReaderState> state);

 private:
  std::unique_ptr<FileReaderState> state_;
  int nextBatch_ = 0;
};

}  // namespace sabot::ipc
