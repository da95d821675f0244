#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "sabot/base/Result.h"
#include "sabot/columnar/RecordBatchReader.h"
#include "sabot/formats/ReadOptions.h"
#include "sabot/io/InputStream.h"

namespace sabot::formats {

/// Options of JsonLinesReader; everything is in the shared ReadOptions for now.
struct JsonReadOptions : ReadOptions {};

/// Reads JSON lines (one JSON object per line) into record batches, a chunk
/// of input at a time. Blank lines are ignored.
///
/// Keys are matched to the schema's fields by name: a missing key is null,
/// and keys not in the schema are ignored -- including keys that first appear
/// after the records used for inference. Without a schema, one is inferred
/// from the first `inferenceRows` records (JsonTypeInference has the rules):
/// numbers -> int64 / float64, booleans -> bool, strings -> utf8 (date32 or
/// timestamp if all parse), objects -> struct, arrays -> list.
///
/// A record that does not convert is reported with its line and key path --
/// "line 3, key 'user.age': cannot convert "x" to int64" -- and malformed JSON
/// with its line and byte column -- "line 4: malformed JSON at column 17:
/// expected ':' after an object key"; the error policy decides what happens.
class JsonLinesReader final : public columnar::RecordBatchReader {
 public:
  static Result<std::unique_ptr<JsonLinesReader>> make(std::unique_ptr<io::InputStream> input,
                                                       JsonReadOptions options = {});
  static Result<std::unique_ptr<JsonLinesReader>> make(const std::filesystem::path& path,
                                                       JsonReadOptions options = {});
  /// Reads JSON lines held in memory (copies it).
  static Result<std::unique_ptr<JsonLinesReader>> fromString(std::string_view text,
                                                             JsonReadOptions options = {});

  ~JsonLinesReader() override;

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
  explicit JsonLinesReader(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace sabot::formats
