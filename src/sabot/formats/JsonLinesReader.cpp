#include "sabot/formats/JsonLinesReader.h"

#include <deque>
#include <optional>

#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/formats/ChunkedInput.h"
#include "sabot/formats/JsonParser.h"
#include "sabot/formats/JsonTypeInference.h"
#include "sabot/formats/JsonValueStager.h"
#include "sabot/formats/LineSplitter.h"
#include "sabot/formats/StagedValue.h"
#include "sabot/io/BufferInputStream.h"
#include "sabot/io/FileInputStream.h"

namespace sabot::formats {

using columnar::RecordBatch;
using columnar::RecordBatchPtr;
using columnar::SchemaPtr;

namespace {

bool isBlank(std::string_view line) {
  for (char c : line) {
    if (c != ' ' && c != '\t' && c != '\r') return false;
  }
  return true;
}

std::string_view kindName(JsonKind kind) {
  switch (kind) {
    case JsonKind::kNull:
      return "null";
    case JsonKind::kFalse:
    case JsonKind::kTrue:
      return "a boolean";
    case JsonKind::kNumber:
      return "a number";
    case JsonKind::kString:
      return "a string";
    case JsonKind::kObject:
      return "an object";
    case JsonKind::kArray:
      return "an array";
  }
  return "?";
}

}  // namespace

struct JsonLinesReader::State {
  struct Line {
    int64_t number;
    std::string text;
  };

  JsonReadOptions options;
  ChunkedInput input;
  LineSplitter lines;
  BadRecordHandler handler;
  SchemaPtr schema;
  std::optional<JsonValueStager> stager;
  std::vector<std::unique_ptr<columnar::ArrayBuilder>> builders;

  std::deque<Line> buffered;  // the inference sample, returned as rows first
  JsonParser parser;
  JsonTape tape;
  RowStager row;

  std::optional<Status> deferredError;  // a read error met while sampling
  std::optional<Status> terminalError;
  bool finished = false;
  std::string badKey;
  std::string badReason;

  State(JsonReadOptions opts, std::unique_ptr<io::InputStream> stream)
      : options(std::move(opts)),
        input(std::move(stream), options.chunkBytes),
        lines(input, options.maxRecordBytes),
        handler(options.onError, options.deadLetterSink, "key") {}

  // The next non-blank line: buffered first, then from the input.
  Result<bool> nextLine(int64_t& number, std::string_view& text) {
    if (!buffered.empty()) {
      current_ = std::move(buffered.front());
      buffered.pop_front();
      number = current_.number;
      text = current_.text;
      return true;
    }
    if (deferredError) return *deferredError;
    return readInputLine(number, text);
  }

  // The next non-blank line of the input.
  Result<bool> readInputLine(int64_t& number, std::string_view& text) {
    while (true) {
      SABOT_ASSIGN_OR_RAISE(bool found, lines.next(text));
      if (!found) return false;
      if (isBlank(text)) continue;
      number = lines.lineNumber();
      return true;
    }
  }

  // Parses `text` into the tape; false (with badReason set) if it is not a
  // JSON object.
  bool parseObject(std::string_view text) {
    JsonSyntaxError error;
    if (!parser.parse(text, tape, error)) {
      badKey.clear();
      badReason = fmt::format("malformed JSON at column {}: {}", error.offset + 1, error.message);
      return false;
    }
    if (tape.nodes[0].kind != JsonKind::kObject) {
      badKey.clear();
      badReason = fmt::format("expected a JSON object, found {}", kindName(tape.nodes[0].kind));
      return false;
    }
    return true;
  }

  Status setUp() {
    if (options.schema) {
      schema = options.schema;
    } else {
      JsonTypeInference inference;
      while (static_cast<int64_t>(buffered.size()) < options.inferenceRows) {
        std::string_view text;
        int64_t number;
        auto found = readInputLine(number, text);
        if (!found.ok()) {
          // Infer from what came before; next() returns those rows, then this.
          deferredError = found.status();
          break;
        }
        if (!*found) break;
        buffered.push_back(Line{number, std::string(text)});
        if (parseObject(text)) inference.observeObject(tape, 0);
      }
      schema = inference.resolve(options.inferredTimestampUnit);
    }
    stager = JsonValueStager::forRecord(*schema);
    for (const auto& field : schema->fields()) {
      SABOT_ASSIGN_OR_RAISE(auto builder, columnar::makeBuilder(field->type(), options.pool));
      builders.push_back(std::move(builder));
    }
    return Status::OK();
  }

