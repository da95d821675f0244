#pragma once

#include <optional>

#include "sabot/compute/Expression.h"
#include "sabot/runtime/Operator.h"

namespace sabot::operators {

/// Keeps the rows where a predicate holds (null counts as false, as in SQL
/// WHERE) and/or computes a projection of expressions. Both bound at plan
/// time; when both are set only the columns the projection reads are
/// filtered (Velox's FilterProject).
class FilterProjectOperator final : public runtime::Operator {
 public:
  /// `predicate` (bool) and `projection` bound against `inputSchema`; at
  /// least one of them. A TypeError if the predicate is not boolean.
  static Result<std::shared_ptr<FilterProjectOperator>> make(const columnar::SchemaPtr& inputSchema,
                                                             std::optional<compute::Expression> predicate,
                                                             std::optional<std::vector<compute::Expression>> projection);

  std::string describe() const override;
  Status processBatch(runtime::OperatorState* state, int32_t input, const columnar::RecordBatchPtr& batch,
                      runtime::Collector& out) const override;

  /// The schema of the batches it emits.
  const columnar::SchemaPtr& outputSchema() const { return outputSchema_; }

  FilterProjectOperator(std::optional<compute::BoundExpression> predicate, std::optional<compute::Projection> projection,
                        columnar::SchemaPtr outputSchema)
      : predicate_(std::move(predicate)), projection_(std::move(projection)), outputSchema_(std::move(outputSchema)) {}

 private:
  std::optional<compute::BoundExpression> predicate_;
  std::optional<compute::Projection> projection_;
  columnar::SchemaPtr outputSchema_;
};

}  // namespace sabot::operators
