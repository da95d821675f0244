#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "sabot/runtime/StreamElement.h"

namespace sabot::runtime {

/// Live counters of one operator in one subtask. Written only by the thread
/// running the subtask, read by anyone (relaxed atomics: a snapshot is a
/// consistent-enough view, never a torn value).
struct OperatorMetrics {
  std::atomic<int64_t> recordsIn{0};
  std::atomic<int64_t> batchesIn{0};
  std::atomic<int64_t> bytesIn{0};
  std::atomic<int64_t> recordsOut{0};
  std::atomic<int64_t> batchesOut{0};
  std::atomic<EventTime> watermark{kMinWatermark};
  /// Rows an event-time operator received after the watermark had passed
  /// every window they belong to (dropped, or sent to a late side output).
  std::atomic<int64_t> lateRecords{0};

  void add(std::atomic<int64_t>& counter, int64_t value) {
    counter.store(counter.load(std::memory_order_relaxed) + value, std::memory_order_relaxed);
  }
};

/// Live time accounting of one task (a chain of operators in one subtask).
struct TaskMetrics {
  std::atomic<int64_t> busyNanos{0};           ///< running operators
  std::atomic<int64_t> idleNanos{0};           ///< waiting for input
  std::atomic<int64_t> backpressuredNanos{0};  ///< waiting for space downstream
};

/// A copy of the counters of one operator subtask.
struct OperatorSubtaskMetrics {
  uint32_t nodeId = 0;
  std::string operatorName;
  int32_t subtaskIndex = 0;
  int32_t parallelism = 1;
  int64_t recordsIn = 0;
  int64_t batchesIn = 0;
  int64_t bytesIn = 0;
  int64_t recordsOut = 0;
  int64_t batchesOut = 0;
  EventTime watermark = kMinWatermark;
  int64_t lateRecords = 0;
  /// Of the task the operator runs in (shared by the operators of a chain).
  int64_t busyNanos = 0;
  int64_t idleNanos = 0;
  int64_t backpressuredNanos = 0;
  /// Batches and bytes waiting in the task's input channels now, and the
  /// most bytes they ever held (0 for operators inside a chain).
  int64_t inputQueueBatches = 0;
  int64_t inputQueueBytes = 0;
  int64_t inputQueuePeakBytes = 0;
  bool finished = false;
};

/// Every operator subtask of a job, in node order then subtask order.
struct JobMetrics {
  std::vector<OperatorSubtaskMetrics> subtasks;

  /// The sum over the subtasks of node `nodeId`.
  OperatorSubtaskMetrics totalOf(uint32_t nodeId) const;
  /// Records read by all sources / received by all sinks.
  int64_t sourceRecordsOut(const std::vector<uint32_t>& sourceIds) const;
  /// A table, one line per operator subtask.
  std::string toString() const;
};

}  // namespace sabot::runtime
