#pragma once

#include <functional>
#include <string>
#include <vector>

#include "sabot/runtime/Operator.h"

namespace sabot::operators {

/// A user function from one batch to one batch (a vectorised map). It is
/// shared by all subtasks, so it must be safe to call from several threads
/// at once; keep per-subtask state in a ProcessFunction instead.
using MapFunction = std::function<Result<columnar::RecordBatchPtr>(const columnar::RecordBatchPtr&)>;
/// A user function from one batch to any number of batches (flatMap).
using FlatMapFunction = std::function<Result<std::vector<columnar::RecordBatchPtr>>(const columnar::RecordBatchPtr&)>;

/// Runs a MapFunction or FlatMapFunction on every batch. A null or empty
/// result emits nothing. The runtime checks every emitted batch against the
/// declared output schema.
class BatchFunctionOperator final : public runtime::Operator {
 public:
  BatchFunctionOperator(std::string name, MapFunction map) : name_(std::move(name)), map_(std::move(map)) {}
  BatchFunctionOperator(std::string name, FlatMapFunction flatMap)
      : name_(std::move(name)), flatMap_(std::move(flatMap)) {}

  std::string describe() const override { return name_; }
  Status processBatch(runtime::OperatorState* state, int32_t input, const columnar::RecordBatchPtr& batch,
                      runtime::Collector& out) const override;

 private:
  std::string name_;
  MapFunction map_;
  FlatMapFunction flatMap_;
};

}  // namespace sabot::operators
