#include "sabot/runtime/CheckpointCoordinator.h"

#include <fmt/format.h>

#include "sabot/base/Logging.h"

namespace sabot::runtime {

CheckpointCoordinator::CheckpointCoordinator(CheckpointConfig config, checkpoint::CheckpointStorage storage,
                                             std::string jobName, std::vector<checkpoint::OperatorShape> operators,
                                             JobControl* control)
    : config_(std::move(config)),
      // An injected file system (tests, object storage) replaces the one
      // the storage was opened with.
      storage_(config_.fileSystem ? storage.withFileSystem(config_.fileSystem) : std::move(storage)),
      jobName_(std::move(jobName)),
      operators_(std::move(operators)),
      control_(control) {}

CheckpointCoordinator::~CheckpointCoordinator() { stop(); }

void CheckpointCoordinator::setParticipants(std::vector<CheckpointParticipant*> tasks, std::vector<bool> isSource,
                                            std::vector<std::string> fileNames) {
  tasks_ = std::move(tasks);
  isSource_ = std::move(isSource);
  fileNames_ = std::move(fileNames);
}

void CheckpointCoordinator::start(int64_t firstId) {
  std::lock_guard lock(mutex_);
  // Ids keep rising across runs sharing a directory, so retention (which
  // keeps the highest ids) never deletes this run's checkpoints.
  nextId_ = std::max(firstId, storage_.highestId() + 1);
  lastEnd_ = std::chrono::steady_clock::now();
  thread_ = std::thread([this] { run(); });
}

void CheckpointCoordinator::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wakeUp_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void CheckpointCoordinator::run() {
  std::unique_lock lock(mutex_);
  auto nextTrigger = std::chrono::steady_clock::now() + config_.interval;
  while (!stopping_) {
    const auto now = std::chrono::steady_clock::now();
    if (pending_ && now - pending_->started > config_.timeout) {
      failPendingLocked(fmt::format("checkpoint {} timed out after {} ms", pending_->id, config_.timeout.count()));
    }
    if (!pending_ && !writing_ && now >= nextTrigger && now - lastEnd_ >= config_.minPause) {
      triggerLocked(lock);
      nextTrigger = now + config_.interval;
    }
    auto wakeAt = nextTrigger;
    if (pending_) wakeAt = std::min(wakeAt, pending_->started + config_.timeout);
    if (!pending_ && wakeAt < lastEnd_ + config_.minPause) wakeAt = lastEnd_ + config_.minPause;
    wakeUp_.wait_until(lock, wakeAt);
  }
}

void CheckpointCoordinator::triggerLocked(std::unique_lock<std::mutex>& lock) {
  if (finished_.size() == tasks_.size()) return;  // the job is ending
  Pending pending;
  pending.id = nextId_++;
  pending.started = std::chrono::steady_clock::now();
  pending.timestampMs =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  pending_ = std::move(pending);
  ++stats_.triggered;
  const int64_t id = pending_->id;
  // Finished tasks stand in with their final state.
  for (const auto& [task, snapshot] : finished_) pending_->snapshots.emplace(task, snapshot);
  std::vector<CheckpointParticipant*> sources;
  for (size_t i = 0; i < tasks_.size(); ++i) {
    if (isSource_[i] && finished_.count(i) == 0) sources.push_back(tasks_[i]);
  }
  lock.unlock();
  for (CheckpointParticipant* source : sources) source->triggerCheckpoint(id);
  lock.lock();
  if (pending_ && pending_->id == id && pending_->snapshots.size() == tasks_.size()) completeLocked(lock);
}

void CheckpointCoordinator::acknowledge(size_t task, int64_t id, std::string snapshot) {
  std::unique_lock lock(mutex_);
  if (!pending_ || pending_->id != id) return;  // abandoned or late
  pending_->snapshots[task] = std::move(snapshot);
  if (pending_->snapshots.size() == tasks_.size()) completeLocked(lock);
}

void CheckpointCoordinator::taskFinished(size_t task, std::string finalSnapshot) {
  std::unique_lock lock(mutex_);
  if (pending_ && pending_->snapshots.count(task) == 0) pending_->snapshots[task] = finalSnapshot;
  finished_[task] = std::move(finalSnapshot);
  if (pending_ && pending_->snapshots.size() == tasks_.size()) completeLocked(lock);
}

void CheckpointCoordinator::decline(size_t task, int64_t id, const Status& reason) {
  std::unique_lock lock(mutex_);
  if (!pending_ || pending_->id != id) return;
  failPendingLocked(fmt::format("checkpoint {} was declined by task {}: {}", id, fileNames_[task], reason.toString()));
}

void CheckpointCoordinator::completeLocked(std::unique_lock<std::mutex>& lock) {
  Pending done = std::move(*pending_);
  pending_.reset();
  checkpoint::CheckpointMetadata metadata;
  metadata.checkpointId = done.id;
  metadata.timestampMs = done.timestampMs;
  metadata.jobName = jobName_;
  metadata.operators = operators_;
  std::map<std::string, std::string> files;
  int64_t bytes = 0;
  for (auto& [task, snapshot] : done.snapshots) {
    bytes += static_cast<int64_t>(snapshot.size());
    files.emplace(fileNames_[task], std::move(snapshot));
  }
  // Written outside the lock: acknowledgements of nothing else are pending
  // (one checkpoint at a time), but stats() must not wait on the disk.
  writing_ = true;
  lock.unlock();
  Result<std::filesystem::path> written = storage_.write(std::move(metadata), files);
  Status retained = written.ok() ? storage_.retain(std::max(1, config_.retained)) : Status::OK();
  lock.lock();
  writing_ = false;
  lastEnd_ = std::chrono::steady_clock::now();
  if (!written.ok()) {
    // storage_.write() deleted what it wrote: this checkpoint never counts.
    ++stats_.failed;
    stats_.lastFailure = fmt::format("checkpoint {} failed: {}", done.id, written.status().toString());
    SABOT_LOG_WARN("{}", stats_.lastFailure);
    if (++consecutiveFailures_ > config_.tolerableFailures) {
      control_->fail(written.status().withContext("checkpoint {} failed ({} consecutive checkpoint failures, {} tolerated)",
                                                  done.id, consecutiveFailures_, config_.tolerableFailures));
    }
    return;
  }
  if (!retained.ok()) SABOT_LOG_WARN("could not delete old checkpoints: {}", retained.toString());
  consecutiveFailures_ = 0;
  ++stats_.completed;
  stats_.lastCompletedId = done.id;
  stats_.lastCompletedPath = written->string();
  stats_.lastDurationMs = std::chrono::duration_cast<std::chrono::milliseconds>(lastEnd_ - done.started).count();
  stats_.lastSizeBytes = bytes;
  const int64_t id = done.id;
  std::vector<CheckpointParticipant*> tasks = tasks_;
  lock.unlock();
  for (CheckpointParticipant* task : tasks) task->notifyCheckpointComplete(id);
  lock.lock();
}

void CheckpointCoordinator::failPendingLocked(const std::string& why) {
  pending_.reset();
  lastEnd_ = std::chrono::steady_clock::now();
  ++stats_.failed;
  stats_.lastFailure = why;
  SABOT_LOG_WARN("{}", why);
  if (++consecutiveFailures_ > config_.tolerableFailures) {
    control_->fail(Status::ioError("{} ({} consecutive checkpoint failures, {} tolerated)", why, consecutiveFailures_,
                                   config_.tolerableFailures));
  }
}

Status CheckpointCoordinator::writeFinalCheckpoint() {
  std::lock_guard lock(mutex_);
  if (finished_.size() != tasks_.size()) return Status::internal("not every task finished");
  checkpoint::CheckpointMetadata metadata;
  metadata.checkpointId = std::max(nextId_, storage_.highestId() + 1);
  nextId_ = metadata.checkpointId + 1;
  metadata.timestampMs =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  metadata.jobName = jobName_;
  metadata.operators = operators_;
  std::map<std::string, std::string> files;
  for (const auto& [task, snapshot] : finished_) files.emplace(fileNames_[task], snapshot);
  SABOT_ASSIGN_OR_RAISE(std::filesystem::path written, storage_.write(std::move(metadata), files));
  ++stats_.completed;
  stats_.lastCompletedPath = written.string();
  return storage_.retain(std::max(1, config_.retained));
}

CheckpointStats CheckpointCoordinator::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

}  // namespace sabot::runtime
