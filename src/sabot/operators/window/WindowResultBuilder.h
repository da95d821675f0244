#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "sabot/operators/KeyEncoder.h"
#include "sabot/operators/window/Aggregate.h"

namespace sabot::operators {

/// The output schema of a window aggregation: the key columns, then
/// window_start and window_end (timestamp[ms], when the window has time
/// bounds), then one column per aggregate.
columnar::SchemaPtr windowOutputSchema(const KeyEncoder& keys, const BoundAggregates& aggregates, bool withBounds);

/// Gathers window results row by row into one output batch.
class WindowResultBuilder {
 public:
  static Result<WindowResultBuilder> make(const KeyEncoder* keys, const BoundAggregates* aggregates,
                                          columnar::SchemaPtr schema, columnar::MemoryPool* pool);

  /// One result row: the encoded key, the window [start, end) (ignored when
  /// the schema has no bounds) and its accumulators.
  Status add(std::string_view key, int64_t start, int64_t end, const Accumulator* accs);
  int64_t numRows() const { return rows_; }
  /// The rows added so far as a batch (nullptr if none); the builder starts over.
  Result<columnar::RecordBatchPtr> finish();

 private:
  WindowResultBuilder() = default;
  Status reset();

  const KeyEncoder* keys_ = nullptr;
  const BoundAggregates* aggregates_ = nullptr;
  columnar::SchemaPtr schema_;
  columnar::MemoryPool* pool_ = nullptr;
  bool withBounds_ = false;
  std::vector<std::unique_ptr<columnar::ArrayBuilder>> keyBuilders_;
  std::unique_ptr<columnar::NumericBuilder<int64_t>> starts_;
  std::unique_ptr<columnar::NumericBuilder<int64_t>> ends_;
  std::vector<std::unique_ptr<columnar::ArrayBuilder>> aggregateBuilders_;
  int64_t rows_ = 0;
};

}  // namespace sabot::operators
