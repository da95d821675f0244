#include "sabot/formats/CsvReader.h"

#include <algorithm>
#include <deque>
#include <optional>

#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/formats/ChunkedInput.h"
#include "sabot/formats/CsvTokenizer.h"
#include "sabot/formats/JsonParser.h"
#include "sabot/formats/JsonValueStager.h"
#include "sabot/formats/StagedValue.h"
#include "sabot/formats/TextTypeInference.h"
#include "sabot/formats/ValueParsing.h"
#include "sabot/io/BufferInputStream.h"
#include "sabot/io/FileInputStream.h"

namespace sabot::formats {

using columnar::DataTypePtr;
using columnar::FieldPtr;
using columnar::RecordBatch;
using columnar::RecordBatchPtr;
using columnar::SchemaPtr;
using columnar::TypeId;

namespace {

// Columns whose quoted values are text, never a null marker.
bool isTextual(const columnar::DataType& type) {
  const TypeId id = type.id();
  return isStringLike(id) || isBinaryLike(id) || isLargeBinaryLike(id) || id == TypeId::kDictionary;
}

std::string joinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

Status validateOptions(const CsvReadOptions& options) {
  SABOT_RETURN_NOT_OK(options.validate());
  if (options.delimiter == options.quote) {
    return Status::invalid("the CSV delimiter and quote character are both '{}'",
                           options.delimiter);
  }
  for (char c : {options.delimiter, options.quote}) {
    if (c == '\n' || c == '\r')
      return Status::invalid("the CSV delimiter and quote cannot be CR or LF");
  }
  return Status::OK();
}

}  // namespace

struct CsvReader::State {
  struct Column {
    FieldPtr field;
    size_t csvIndex = 0;
    bool textual = false;
    std::optional<JsonValueStager> json;  // struct and list cells hold JSON text
    // The parsed cell; one per column because staged values point into it
    // until the whole row is committed.
    JsonTape jsonTape;
    std::unique_ptr<columnar::ArrayBuilder> builder;
  };

  CsvReadOptions options;
  ChunkedInput input;
  CsvTokenizer tokenizer;
  BadRecordHandler handler;
  SchemaPtr schema;
  std::vector<std::string> columnNames;
  std::vector<Column> columns;
  size_t maxNullLength = 0;

  std::deque<CsvRecord> buffered;  // read by make(): header look-ahead and inference sample
  CsvRecord record;
  RowStager stager;
  JsonParser jsonParser;

  std::optional<Status> deferredError;  // a read error met while sampling
  std::optional<Status> terminalError;
  bool finished = false;

  // Why the current record is bad.
  std::string badColumn;
  std::string badReason;

  State(CsvReadOptions opts, std::unique_ptr<io::InputStream> stream)
      : options(std::move(opts)),
        input(std::move(stream), options.chunkBytes),
        tokenizer(input, options.delimiter, options.quote, options.maxRecordBytes),
        handler(options.onError, options.deadLetterSink, "column") {
    for (const auto& value : options.nullValues)
      maxNullLength = std::max(maxNullLength, value.size());
  }

  // The next non-empty record from the tokenizer, into `into`.
  Result<bool> tokenize(CsvRecord& into) {
    while (true) {
      SABOT_ASSIGN_OR_RAISE(bool found, tokenizer.next(into));
      if (!found) return false;
      const bool empty = into.raw().empty() && into.numFields() == 1 && !into.quoted(0);
      if (!(options.skipEmptyLines && empty)) return true;
    }
  }

  // The next record to convert: one buffered by make(), else a new one.
  Result<const CsvRecord*> nextRecord() {
    if (!buffered.empty()) {
      record = std::move(buffered.front());
      buffered.pop_front();
      return &record;
    }
    if (deferredError) return *deferredError;
    SABOT_ASSIGN_OR_RAISE(bool found, tokenize(record));
    return found ? &record : nullptr;
  }

  // Reads ahead and keeps the record for next().
  Result<const CsvRecord*> bufferRecord() {
    CsvRecord& slot = buffered.emplace_back();
    auto found = tokenize(slot);
    if (!found.ok() || !*found) {
      buffered.pop_back();  // nothing (or half a record) was read into it
      if (!found.ok()) return found.status();
      return nullptr;
    }
    slot.keepRaw();
    return &slot;
  }

