#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "sabot/base/Result.h"
#include "sabot/runtime/JobExecution.h"
#include "sabot/runtime/RestartStrategy.h"

namespace sabot::runtime {

/// What a RestartingExecution has done so far.
struct RestartStats {
  /// Attempts started after a failure.
  int32_t restarts = 0;
  /// The wait before each restart, as the strategy computed it (one entry
  /// per restart granted, including one still being waited for).
  std::vector<std::chrono::milliseconds> delays;
  /// The error of the latest failed attempt ("" before any failed).
  std::string lastFailure;
  /// Between two attempts: the last one failed, the next waits for its delay.
  bool waitingToRestart = false;
};

/// Runs a job under its restart strategy (JobConfig::restart, Flink's
/// restart strategies): a JobExecution per attempt; when an attempt fails
/// (not when it is cancelled), it is torn down completely (every thread
/// joined, sinks aborted), and after the strategy's delay the same job
/// graph starts again from the latest completed checkpoint of the job,
/// or from the beginning when none has completed. A supervisor thread does
/// this, so the job restarts without anyone calling wait(). With the none
/// strategy it behaves as the single JobExecution it runs.
class RestartingExecution {
 public:
  /// Validates the strategy and starts the first attempt: errors of the
  /// first start (plan, configuration, restore) are returned, not retried.
  static Result<std::unique_ptr<RestartingExecution>> start(std::string jobName, JobGraph graph, JobConfig config);
  /// Cancels the job if it still runs and joins every thread.
  ~RestartingExecution();

  /// Blocks until the job succeeded, was cancelled, or failed with no
  /// restart left; the error then names the last failure and how often the
  /// job was restarted. May be called once.
  Result<JobResult> wait();
  /// Stops the job, also while it waits to restart; wait() then returns a
  /// Cancelled error.
  void cancel();

  /// Live metrics of the current attempt (the last one's between attempts).
  JobMetrics metrics() const;
  /// Checkpoints over all attempts: counts summed, the last* fields of the
  /// latest checkpoint.
  CheckpointStats checkpointStats() const;
  RestartStats restartStats() const;
  /// The tasks, as JobExecution::describePhysical() (the same for every attempt).
  std::string describePhysical() const { return physical_; }
  /// The graph every attempt runs (default parallelism applied).
  const JobGraph& graph() const { return graph_; }
  const std::string& name() const { return jobName_; }
  int32_t numThreads() const { return numThreads_; }

 private:
  RestartingExecution(std::string jobName, JobGraph graph, JobConfig config)
      : jobName_(std::move(jobName)), graph_(std::move(graph)), config_(std::move(config)), backoff_(config_.restart) {}
  /// The supervisor thread: waits for attempts and restarts them.
  void supervise();
  Result<JobResult> runAttempts();
  /// Takes what a finished attempt leaves behind (metrics, checkpoints,
  /// where to restore from) and destroys it. Called with mutex_ held.
  void retireAttemptLocked(std::unique_lock<std::mutex>& lock);

  const std::string jobName_;
  JobGraph graph_;
  const JobConfig config_;
  std::string physical_;
  int32_t numThreads_ = 0;
  const std::chrono::steady_clock::time_point startTime_ = std::chrono::steady_clock::now();

  mutable std::mutex mutex_;
  std::condition_variable wakeUp_;
  std::unique_ptr<JobExecution> attempt_;
  std::chrono::steady_clock::time_point attemptStart_;
  RestartBackoff backoff_;
  bool cancelled_ = false;
  /// What the next attempt restores from (empty: the beginning).
  std::string restoreFrom_;
  /// Of the attempts that ended: checkpoint counts, and the last metrics.
  CheckpointStats earlierCheckpoints_;
  JobMetrics lastMetrics_;
  RestartStats stats_;
  std::optional<Result<JobResult>> outcome_;
  bool waited_ = false;
  std::thread supervisor_;
};

}  // namespace sabot::runtime
