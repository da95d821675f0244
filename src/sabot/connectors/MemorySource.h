#pragma once

#include <memory>
#include <vector>

#include "sabot/runtime/Source.h"

namespace sabot::connectors {

/// Batches held in memory, for tests and small jobs. Subtask i of p reads
/// batches i, i + p, i + 2p, ... so every batch is read once whatever the
/// parallelism; with parallelism 1 the order is kept.
class MemorySource final : public runtime::Source {
 public:
  /// Checks that every batch has `schema`.
  static Result<std::shared_ptr<MemorySource>> make(columnar::SchemaPtr schema,
                                                    std::vector<columnar::RecordBatchPtr> batches);

  std::string describe() const override;
  columnar::SchemaPtr schema() const override { return schema_; }
  Result<std::unique_ptr<runtime::SourceReader>> createReader(const runtime::OperatorContext& context) const override;
  bool replayable() const override { return true; }

  MemorySource(columnar::SchemaPtr schema, std::vector<columnar::RecordBatchPtr> batches)
      : schema_(std::move(schema)), batches_(std::move(batches)) {}

 private:
  columnar::SchemaPtr schema_;
  std::vector<columnar::RecordBatchPtr> batches_;
};

}  // namespace sabot::connectors
