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
  const std::optional<compute::BoundExpression>& predicate() const { return predicate_; }
  const std::optional<compute::Projection>& projection() const { return projection_; }

  /// A filter (predicate only) followed by a projection (projection only)
  /// as one operator, or nullptr if they are not of that shape. The
  /// projection then reads only the rows that passed, and only the columns
  /// it needs are filtered.
  static std::shared_ptr<FilterProjectOperator> fuse(const FilterProjectOperator& filter,
                                                     const FilterProjectOperator& projection);

  FilterProjectOperator(std::optional<compute::BoundExpression> predicate, std::optional<compute::Projection> projection,
                        columnar::SchemaPtr outputSchema)
      : predicate_(std::move(predicate)), projection_(std::move(projection)), outputSchema_(std::move(outputSchema)) {}

 private:
  std::optional<compute::BoundExpression> predicate_;
  std::optional<compute::Projection> projection_;
  columnar::SchemaPtr outputSchema_;
};

}  // namespace sabot::operators
