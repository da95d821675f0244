#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sabot/operators/join/JoinBufferCodec.h"
#include "sabot/operators/join/JoinKeys.h"
#include "sabot/operators/window/WindowSpec.h"
#include "sabot/runtime/Operator.h"
#include "sabot/time/WatermarkStrategy.h"

namespace sabot::operators {

/// What a window join computes.
struct WindowJoinOptions {
  /// A tumbling or sliding window; its timeColumn is the left side's event
  /// time.
  WindowSpec window;
  std::vector<std::string> leftKeys;
  std::vector<std::string> rightKeys;
  /// The right side's event-time column; empty means window.timeColumn.
  std::string rightTime;
};

/// Inner join of two keyed streams within the same event-time window
/// (Flink's DataStream window join): every pair of a left and a right row
/// with equal keys that fall into one window gives one output row per such
/// window (a sliding window pair shows up once per window holding both).
///
/// - Rows are kept per pane (gcd(size, slide) long, as the window
///   aggregation does) and side, as the input's batches (a batch spanning
///   several panes is split with take()); each row is stored once whatever
///   size/slide is.
/// - A window [start, end) fires when the watermark reaches end - 1: a
///   JoinHashTable is built over the smaller side's rows of its panes and
///   probed with the other side's batches. Output: left columns, right
///   columns (see joinedSchema()), then window_start and window_end
///   (timestamp[ms], not null).
/// - A pane is dropped once the last window holding it has fired.
/// - Late: a row whose time is null or whose latest window has already fired
///   when it arrives; dropped and counted in lateRecords. A row in a sliding
///   window some of whose windows have fired joins only in the others. Rows
///   with a null key are dropped without counting.
class WindowJoinOperator final : public runtime::Operator {
 public:
  static Result<std::shared_ptr<WindowJoinOperator>> make(const columnar::SchemaPtr& left,
                                                          const columnar::SchemaPtr& right, WindowJoinOptions options);

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
  const WindowJoinOptions& options() const { return options_; }

  /// Rows of `side` a subtask's state holds (for tests and metrics).
  static int64_t bufferedRows(const runtime::OperatorState& state, JoinSide side);
  /// Panes a subtask's state holds.
  static int64_t bufferedPanes(const runtime::OperatorState& state);

  /// What every subtask shares.
  struct Plan {
    explicit Plan(JoinKeys joinKeys) : keys(std::move(joinKeys)) {}
    JoinKeys keys;
    std::optional<time::TimestampExtractor> times[2];
    std::optional<JoinBufferCodec> codecs[2];
    Status codecErrors[2];
  };
  WindowJoinOperator(std::shared_ptr<const Plan> plan, WindowJoinOptions options, columnar::SchemaPtr output)
      : plan_(std::move(plan)), options_(std::move(options)), outputSchema_(std::move(output)) {}

 private:
  std::shared_ptr<const Plan> plan_;
  WindowJoinOptions options_;
  columnar::SchemaPtr outputSchema_;
};

}  // namespace sabot::operators
