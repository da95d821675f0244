#pragma once

#include <memory>
#include <vector>

#include "sabot/base/Result.h"
#include "sabot/columnar/RecordBatch.h"
#include "sabot/columnar/Schema.h"

namespace sabot::columnar {

/// A pull-style source of record batches that share one schema: IPC and CSV
/// readers, C Stream Interface imports, in-memory batches.
class RecordBatchReader {
 public:
  virtual ~RecordBatchReader() = default;

  /// The schema of every batch; known before the first next().
  virtual SchemaPtr schema() const = 0;
  /// The next batch, or nullptr once the source is exhausted (and on every
  /// call after that).
  virtual Result<RecordBatchPtr> next() = 0;

  /// Reads the remaining batches.
  Result<std::vector<RecordBatchPtr>> readAll();
};

/// Reads batches held in memory, in order.
class VectorRecordBatchReader final : public RecordBatchReader {
 public:
  /// Checks that every batch has `schema` (metadata not compared).
  static Result<std::shared_ptr<VectorRecordBatchReader>> make(SchemaPtr schema,
                                                               std::vector<RecordBatchPtr> batches);

  SchemaPtr schema() const override { return schema_; }
  Result<RecordBatchPtr> next() override;

  VectorRecordBatchReader(SchemaPtr schema, std::vector<RecordBatchPtr> batches)
      : schema_(std::move(schema)), batches_(std::move(batches)) {}

 private:
  SchemaPtr schema_;
  std::vector<RecordBatchPtr> batches_;
  size_t position_ = 0;
};

}  // namespace sabot::columnar
