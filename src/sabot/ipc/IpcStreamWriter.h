#pragma once

#include <filesystem>
#include <memory>

#include "sabot/base/Result.h"
#include "sabot/columnar/RecordBatch.h"
#include "sabot/io/OutputStream.h"
#include "sabot/ipc/IpcOptions.h"

namespace sabot::ipc {

class BatchMessageWriter;

/// Writes record batches in the Arrow IPC stream format: a schema message,
/// then per batch the dictionary batches it needs and its record batch
/// message, then the end-of-stream marker on close().
///
/// Dictionaries: a dictionary is sent before the first batch that uses it;
/// later batches send nothing if their dictionary is the same (same memory
/// or equal values), a delta dictionary batch (isDelta) with only the new
/// values if it extends the previous one, and a replacement otherwise.
///
///   SABOT_ASSIGN_OR_RAISE(auto sink, io::BufferOutputStream::make());
///   SABOT_ASSIGN_OR_RAISE(auto writer, IpcStreamWriter::make(sink, schema));
///   SABOT_RETURN_NOT_OK(writer->writeBatch(*batch));
///   SABOT_RETURN_NOT_OK(writer->close());
///   SABOT_ASSIGN_OR_RAISE(BufferPtr bytes, sink->finish());
class IpcStreamWriter {
 public:
  /// Writes to `sink` (the schema message right away); close() does not
  /// close the sink.
  static Result<std::unique_ptr<IpcStreamWriter>> make(std::shared_ptr<io::OutputStream> sink,
                                                       columnar::SchemaPtr schema,
                                                       const IpcWriteOptions& options = {});
  /// Creates or truncates the file at `path`; close() closes it.
  static Result<std::unique_ptr<IpcStreamWriter>> make(const std::filesystem::path& path,
                                                       columnar::SchemaPtr schema,
                                                       const IpcWriteOptions& options = {});
  ~IpcStreamWriter();

  /// Writes one batch (any number of rows, including 0; any slice). Its
  /// columns must have the writer's schema types.
  Status writeBatch(const columnar::RecordBatch& batch);
  /// Writes the end-of-stream marker and flushes. Further calls do nothing.
  Status close();

  const columnar::SchemaPtr& schema() const;
  int64_t numBatchesWritten() const;

  IpcStreamWriter(std::unique_ptr<BatchMessageWriter> writer, bool ownsSink);

 private:
  std::unique_ptr<BatchMessageWriter> writer_;
  bool ownsSink_;
  bool closed_ = false;
};

}  // namespace sabot::ipc
