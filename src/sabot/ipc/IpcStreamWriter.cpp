#include "sabot/ipc/IpcStreamWriter.h"

#include "sabot/io/FileOutputStream.h"
#include "sabot/ipc/BatchMessageWriter.h"
#include "sabot/ipc/MessageWriter.h"

namespace sabot::ipc {

Result<std::unique_ptr<IpcStreamWriter>> IpcStreamWriter::make(std::shared_ptr<io::OutputStream> sink,
                                                               columnar::SchemaPtr schema,
                                                               const IpcWriteOptions& options) {
  SABOT_ASSIGN_OR_RAISE(auto writer, BatchMessageWriter::make(std::move(sink), std::move(schema), options,
                                                              /*fileFormat=*/false));
  SABOT_RETURN_NOT_OK(writer->writeSchemaMessage());
  return std::make_unique<IpcStreamWriter>(std::move(writer), false);
}

Result<std::unique_ptr<IpcStreamWriter>> IpcStreamWriter::make(const std::filesystem::path& path,
                                                               columnar::SchemaPtr schema,
                                                               const IpcWriteOptions& options) {
  SABOT_ASSIGN_OR_RAISE(auto file, io::FileOutputStream::open(path));
  SABOT_ASSIGN_OR_RAISE(auto writer, make(std::move(file), std::move(schema), options));
  writer->ownsSink_ = true;
  return writer;
}

IpcStreamWriter::IpcStreamWriter(std::unique_ptr<BatchMessageWriter> writer, bool ownsSink)
    : writer_(std::move(writer)), ownsSink_(ownsSink) {}

IpcStreamWriter::~IpcStreamWriter() = default;

Status IpcStreamWriter::writeBatch(const columnar::RecordBatch& batch) {
  if (closed_) return Status::invalid("IPC stream writer: writeBatch after close");
  return writer_->writeBatch(batch);
}

Status IpcStreamWriter::close() {
  if (closed_) return Status::OK();
  closed_ = true;
  SABOT_RETURN_NOT_OK(writeEndOfStream(writer_->sink()));
  return ownsSink_ ? writer_->sink().close() : writer_->sink().flush();
}

const columnar::SchemaPtr& IpcStreamWriter::schema() const { return writer_->schema(); }

int64_t IpcStreamWriter::numBatchesWritten() const { return writer_->numBatches(); }

}  // namespace sabot::ipc
