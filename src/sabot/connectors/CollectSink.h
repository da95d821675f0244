#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "sabot/runtime/Sink.h"

namespace sabot::connectors {

/// Keeps every batch it receives in memory, for tests and for callers that
/// want a job's result as batches. Batches of different subtasks interleave
/// in arrival order.
///
/// Transactional (the exactly-once test sink): in a checkpointed job rows
/// become visible in batches() only when the checkpoint that covers them
/// completes (or at the end of input); pending transactions live in the
/// sink object, so a job restored in the same process with the same sink
/// commits the restored checkpoint's transaction and drops the rest.
class CollectSink final : public runtime::Sink {
 public:
  CollectSink() = default;
  bool transactional() const override { return true; }

  std::string describe() const override { return "collect sink"; }
  Result<std::unique_ptr<runtime::SinkWriter>> createWriter(const runtime::OperatorContext& context,
                                                            const columnar::SchemaPtr& schema) const override;

  /// What was received so far (the job may still be adding).
  std::vector<columnar::RecordBatchPtr> batches() const;
  int64_t numRows() const;
  /// The schema of the stream (set once a writer was created).
  columnar::SchemaPtr schema() const;
  /// How many subtasks finished their input.
  int32_t finishedWriters() const;

 private:
  friend class CollectWriter;
  mutable std::mutex mutex_;
  mutable columnar::SchemaPtr schema_;
  mutable std::vector<columnar::RecordBatchPtr> batches_;
  mutable int32_t finishedWriters_ = 0;
  /// Pre-committed, not yet committed: transaction "subtask-checkpoint".
  mutable std::map<std::string, std::vector<columnar::RecordBatchPtr>> pending_;
};

/// Counts and drops every row (the benchmark sink).
class DiscardSink final : public runtime::Sink {
 public:
  std::string describe() const override { return "discard sink"; }
  Result<std::unique_ptr<runtime::SinkWriter>> createWriter(const runtime::OperatorContext& context,
                                                            const columnar::SchemaPtr& schema) const override;
};

/// Prints rows to stdout as CSV, the column header once (Flink's print()).
/// One subtask at a time writes, whole batches, so lines never interleave.
class PrintSink final : public runtime::Sink {
 public:
  std::string describe() const override { return "print sink"; }
  Result<std::unique_ptr<runtime::SinkWriter>> createWriter(const runtime::OperatorContext& context,
                                                            const columnar::SchemaPtr& schema) const override;

 private:
  friend class PrintWriter;
  mutable std::mutex mutex_;
  mutable bool headerWritten_ = false;
};

}  // namespace sabot::connectors
