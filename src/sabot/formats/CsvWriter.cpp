#include "sabot/formats/CsvWriter.h"

#include "sabot/formats/ValueFormatting.h"
#include "sabot/io/BufferOutputStream.h"
#include "sabot/io/FileOutputStream.h"

namespace sabot::formats {

using columnar::Array;
using columnar::TypeId;

CsvWriter::CsvWriter(std::shared_ptr<io::OutputStream> output, columnar::SchemaPtr schema,
                     CsvWriteOptions options)
    : output_(std::move(output)), schema_(std::move(schema)), options_(std::move(options)) {}

CsvWriter::~CsvWriter() {
  if (!closed_) (void)close();
}

Result<std::unique_ptr<CsvWriter>> CsvWriter::make(std::shared_ptr<io::OutputStream> output,
                                                   columnar::SchemaPtr schema,
                                                   CsvWriteOptions options) {
  if (!output) return Status::invalid("CsvWriter needs an output stream");
  if (!schema) return Status::invalid("CsvWriter needs a schema");
  if (options.delimiter == options.quote) {
    return Status::invalid("the CSV delimiter and quote character are both '{}'",
                           options.delimiter);
  }
  for (char c : {options.delimiter, options.quote}) {
    if (c == '\n' || c == '\r')
      return Status::invalid("the CSV delimiter and quote cannot be CR or LF");
  }
  if (options.lineTerminator != "\n" && options.lineTerminator != "\r\n") {
    return Status::invalid("the CSV line terminator must be \"\\n\" or \"\\r\\n\"");
  }
  for (char c : options.nullString) {
    if (c == options.delimiter || c == options.quote || c == '\n' || c == '\r') {
      return Status::invalid("the CSV null string '{}' would need quoting", options.nullString);
    }
  }
  std::unique_ptr<CsvWriter> writer(
      new CsvWriter(std::move(output), std::move(schema), std::move(options)));
  if (writer->options_.header) {
    for (int i = 0; i < writer->schema_->numFields(); ++i) {
      if (i > 0) writer->buffer_ += writer->options_.delimiter;
      writer->appendField(writer->schema_->field(i)->name(), /*isText=*/true);
    }
    writer->buffer_ += writer->options_.lineTerminator;
  }
  return writer;
}

Result<std::unique_ptr<CsvWriter>> CsvWriter::make(const std::filesystem::path& path,
                                                   columnar::SchemaPtr schema,
                                                   CsvWriteOptions options) {
  SABOT_ASSIGN_OR_RAISE(auto output, io::FileOutputStream::open(path));
  return make(std::move(output), std::move(schema), std::move(options));
}

Result<std::string> CsvWriter::toString(const columnar::RecordBatch& batch,
                                        CsvWriteOptions options) {
  SABOT_ASSIGN_OR_RAISE(auto output, io::BufferOutputStream::make());
  SABOT_ASSIGN_OR_RAISE(auto writer, make(output, batch.schema(), std::move(options)));
  SABOT_RETURN_NOT_OK(writer->write(batch));
  SABOT_RETURN_NOT_OK(writer->close());
  SABOT_ASSIGN_OR_RAISE(auto bytes, output->finish());
  return std::string(bytes->view());
}

// Quotes what the reader would otherwise split, unescape or read as null.
void CsvWriter::appendField(std::string_view text, bool isText) {
  bool quote = isText && (options_.quoteAllText || text.empty() || text == "NULL" ||
                          text == "null" || text == options_.nullString);
  // Readers drop a byte order mark at the start of the input; inside quotes
  // it is data.
  if (!started_) quote = quote || text.substr(0, 3) == "\xEF\xBB\xBF";
  started_ = true;
  if (!quote) {
    for (char c : text) {
      if (c == options_.delimiter || c == options_.quote || c == '\n' || c == '\r') {
        quote = true;
        break;
      }
    }
  }
  if (!quote) {
    buffer_ += text;
    return;
  }
  buffer_ += options_.quote;
  for (char c : text) {
    if (c == options_.quote) buffer_ += options_.quote;
    buffer_ += c;
  }
  buffer_ += options_.quote;
}

Status CsvWriter::flushIfFull() {
  if (static_cast<int64_t>(buffer_.size()) < options_.bufferBytes) return Status::OK();
  SABOT_RETURN_NOT_OK(output_->write(buffer_));
  buffer_.clear();
  return Status::OK();
}

Status CsvWriter::write(const columnar::RecordBatch& batch) {
  if (closed_) return Status::invalid("write to a closed CsvWriter ('{}')", output_->name());
  if (!batch.schema()->equals(*schema_)) {
    return Status::typeError("batch schema\n{}differs from the CSV writer's schema\n{}",
                             batch.schema()->toString(), schema_->toString());
  }
  std::vector<bool> textColumns;
  for (const auto& column : batch.columns()) {
    TypeId id = column.typeId();
    if (id == TypeId::kDictionary) id = column.type()->valueType()->id();
    textColumns.push_back(isStringLike(id) || isBinaryLike(id) || isLargeBinaryLike(id) ||
                          isNested(id));
  }
  for (int64_t row = 0; row < batch.numRows(); ++row) {
    const size_t rowStart = buffer_.size();
    for (int i = 0; i < batch.numColumns(); ++i) {
      if (i > 0) buffer_ += options_.delimiter;
      const Array& column = batch.column(i);
      if (column.isNull(row)) {
        // A line with nothing on it is skipped by readers, so a one-column
        // null needs a visible marker.
        const bool wholeLine = batch.numColumns() == 1 && options_.nullString.empty();
        buffer_ += wholeLine ? std::string_view("NULL") : std::string_view(options_.nullString);
        continue;
      }
      cell_.clear();
      if (isNested(column.typeId())) {
        Status status = appendJsonValue(cell_, column, row);
        if (!status.ok()) {
          buffer_.resize(rowStart);  // no half-written row
          return status.withContext("column '{}', row {}", schema_->field(i)->name(), row);
        }
      } else {
        appendScalarText(cell_, column, row);
      }
      appendField(cell_, textColumns[static_cast<size_t>(i)]);
    }
    buffer_ += options_.lineTerminator;
    SABOT_RETURN_NOT_OK(flushIfFull());
  }
  rowsWritten_ += batch.numRows();
  return Status::OK();
}

Status CsvWriter::close() {
  if (closed_) return Status::OK();
  closed_ = true;
  if (!buffer_.empty()) {
    SABOT_RETURN_NOT_OK(output_->write(buffer_));
    buffer_.clear();
  }
  return output_->close();
}

}  // namespace sabot::formats
