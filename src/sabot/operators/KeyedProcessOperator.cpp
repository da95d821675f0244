#include <fmt/format.h>

#include "sabot/operators/KeyedProcessFunction.h"
#include "sabot/state/KeyedStateSnapshot.h"
#include "sabot/state/StateBackendFactory.h"

namespace sabot::operators {

namespace {

using state::TimeDomain;

class KeyedProcessState final : public runtime::OperatorState, public KeyedProcessContext {
 public:
  KeyedProcessState(const runtime::OperatorContext& context, const std::vector<OutputTag>* sideOutputs,
                    const KeyEncoder* keys)
      : context_(context), sideOutputs_(sideOutputs), keys_(keys) {}

  Status open(const KeyedProcessFunctionFactory& factory, const std::string& name) {
    SABOT_ASSIGN_OR_RAISE(backend_, state::makeKeyedStateBackend(context_));
    SABOT_ASSIGN_OR_RAISE(timers_, state::TimerService::make(backend_.get()));
    function_ = factory();
    if (function_ == nullptr) return Status::invalid("the keyed process function factory of '{}' returned nothing", name);
    return function_->open(*this);
  }

  // --- ProcessContext ---
  Status emit(columnar::RecordBatchPtr batch) override {
    if (batch == nullptr || batch->numRows() == 0) return Status::OK();
    return out_->emit(std::move(batch));
  }
  Status emitSide(const std::string& tag, columnar::RecordBatchPtr batch) override {
    return emitToSideOutput(*sideOutputs_, tag, std::move(batch), *out_);
  }
  runtime::EventTime currentWatermark() const override { return watermark_; }
  const runtime::OperatorContext& operatorContext() const override { return context_; }
  const std::vector<int>& keyColumns() const override { return keys_->keyColumns(); }

  // --- KeyedProcessContext ---
  state::KeyedStateBackend& stateBackend() override { return *backend_; }
  const std::vector<state::KeyRef>& rowKeys() const override { return rowKeys_; }
  Status setCurrentRow(int64_t row) override {
    if (row < 0 || static_cast<size_t>(row) >= rowKeys_.size()) {
      return Status::indexError("setCurrentRow({}): the batch has {} rows", row, rowKeys_.size());
    }
    const state::KeyRef& key = rowKeys_[static_cast<size_t>(row)];
    return backend_->setCurrentKey(key.key, key.keyGroup);
  }
  std::string_view currentKey() const override { return backend_->currentKey(); }
  Status appendCurrentKey(const std::vector<std::unique_ptr<columnar::ArrayBuilder>>& builders) const override {
    return keys_->decode(backend_->currentKey(), builders);
  }
  const KeyEncoder& keyEncoder() const override { return *keys_; }
  Status registerEventTimeTimer(int64_t timestamp) override {
    return timers_->registerTimer(TimeDomain::kEventTime, timestamp);
  }
  Status deleteEventTimeTimer(int64_t timestamp) override {
    return timers_->deleteTimer(TimeDomain::kEventTime, timestamp);
  }
  Status registerProcessingTimeTimer(int64_t timestamp) override {
    return timers_->registerTimer(TimeDomain::kProcessingTime, timestamp);
  }
  Status deleteProcessingTimeTimer(int64_t timestamp) override {
    return timers_->deleteTimer(TimeDomain::kProcessingTime, timestamp);
  }
  int64_t currentProcessingTime() const override { return context_.clock->nowMillis(); }
  state::TimerService& timerService() override { return *timers_; }

  // --- driven by the operator ---
  Status processBatch(const columnar::RecordBatchPtr& batch, runtime::Collector& out) {
    out_ = &out;
    SABOT_ASSIGN_OR_RAISE(encodedKeys_, keys_->encode(*batch));
    SABOT_ASSIGN_OR_RAISE(std::vector<int32_t> groups, keys_->keyGroups(*batch, context_.maxParallelism, context_.pool));
    rowKeys_.resize(encodedKeys_.size());
    for (size_t row = 0; row < encodedKeys_.size(); ++row) rowKeys_[row] = state::KeyRef{encodedKeys_[row], groups[row]};
    Status status = function_->processBatch(batch, *this);
    rowKeys_.clear();
    return status;
  }

  Status fire(TimeDomain domain, int64_t time, runtime::Collector& out) {
    out_ = &out;
    SABOT_RETURN_NOT_OK(timers_->advance(
        domain, time, [this](const state::TimerView& timer) { return function_->onTimer(timer, *this); }));
    return function_->afterTimers(*this);
  }

  Status processWatermark(runtime::EventTime watermark, runtime::Collector& out) {
    watermark_ = watermark;
    return fire(TimeDomain::kEventTime, watermark, out);
  }

