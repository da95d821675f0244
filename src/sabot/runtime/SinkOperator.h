#pragma once

#include <memory>

#include "sabot/runtime/Operator.h"
#include "sabot/runtime/Sink.h"

namespace sabot::runtime {

/// Runs a Sink as the last operator of a stream: one SinkWriter per subtask,
/// finished when the input ends and aborted when the job fails.
class SinkOperator final : public Operator {
 public:
  SinkOperator(std::shared_ptr<const Sink> sink, columnar::SchemaPtr inputSchema)
      : sink_(std::move(sink)), inputSchema_(std::move(inputSchema)) {}

  std::string describe() const override { return sink_->describe(); }
  Result<std::unique_ptr<OperatorState>> makeState(const OperatorContext& context) const override;
  Status processBatch(OperatorState* state, int32_t input, const columnar::RecordBatchPtr& batch,
                      Collector& out) const override;
  Status finish(OperatorState* state, Collector& out) const override;
  void abort(OperatorState* state) const override;
  Status snapshotState(OperatorState* state, int64_t checkpointId, checkpoint::SnapshotWriter& out) const override;
  Status restoreState(OperatorState* state, checkpoint::SnapshotReader& in) const override;
  Status notifyCheckpointComplete(OperatorState* state, int64_t checkpointId) const override;

  const Sink& sink() const { return *sink_; }

 private:
  std::shared_ptr<const Sink> sink_;
  columnar::SchemaPtr inputSchema_;
};

}  // namespace sabot::runtime
