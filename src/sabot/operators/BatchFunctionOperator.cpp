#include "sabot/operators/BatchFunctionOperator.h"

namespace sabot::operators {

Status BatchFunctionOperator::processBatch(runtime::OperatorState*, int32_t, const columnar::RecordBatchPtr& batch,
                                           runtime::Collector& out) const {
  if (map_) {
    SABOT_ASSIGN_OR_RAISE(columnar::RecordBatchPtr result, map_(batch));
    if (result == nullptr || result->numRows() == 0) return Status::OK();
    return out.emit(std::move(result));
  }
  SABOT_ASSIGN_OR_RAISE(std::vector<columnar::RecordBatchPtr> results, flatMap_(batch));
  for (columnar::RecordBatchPtr& result : results) {
    if (result == nullptr || result->numRows() == 0) continue;
    SABOT_RETURN_NOT_OK(out.emit(std::move(result)));
  }
  return Status::OK();
}

}  // namespace sabot::operators
