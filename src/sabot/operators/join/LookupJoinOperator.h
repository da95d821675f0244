#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sabot/operators/join/JoinHashTable.h"
#include "sabot/runtime/Operator.h"

namespace sabot::operators {

/// Which stream rows a lookup join emits: those with a match (inner), or all
/// of them, unmatched ones with nulls in the table's columns (left outer).
enum class LookupJoinKind : uint8_t { kInner, kLeftOuter };

/// Inner or left outer join of a stream with a bounded table that does not
/// change while the job runs: Flink's lookup join
/// (`FROM s JOIN t FOR SYSTEM_TIME AS OF s.proctime ON s.k = t.k`) against a
/// side input that is read once, Nexmark q13's "bounded side input join".
///
/// - The table is hashed once, at plan time, into one JoinHashTable that
///   every subtask probes (read-only, so it is shared, not copied). The
///   stream therefore needs no keyBy: each subtask joins the rows it has.
/// - Each input batch probes the table once. Output rows keep the order of
///   the stream's rows; a stream row matching several table rows gives one
///   output row per match, in the table's row order.
/// - Left outer: a stream row without a match (or with a null key) is
///   emitted once with nulls in the table's columns. Inner: it is dropped.
/// - No state: the table is part of the plan and is rebuilt from its source
///   when a job is restored, so checkpoints hold nothing for this operator.
///   Watermarks pass through; rows keep the stream's time columns.
class LookupJoinOperator final : public runtime::Operator {
 public:
  using Kind = LookupJoinKind;

  /// `stream` is the schema of the joined stream; `table` holds the table's
  /// rows (any number of batches of `tableSchema`, possibly none). The key
  /// columns pair up as in JoinKeys (same types; a TypeError otherwise). The
  /// result's columns are the stream's, then the table's (joinedSchema()).
  static Result<std::shared_ptr<LookupJoinOperator>> make(const columnar::SchemaPtr& stream,
                                                          std::vector<std::string> streamKeys,
                                                          const columnar::SchemaPtr& tableSchema,
                                                          const std::vector<columnar::RecordBatchPtr>& table,
                                                          std::vector<std::string> tableKeys, Kind kind);

  std::string describe() const override;
  Status processBatch(runtime::OperatorState* state, int32_t input, const columnar::RecordBatchPtr& batch,
                      runtime::Collector& out) const override;

  const columnar::SchemaPtr& outputSchema() const { return outputSchema_; }
  /// Rows of the table.
  int64_t tableRows() const { return table_->numRows(); }

  LookupJoinOperator(std::shared_ptr<const JoinHashTable> table, columnar::RecordBatchPtr tableRows,
                     columnar::SchemaPtr output, Kind kind)
      : table_(std::move(table)), tableBatch_(std::move(tableRows)), outputSchema_(std::move(output)), kind_(kind) {}

 private:
  std::shared_ptr<const JoinHashTable> table_;
  /// The table's rows as one batch (row id = row), gathered from by take().
  columnar::RecordBatchPtr tableBatch_;
  columnar::SchemaPtr outputSchema_;
  Kind kind_;
};

}  // namespace sabot::operators