  Result<RecordBatchPtr> readBatch() {
    int64_t rows = 0;
    while (rows < options.batchSize) {
      std::string_view text;
      int64_t number = 0;
      auto found = nextLine(number, text);
      if (!found.ok()) {  // I/O error or an endless line
        terminalError = found.status();
        break;
      }
      if (!*found) {
        finished = true;
        break;
      }
      row.clear();
      bool good = parseObject(text);
      if (good) {
        Status status = stager->stageRecord(tape, row, badKey);
        if (!status.ok()) {
          badReason = status.message();
          good = false;
        }
      }
      if (!good) {
        Status status = handler.handle(BadRecord{number, badKey, badReason, text});
        if (!status.ok()) {
          terminalError = std::move(status);
          break;
        }
        continue;
      }
      size_t cursor = 0;
      for (int i = 0; i < schema->numFields(); ++i) {
        Status status =
            row.commit(*schema->field(i)->type(), builders[static_cast<size_t>(i)].get(), cursor);
        if (!status.ok()) {
          // A builder failed halfway through a row: this batch cannot be saved.
          terminalError = status.withContext("line {}, key '{}'", number, schema->field(i)->name());
          return *terminalError;
        }
      }
      ++rows;
    }
    if (rows == 0) {
      if (terminalError) return *terminalError;
      return RecordBatchPtr();
    }
    std::vector<columnar::Array> arrays;
    arrays.reserve(builders.size());
    for (auto& builder : builders) {
      SABOT_ASSIGN_OR_RAISE(columnar::Array array, builder->finish());
      arrays.push_back(std::move(array));
    }
    handler.countRead(rows);
    return RecordBatch::make(schema, rows, std::move(arrays));
  }

 private:
  Line current_;
};

JsonLinesReader::JsonLinesReader(std::unique_ptr<State> state) : state_(std::move(state)) {}
JsonLinesReader::~JsonLinesReader() = default;

Result<std::unique_ptr<JsonLinesReader>> JsonLinesReader::make(
    std::unique_ptr<io::InputStream> input, JsonReadOptions options) {
  SABOT_RETURN_NOT_OK(options.validate());
  if (!input) return Status::invalid("JsonLinesReader needs an input stream");
  auto state = std::make_unique<State>(std::move(options), std::move(input));
  SABOT_RETURN_NOT_OK_CONTEXT(state->setUp(), "reading JSON lines '{}'", state->input.name());
  return std::unique_ptr<JsonLinesReader>(new JsonLinesReader(std::move(state)));
}

Result<std::unique_ptr<JsonLinesReader>> JsonLinesReader::make(const std::filesystem::path& path,
                                                               JsonReadOptions options) {
  SABOT_ASSIGN_OR_RAISE(auto input, io::FileInputStream::open(path));
  return make(std::move(input), std::move(options));
}

Result<std::unique_ptr<JsonLinesReader>> JsonLinesReader::fromString(std::string_view text,
                                                                     JsonReadOptions options) {
  SABOT_ASSIGN_OR_RAISE(auto bytes, columnar::Buffer::copyOf(text));
  return make(std::make_unique<io::BufferInputStream>(std::move(bytes)), std::move(options));
}

SchemaPtr JsonLinesReader::schema() const {
  return state_->schema;
}

const ReadCounters& JsonLinesReader::counters() const {
  return state_->handler.counters();
}

Result<RecordBatchPtr> JsonLinesReader::next() {
  if (state_->terminalError) return *state_->terminalError;
  if (state_->finished) return RecordBatchPtr();
  return state_->readBatch();
}

}  // namespace sabot::formats
