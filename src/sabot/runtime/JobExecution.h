#pragma once

#include <chrono>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "sabot/base/Result.h"
#include "sabot/runtime/Channel.h"
#include "sabot/runtime/CheckpointCoordinator.h"
#include "sabot/runtime/JobConfig.h"
#include "sabot/runtime/JobControl.h"
#include "sabot/runtime/JobGraph.h"
#include "sabot/runtime/Metrics.h"
#include "sabot/runtime/Task.h"
#include "sabot/runtime/TaskScheduler.h"

namespace sabot::runtime {

/// What a finished job reports.
struct JobResult {
  std::string jobName;
  double seconds = 0;
  JobMetrics metrics;
  /// Node ids of the sources and sinks, to read their totals from metrics.
  std::vector<uint32_t> sourceIds;
  std::vector<uint32_t> sinkIds;
  /// Checkpoints taken while it ran (all zero without checkpointing).
  CheckpointStats checkpoints;
  /// The checkpoint it was restored from, if any (of the last attempt,
  /// when it was restarted).
  std::string restoredFrom;
  /// How often a restart strategy restarted it (RestartingExecution).
  int32_t restarts = 0;

  int64_t recordsRead() const;
  int64_t recordsWritten() const;
};

/// A running job: the physical plan of a JobGraph (operators fused into
/// chains along forward edges, each chain run as `parallelism` tasks, tasks
/// joined by bounded channels) executing on a fixed pool of threads.
class JobExecution {
 public:
  /// Checks `graph`, builds the plan and starts running it. Nodes with
  /// parallelism 0 get config.parallelism (capped by what the node
  /// supports).
  static Result<std::unique_ptr<JobExecution>> start(std::string jobName, JobGraph graph, JobConfig config);
  /// Cancels the job if it still runs and waits for every thread.
  ~JobExecution();

  /// Blocks until every task has finished. The job's first error if it
  /// failed, naming the operator and subtask; no thread is left running.
  Result<JobResult> wait();
  /// Stops the job; wait() then returns a Cancelled error.
  void cancel() { control_.cancel(); }
  /// Live counters, safe to call from any thread while the job runs.
  JobMetrics metrics() const;
  /// The tasks: one line per chain, e.g. "[0] nexmark -> [1] filter -> [2] sink x 4".
  std::string describePhysical() const;
  const JobGraph& graph() const { return graph_; }
  const std::string& name() const { return jobName_; }
  int32_t numThreads() const { return scheduler_ ? scheduler_->numThreads() : 0; }
  /// Checkpoints so far (all zero without checkpointing).
  CheckpointStats checkpointStats() const { return coordinator_ ? coordinator_->stats() : CheckpointStats{}; }
  /// The checkpoint this run started from (empty: it started fresh).
  const std::string& restoredFrom() const { return restoredFrom_; }

 private:
  JobExecution(std::string jobName, JobGraph graph, JobConfig config)
      : jobName_(std::move(jobName)), graph_(std::move(graph)), config_(std::move(config)) {}
  Status build();
  Status setUpCheckpoints();

  const std::string jobName_;
  JobGraph graph_;
  const JobConfig config_;
  JobControl control_;
  /// chains_[c] lists the nodes fused into chain c, head first.
  std::vector<std::vector<NodeId>> chains_;
  struct Placement {
    size_t chain;
    size_t position;
  };
  std::vector<Placement> placement_;  ///< per node
  std::vector<std::vector<std::unique_ptr<Task>>> tasks_;  ///< [chain][subtask]
  std::vector<std::vector<std::unique_ptr<OperatorMetrics>>> operatorMetrics_;  ///< [node][subtask]
  std::vector<std::vector<std::unique_ptr<TaskMetrics>>> taskMetrics_;  ///< [chain][subtask]
  std::deque<Channel> channels_;
  std::unique_ptr<CheckpointCoordinator> coordinator_;
  int64_t firstCheckpointId_ = 1;
  std::string restoredFrom_;
  std::unique_ptr<TaskScheduler> scheduler_;
  std::chrono::steady_clock::time_point startTime_;
  bool waited_ = false;
};

}  // namespace sabot::runtime
