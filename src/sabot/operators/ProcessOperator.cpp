#include <fmt/format.h>

#include "sabot/operators/ProcessFunction.h"

namespace sabot::operators {

namespace {

class ProcessState final : public runtime::OperatorState, public ProcessContext {
 public:
  ProcessState(const runtime::OperatorContext& context, std::unique_ptr<ProcessFunction> function,
               const std::vector<OutputTag>* sideOutputs, const std::vector<int>* keyColumns)
      : context_(context), function_(std::move(function)), sideOutputs_(sideOutputs), keyColumns_(keyColumns) {}

  Status emit(columnar::RecordBatchPtr batch) override {
    if (batch == nullptr || batch->numRows() == 0) return Status::OK();
    return out_->emit(std::move(batch));
  }
  Status emitSide(const std::string& tag, columnar::RecordBatchPtr batch) override {
    return emitToSideOutput(*sideOutputs_, tag, std::move(batch), *out_);
  }
  runtime::EventTime currentWatermark() const override { return watermark_; }
  const runtime::OperatorContext& operatorContext() const override { return context_; }
  const std::vector<int>& keyColumns() const override { return *keyColumns_; }

  ProcessFunction& function() { return *function_; }
  void setCollector(runtime::Collector* out) { out_ = out; }
  void setWatermark(runtime::EventTime watermark) { watermark_ = watermark; }

 private:
  runtime::OperatorContext context_;
  std::unique_ptr<ProcessFunction> function_;
  const std::vector<OutputTag>* sideOutputs_;
  const std::vector<int>* keyColumns_;
  runtime::Collector* out_ = nullptr;
  runtime::EventTime watermark_ = runtime::kMinWatermark;
};

}  // namespace

Status emitToSideOutput(const std::vector<OutputTag>& tags, const std::string& tag, columnar::RecordBatchPtr batch,
                        runtime::Collector& out) {
  for (size_t i = 0; i < tags.size(); ++i) {
    if (tags[i].name != tag) continue;
    if (batch == nullptr || batch->numRows() == 0) return Status::OK();
    return out.emitSide(static_cast<int32_t>(i + 1), std::move(batch));
  }
  std::vector<std::string> names;
  for (const OutputTag& declared : tags) names.push_back(declared.name);
  return Status::keyError("no side output '{}' was declared (declared: {})", tag,
                          names.empty() ? "none" : fmt::format("{}", fmt::join(names, ", ")));
}

std::string ProcessOperator::describe() const {
  std::string text = fmt::format("process({})", name_);
  for (const OutputTag& tag : sideOutputs_) text += fmt::format(" side output '{}'", tag.name);
  return text;
}

Result<std::unique_ptr<runtime::OperatorState>> ProcessOperator::makeState(
    const runtime::OperatorContext& context) const {
  std::unique_ptr<ProcessFunction> function = factory_();
  if (function == nullptr) return Status::invalid("the process function factory of '{}' returned nothing", name_);
  SABOT_RETURN_NOT_OK(function->open(context));
  return std::unique_ptr<runtime::OperatorState>(
      std::make_unique<ProcessState>(context, std::move(function), &sideOutputs_, &keyColumns_));
}

Status ProcessOperator::processBatch(runtime::OperatorState* state, int32_t, const columnar::RecordBatchPtr& batch,
                                     runtime::Collector& out) const {
  auto* process = static_cast<ProcessState*>(state);
  process->setCollector(&out);
  return process->function().processBatch(batch, *process);
}

Status ProcessOperator::processWatermark(runtime::OperatorState* state, runtime::EventTime watermark,
                                         runtime::Collector& out) const {
  auto* process = static_cast<ProcessState*>(state);
  process->setCollector(&out);
  process->setWatermark(watermark);
  SABOT_RETURN_NOT_OK(process->function().onWatermark(*process));
  return out.emitWatermark(watermark);
}

Status ProcessOperator::finish(runtime::OperatorState* state, runtime::Collector& out) const {
  auto* process = static_cast<ProcessState*>(state);
  process->setCollector(&out);
  return process->function().finish(*process);
}

Status ProcessOperator::snapshotState(runtime::OperatorState* state, int64_t, checkpoint::SnapshotWriter& out) const {
  return static_cast<ProcessState*>(state)->function().snapshotState(out);
}

Status ProcessOperator::restoreState(runtime::OperatorState* state, checkpoint::SnapshotReader& in) const {
  return static_cast<ProcessState*>(state)->function().restoreState(in);
}

}  // namespace sabot::operators
