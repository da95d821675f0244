#pragma once

#include <memory>

#include "sabot/runtime/Operator.h"
#include "sabot/time/WatermarkStrategy.h"

namespace sabot::operators {

/// Assigns event times and generates watermarks in the middle of a stream
/// (Flink's assignTimestampsAndWatermarks). Watermarks from upstream are
/// replaced by the ones it generates, except the final max watermark, which
/// it passes on. Prefer giving the strategy to the source, where watermarks
/// are generated per source subtask before any reordering.
class WatermarkAssignerOperator final : public runtime::Operator {
 public:
  explicit WatermarkAssignerOperator(time::WatermarkStrategy strategy) : strategy_(std::move(strategy)) {}

  std::string describe() const override { return "watermarks(" + strategy_.toString() + ")"; }
  Result<std::unique_ptr<runtime::OperatorState>> makeState(const runtime::OperatorContext& context) const override;
  Status processBatch(runtime::OperatorState* state, int32_t input, const columnar::RecordBatchPtr& batch,
                      runtime::Collector& out) const override;
  Status processWatermark(runtime::OperatorState* state, runtime::EventTime watermark,
                          runtime::Collector& out) const override;

  const time::WatermarkStrategy& strategy() const { return strategy_; }
  /// Needs the input schema to bind the timestamp; set by the API.
  void setInputSchema(columnar::SchemaPtr schema) { inputSchema_ = std::move(schema); }

 private:
  time::WatermarkStrategy strategy_;
  columnar::SchemaPtr inputSchema_;
};

}  // namespace sabot::operators
