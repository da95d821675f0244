#include "sabot/cli/TextInputOptions.h"

#include "sabot/columnar/TypeParser.h"

namespace sabot::cli {

void addTextInputOptions(CLI::App* command, TextInputOptions& options) {
  command->add_option("--schema", options.schema,
                      "Schema of CSV/JSON input instead of inferring one, e.g.\n"
                      "'id: int64 not null, price: float64, ts: timestamp[ms]'");
  command->add_option("--on-error", options.onError,
                      "What to do with a bad CSV/JSON row: fail (stop with an error naming the\n"
                      "line and column), skip (drop and count it), dead-letter (write it to\n"
                      "--dead-letter as a JSON line with the error)")
      ->capture_default_str();
  command->add_option("--dead-letter", options.deadLetter, "File for rows rejected under --on-error dead-letter");
  command->add_option("--delimiter", options.delimiter, "CSV field delimiter")->capture_default_str();
  command->add_flag("--no-header", options.noHeader, "The CSV input has no header line (columns f0, f1, ...)");
  command->add_option("--batch-size", options.batchSize, "Rows per record batch")->capture_default_str();
  command->add_option("--infer-rows", options.inferenceRows, "Rows examined to infer a schema")->capture_default_str();
}

Result<connectors::ReadSettings> makeReadSettings(const TextInputOptions& options, bool textInput) {
  connectors::ReadSettings settings;
  formats::CsvReadOptions& text = settings.text;
  if (options.batchSize <= 0) return Status::invalid("--batch-size must be positive");
  if (options.inferenceRows <= 0) return Status::invalid("--infer-rows must be positive");
  text.batchSize = options.batchSize;
  text.inferenceRows = options.inferenceRows;
  text.delimiter = options.delimiter;
  text.header = !options.noHeader;
  if (!options.schema.empty()) {
    SABOT_ASSIGN_OR_RAISE(text.schema, columnar::parseSchema(options.schema));
  }
  SABOT_ASSIGN_OR_RAISE(text.onError, formats::parseOnError(options.onError));
  if (text.onError == formats::OnError::kDeadLetter && options.deadLetter.empty()) {
    return Status::invalid("--on-error dead-letter needs --dead-letter PATH");
  }
  if (text.onError != formats::OnError::kDeadLetter && !options.deadLetter.empty()) {
    return Status::invalid("--dead-letter is used only with --on-error dead-letter");
  }
  if (!textInput && (!options.schema.empty() || text.onError != formats::OnError::kFail)) {
    return Status::invalid("--schema and --on-error apply to CSV and JSON-lines input only");
  }
  return settings;
}

}  // namespace sabot::cli
