#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sabot/base/Result.h"
#include "sabot/columnar/RecordBatchReader.h"
#include "sabot/formats/ReadOptions.h"
#include "sabot/io/InputStream.h"

namespace sabot::formats {

/// Options of CsvReader; the shared ones (batch size, schema, error policy,
/// chunk size) are in ReadOptions.
struct CsvReadOptions : ReadOptions {
  /// Separates fields. Must differ from `quote` and from CR and LF.
  char delimiter = ',';
  /// Encloses fields that hold delimiters, quotes or line breaks; doubled
  /// inside such a field it stands for itself.
  char quote = '"';
  /// The first record holds the column names.
  bool header = true;
  /// Column names, in file order. They replace the header's names (the header
  /// record is still skipped when `header` is set); without them and without
  /// a header, columns are named after the schema's fields or "f0", "f1", ...
  std::vector<std::string> columnNames;
  /// Unquoted field values that read as null.
  std::vector<std::string> nullValues = {"", "NULL", "null"};
  /// Whether a quoted value can be null in string and binary columns. Off by
  /// default so that "" (an empty string) differs from an empty field (null),
  /// which is how CsvWriter writes them. Other columns ignore quoting.
  bool quotedValuesCanBeNull = false;
  /// Records with nothing on the line are ignored rather than read as one
  /// empty field.
  bool skipEmptyLines = true;
};

/// Reads CSV (RFC 4180) into record batches, a chunk of input at a time.
///
///   CsvReadOptions options;
///   options.onError = OnError::kSkip;
///   SABOT_ASSIGN_OR_RAISE(auto reader, CsvReader::make("trades.csv", options));
///   while (true) {
///     SABOT_ASSIGN_OR_RAISE(auto batch, reader->next());
///     if (!batch) break;
///     ...
///   }
///
/// With a schema, its fields are looked up by name among the CSV columns
/// (columns not in the schema are ignored; a missing one is an error) and
/// every cell is converted to the field's type; struct and list cells hold
/// JSON text. Without one, the types are inferred from the first
/// `inferenceRows` records: int64, float64, bool, date32, timestamp, else
/// utf8 (docs/formats.md has the rules).
///
/// A record that does not convert is reported with its 1-based line and
/// column -- "line 17, column 'price': cannot parse 'abc' as int64" -- and
/// handled by the error policy.
class CsvReader final : public columnar::RecordBatchReader {
 public:
  static Result<std::unique_ptr<CsvReader>> make(std::unique_ptr<io::InputStream> input,
                                                 CsvReadOptions options = {});
  static Result<std::unique_ptr<CsvReader>> make(const std::filesystem::path& path,
                                                 CsvReadOptions options = {});
  /// Reads CSV text held in memory (copies it).
  static Result<std::unique_ptr<CsvReader>> fromString(std::string_view text,
                                                       CsvReadOptions options = {});

  ~CsvReader() override;

  /// Known once make() returns (inference happens there).
  columnar::SchemaPtr schema() const override;
  /// The next batch of at most batchSize rows, or nullptr at the end. Under
  /// OnError::kFail a bad record ends the reader: the good rows before it come
  /// out first, then this and every later call returns the error.
  Result<columnar::RecordBatchPtr> next() override;

  /// Rows read, skipped and dead-lettered so far.
  const ReadCounters& counters() const;

 private:
  struct State;
  explicit CsvReader(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace sabot::formats
