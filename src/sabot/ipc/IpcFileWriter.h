#pragma once

#include <filesystem>
#include <memory>

#include "sabot/base/Result.h"
#include "sabot/columnar/RecordBatch.h"
#include "sabot/io/OutputStream.h"
#include "sabot/ipc/IpcOptions.h"

namespace sabot::ipc {

class BatchMessageWriter;

/// Writes record batches in the Arrow IPC file format: "ARROW1" and two
/// padding bytes, a stream (schema, dictionary and record batch messages,
/// end-of-stream marker), the Footer flatbuffer (schema and the position of
/// every message), the footer's int32 length and "ARROW1".
///
/// Dictionaries as in IpcStreamWriter, except that the file format allows
/// only one non-delta dictionary per field: a batch whose dictionary neither
/// equals nor extends the previous one fails with Invalid.
class IpcFileWriter {
 public:
  /// Writes to `sink`, which must be at position 0; close() does not close it.
  static Result<std::unique_ptr<IpcFileWriter>> make(std::shared_ptr<io::OutputStream> sink,
                                                     columnar::SchemaPtr schema,
                                                     const IpcWriteOptions& options = {});
  /// Creates or truncates the file at `path`; close() closes it.
  static Result<std::unique_ptr<IpcFileWriter>> make(const std::filesystem::path& path,
                                                     columnar::SchemaPtr schema,
                                                     const IpcWriteOptions& options = {});
  ~IpcFileWriter();

  Status writeBatch(const columnar::RecordBatch& batch);
  /// Writes the end-of-stream marker and the footer, and flushes. A file is
  /// only readable after close(). Further calls do nothing.
  Status close();

  const columnar::SchemaPtr& schema() const;
  int64_t numBatchesWritten() const;

  IpcFileWriter(std::unique_ptr<BatchMessageWriter> writer, bool ownsSink);

 private:
  std::unique_ptr<BatchMessageWriter> writer_;
  bool ownsSink_;
  bool closed_ = false;
};

}  // namespace sabot::ipc
