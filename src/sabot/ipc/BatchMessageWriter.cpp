#include "sabot/ipc/BatchMessageWriter.h"

#include "sabot/ipc/BodyEncoder.h"
#include "sabot/ipc/MessageWriter.h"
#include "sabot/ipc/SchemaFlatbuffer.h"

namespace sabot::ipc {

Result<std::unique_ptr<BatchMessageWriter>> BatchMessageWriter::make(std::shared_ptr<io::OutputStream> sink,
                                                                     columnar::SchemaPtr schema,
                                                                     const IpcWriteOptions& options,
                                                                     bool fileFormat) {
  if (!sink) return Status::invalid("IPC writer without an output stream");
  if (!schema) return Status::invalid("IPC writer without a schema");
  if (options.alignment != 8 && options.alignment != 64) {
    return Status::invalid("IPC write alignment must be 8 or 64, not {}", options.alignment);
  }
  if (!options.pool) return Status::invalid("IPC writer without a memory pool");
  SABOT_RETURN_NOT_OK(checkWritableSchema(*schema));
  return std::make_unique<BatchMessageWriter>(std::move(sink), std::move(schema), options, fileFormat);
}

BatchMessageWriter::BatchMessageWriter(std::shared_ptr<io::OutputStream> sink, columnar::SchemaPtr schema,
                                       const IpcWriteOptions& options, bool fileFormat)
    : sink_(std::move(sink)),
      schema_(std::move(schema)),
      options_(options),
      fileFormat_(fileFormat),
      dictionaries_(*schema_) {}

Status BatchMessageWriter::writeSchemaMessage() {
  flatbuffers::FlatBufferBuilder builder(1024);
  buildSchemaMessage(builder, *schema_);
  return writeMessage(*sink_, builder, nullptr, options_.alignment).status();
}

Status BatchMessageWriter::checkBatch(const columnar::RecordBatch& batch) const {
  if (batch.numColumns() != schema_->numFields()) {
    return Status::invalid("batch has {} columns, the writer's schema {}", batch.numColumns(),
                           schema_->numFields());
  }
  for (int i = 0; i < batch.numColumns(); ++i) {
    const columnar::Array& column = batch.column(i);
    const columnar::Field& field = *schema_->field(i);
    if (!column.valid()) return Status::invalid("column '{}' is missing", field.name());
    if (!column.type()->equals(*field.type())) {
      return Status::typeError("column '{}' has type {}, the writer's schema says {}", field.name(),
                               column.type()->toString(), field.type()->toString());
    }
    if (column.length() != batch.numRows()) {
      return Status::invalid("column '{}' has {} rows, the batch {}", field.name(), column.length(),
                             batch.numRows());
    }
  }
  return Status::OK();
}

Status BatchMessageWriter::writeBatch(const columnar::RecordBatch& batch) {
  SABOT_RETURN_NOT_OK(checkBatch(batch));
  SABOT_ASSIGN_OR_RAISE(auto updates,
                        dictionaries_.update(batch, /*allowReplacement=*/!fileFormat_,
                                             options_.emitDictionaryDeltas));
  for (const DictionaryUpdate& update : updates) {
    BodyEncoder encoder(options_);
    SABOT_RETURN_NOT_OK(encoder.append(*update.values));
    SABOT_ASSIGN_OR_RAISE(EncodedBody body, encoder.finish());
    flatbuffers::FlatBufferBuilder builder(1024);
    buildDictionaryBatchMessage(builder, update.id, update.isDelta, update.values->length, body,
                                options_.compression);
    SABOT_ASSIGN_OR_RAISE(fb::Block block, writeMessage(*sink_, builder, &body, options_.alignment));
    dictionaryBlocks_.push_back(block);
  }

  BodyEncoder encoder(options_);
  for (const columnar::Array& column : batch.columns()) SABOT_RETURN_NOT_OK(encoder.append(*column.data()));
  SABOT_ASSIGN_OR_RAISE(EncodedBody body, encoder.finish());
  flatbuffers::FlatBufferBuilder builder(1024);
  buildRecordBatchMessage(builder, batch.numRows(), body, options_.compression);
  SABOT_ASSIGN_OR_RAISE(fb::Block block, writeMessage(*sink_, builder, &body, options_.alignment));
  recordBatchBlocks_.push_back(block);
  return Status::OK();
}

}  // namespace sabot::ipc
