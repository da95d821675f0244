#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sabot/operators/join/JoinBufferCodec.h"
#include "sabot/operators/join/JoinKeys.h"
#include "sabot/runtime/Operator.h"
#include "sabot/time/WatermarkStrategy.h"

namespace sabot::operators {

/// What an interval join computes.
struct IntervalJoinOptions {
  /// Key columns, pairwise equal (the keyBy columns of each side).
  std::vector<std::string> leftKeys;
  std::vector<std::string> rightKeys;
  /// Event-time columns (timestamp of any unit, or int64 milliseconds).
  std::string leftTime;
  std::string rightTime;
  /// A left row at time l joins every right row of its key at time r with
  /// l + lowerMs <= r <= l + upperMs (Flink's between(lower, upper); both
  /// bounds inclusive, lowerMs <= upperMs, either may be negative).
  int64_t lowerMs = 0;
  int64_t upperMs = 0;
};

/// Inner interval join of two keyed streams on event time (Flink's
/// IntervalJoinOperator), vectorised per batch. Input 0 is the left side,
/// input 1 the right side.
///
/// - Each side keeps the rows that can still find a partner as its input
///   batches (shared, not copied), indexed by a JoinHashTable on the key.
/// - A new batch drops its late rows, probes the other side's table (one
///   probe per batch, then a filter on the time bounds), emits the pairs
///   (left columns then right columns, see joinedSchema()), and is added to
///   its own side's table.
/// - Late: a row whose time is null or <= the combined watermark when it
///   arrives; dropped and counted in lateRecords. Rows with a null key are
///   dropped without counting (they can never match).
/// - Cleanup: with watermark W, later rows have times > W, so a left row at
///   l is dropped once W >= l + upper and a right row at r once
///   W >= r - lower (Flink keeps them up to max(bound, own time), one ms
///   less precisely). Dropped rows are erased from the table at once and
///   their memory is released when more rows are dead than alive (the
///   buffer is compacted with take()).
/// - Output rows are not re-timed: their time columns may be behind the
///   watermark that follows them (as in Flink).
class IntervalJoinOperator final : public runtime::Operator {
 public:
  static Result<std::shared_ptr<IntervalJoinOperator>> make(const columnar::SchemaPtr& left,
                                                            const columnar::SchemaPtr& right,
                                                            IntervalJoinOptions options);

  std::string describe() const override;
  int32_t numInputs() const override { return 2; }
  Result<std::unique_ptr<runtime::OperatorState>> makeState(const runtime::OperatorContext& context) const override;
  Status processBatch(runtime::OperatorState* state, int32_t input, const columnar::RecordBatchPtr& batch,
                      runtime::Collector& out) const override;
  Status processWatermark(runtime::OperatorState* state, runtime::EventTime watermark,
                          runtime::Collector& out) const override;
  Status snapshotState(runtime::OperatorState* state, int64_t checkpointId,
                       checkpoint::SnapshotWriter& out) const override;
  Status restoreState(runtime::OperatorState* state, checkpoint::SnapshotReader& in) const override;

  const columnar::SchemaPtr& outputSchema() const { return outputSchema_; }
  const IntervalJoinOptions& options() const { return options_; }

  /// Rows of `side` a subtask's state holds that can still join (for tests
  /// and metrics).
  static int64_t bufferedRows(const runtime::OperatorState& state, JoinSide side);
  /// Rows of `side` still in memory: bufferedRows() plus rows already
  /// dropped but not yet compacted away.
  static int64_t storedRows(const runtime::OperatorState& state, JoinSide side);

  /// What every subtask shares.
  struct Plan {
    explicit Plan(JoinKeys joinKeys) : keys(std::move(joinKeys)) {}
    JoinKeys keys;
    std::optional<time::TimestampExtractor> times[2];
    columnar::SchemaPtr inputs[2];
    /// Empty when a side has a column type checkpoints cannot hold.
    std::optional<JoinBufferCodec> codecs[2];
    Status codecErrors[2];
  };
  IntervalJoinOperator(std::shared_ptr<const Plan> plan, IntervalJoinOptions options, columnar::SchemaPtr output)
      : plan_(std::move(plan)), options_(std::move(options)), outputSchema_(std::move(output)) {}

 private:
  std::shared_ptr<const Plan> plan_;
  IntervalJoinOptions options_;
  columnar::SchemaPtr outputSchema_;
};

}  // namespace sabot::operators
