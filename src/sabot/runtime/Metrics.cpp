#include "sabot/runtime/Metrics.h"

#include <fmt/format.h>

#include <algorithm>

namespace sabot::runtime {

OperatorSubtaskMetrics JobMetrics::totalOf(uint32_t nodeId) const {
  OperatorSubtaskMetrics total;
  total.nodeId = nodeId;
  total.watermark = kMaxWatermark;
  bool any = false;
  for (const OperatorSubtaskMetrics& subtask : subtasks) {
    if (subtask.nodeId != nodeId) continue;
    if (!any) {
      total.operatorName = subtask.operatorName;
      total.parallelism = subtask.parallelism;
      total.finished = true;
    }
    any = true;
    total.recordsIn += subtask.recordsIn;
    total.batchesIn += subtask.batchesIn;
    total.bytesIn += subtask.bytesIn;
    total.recordsOut += subtask.recordsOut;
    total.batchesOut += subtask.batchesOut;
    total.lateRecords += subtask.lateRecords;
    total.busyNanos += subtask.busyNanos;
    total.idleNanos += subtask.idleNanos;
    total.backpressuredNanos += subtask.backpressuredNanos;
    total.inputQueueBatches += subtask.inputQueueBatches;
    total.inputQueueBytes += subtask.inputQueueBytes;
    total.inputQueuePeakBytes = std::max(total.inputQueuePeakBytes, subtask.inputQueuePeakBytes);
    total.watermark = std::min(total.watermark, subtask.watermark);
    total.finished = total.finished && subtask.finished;
  }
  if (!any) total.watermark = kMinWatermark;
  return total;
}

int64_t JobMetrics::sourceRecordsOut(const std::vector<uint32_t>& sourceIds) const {
  int64_t records = 0;
  for (const OperatorSubtaskMetrics& subtask : subtasks) {
    if (std::find(sourceIds.begin(), sourceIds.end(), subtask.nodeId) != sourceIds.end()) {
      records += subtask.recordsOut;
    }
  }
  return records;
}

std::string JobMetrics::toString() const {
  std::string text = fmt::format("{:<32} {:>12} {:>12} {:>8} {:>8} {:>8} {:>8}\n", "operator (subtask)",
                                 "records in", "records out", "busy ms", "idle ms", "bp ms", "queued");
  for (const OperatorSubtaskMetrics& s : subtasks) {
    const std::string name = fmt::format("[{}] {} ({}/{})", s.nodeId, s.operatorName, s.subtaskIndex + 1,
                                         s.parallelism);
    text += fmt::format("{:<32} {:>12} {:>12} {:>8} {:>8} {:>8} {:>8}\n", name.substr(0, 32), s.recordsIn,
                        s.recordsOut, s.busyNanos / 1'000'000, s.idleNanos / 1'000'000,
                        s.backpressuredNanos / 1'000'000, s.inputQueueBatches);
  }
  return text;
}

}  // namespace sabot::runtime
