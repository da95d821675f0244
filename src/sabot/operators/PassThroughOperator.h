#pragma once

#include <string>

#include "sabot/runtime/Operator.h"

namespace sabot::operators {

/// Hands every batch on unchanged. Takes the place of an operator whose work
/// was fused into the one before it, so node ids and metrics stay put.
class PassThroughOperator final : public runtime::Operator {
 public:
  explicit PassThroughOperator(std::string description) : description_(std::move(description)) {}

  std::string describe() const override { return description_; }
  Status processBatch(runtime::OperatorState*, int32_t, const columnar::RecordBatchPtr& batch,
                      runtime::Collector& out) const override {
    return out.emit(batch);
  }

 private:
  std::string description_;
};

}  // namespace sabot::operators
