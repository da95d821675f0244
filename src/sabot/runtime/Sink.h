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
  /// The most subtasks that may write in parallel (one file: 1).
  virtual int32_t maxParallelism() const { return 1 << 15; }
};

}  // namespace sabot::runtime
