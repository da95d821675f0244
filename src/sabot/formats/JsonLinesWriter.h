#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "sabot/base/Result.h"
#include "sabot/columnar/RecordBatch.h"
#include "sabot/io/OutputStream.h"

namespace sabot::formats {

struct JsonWriteOptions {
  /// Write null values as `"key":null`; when false, leave the key out (a
  /// reader gives a missing key null, so both read back the same).
  bool writeNulls = true;
  /// Output is handed to the stream in pieces of about this size.
  int64_t bufferBytes = int64_t{1} << 20;
};

/// Writes record batches as JSON lines: one compact object per row, keys in
/// schema order. Values: numbers (floats in the shortest text that reads back
/// exactly, keeping a ".0"; the non-finite ones as the strings "NaN",
/// "Infinity", "-Infinity"), true / false, strings, binary as base64 strings,
/// timestamps and dates as ISO-8601 strings, decimals as strings (exact),
/// structs as objects, lists as arrays. A utf8 value that is not valid UTF-8
/// is an error (JSON text must be UTF-8).
class JsonLinesWriter {
 public:
  static Result<std::unique_ptr<JsonLinesWriter>> make(std::shared_ptr<io::OutputStream> output,
                                                       columnar::SchemaPtr schema,
                                                       JsonWriteOptions options = {});
  /// Creates (truncates) the file at `path`.
  static Result<std::unique_ptr<JsonLinesWriter>> make(const std::filesystem::path& path,
                                                       columnar::SchemaPtr schema,
                                                       JsonWriteOptions options = {});
  /// The JSON lines of one batch.
  static Result<std::string> toString(const columnar::RecordBatch& batch,
                                      JsonWriteOptions options = {});

  /// Closes the stream if close() was not called; errors are lost then.
  ~JsonLinesWriter();

  /// Writes the rows of `batch`, whose schema must be the writer's.
  Status write(const columnar::RecordBatch& batch);
  /// Writes out buffered rows and closes the stream.
  Status close();

  int64_t rowsWritten() const { return rowsWritten_; }

 private:
  JsonLinesWriter(std::shared_ptr<io::OutputStream> output, columnar::SchemaPtr schema,
                  JsonWriteOptions options);

  std::shared_ptr<io::OutputStream> output_;
  columnar::SchemaPtr schema_;
  JsonWriteOptions options_;
  std::vector<std::string> keys_;  // each field name as a JSON string and ':'
  std::string buffer_;
  int64_t rowsWritten_ = 0;
  bool closed_ = false;
};

}  // namespace sabot::formats
