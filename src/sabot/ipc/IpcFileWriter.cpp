#include "sabot/ipc/IpcFileWriter.h"

#include <cstring>

#include "sabot/io/FileOutputStream.h"
#include "sabot/ipc/BatchMessageWriter.h"
#include "sabot/ipc/IpcFormat.h"
#include "sabot/ipc/MessageWriter.h"
#include "sabot/ipc/SchemaFlatbuffer.h"

namespace sabot::ipc {

Result<std::unique_ptr<IpcFileWriter>> IpcFileWriter::make(std::shared_ptr<io::OutputStream> sink,
                                                           columnar::SchemaPtr schema,
                                                           const IpcWriteOptions& options) {
  if (sink && sink->position() != 0) {
    return Status::invalid("IPC file writer: the output must start empty (it is at byte {})",
                           sink->position());
  }
  SABOT_ASSIGN_OR_RAISE(auto writer, BatchMessageWriter::make(std::move(sink), std::move(schema), options,
                                                              /*fileFormat=*/true));
  static constexpr char kPaddedMagic[8] = {'A', 'R', 'R', 'O', 'W', '1', 0, 0};
  SABOT_RETURN_NOT_OK(writer->sink().write(kPaddedMagic, 8));
  // Arrow C++ and Sabot put a schema message after the magic so that the file
  // also reads as a stream; readers take the schema from the footer.
  SABOT_RETURN_NOT_OK(writer->writeSchemaMessage());
  return std::make_unique<IpcFileWriter>(std::move(writer), false);
}

Result<std::unique_ptr<IpcFileWriter>> IpcFileWriter::make(const std::filesystem::path& path,
                                                           columnar::SchemaPtr schema,
                                                           const IpcWriteOptions& options) {
  SABOT_ASSIGN_OR_RAISE(auto file, io::FileOutputStream::open(path));
  SABOT_ASSIGN_OR_RAISE(auto writer, make(std::move(file), std::move(schema), options));
  writer->ownsSink_ = true;
  return writer;
}

IpcFileWriter::IpcFileWriter(std::unique_ptr<BatchMessageWriter> writer, bool ownsSink)
    : writer_(std::move(writer)), ownsSink_(ownsSink) {}

IpcFileWriter::~IpcFileWriter() = default;

Status IpcFileWriter::writeBatch(const columnar::RecordBatch& batch) {
  if (closed_) return Status::invalid("IPC file writer: writeBatch after close");
  return writer_->writeBatch(batch);
}

Status IpcFileWriter::close() {
  if (closed_) return Status::OK();
  closed_ = true;
  io::OutputStream& sink = writer_->sink();
  SABOT_RETURN_NOT_OK(writeEndOfStream(sink));

  flatbuffers::FlatBufferBuilder builder(1024);
  const auto schema = writeSchema(builder, *writer_->schema());
  const auto dictionaries = builder.CreateVectorOfStructs(writer_->dictionaryBlocks());
  const auto recordBatches = builder.CreateVectorOfStructs(writer_->recordBatchBlocks());
  builder.Finish(fb::CreateFooter(builder, fb::MetadataVersion::V5, schema, dictionaries, recordBatches));
  const auto footerSize = static_cast<int64_t>(builder.GetSize());
  if (footerSize > INT32_MAX) return Status::invalid("IPC file footer of {} bytes is too large", footerSize);
  SABOT_RETURN_NOT_OK(sink.write(builder.GetBufferPointer(), footerSize));
  const auto length = static_cast<int32_t>(footerSize);
  uint8_t lengthBytes[4];
  std::memcpy(lengthBytes, &length, 4);
  SABOT_RETURN_NOT_OK(sink.write(lengthBytes, 4));
  SABOT_RETURN_NOT_OK(sink.write(kFileMagic.data(), static_cast<int64_t>(kFileMagic.size())));
  return ownsSink_ ? sink.close() : sink.flush();
}

const columnar::SchemaPtr& IpcFileWriter::schema() const { return writer_->schema(); }

int64_t IpcFileWriter::numBatchesWritten() const { return writer_->numBatches(); }

}  // namespace sabot::ipc
