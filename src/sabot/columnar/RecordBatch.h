#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sabot/columnar/Array.h"
#include "sabot/columnar/Schema.h"

namespace sabot::columnar {

class RecordBatch;
using RecordBatchPtr = std::shared_ptr<const RecordBatch>;

/// Equal-length columns under a schema: the unit of data that flows between
/// operators. Immutable and shared.
class RecordBatch {
 public:
  /// Checks that there is one column per field, of the field's type and
  /// `numRows` long, and that non-nullable fields hold no nulls.
  static Result<RecordBatchPtr> make(SchemaPtr schema, int64_t numRows, std::vector<Array> columns);
  /// make() with numRows taken from the first column (0 if none).
  static Result<RecordBatchPtr> make(SchemaPtr schema, std::vector<Array> columns);

  const SchemaPtr& schema() const { return schema_; }
  int64_t numRows() const { return numRows_; }
  int numColumns() const { return static_cast<int>(columns_.size()); }
  const Array& column(int index) const { return columns_[static_cast<size_t>(index)]; }
  const std::vector<Array>& columns() const { return columns_; }
  Result<Array> columnByName(std::string_view name) const;

  /// A zero-copy window of rows.
  RecordBatchPtr slice(int64_t offset, int64_t length) const;
  /// Bytes of the buffers this batch references (shared buffers counted once
  /// per reference; a slice counts the whole buffer).
  int64_t referencedBytes() const;

  bool equals(const RecordBatch& other) const;
  /// A table with a header of column names and types.
  std::string toString(int64_t maxRows = 50) const;

  RecordBatch(SchemaPtr schema, int64_t numRows, std::vector<Array> columns)
      : schema_(std::move(schema)), numRows_(numRows), columns_(std::move(columns)) {}

 private:
  SchemaPtr schema_;
  int64_t numRows_;
  std::vector<Array> columns_;
};

}  // namespace sabot::columnar
