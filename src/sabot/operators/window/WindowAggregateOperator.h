#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sabot/operators/KeyEncoder.h"
#include "sabot/operators/window/Aggregate.h"
#include "sabot/operators/window/WindowSpec.h"
#include "sabot/runtime/Operator.h"
#include "sabot/time/WatermarkStrategy.h"

namespace sabot::operators {

/// What a keyed window aggregation computes.
struct WindowOptions {
  WindowSpec window;
  /// Key column names (the keyBy columns).
  std::vector<std::string> keys;
  std::vector<Aggregate> aggregates;
  /// How long after a window's end (by the watermark) late rows still update
  /// it; each update emits the window's result again (Flink's allowed
  /// lateness). Rows later than that are late: counted, and sent to side
  /// output 1 when lateSideOutput is set.
  int64_t allowedLatenessMs = 0;
  bool lateSideOutput = false;
};

/// Keyed window aggregation on event time, vectorised per batch:
///
/// - tumbling and sliding windows keep accumulators per (pane, key), panes
///   being gcd(size, slide) long, so a row costs one accumulator update
///   whatever size/slide is; a window's result merges its panes when the
///   watermark passes its end (pane-based, slice-shared aggregation);
/// - session windows keep per key a sorted list of sessions, merging those
///   a new row bridges;
/// - count windows emit every `count` rows of a key.
///
/// Results: key columns, window_start, window_end (not for count windows),
/// then the aggregates. A window fires when the watermark reaches its end - 1
/// ms (Flink's maxTimestamp rule).
class WindowAggregateOperator final : public runtime::Operator {
 public:
  static Result<std::shared_ptr<WindowAggregateOperator>> make(const columnar::SchemaPtr& input, WindowOptions options);

  std::string describe() const override;
  Result<std::unique_ptr<runtime::OperatorState>> makeState(const runtime::OperatorContext& context) const override;
  Status processBatch(runtime::OperatorState* state, int32_t input, const columnar::RecordBatchPtr& batch,
                      runtime::Collector& out) const override;
  Status processWatermark(runtime::OperatorState* state, runtime::EventTime watermark,
                          runtime::Collector& out) const override;
  std::optional<int64_t> nextProcessingTime(runtime::OperatorState* state) const override;
  Status onProcessingTime(runtime::OperatorState* state, int64_t now, runtime::Collector& out) const override;
  Status finish(runtime::OperatorState* state, runtime::Collector& out) const override;
  Status snapshotState(runtime::OperatorState* state, int64_t checkpointId,
                       checkpoint::SnapshotWriter& out) const override;
  Status restoreState(runtime::OperatorState* state, checkpoint::SnapshotReader& in) const override;

  const columnar::SchemaPtr& outputSchema() const { return outputSchema_; }
  const columnar::SchemaPtr& inputSchema() const { return inputSchema_; }
  const WindowOptions& options() const { return options_; }

  struct Plan;
  WindowAggregateOperator(std::shared_ptr<const Plan> plan, WindowOptions options, columnar::SchemaPtr input,
                          columnar::SchemaPtr output)
      : plan_(std::move(plan)),
        options_(std::move(options)),
        inputSchema_(std::move(input)),
        outputSchema_(std::move(output)) {}

 private:
  std::shared_ptr<const Plan> plan_;
  WindowOptions options_;
  columnar::SchemaPtr inputSchema_;
  columnar::SchemaPtr outputSchema_;
};

}  // namespace sabot::operators
