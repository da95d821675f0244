#pragma once

// What the operator tests that drive an operator by hand share.

#include <algorithm>
#include <string>
#include <vector>

#include "sabot/columnar/RecordBatch.h"
#include "sabot/runtime/Operator.h"

namespace sabot::operators::tests {

/// Keeps what an operator emits; a side output is an error.
class CapturingCollector final : public runtime::Collector {
 public:
  Status emit(columnar::RecordBatchPtr batch) override {
    batches.push_back(std::move(batch));
    return Status::OK();
  }
  Status emitSide(int32_t tag, columnar::RecordBatchPtr) override {
    return Status::internal("no side output {}", tag);
  }
  Status emitWatermark(runtime::EventTime watermark) override {
    watermarks.push_back(watermark);
    return Status::OK();
  }
  std::vector<columnar::RecordBatchPtr> batches;
  std::vector<runtime::EventTime> watermarks;
};

/// Every row of `batches` as its formatted values joined by spaces, sorted.
inline std::vector<std::string> formattedRows(const std::vector<columnar::RecordBatchPtr>& batches) {
  std::vector<std::string> rows;
  for (const auto& batch : batches) {
    for (int64_t r = 0; r < batch->numRows(); ++r) {
      std::string text;
      for (int c = 0; c < batch->numColumns(); ++c) text += (c ? " " : "") + batch->column(c).formatValue(r);
      rows.push_back(text);
    }
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

}  // namespace sabot::operators::tests
