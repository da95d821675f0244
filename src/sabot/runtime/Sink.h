#pragma once

#include <memory>
#include <string>

#include "sabot/base/Result.h"
#include "sabot/columnar/RecordBatch.h"
#include "sabot/columnar/Schema.h"
#include "sabot/runtime/Operator.h"

namespace sabot::runtime {

/// One subtask's writer of a sink.
class SinkWriter {
 public:
  virtual ~SinkWriter() = default;
  virtual Status write(const columnar::RecordBatchPtr& batch) = 0;
  /// The input ended: make everything written durable and visible.
  virtual Status finish() = 0;
  /// The job failed: discard what is not yet visible (temporary files).
  virtual void abort() {}

  /// Two-phase commit, first phase, at a checkpoint barrier: make what was
  /// written so far durable but not yet visible, and write into `out` what
  /// is needed to commit it later (file names, transaction ids). Sinks that
  /// are not transactional keep the default and are at-least-once.
  virtual Status preCommit(int64_t checkpointId, checkpoint::SnapshotWriter& out) { return Status::OK(); }
  /// Second phase: checkpoint `checkpointId` completed; make everything
  /// pre-committed up to it visible. Must be idempotent.
  virtual Status commit(int64_t checkpointId) { return Status::OK(); }
  /// After a restore: what preCommit() wrote for the restored checkpoint,
  /// which completed, so it is committed now (idempotently); anything
  /// written after it is discarded.
  virtual Status recover(checkpoint::SnapshotReader& in) { return Status::OK(); }
};

/// Where a stream's rows end up: files, stdout, a test's collector.
class Sink {
 public:
  virtual ~Sink() = default;
  virtual std::string describe() const = 0;
  /// Checks that the sink can take rows of `schema` (plan time).
  virtual Status validate(const columnar::Schema& schema) const { return Status::OK(); }
  virtual Result<std::unique_ptr<SinkWriter>> createWriter(const OperatorContext& context,
                                                           const columnar::SchemaPtr& schema) const = 0;
  /// Whether its writers implement the two-phase commit (exactly-once with
  /// checkpoints) rather than writing straight through (at-least-once).
  virtual bool transactional() const { return false; }
  /// The most subtasks that may write in parallel (one file: 1).
  virtual int32_t maxParallelism() const { return 1 << 15; }
};

}  // namespace sabot::runtime
