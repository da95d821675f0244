#pragma once

// Building blocks for the runtime tests: keyed test batches and a process
// function that records what each subtask saw.

#include <map>
#include <mutex>
#include <set>
#include <vector>

#include "sabot/api/StreamEnvironment.h"
#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/connectors/CollectSink.h"

namespace sabot::runtime::testing {

/// Columns key (int64) and value (int64): row i has key i % numKeys and
/// value i, in batches of `batchRows`.
inline std::vector<columnar::RecordBatchPtr> keyedBatches(int64_t rows, int64_t numKeys, int64_t batchRows,
                                                         columnar::SchemaPtr* schemaOut) {
  auto schema = std::make_shared<columnar::Schema>(std::vector<columnar::FieldPtr>{
      columnar::field("key", columnar::int64(), false), columnar::field("value", columnar::int64(), false)});
  std::vector<columnar::RecordBatchPtr> batches;
  for (int64_t start = 0; start < rows; start += batchRows) {
    const int64_t end = std::min(rows, start + batchRows);
    columnar::NumericBuilder<int64_t> keys(columnar::int64());
    columnar::NumericBuilder<int64_t> values(columnar::int64());
    for (int64_t i = start; i < end; ++i) {
      SABOT_CHECK_OK(keys.append(i % numKeys));
      SABOT_CHECK_OK(values.append(i));
    }
    batches.push_back(columnar::RecordBatch::make(schema, end - start,
                                                  {keys.finish().valueOrDie(), values.finish().valueOrDie()})
                          .valueOrDie());
  }
  *schemaOut = schema;
  return batches;
}

/// All int64 values of column `name` over `batches`, sorted.
inline std::vector<int64_t> sortedColumn(const std::vector<columnar::RecordBatchPtr>& batches, const std::string& name) {
  std::vector<int64_t> values;
  for (const auto& batch : batches) {
    const columnar::Array column = batch->columnByName(name).valueOrDie();
    for (int64_t i = 0; i < column.length(); ++i) values.push_back(column.values<int64_t>()[i]);
  }
  std::sort(values.begin(), values.end());
  return values;
}

/// What every subtask of a RecordingFunction saw.
struct Recording {
  std::mutex mutex;
  std::map<int32_t, std::set<int64_t>> keysBySubtask;
  std::map<int32_t, int64_t> rowsBySubtask;
  std::map<int32_t, std::vector<EventTime>> watermarksBySubtask;
  int finishCalls = 0;
};

/// Passes batches through and records keys, rows, watermarks and finish().
class RecordingFunction final : public operators::ProcessFunction {
 public:
  explicit RecordingFunction(std::shared_ptr<Recording> recording) : recording_(std::move(recording)) {}
  Status processBatch(const columnar::RecordBatchPtr& batch, operators::ProcessContext& context) override {
    const int32_t subtask = context.operatorContext().subtaskIndex;
    {
      std::lock_guard lock(recording_->mutex);
      recording_->rowsBySubtask[subtask] += batch->numRows();
      const int keyIndex = batch->schema()->fieldIndex("key");
      if (keyIndex >= 0) {
        const columnar::Array& keys = batch->column(keyIndex);
        for (int64_t i = 0; i < keys.length(); ++i) recording_->keysBySubtask[subtask].insert(keys.values<int64_t>()[i]);
      }
    }
    return context.emit(batch);
  }
  Status onWatermark(operators::ProcessContext& context) override {
    std::lock_guard lock(recording_->mutex);
    recording_->watermarksBySubtask[context.operatorContext().subtaskIndex].push_back(context.currentWatermark());
    return Status::OK();
  }
  Status finish(operators::ProcessContext&) override {
    std::lock_guard lock(recording_->mutex);
    ++recording_->finishCalls;
    return Status::OK();
  }

 private:
  std::shared_ptr<Recording> recording_;
};

}  // namespace sabot::runtime::testing
