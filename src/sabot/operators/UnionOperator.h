#pragma once

#include "sabot/runtime/Operator.h"

namespace sabot::operators {

/// Merges several streams of the same schema into one, in arrival order.
class UnionOperator final : public runtime::Operator {
 public:
  explicit UnionOperator(int32_t numInputs) : numInputs_(numInputs) {}

  std::string describe() const override { return "union"; }
  int32_t numInputs() const override { return numInputs_; }
  Status processBatch(runtime::OperatorState*, int32_t, const columnar::RecordBatchPtr& batch,
                      runtime::Collector& out) const override {
    return out.emit(batch);
  }

 private:
  int32_t numInputs_;
};

}  // namespace sabot::operators
