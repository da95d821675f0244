#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sabot/api/DataStream.h"
#include "sabot/runtime/JobConfig.h"
#include "sabot/runtime/JobExecution.h"
#include "sabot/runtime/RestartingExecution.h"
#include "sabot/runtime/Source.h"

namespace sabot::api {

/// Where a streaming job is described and started (Flink's
/// StreamExecutionEnvironment):
///
///   auto env = StreamEnvironment::create(config);
///   env.fromSource(source, "bids")
///      .filter(col("price") > lit(100))
///      .select({col("auction"), (col("price") * lit(0.908)).alias("euros")})
///      .sinkTo(sink);
///   SABOT_ASSIGN_OR_RAISE(auto result, env.execute("q1"));
class StreamEnvironment {
 public:
  static StreamEnvironment create(runtime::JobConfig config = {});

  /// A stream read from `source` by parallel subtasks.
  DataStream fromSource(std::shared_ptr<const runtime::Source> source, std::string name = "source");
  /// A stream read from `source` with event times and watermarks generated
  /// per source subtask by `watermarks`.
  DataStream fromSource(std::shared_ptr<const runtime::Source> source, time::WatermarkStrategy watermarks,
                        std::string name = "source");
  /// The given batches (MemorySource).
  DataStream fromBatches(columnar::SchemaPtr schema, std::vector<columnar::RecordBatchPtr> batches,
                         std::string name = "batches");
  /// The integers [from, to) in an int64 column `value`.
  DataStream fromSequence(int64_t from, int64_t to, std::string name = "sequence");

  runtime::JobConfig& config();
  /// The logical graph, one line per operator (and the first error, if any).
  std::string describe() const;
  /// The first mistake made while describing the job, or OK.
  Status status() const;

  /// Runs the job to the end, restarting it after a failure as
  /// config().restart says. Fails with the first building mistake, a plan
  /// error, or the runtime error (naming operator and subtask) that no
  /// restart was left for.
  Result<runtime::JobResult> execute(const std::string& jobName = "sabot job");
  /// Starts the job and returns at once; wait() on the result. Restarts
  /// happen in the background, as config().restart says.
  Result<std::unique_ptr<runtime::RestartingExecution>> executeAsync(const std::string& jobName = "sabot job");

 private:
  explicit StreamEnvironment(std::shared_ptr<JobBuilder> builder) : builder_(std::move(builder)) {}
  std::shared_ptr<JobBuilder> builder_;
};

}  // namespace sabot::api
