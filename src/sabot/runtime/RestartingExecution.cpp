#include "sabot/runtime/RestartingExecution.h"

#include <fmt/format.h>

#include "sabot/base/Logging.h"

namespace sabot::runtime {

namespace {

std::chrono::milliseconds millisSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
}

/// `latest`'s counters added to `earlier`'s; the last* fields of the
/// latest checkpoint whichever attempt took it.
CheckpointStats combine(const CheckpointStats& earlier, const CheckpointStats& latest) {
  CheckpointStats total = latest;
  total.triggered += earlier.triggered;
  total.completed += earlier.completed;
  total.failed += earlier.failed;
  if (latest.lastCompletedPath.empty()) {
    total.lastCompletedId = earlier.lastCompletedId;
    total.lastCompletedPath = earlier.lastCompletedPath;
    total.lastDurationMs = earlier.lastDurationMs;
    total.lastSizeBytes = earlier.lastSizeBytes;
  }
  if (latest.lastFailure.empty()) total.lastFailure = earlier.lastFailure;
  return total;
}

std::string times(int32_t count) { return count == 1 ? "once" : fmt::format("{} times", count); }

}  // namespace

Result<std::unique_ptr<RestartingExecution>> RestartingExecution::start(std::string jobName, JobGraph graph,
                                                                         JobConfig config) {
  SABOT_RETURN_NOT_OK(config.restart.validate().withContext("job '{}'", jobName));
  // Applied here too (JobExecution::start applies it to its own copy), so
  // that graph() shows what runs.
  graph.applyDefaultParallelism(config.parallelism, config.maxParallelism);
  std::unique_ptr<RestartingExecution> job(
      new RestartingExecution(std::move(jobName), std::move(graph), std::move(config)));
  job->restoreFrom_ = job->config_.checkpoints.restoreFrom;
  SABOT_ASSIGN_OR_RAISE(job->attempt_, JobExecution::start(job->jobName_, job->graph_, job->config_));
  job->attemptStart_ = std::chrono::steady_clock::now();
  job->physical_ = job->attempt_->describePhysical();
  job->numThreads_ = job->attempt_->numThreads();
  job->supervisor_ = std::thread([raw = job.get()] { raw->supervise(); });
  return job;
}

RestartingExecution::~RestartingExecution() {
  cancel();
  if (supervisor_.joinable()) supervisor_.join();
}

void RestartingExecution::cancel() {
  std::lock_guard lock(mutex_);
  cancelled_ = true;
  if (attempt_ != nullptr) attempt_->cancel();
  wakeUp_.notify_all();
}

Result<JobResult> RestartingExecution::wait() {
  std::unique_lock lock(mutex_);
  if (waited_) return Status::invalid("wait() was already called for job '{}'", jobName_);
  waited_ = true;
  wakeUp_.wait(lock, [&] { return outcome_.has_value(); });
  lock.unlock();
  supervisor_.join();
  return std::move(*outcome_);
}

JobMetrics RestartingExecution::metrics() const {
  std::lock_guard lock(mutex_);
  return attempt_ != nullptr ? attempt_->metrics() : lastMetrics_;
}

CheckpointStats RestartingExecution::checkpointStats() const {
  std::lock_guard lock(mutex_);
  return attempt_ != nullptr ? combine(earlierCheckpoints_, attempt_->checkpointStats()) : earlierCheckpoints_;
}

RestartStats RestartingExecution::restartStats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void RestartingExecution::supervise() {
  Result<JobResult> result = runAttempts();
  std::lock_guard lock(mutex_);
  outcome_.emplace(std::move(result));
  wakeUp_.notify_all();
}

void RestartingExecution::retireAttemptLocked(std::unique_lock<std::mutex>& lock) {
  const CheckpointStats checkpoints = attempt_->checkpointStats();
  earlierCheckpoints_ = combine(earlierCheckpoints_, checkpoints);
  lastMetrics_ = attempt_->metrics();
  // The next attempt goes on from the newest checkpoint this job completed;
  // an attempt that completed none leaves the one it started from.
  if (!checkpoints.lastCompletedPath.empty()) {
    restoreFrom_ = checkpoints.lastCompletedPath;
  } else if (!attempt_->restoredFrom().empty()) {
    restoreFrom_ = attempt_->restoredFrom();
  }
  std::unique_ptr<JobExecution> finished = std::move(attempt_);
  // Destroying it frees its tasks: sink writers abort what they had not
  // pre-committed, state backends close. Not under the lock, so metrics()
  // stays answerable meanwhile.
  lock.unlock();
  finished.reset();
  lock.lock();
}

Result<JobResult> RestartingExecution::runAttempts() {
  while (true) {
    JobExecution* attempt = nullptr;
    {
      std::lock_guard lock(mutex_);
      attempt = attempt_.get();
    }
    // Only this thread replaces attempt_, so it stays valid while waited for.
    Result<JobResult> result = attempt->wait();
    const std::chrono::milliseconds ranFor = millisSince(attemptStart_);

    std::unique_lock lock(mutex_);
    if (result.ok()) {
      JobResult done = std::move(*result);
      done.restarts = stats_.restarts;
      done.checkpoints = combine(earlierCheckpoints_, done.checkpoints);
      done.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - startTime_).count();
      return done;
    }
    const Status failure = result.status();
    stats_.lastFailure = failure.toString();
    retireAttemptLocked(lock);
    if (cancelled_ || failure.code() == StatusCode::kCancelled) {
      if (stats_.restarts == 0) return failure;
      return failure.withContext("after {} restart{}", stats_.restarts, stats_.restarts == 1 ? "" : "s");
    }
    const std::optional<std::chrono::milliseconds> delay = backoff_.onFailure(ranFor);
    if (!delay) {
      if (!config_.restart.restarts()) return failure;  // as a single JobExecution
      return Status(failure.code(),
                    fmt::format("job '{}' failed and was restarted {}, all that its restart strategy {} allows; "
                                "the last failure: {}",
                                jobName_, times(stats_.restarts), config_.restart.describe(), failure.message()));
    }
    stats_.delays.push_back(*delay);
    stats_.waitingToRestart = true;
    SABOT_LOG_WARN("job '{}' failed ({}); restarting it in {} ms from {} (restart {} of {})", jobName_,
                   failure.toString(), delay->count(), restoreFrom_.empty() ? "the beginning" : restoreFrom_,
                   stats_.restarts + 1, config_.restart.describe());
    if (!config_.checkpoints.enabled()) {
      SABOT_LOG_WARN("job '{}' has no checkpoints: it restarts from the beginning, and sinks that are not "
                     "transactional write their rows again",
                     jobName_);
    }
    wakeUp_.wait_for(lock, *delay, [&] { return cancelled_; });
    stats_.waitingToRestart = false;
    if (cancelled_) {
      return Status::cancelled("job '{}' was cancelled while waiting to restart it after {} restart{}; the last "
                               "failure: {}",
                               jobName_, stats_.restarts, stats_.restarts == 1 ? "" : "s", failure.message());
    }
    JobConfig config = config_;
    config.checkpoints.restoreFrom = restoreFrom_;
    ++stats_.restarts;
    // Started under the lock, so a cancel() now reaches the new attempt.
    Result<std::unique_ptr<JobExecution>> restarted = JobExecution::start(jobName_, graph_, std::move(config));
    if (!restarted.ok()) {
      return restarted.status().withContext("job '{}' failed ({}) and could not be restarted", jobName_,
                                            failure.message());
    }
    attempt_ = std::move(*restarted);
    attemptStart_ = std::chrono::steady_clock::now();
  }
}

}  // namespace sabot::runtime
