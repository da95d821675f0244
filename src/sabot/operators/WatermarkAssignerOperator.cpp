#include "sabot/operators/WatermarkAssignerOperator.h"

namespace sabot::operators {

namespace {
struct AssignerState final : runtime::OperatorState {
  explicit AssignerState(time::WatermarkStrategy::Instance instance) : instance(std::move(instance)) {}
  time::WatermarkStrategy::Instance instance;
};
}  // namespace

Result<std::unique_ptr<runtime::OperatorState>> WatermarkAssignerOperator::makeState(
    const runtime::OperatorContext&) const {
  if (inputSchema_ == nullptr) return Status::internal("the watermark assigner has no input schema");
  SABOT_ASSIGN_OR_RAISE(auto instance, strategy_.instantiate(*inputSchema_));
  return std::unique_ptr<runtime::OperatorState>(std::make_unique<AssignerState>(std::move(instance)));
}

Status WatermarkAssignerOperator::processBatch(runtime::OperatorState* state, int32_t,
                                               const columnar::RecordBatchPtr& batch, runtime::Collector& out) const {
  auto& instance = static_cast<AssignerState*>(state)->instance;
  SABOT_ASSIGN_OR_RAISE(columnar::Array times, instance.extractor.extract(*batch));
  const std::optional<runtime::EventTime> watermark = instance.generator->onBatch(*batch, times);
  SABOT_RETURN_NOT_OK(out.emit(batch));
  if (watermark) return out.emitWatermark(*watermark);
  return Status::OK();
}

Status WatermarkAssignerOperator::processWatermark(runtime::OperatorState*, runtime::EventTime watermark,
                                                   runtime::Collector& out) const {
  if (watermark == runtime::kMaxWatermark) return out.emitWatermark(watermark);
  return Status::OK();
}

}  // namespace sabot::operators