  bool isNull(std::string_view text, bool quoted, bool textual) const {
    if (quoted && textual && !options.quotedValuesCanBeNull) return false;
    if (text.size() > maxNullLength) return false;
    for (const auto& value : options.nullValues) {
      if (text == value) return true;
    }
    return false;
  }

  Status setUp();
  Status inferSchema();
  Status mapSchema();
  bool stageRecord(const CsvRecord& current);
  Result<RecordBatchPtr> readBatch();
};

Status CsvReader::State::setUp() {
  // Column names: given, from the header, from the schema, or f0, f1, ...
  if (options.header) {
    SABOT_ASSIGN_OR_RAISE(bool found, tokenize(record));
    if (found) {
      if (!record.error.empty()) {
        return Status::invalid("line {}: malformed header: {}", record.line, record.error);
      }
      for (size_t i = 0; i < record.numFields(); ++i) columnNames.emplace_back(record.field(i));
    }
  }
  if (!options.columnNames.empty()) {
    columnNames = options.columnNames;
  } else if (!options.header) {
    if (options.schema) {
      for (const auto& field : options.schema->fields()) columnNames.push_back(field->name());
    } else {
      SABOT_ASSIGN_OR_RAISE(const CsvRecord* first, bufferRecord());
      for (size_t i = 0; first != nullptr && i < first->numFields(); ++i) {
        columnNames.push_back(fmt::format("f{}", i));
      }
    }
  }
  SABOT_RETURN_NOT_OK(options.schema ? mapSchema() : inferSchema());
  for (auto& column : columns) {
    SABOT_ASSIGN_OR_RAISE(column.builder,
                          columnar::makeBuilder(column.field->type(), options.pool));
    if (isNested(column.field->type()->id())) column.json = JsonValueStager::forField(column.field);
    column.textual = isTextual(*column.field->type());
  }
  return Status::OK();
}

Status CsvReader::State::mapSchema() {
  schema = options.schema;
  for (const auto& field : schema->fields()) {
    size_t index = 0;
    while (index < columnNames.size() && columnNames[index] != field->name()) ++index;
    if (index == columnNames.size()) {
      return Status::keyError(
          "schema field '{}' is not a column of the CSV input '{}' (columns: {})", field->name(),
          input.name(), joinNames(columnNames));
    }
    columns.push_back(Column{field, index, false, std::nullopt, {}, nullptr});
  }
  return Status::OK();
}

// Types are inferred from well-formed records only; the others are kept too
// and reported in order by next().
Status CsvReader::State::inferSchema() {
  std::vector<TextTypeInference> inference(columnNames.size());
  for (const auto& sampled : buffered) {
    if (!sampled.error.empty() || sampled.numFields() != columnNames.size()) continue;
    for (size_t i = 0; i < columnNames.size(); ++i) {
      if (!isNull(sampled.field(i), sampled.quoted(i), /*textual=*/true))
        inference[i].observe(sampled.field(i));
    }
  }
  while (static_cast<int64_t>(buffered.size()) < options.inferenceRows) {
    auto next = bufferRecord();
    if (!next.ok()) {
      // Infer from what came before; next() returns those rows, then this.
      deferredError = next.status();
      break;
    }
    const CsvRecord* sampled = *next;
    if (sampled == nullptr) break;
    if (!sampled->error.empty() || sampled->numFields() != columnNames.size()) continue;
    for (size_t i = 0; i < columnNames.size(); ++i) {
      if (!isNull(sampled->field(i), sampled->quoted(i), /*textual=*/true)) {
        inference[i].observe(sampled->field(i));
      }
    }
  }
  std::vector<FieldPtr> fields;
  for (size_t i = 0; i < columnNames.size(); ++i) {
    fields.push_back(
        columnar::field(columnNames[i], inference[i].resolve(options.inferredTimestampUnit)));
    columns.push_back(Column{fields.back(), i, false, std::nullopt, {}, nullptr});
  }
  schema = columnar::schema(std::move(fields));
  return Status::OK();
}

// Converts every cell of `current` into the stager; false (with badColumn
// and badReason set) if the record is bad.
bool CsvReader::State::stageRecord(const CsvRecord& current) {
  stager.clear();
  if (!current.error.empty()) {
    const auto field = static_cast<size_t>(current.errorField);
    badColumn = field < columnNames.size() ? columnNames[field] : std::string();
    badReason = current.error;
    return false;
  }
  if (current.numFields() != columnNames.size()) {
    badColumn.clear();
    badReason =
        fmt::format("expected {} fields, found {}", columnNames.size(), current.numFields());
    return false;
  }
  for (auto& column : columns) {
    const std::string_view text = current.field(column.csvIndex);
    Status status;
    if (isNull(text, current.quoted(column.csvIndex), column.textual)) {
      if (column.field->nullable()) {
        stager.add();
        continue;
      }
      status = Status::invalid("null value in a non-nullable column");
    } else if (column.json) {
      JsonSyntaxError syntaxError;
      if (!jsonParser.parse(text, column.jsonTape, syntaxError)) {
        status = Status::invalid("cannot parse '{}' as {}: malformed JSON at byte {}: {}",
                                 abbreviate(text), column.field->type()->toString(),
                                 syntaxError.offset + 1, syntaxError.message);
      } else {
        std::string path;
        status = column.json->stageValue(column.jsonTape, stager, path);
        if (!status.ok() && !path.empty())
          status = Status::invalid("{}: {}", path, status.message());
      }
    } else {
      status = stageText(*column.field->type(), text, stager.add());
    }
    if (!status.ok()) {
      badColumn = column.field->name();
      badReason = status.message();
      return false;
    }
  }
  return true;
}

Result<RecordBatchPtr> CsvReader::State::readBatch() {
  int64_t rows = 0;
  while (rows < options.batchSize) {
    auto nextResult = nextRecord();
    if (!nextResult.ok()) {  // I/O error or an endless record
      terminalError = nextResult.status();
      break;
    }
    const CsvRecord* current = *nextResult;
    if (current == nullptr) {
      finished = true;
      break;
    }
    if (!stageRecord(*current)) {
      Status status =
          handler.handle(BadRecord{current->line, badColumn, badReason, current->raw()});
      if (!status.ok()) {
        terminalError = std::move(status);
        break;
      }
      continue;
    }
    size_t cursor = 0;
    for (auto& column : columns) {
      Status status = stager.commit(*column.field->type(), column.builder.get(), cursor);
      if (!status.ok()) {
        // A builder failed halfway through a row: this batch cannot be saved.
        terminalError =
            status.withContext("line {}, column '{}'", current->line, column.field->name());
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
  arrays.reserve(columns.size());
  for (auto& column : columns) {
    SABOT_ASSIGN_OR_RAISE(columnar::Array array, column.builder->finish());
    arrays.push_back(std::move(array));
  }
  handler.countRead(rows);
  return RecordBatch::make(schema, rows, std::move(arrays));
}

CsvReader::CsvReader(std::unique_ptr<State> state) : state_(std::move(state)) {}
CsvReader::~CsvReader() = default;

Result<std::unique_ptr<CsvReader>> CsvReader::make(std::unique_ptr<io::InputStream> input,
                                                   CsvReadOptions options) {
  SABOT_RETURN_NOT_OK(validateOptions(options));
  if (!input) return Status::invalid("CsvReader needs an input stream");
  auto state = std::make_unique<State>(std::move(options), std::move(input));
  SABOT_RETURN_NOT_OK_CONTEXT(state->setUp(), "reading CSV '{}'", state->input.name());
  return std::unique_ptr<CsvReader>(new CsvReader(std::move(state)));
}

Result<std::unique_ptr<CsvReader>> CsvReader::make(const std::filesystem::path& path,
                                                   CsvReadOptions options) {
  SABOT_ASSIGN_OR_RAISE(auto input, io::FileInputStream::open(path));
  return make(std::move(input), std::move(options));
}

Result<std::unique_ptr<CsvReader>> CsvReader::fromString(std::string_view text,
                                                         CsvReadOptions options) {
  SABOT_ASSIGN_OR_RAISE(auto bytes, columnar::Buffer::copyOf(text));
  return make(std::make_unique<io::BufferInputStream>(std::move(bytes)), std::move(options));
}

SchemaPtr CsvReader::schema() const {
  return state_->schema;
}

const ReadCounters& CsvReader::counters() const {
  return state_->handler.counters();
}

Result<RecordBatchPtr> CsvReader::next() {
  if (state_->terminalError) return *state_->terminalError;
  if (state_->finished) return RecordBatchPtr();
  return state_->readBatch();
}

}  // namespace sabot::formats
