#include "sabot/formats/JsonLinesWriter.h"

#include "sabot/formats/JsonEscape.h"
#include "sabot/formats/ValueFormatting.h"
#include "sabot/io/BufferOutputStream.h"
#include "sabot/io/FileOutputStream.h"

namespace sabot::formats {

JsonLinesWriter::JsonLinesWriter(std::shared_ptr<io::OutputStream> output,
                                 columnar::SchemaPtr schema, JsonWriteOptions options)
    : output_(std::move(output)), schema_(std::move(schema)), options_(options) {
  for (const auto& field : schema_->fields()) {
    std::string key;
    appendJsonStringLossy(key, field->name());
    key += ':';
    keys_.push_back(std::move(key));
  }
}

JsonLinesWriter::~JsonLinesWriter() {
  if (!closed_) (void)close();
}

Result<std::unique_ptr<JsonLinesWriter>> JsonLinesWriter::make(
    std::shared_ptr<io::OutputStream> output, columnar::SchemaPtr schema,
    JsonWriteOptions options) {
  if (!output) return Status::invalid("JsonLinesWriter needs an output stream");
  if (!schema) return Status::invalid("JsonLinesWriter needs a schema");
  return std::unique_ptr<JsonLinesWriter>(
      new JsonLinesWriter(std::move(output), std::move(schema), options));
}

Result<std::unique_ptr<JsonLinesWriter>> JsonLinesWriter::make(const std::filesystem::path& path,
                                                               columnar::SchemaPtr schema,
                                                               JsonWriteOptions options) {
  SABOT_ASSIGN_OR_RAISE(auto output, io::FileOutputStream::open(path));
  return make(std::move(output), std::move(schema), options);
}

Result<std::string> JsonLinesWriter::toString(const columnar::RecordBatch& batch,
                                              JsonWriteOptions options) {
  SABOT_ASSIGN_OR_RAISE(auto output, io::BufferOutputStream::make());
  SABOT_ASSIGN_OR_RAISE(auto writer, make(output, batch.schema(), options));
  SABOT_RETURN_NOT_OK(writer->write(batch));
  SABOT_RETURN_NOT_OK(writer->close());
  SABOT_ASSIGN_OR_RAISE(auto bytes, output->finish());
  return std::string(bytes->view());
}

Status JsonLinesWriter::write(const columnar::RecordBatch& batch) {
  if (closed_) return Status::invalid("write to a closed JsonLinesWriter ('{}')", output_->name());
  if (!batch.schema()->equals(*schema_)) {
    return Status::typeError("batch schema\n{}differs from the JSON writer's schema\n{}",
                             batch.schema()->toString(), schema_->toString());
  }
  for (int64_t row = 0; row < batch.numRows(); ++row) {
    const size_t rowStart = buffer_.size();
    buffer_ += '{';
    bool first = true;
    for (int i = 0; i < batch.numColumns(); ++i) {
      const columnar::Array& column = batch.column(i);
      if (!options_.writeNulls && column.isNull(row)) continue;
      if (!first) buffer_ += ',';
      first = false;
      buffer_ += keys_[static_cast<size_t>(i)];
      Status status = appendJsonValue(buffer_, column, row);
      if (!status.ok()) {
        buffer_.resize(rowStart);  // no half-written row
        return status.withContext("column '{}', row {}", schema_->field(i)->name(), row);
      }
    }
    buffer_ += "}\n";
    if (static_cast<int64_t>(buffer_.size()) >= options_.bufferBytes) {
      SABOT_RETURN_NOT_OK(output_->write(buffer_));
      buffer_.clear();
    }
  }
  rowsWritten_ += batch.numRows();
  return Status::OK();
}

Status JsonLinesWriter::close() {
  if (closed_) return Status::OK();
  closed_ = true;
  if (!buffer_.empty()) {
    SABOT_RETURN_NOT_OK(output_->write(buffer_));
    buffer_.clear();
  }
  return output_->close();
}

}  // namespace sabot::formats
