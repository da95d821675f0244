#include "sabot/columnar/RecordBatch.h"

#include <algorithm>

namespace sabot::columnar {

Result<RecordBatchPtr> RecordBatch::make(SchemaPtr schema, int64_t numRows,
                                         std::vector<Array> columns) {
  if (static_cast<int>(columns.size()) != schema->numFields()) {
    return Status::invalid("record batch has {} columns but its schema has {} fields",
                           columns.size(), schema->numFields());
  }
  for (int i = 0; i < schema->numFields(); ++i) {
    const Field& expected = *schema->field(i);
    const Array& column = columns[static_cast<size_t>(i)];
    if (!column.valid()) return Status::invalid("column '{}' is missing", expected.name());
    if (!column.type()->equals(*expected.type())) {
      return Status::typeError("column '{}' has type {}, the schema says {}", expected.name(),
                               column.type()->toString(), expected.type()->toString());
    }
    if (column.length() != numRows) {
      return Status::invalid("column '{}' has {} rows, the batch has {}", expected.name(),
                             column.length(), numRows);
    }
    if (!expected.nullable() && column.nullCount() > 0) {
      return Status::invalid("column '{}' is declared not null but holds {} nulls",
                             expected.name(), column.nullCount());
    }
  }
  return std::make_shared<const RecordBatch>(std::move(schema), numRows, std::move(columns));
}

Result<RecordBatchPtr> RecordBatch::make(SchemaPtr schema, std::vector<Array> columns) {
  const int64_t numRows = columns.empty() ? 0 : columns[0].length();
  return make(std::move(schema), numRows, std::move(columns));
}

Result<Array> RecordBatch::columnByName(std::string_view name) const {
  SABOT_ASSIGN_OR_RAISE(int index, schema_->requireFieldIndex(name));
  return columns_[static_cast<size_t>(index)];
}

RecordBatchPtr RecordBatch::slice(int64_t offset, int64_t length) const {
  SABOT_CHECK(offset >= 0 && length >= 0 && offset + length <= numRows_,
              "slice [{}, {}) of a batch of {} rows", offset, offset + length, numRows_);
  std::vector<Array> sliced;
  sliced.reserve(columns_.size());
  for (const auto& column : columns_) sliced.push_back(column.slice(offset, length));
  return std::make_shared<const RecordBatch>(schema_, length, std::move(sliced));
}

namespace {
int64_t referencedBytes(const ArrayData& data) {
  int64_t total = 0;
  for (const auto& buffer : data.buffers) total += buffer ? buffer->size() : 0;
  for (const auto& child : data.children) total += referencedBytes(*child);
  if (data.dictionary) total += referencedBytes(*data.dictionary);
  return total;
}
}  // namespace

int64_t RecordBatch::referencedBytes() const {
  int64_t total = 0;
  for (const auto& column : columns_) total += columnar::referencedBytes(*column.data());
  return total;
}

bool RecordBatch::equals(const RecordBatch& other) const {
  if (numRows_ != other.numRows_ || !schema_->equals(*other.schema_)) return false;
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (!columns_[i].equals(other.columns_[i])) return false;
  }
  return true;
}

std::string RecordBatch::toString(int64_t maxRows) const {
  const int64_t shownRows = std::min(numRows_, maxRows);
  std::vector<std::vector<std::string>> cells(columns_.size());
  std::vector<size_t> widths(columns_.size());
  for (size_t c = 0; c < columns_.size(); ++c) {
    const Field& columnField = *schema_->field(static_cast<int>(c));
    cells[c].push_back(columnField.name());
    cells[c].push_back(columnField.type()->toString());
    for (int64_t r = 0; r < shownRows; ++r) cells[c].push_back(columns_[c].formatValue(r));
    for (const auto& cell : cells[c]) widths[c] = std::max(widths[c], cell.size());
  }
  std::string out;
  auto separator = [&] {
    for (size_t c = 0; c < columns_.size(); ++c) out += "+" + std::string(widths[c] + 2, '-');
    out += "+\n";
  };
  auto row = [&](size_t line) {
    for (size_t c = 0; c < columns_.size(); ++c) {
      const std::string& cell = cells[c][line];
      out += "| " + cell + std::string(widths[c] - cell.size() + 1, ' ');
    }
    out += "|\n";
  };
  separator();
  row(0);
  row(1);
  separator();
  for (int64_t r = 0; r < shownRows; ++r) row(static_cast<size_t>(r) + 2);
  separator();
  out += fmt::format("{} rows", numRows_);
  if (shownRows < numRows_) out += fmt::format(" ({} shown)", shownRows);
  out += '\n';
  return out;
}

}  // namespace sabot::columnar
