#include "sabot/runtime/SinkOperator.h"

namespace sabot::runtime {

namespace {
struct SinkState final : OperatorState {
  std::unique_ptr<SinkWriter> writer;
  bool finished = false;
};
}  // namespace

Result<std::unique_ptr<OperatorState>> SinkOperator::makeState(const OperatorContext& context) const {
  auto state = std::make_unique<SinkState>();
  SABOT_ASSIGN_OR_RAISE(state->writer, sink_->createWriter(context, inputSchema_));
  return std::unique_ptr<OperatorState>(std::move(state));
}

Status SinkOperator::processBatch(OperatorState* state, int32_t input, const columnar::RecordBatchPtr& batch,
                                  Collector& out) const {
  return static_cast<SinkState*>(state)->writer->write(batch);
}

Status SinkOperator::finish(OperatorState* state, Collector& out) const {
  auto* sinkState = static_cast<SinkState*>(state);
  sinkState->finished = true;
  return sinkState->writer->finish();
}

void SinkOperator::abort(OperatorState* state) const {
  auto* sinkState = static_cast<SinkState*>(state);
  // A writer that finished has made its output visible; the failure of
  // another part of the job does not take it back.
  if (!sinkState->finished && sinkState->writer != nullptr) sinkState->writer->abort();
}

Status SinkOperator::snapshotState(OperatorState* state, int64_t checkpointId, checkpoint::SnapshotWriter& out) const {
  return static_cast<SinkState*>(state)->writer->preCommit(checkpointId, out);
}

Status SinkOperator::restoreState(OperatorState* state, checkpoint::SnapshotReader& in) const {
  return static_cast<SinkState*>(state)->writer->recover(in);
}

Status SinkOperator::notifyCheckpointComplete(OperatorState* state, int64_t checkpointId) const {
  return static_cast<SinkState*>(state)->writer->commit(checkpointId);
}

}  // namespace sabot::runtime