  std::optional<int64_t> nextProcessingTime() {
    auto earliest = timers_->earliest(TimeDomain::kProcessingTime);
    // A failed lookup asks to be called at once, where advance() reports it.
    if (!earliest.ok()) return int64_t{0};
    return *earliest;
  }

  Status finish(runtime::Collector& out) {
    out_ = &out;
    return function_->finish(*this);
  }

  Status snapshot(checkpoint::SnapshotWriter& out) {
    SABOT_ASSIGN_OR_RAISE(auto snapshot, backend_->snapshot());
    SABOT_ASSIGN_OR_RAISE(std::string keyed, snapshot->toBytes());
    out.writeString(keyed);
    checkpoint::SnapshotWriter members;
    SABOT_RETURN_NOT_OK(function_->snapshotState(members));
    out.writeString(members.bytes());
    return Status::OK();
  }

  Status restore(checkpoint::SnapshotReader& in) {
    SABOT_ASSIGN_OR_RAISE(std::string keyed, in.readString());
    SABOT_RETURN_NOT_OK(backend_->restore({keyed}));
    SABOT_RETURN_NOT_OK(timers_->reload());
    SABOT_ASSIGN_OR_RAISE(std::string members, in.readString());
    checkpoint::SnapshotReader membersIn(members, "the state of " + context_.subtaskName());
    SABOT_RETURN_NOT_OK(function_->restoreState(membersIn));
    return in.expectEnd();
  }

 private:
  runtime::OperatorContext context_;
  const std::vector<OutputTag>* sideOutputs_;
  const KeyEncoder* keys_;
  // Declared before the function and the timers, so it is destroyed after
  // them (state handles and the timer service point into it).
  std::unique_ptr<state::KeyedStateBackend> backend_;
  std::unique_ptr<state::TimerService> timers_;
  std::unique_ptr<KeyedProcessFunction> function_;
  runtime::Collector* out_ = nullptr;
  runtime::EventTime watermark_ = runtime::kMinWatermark;
  std::vector<std::string> encodedKeys_;
  std::vector<state::KeyRef> rowKeys_;
};

KeyedProcessState* asKeyed(runtime::OperatorState* state) { return static_cast<KeyedProcessState*>(state); }

}  // namespace

std::string KeyedProcessOperator::describe() const {
  std::vector<std::string> keyNames;
  for (const auto& field : keys_.keyFields()) keyNames.push_back(field->name());
  std::string text = fmt::format("keyed process({}) by {}", name_, fmt::join(keyNames, ", "));
  for (const OutputTag& tag : sideOutputs_) text += fmt::format(" side output '{}'", tag.name);
  return text;
}

Result<std::unique_ptr<runtime::OperatorState>> KeyedProcessOperator::makeState(
    const runtime::OperatorContext& context) const {
  auto state = std::make_unique<KeyedProcessState>(context, &sideOutputs_, &keys_);
  SABOT_RETURN_NOT_OK(state->open(factory_, name_));
  return std::unique_ptr<runtime::OperatorState>(std::move(state));
}

Status KeyedProcessOperator::processBatch(runtime::OperatorState* state, int32_t, const columnar::RecordBatchPtr& batch,
                                          runtime::Collector& out) const {
  return asKeyed(state)->processBatch(batch, out);
}

Status KeyedProcessOperator::processWatermark(runtime::OperatorState* state, runtime::EventTime watermark,
                                              runtime::Collector& out) const {
  SABOT_RETURN_NOT_OK(asKeyed(state)->processWatermark(watermark, out));
  return out.emitWatermark(watermark);
}

std::optional<int64_t> KeyedProcessOperator::nextProcessingTime(runtime::OperatorState* state) const {
  return asKeyed(state)->nextProcessingTime();
}

Status KeyedProcessOperator::onProcessingTime(runtime::OperatorState* state, int64_t now,
                                              runtime::Collector& out) const {
  return asKeyed(state)->fire(TimeDomain::kProcessingTime, now, out);
}

Status KeyedProcessOperator::finish(runtime::OperatorState* state, runtime::Collector& out) const {
  return asKeyed(state)->finish(out);
}

Status KeyedProcessOperator::snapshotState(runtime::OperatorState* state, int64_t,
                                           checkpoint::SnapshotWriter& out) const {
  if (state == nullptr) return Status::OK();  // never opened: nothing to keep
  return asKeyed(state)->snapshot(out);
}

Status KeyedProcessOperator::restoreState(runtime::OperatorState* state, checkpoint::SnapshotReader& in) const {
  return asKeyed(state)->restore(in);
}

}  // namespace sabot::operators
