#include "sabot/operators/FilterProjectOperator.h"

#include <fmt/format.h>

#include "sabot/compute/Selection.h"

namespace sabot::operators {

Result<std::shared_ptr<FilterProjectOperator>> FilterProjectOperator::make(
    const columnar::SchemaPtr& inputSchema, std::optional<compute::Expression> predicate,
    std::optional<std::vector<compute::Expression>> projection) {
  if (!predicate && !projection) return Status::invalid("a filter/project needs a predicate or a projection");
  std::optional<compute::BoundExpression> boundPredicate;
  if (predicate) {
    SABOT_ASSIGN_OR_RAISE(compute::BoundExpression bound, compute::bind(*predicate, *inputSchema));
    if (bound.type()->id() != columnar::TypeId::kBool) {
      return Status::typeError("a filter needs a boolean condition, but '{}' is {}", bound.toString(),
                               bound.type()->toString());
    }
    boundPredicate = std::move(bound);
  }
  std::optional<compute::Projection> boundProjection;
  columnar::SchemaPtr outputSchema = inputSchema;
  if (projection) {
    if (projection->empty()) return Status::invalid("a projection needs at least one expression");
    SABOT_ASSIGN_OR_RAISE(compute::Projection bound, compute::Projection::make(*projection, *inputSchema));
    outputSchema = bound.outputSchema();
    boundProjection = std::move(bound);
  }
  return std::make_shared<FilterProjectOperator>(std::move(boundPredicate), std::move(boundProjection),
                                                 std::move(outputSchema));
}

std::shared_ptr<FilterProjectOperator> FilterProjectOperator::fuse(const FilterProjectOperator& filter,
                                                                  const FilterProjectOperator& projection) {
  if (!filter.predicate_ || filter.projection_ || projection.predicate_ || !projection.projection_) return nullptr;
  // A filter keeps its input schema, so the projection was bound to the
  // filter's input too.
  return std::make_shared<FilterProjectOperator>(filter.predicate_, projection.projection_, projection.outputSchema_);
}

std::string FilterProjectOperator::describe() const {
  std::string text;
  if (predicate_) text = fmt::format("filter({})", predicate_->toString());
  if (projection_) {
    std::vector<std::string> items;
    for (const compute::BoundExpression& expression : projection_->expressions()) {
      const std::string shown = expression.toString();
      items.push_back(shown == expression.name() ? shown : fmt::format("{} AS {}", shown, expression.name()));
    }
    text += fmt::format("{}project({})", text.empty() ? "" : " + ", fmt::join(items, ", "));
  }
  return text;
}

Status FilterProjectOperator::processBatch(runtime::OperatorState*, int32_t, const columnar::RecordBatchPtr& batch,
                                           runtime::Collector& out) const {
  columnar::RecordBatchPtr result;
  if (predicate_) {
    SABOT_ASSIGN_OR_RAISE(columnar::Array mask, compute::evaluate(*predicate_, *batch));
    if (projection_) {
      SABOT_ASSIGN_OR_RAISE(result, projection_->filterAndProject(*batch, mask));
    } else {
      SABOT_ASSIGN_OR_RAISE(result, compute::filter(*batch, mask));
    }
  } else {
    SABOT_ASSIGN_OR_RAISE(result, projection_->project(*batch));
  }
  if (result->numRows() == 0) return Status::OK();
  return out.emit(std::move(result));
}

}  // namespace sabot::operators
