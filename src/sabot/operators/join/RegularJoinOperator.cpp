#include "sabot/operators/join/RegularJoinOperator.h"

#include <fmt/format.h>

#include "sabot/compute/Selection.h"
#include "sabot/operators/join/JoinHashTable.h"
#include "sabot/operators/join/JoinOutput.h"

namespace sabot::operators {

using columnar::RecordBatchPtr;

namespace {

int sideIndex(JoinSide side) {
  return static_cast<int>(side);
}

class RegularJoinState final : public runtime::OperatorState {
 public:
  RegularJoinState(const RegularJoinOperator::Plan* plan, columnar::SchemaPtr output,
                   const runtime::OperatorContext& context)
      : plan_(plan),
        outputSchema_(std::move(output)),
        context_(context),
        tables_{JoinHashTable(plan->keys, JoinSide::kLeft), JoinHashTable(plan->keys, JoinSide::kRight)} {}

  const JoinHashTable& table(JoinSide side) const { return tables_[sideIndex(side)]; }
  JoinHashTable& table(JoinSide side) { return tables_[sideIndex(side)]; }

  Status processBatch(JoinSide own, const RecordBatchPtr& batch, runtime::Collector& out) {
    SABOT_ASSIGN_OR_RAISE(RecordBatchPtr rows, withoutNullKeys(own, batch));
    if (rows == nullptr) return Status::OK();
    const JoinHashTable& other = table(otherSide(own));
    if (other.numLiveRows() > 0) {
      matches_.clear();
      SABOT_RETURN_NOT_OK(other.probe(*rows, matches_, context_.pool));
      if (!matches_.empty()) {
        SABOT_ASSIGN_OR_RAISE(std::vector<columnar::Array> columns,
                              gatherJoined(*rows, other, matches_, context_.pool));
        SABOT_ASSIGN_OR_RAISE(
            RecordBatchPtr joined,
            columnar::RecordBatch::make(outputSchema_, static_cast<int64_t>(matches_.size()), std::move(columns)));
        SABOT_RETURN_NOT_OK(out.emit(std::move(joined)));
      }
    }
    return table(own).append(std::move(rows), context_.pool);
  }

  Status snapshot(checkpoint::SnapshotWriter& out) const {
    for (JoinSide which : {JoinSide::kLeft, JoinSide::kRight}) {
      const auto& codec = plan_->codecs[sideIndex(which)];
      if (!codec) return plan_->codecErrors[sideIndex(which)];
      const auto& batches = table(which).batches();
      out.write<uint64_t>(batches.size());
      for (const RecordBatchPtr& batch : batches) codec->write(*batch, out);
    }
    return Status::OK();
  }

  Status restore(checkpoint::SnapshotReader& in) {
    for (JoinSide which : {JoinSide::kLeft, JoinSide::kRight}) {
      const auto& codec = plan_->codecs[sideIndex(which)];
      if (!codec) return plan_->codecErrors[sideIndex(which)];
      SABOT_ASSIGN_OR_RAISE(uint64_t numBatches, in.readCount(8));
      for (uint64_t b = 0; b < numBatches; ++b) {
        SABOT_ASSIGN_OR_RAISE(RecordBatchPtr batch, codec->read(in, context_.pool));
        SABOT_RETURN_NOT_OK(table(which).append(std::move(batch), context_.pool));
      }
    }
    return Status::OK();
  }

 private:
  /// `batch` without its rows that have a null key (they can never join,
  /// so they are not kept); nullptr if none is left.
  Result<RecordBatchPtr> withoutNullKeys(JoinSide own, const RecordBatchPtr& batch) {
    accepted_.clear();
    for (int64_t row = 0; row < batch->numRows(); ++row) {
      if (!plan_->keys.hasNullKey(*batch, own, row)) accepted_.push_back(row);
    }
    if (accepted_.empty()) return RecordBatchPtr();
    if (static_cast<int64_t>(accepted_.size()) == batch->numRows()) return batch;
    SABOT_ASSIGN_OR_RAISE(columnar::Array indices, indexArray(accepted_, context_.pool));
    return compute::take(*batch, indices, context_.pool);
  }

  const RegularJoinOperator::Plan* plan_;
  columnar::SchemaPtr outputSchema_;
  runtime::OperatorContext context_;
  JoinHashTable tables_[2];
  // Scratch, reused between batches.
  JoinMatches matches_;
  std::vector<int64_t> accepted_;
};

}  // namespace

Result<std::shared_ptr<RegularJoinOperator>> RegularJoinOperator::make(const columnar::SchemaPtr& left,
                                                                       const columnar::SchemaPtr& right,
                                                                       std::vector<std::string> leftKeys,
                                                                       std::vector<std::string> rightKeys) {
  SABOT_ASSIGN_OR_RAISE(JoinKeys keys, JoinKeys::make(*left, leftKeys, *right, rightKeys));
  auto plan = std::make_shared<Plan>(std::move(keys));
  const columnar::SchemaPtr inputs[2] = {left, right};
  for (int i = 0; i < 2; ++i) {
    auto codec = JoinBufferCodec::make(inputs[i], sideName(static_cast<JoinSide>(i)));
    if (codec.ok()) {
      plan->codecs[i] = std::move(*codec);
    } else {
      plan->codecErrors[i] = codec.status();
    }
  }
  SABOT_ASSIGN_OR_RAISE(columnar::SchemaPtr output, joinedSchema(*left, *right));
  return std::make_shared<RegularJoinOperator>(std::move(plan), std::move(output));
}

std::string RegularJoinOperator::describe() const {
  return fmt::format("regular join on {} (unbounded state)", plan_->keys.toString());
}

Result<std::unique_ptr<runtime::OperatorState>> RegularJoinOperator::makeState(
    const runtime::OperatorContext& context) const {
  if (context.checkpointing) {
    for (const Status& error : plan_->codecErrors) SABOT_RETURN_NOT_OK(error);
  }
  return std::unique_ptr<runtime::OperatorState>(
      std::make_unique<RegularJoinState>(plan_.get(), outputSchema_, context));
}

Status RegularJoinOperator::processBatch(runtime::OperatorState* state, int32_t input, const RecordBatchPtr& batch,
                                         runtime::Collector& out) const {
  if (input != 0 && input != 1) return Status::internal("a regular join has inputs 0 and 1, not {}", input);
  return static_cast<RegularJoinState*>(state)->processBatch(static_cast<JoinSide>(input), batch, out);
}

Status RegularJoinOperator::snapshotState(runtime::OperatorState* state, int64_t,
                                          checkpoint::SnapshotWriter& out) const {
  return static_cast<RegularJoinState*>(state)->snapshot(out);
}

Status RegularJoinOperator::restoreState(runtime::OperatorState* state, checkpoint::SnapshotReader& in) const {
  SABOT_RETURN_NOT_OK(static_cast<RegularJoinState*>(state)->restore(in));
  return in.expectEnd();
}

int64_t RegularJoinOperator::bufferedRows(const runtime::OperatorState& state, JoinSide side) {
  return static_cast<const RegularJoinState&>(state).table(side).numLiveRows();
}

}  // namespace sabot::operators
