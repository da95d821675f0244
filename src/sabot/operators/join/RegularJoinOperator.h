#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sabot/operators/join/JoinBufferCodec.h"
#include "sabot/operators/join/JoinKeys.h"
#include "sabot/runtime/Operator.h"

namespace sabot::operators {

/// Inner equi-join of two keyed streams without any time bound (Flink SQL's
/// regular join, `FROM a JOIN b ON a.k = b.k`, of two append-only inputs):
/// every row joins every row of the other side with an equal key, whenever
/// either arrives. Input 0 is the left side, input 1 the right side.
///
/// - Each side keeps all its rows with a non-null key (its input batches,
///   shared, not copied) in a JoinHashTable. A new batch probes the other
///   side's table once, emits the pairs (left columns then right columns,
///   see joinedSchema()), and is then added to its own side's table, so a
///   pair is emitted exactly once, by whichever row came second.
/// - The output is append-only, like its inputs: no row is ever retracted.
/// - Event time plays no part: no row is late, and watermarks pass through
///   (the minimum of both inputs, as at every two-input operator). Output
///   rows keep their inputs' time columns.
/// - State retention (Flink's table.exec.state.ttl): with `stateTtlMs` > 0,
///   a row is dropped that long after it arrived, by the processing-time
///   clock (OperatorContext::clock), and joins nothing after that. Rows
///   arrive in batches, so a batch expires as a whole; expired batches are
///   erased from the table at once and its memory is released when more
///   rows are dead than alive. With 0 (the default) nothing expires and the
///   state grows with the inputs. Checkpoints hold every live row with its
///   expiry time.
class RegularJoinOperator final : public runtime::Operator {
 public:
  static Result<std::shared_ptr<RegularJoinOperator>> make(const columnar::SchemaPtr& left,
                                                           const columnar::SchemaPtr& right,
                                                           std::vector<std::string> leftKeys,
                                                           std::vector<std::string> rightKeys, int64_t stateTtlMs = 0);

  std::string describe() const override;
  int32_t numInputs() const override { return 2; }
  Result<std::unique_ptr<runtime::OperatorState>> makeState(const runtime::OperatorContext& context) const override;
  Status processBatch(runtime::OperatorState* state, int32_t input, const columnar::RecordBatchPtr& batch,
                      runtime::Collector& out) const override;
  std::optional<int64_t> nextProcessingTime(runtime::OperatorState* state) const override;
  Status onProcessingTime(runtime::OperatorState* state, int64_t now, runtime::Collector& out) const override;
  Status snapshotState(runtime::OperatorState* state, int64_t checkpointId,
                       checkpoint::SnapshotWriter& out) const override;
  Status restoreState(runtime::OperatorState* state, checkpoint::SnapshotReader& in) const override;

  const columnar::SchemaPtr& outputSchema() const { return outputSchema_; }

  /// Rows of `side` a subtask's state holds that can still join (for tests
  /// and metrics).
  static int64_t bufferedRows(const runtime::OperatorState& state, JoinSide side);
  /// Rows of `side` still in memory: bufferedRows() plus expired rows not
  /// yet compacted away.
  static int64_t storedRows(const runtime::OperatorState& state, JoinSide side);

  /// What every subtask shares.
  struct Plan {
    explicit Plan(JoinKeys joinKeys) : keys(std::move(joinKeys)) {}
    JoinKeys keys;
    /// Empty when a side has a column type checkpoints cannot hold.
    std::optional<JoinBufferCodec> codecs[2];
    Status codecErrors[2];
  };
  RegularJoinOperator(std::shared_ptr<const Plan> plan, columnar::SchemaPtr output, int64_t stateTtlMs)
      : plan_(std::move(plan)), outputSchema_(std::move(output)), stateTtlMs_(stateTtlMs) {}

 private:
  std::shared_ptr<const Plan> plan_;
  columnar::SchemaPtr outputSchema_;
  int64_t stateTtlMs_;
};

}  // namespace sabot::operators
