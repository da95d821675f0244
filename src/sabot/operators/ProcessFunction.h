#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sabot/base/Result.h"
#include "sabot/columnar/RecordBatch.h"
#include "sabot/columnar/Schema.h"
#include "sabot/runtime/Operator.h"

namespace sabot::operators {

/// Names a side output of a process function and the schema of its rows
/// (Flink's OutputTag).
struct OutputTag {
  std::string name;
  columnar::SchemaPtr schema;
};

/// Sends `batch` to the side output named `tag`: output k + 1 of the
/// operator for tags[k]; empty batches are dropped. KeyError naming the
/// declared tags if `tag` is not one of them.
Status emitToSideOutput(const std::vector<OutputTag>& tags, const std::string& tag, columnar::RecordBatchPtr batch,
                        runtime::Collector& out);

/// What a process function can do while it handles a batch.
class ProcessContext {
 public:
  virtual ~ProcessContext() = default;
  /// A batch of the main output (must have the declared output schema).
  virtual Status emit(columnar::RecordBatchPtr batch) = 0;
  /// A batch of the side output called `tag` (declared with the function).
  virtual Status emitSide(const std::string& tag, columnar::RecordBatchPtr batch) = 0;
  /// The combined watermark of the inputs (kMinWatermark before any).
  virtual runtime::EventTime currentWatermark() const = 0;
  /// Which subtask runs the function, its key groups and memory pool.
  virtual const runtime::OperatorContext& operatorContext() const = 0;
  /// For a function on a keyed stream, the key columns' indices in the input
  /// (every row of one key reaches the same subtask); empty otherwise.
  virtual const std::vector<int>& keyColumns() const = 0;
};

/// A user function with its own per-subtask instance: it sees every batch
/// of its subtask, every watermark and the end of input, and may keep state
/// in its members (checkpointed state arrives with the state backends).
/// Flink's ProcessFunction, vectorised: it gets whole batches.
class ProcessFunction {
 public:
  virtual ~ProcessFunction() = default;
  /// Called once per subtask before the first batch.
  virtual Status open(const runtime::OperatorContext& context) { return Status::OK(); }
  virtual Status processBatch(const columnar::RecordBatchPtr& batch, ProcessContext& context) = 0;
  /// The watermark advanced (context.currentWatermark() is the new value);
  /// it is forwarded downstream after this returns.
  virtual Status onWatermark(ProcessContext& context) { return Status::OK(); }
  /// The input ended: emit what is left.
  virtual Status finish(ProcessContext& context) { return Status::OK(); }
  /// Checkpoints: write / read back the members that matter. The default
  /// keeps nothing, so a restored function starts empty.
  virtual Status snapshotState(checkpoint::SnapshotWriter& out) { return Status::OK(); }
  virtual Status restoreState(checkpoint::SnapshotReader& in) { return Status::OK(); }
};

/// Makes one ProcessFunction per subtask.
using ProcessFunctionFactory = std::function<std::unique_ptr<ProcessFunction>()>;

/// Runs a ProcessFunction per subtask, routing emitSide() by tag name to
/// the operator's side outputs (tag k of `sideOutputs` is output k + 1).
class ProcessOperator final : public runtime::Operator {
 public:
  ProcessOperator(std::string name, ProcessFunctionFactory factory, std::vector<OutputTag> sideOutputs,
                  std::vector<int> keyColumns)
      : name_(std::move(name)),
        factory_(std::move(factory)),
        sideOutputs_(std::move(sideOutputs)),
        keyColumns_(std::move(keyColumns)) {}

  std::string describe() const override;
  Result<std::unique_ptr<runtime::OperatorState>> makeState(const runtime::OperatorContext& context) const override;
  Status processBatch(runtime::OperatorState* state, int32_t input, const columnar::RecordBatchPtr& batch,
                      runtime::Collector& out) const override;
  Status processWatermark(runtime::OperatorState* state, runtime::EventTime watermark,
                          runtime::Collector& out) const override;
  Status finish(runtime::OperatorState* state, runtime::Collector& out) const override;
  Status snapshotState(runtime::OperatorState* state, int64_t checkpointId,
                       checkpoint::SnapshotWriter& out) const override;
  Status restoreState(runtime::OperatorState* state, checkpoint::SnapshotReader& in) const override;

  const std::vector<OutputTag>& sideOutputs() const { return sideOutputs_; }

 private:
  std::string name_;
  ProcessFunctionFactory factory_;
  std::vector<OutputTag> sideOutputs_;
  std::vector<int> keyColumns_;
};

}  // namespace sabot::operators
