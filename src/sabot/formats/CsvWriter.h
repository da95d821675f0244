#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "sabot/base/Result.h"
#include "sabot/columnar/RecordBatch.h"
#include "sabot/io/OutputStream.h"

namespace sabot::formats {

struct CsvWriteOptions {
  char delimiter = ',';
  char quote = '"';
  /// Write a header record with the column names first.
  bool header = true;
  /// Written, unquoted, for null values. The default (empty) matches
  /// CsvReadOptions::nullValues; text values that could be mistaken for a
  /// null ("", "NULL", "null" or this string) are always quoted. With one
  /// column and an empty nullString a null is written as NULL, since readers
  /// skip empty lines.
  std::string nullString;
  /// "\n" or "\r\n".
  std::string lineTerminator = "\n";
  /// Quote every non-null value of text columns (utf8, binary, dictionary,
  /// nested), not only those that need it.
  bool quoteAllText = false;
  /// Output is handed to the stream in pieces of about this size.
  int64_t bufferBytes = int64_t{1} << 20;
};

/// Writes record batches as CSV (RFC 4180). Values: numbers in the shortest
/// text that reads back exactly (floats keep a ".0"; "NaN", "Infinity",
/// "-Infinity"), "true" / "false", strings and binary as their bytes,
/// timestamps and dates in ISO-8601 ("2024-02-29T13:45:00.125", "Z" when the
/// type has a zone), decimals in plain notation, and struct and list values
/// as JSON text (which CsvReader reads back given the schema). Fields holding
/// the delimiter, the quote, CR or LF are quoted, quotes doubled.
class CsvWriter {
 public:
  static Result<std::unique_ptr<CsvWriter>> make(std::shared_ptr<io::OutputStream> output,
                                                 columnar::SchemaPtr schema,
                                                 CsvWriteOptions options = {});
  /// Creates (truncates) the file at `path`.
  static Result<std::unique_ptr<CsvWriter>> make(const std::filesystem::path& path,
                                                 columnar::SchemaPtr schema,
                                                 CsvWriteOptions options = {});
  /// The CSV text of one batch.
  static Result<std::string> toString(const columnar::RecordBatch& batch,
                                      CsvWriteOptions options = {});

  /// Closes the stream if close() was not called; errors are lost then.
  ~CsvWriter();

  /// Writes the rows of `batch`, whose schema must be the writer's.
  Status write(const columnar::RecordBatch& batch);
  /// Writes out buffered rows (and the header) and closes the stream.
  Status close();

  int64_t rowsWritten() const { return rowsWritten_; }

 private:
  CsvWriter(std::shared_ptr<io::OutputStream> output, columnar::SchemaPtr schema,
            CsvWriteOptions options);
  void appendField(std::string_view text, bool isText);
  Status flushIfFull();

  std::shared_ptr<io::OutputStream> output_;
  columnar::SchemaPtr schema_;
  CsvWriteOptions options_;
  std::string buffer_;
  std::string cell_;
  int64_t rowsWritten_ = 0;
  bool started_ = false;  // a field was written
  bool closed_ = false;
};

}  // namespace sabot::formats
