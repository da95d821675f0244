#pragma once

// Internal: what IpcStreamWriter and IpcFileWriter share: the schema message,
// dictionary batches and record batch messages, written to one sink.

#include <memory>
#include <vector>

#include "sabot/base/Result.h"
#include "sabot/columnar/RecordBatch.h"
#include "sabot/io/OutputStream.h"
#include "sabot/ipc/DictionaryTracker.h"
#include "sabot/ipc/IpcOptions.h"
#include "sabot/ipc/format/File_generated.h"

namespace sabot::ipc {

class BatchMessageWriter {
 public:
  /// Checks the options and that every field of `schema` can be written.
  static Result<std::unique_ptr<BatchMessageWriter>> make(std::shared_ptr<io::OutputStream> sink,
                                                          columnar::SchemaPtr schema,
                                                          const IpcWriteOptions& options,
                                                          bool fileFormat);

  Status writeSchemaMessage();
  /// Dictionary batches the batch needs, then the record batch.
  Status writeBatch(const columnar::RecordBatch& batch);

  io::OutputStream& sink() { return *sink_; }
  const columnar::SchemaPtr& schema() const { return schema_; }
  const IpcWriteOptions& options() const { return options_; }
  const std::vector<fb::Block>& dictionaryBlocks() const { return dictionaryBlocks_; }
  const std::vector<fb::Block>& recordBatchBlocks() const { return recordBatchBlocks_; }
  int64_t numBatches() const { return static_cast<int64_t>(recordBatchBlocks_.size()); }

  BatchMessageWriter(std::shared_ptr<io::OutputStream> sink, columnar::SchemaPtr schema,
                     const IpcWriteOptions& options, bool fileFormat);

 private:
  Status checkBatch(const columnar::RecordBatch& batch) const;

  std::shared_ptr<io::OutputStream> sink_;
  columnar::SchemaPtr schema_;
  IpcWriteOptions options_;
  bool fileFormat_;
  DictionaryTracker dictionaries_;
  std::vector<fb::Block> dictionaryBlocks_;
  std::vector<fb::Block> recordBatchBlocks_;
};

}  // namespace sabot::ipc
