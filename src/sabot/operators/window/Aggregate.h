#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "sabot/base/Result.h"
#include "sabot/checkpoint/SnapshotStream.h"
#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/columnar/RecordBatch.h"

namespace sabot::operators {

/// The built-in incremental aggregates of windows (SQL's COUNT, SUM, ...).
enum class AggregateKind : uint8_t { kCountAll, kCount, kCountDistinct, kSum, kMin, kMax, kAvg };

/// One aggregate of a window: what it computes, over which column, and the
/// name of its output column.
struct Aggregate {
  AggregateKind kind = AggregateKind::kCountAll;
  std::string column;  ///< empty for COUNT(*)
  std::string name;

  static Aggregate countAll() { return {AggregateKind::kCountAll, "", "count"}; }
  static Aggregate count(std::string column) { return {AggregateKind::kCount, column, "count_" + column}; }
  static Aggregate countDistinct(std::string column) {
    return {AggregateKind::kCountDistinct, column, "count_distinct_" + column};
  }
  static Aggregate sum(std::string column) { return {AggregateKind::kSum, column, "sum_" + column}; }
  static Aggregate min(std::string column) { return {AggregateKind::kMin, column, "min_" + column}; }
  static Aggregate max(std::string column) { return {AggregateKind::kMax, column, "max_" + column}; }
  static Aggregate avg(std::string column) { return {AggregateKind::kAvg, column, "avg_" + column}; }
  /// The same aggregate with output column `name`.
  Aggregate as(std::string outputName) const {
    Aggregate copy = *this;
    copy.name = std::move(outputName);
    return copy;
  }
  /// "sum(price) AS total".
  std::string toString() const;
};

/// The running state of one aggregate for one group (key and window).
struct Accumulator {
  int64_t count = 0;  ///< rows (non-null values) seen
  int64_t integer = 0;
  double real = 0;
  std::shared_ptr<std::unordered_set<std::string>> distinct;
};

/// A list of aggregates bound to an input schema: input columns, numeric
/// kinds and output types are fixed at plan time.
class BoundAggregates {
 public:
  /// TypeErrors for SUM/AVG/MIN/MAX of non-numeric columns, KeyErrors for
  /// unknown columns, Invalid for duplicate output names.
  static Result<BoundAggregates> make(const std::vector<Aggregate>& aggregates, const columnar::Schema& input);

  size_t size() const { return aggregates_.size(); }
  /// The output fields, in order.
  const std::vector<columnar::FieldPtr>& outputFields() const { return outputFields_; }

  /// The aggregates' input columns of one batch, converted once per batch
  /// (integers to int64, floats to float64).
  struct Inputs {
    std::vector<columnar::Array> columns;
    std::vector<std::vector<std::string>> distinctValues;
  };
  Result<Inputs> prepare(const columnar::RecordBatch& batch) const;

  /// Adds row `row` of the prepared inputs to the accumulators `accs`
  /// (size() of them).
  void add(Accumulator* accs, const Inputs& inputs, int64_t row) const;
  /// Merges `from` into `into` (size() accumulators each).
  void merge(Accumulator* into, const Accumulator* from) const;
  /// One builder per aggregate, for results.
  Result<std::vector<std::unique_ptr<columnar::ArrayBuilder>>> makeBuilders(columnar::MemoryPool* pool) const;
  /// Appends the results of `accs` to the builders.
  Status appendResults(const Accumulator* accs, const std::vector<std::unique_ptr<columnar::ArrayBuilder>>& builders) const;

  std::string toString() const;

  /// Checkpoint form of size() accumulators.
  void snapshot(const Accumulator* accs, checkpoint::SnapshotWriter& out) const;
  Status restore(Accumulator* accs, checkpoint::SnapshotReader& in) const;

 private:
  struct Bound {
    Aggregate spec;
    int column = -1;
    bool real = false;  ///< the input is floating point
  };
  BoundAggregates(std::vector<Bound> aggregates, std::vector<columnar::FieldPtr> outputFields)
      : aggregates_(std::move(aggregates)), outputFields_(std::move(outputFields)) {}
  std::vector<Bound> aggregates_;
  std::vector<columnar::FieldPtr> outputFields_;
};

}  // namespace sabot::operators
