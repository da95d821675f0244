#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "sabot/checkpoint/CheckpointStorage.h"
#include "sabot/runtime/JobConfig.h"
#include "sabot/runtime/JobControl.h"

namespace sabot::runtime {

/// What a checkpoint coordinator reports (for metrics, the CLI and tests).
struct CheckpointStats {
  int64_t triggered = 0;
  int64_t completed = 0;
  int64_t failed = 0;
  int64_t lastCompletedId = 0;
  std::string lastCompletedPath;
  int64_t lastDurationMs = 0;
  int64_t lastSizeBytes = 0;
  std::string lastFailure;
};

/// What the coordinator needs from the tasks it drives.
class CheckpointParticipant {
 public:
  virtual ~CheckpointParticipant() = default;
  /// Sources only: start checkpoint `id` (emit its barrier) at the next
  /// chance. Called from the coordinator thread.
  virtual void triggerCheckpoint(int64_t id) = 0;
  /// Checkpoint `id` completed: commit. Called from the coordinator thread.
  virtual void notifyCheckpointComplete(int64_t id) = 0;
};

/// Drives the checkpoints of one job (Flink's CheckpointCoordinator): every
/// interval it triggers a checkpoint at the sources, collects each task's
/// snapshot as barriers pass, writes the completed checkpoint to storage,
/// then tells the tasks to commit. One checkpoint at a time.
class CheckpointCoordinator {
 public:
  /// `taskNames[i]` names task i's state file; `operators` is the job's shape.
  CheckpointCoordinator(CheckpointConfig config, checkpoint::CheckpointStorage storage, std::string jobName,
                        std::vector<checkpoint::OperatorShape> operators, JobControl* control);
  ~CheckpointCoordinator();

  /// Sets the tasks (index = task index) and which of them are sources.
  void setParticipants(std::vector<CheckpointParticipant*> tasks, std::vector<bool> isSource,
                       std::vector<std::string> fileNames);
  /// Starts the trigger thread; the first checkpoint gets id `firstId`.
  void start(int64_t firstId);
  /// Stops the thread (no checkpoint is triggered after this returns).
  void stop();

  /// Task `task` took its snapshot for checkpoint `id`.
  void acknowledge(size_t task, int64_t id, std::string snapshot);
  /// Task `task` finished; `finalSnapshot` stands for it in later checkpoints.
  void taskFinished(size_t task, std::string finalSnapshot);
  /// Task `task` could not snapshot checkpoint `id`.
  void decline(size_t task, int64_t id, const Status& reason);

  CheckpointStats stats() const;
  /// Every task finished: writes a last checkpoint from their final
  /// snapshots (sources at their end, what sinks hold pending), so that
  /// resuming a job that already finished does nothing instead of
  /// replaying (Flink's final checkpoint). Call after stop().
  Status writeFinalCheckpoint();

 private:
  void run();
  void triggerLocked(std::unique_lock<std::mutex>& lock);
  void completeLocked(std::unique_lock<std::mutex>& lock);
  void failPendingLocked(const std::string& why);

  const CheckpointConfig config_;
  checkpoint::CheckpointStorage storage_;
  const std::string jobName_;
  const std::vector<checkpoint::OperatorShape> operators_;
  JobControl* control_;
  std::vector<CheckpointParticipant*> tasks_;
  std::vector<bool> isSource_;
  std::vector<std::string> fileNames_;

  mutable std::mutex mutex_;
  std::condition_variable wakeUp_;
  std::thread thread_;
  bool stopping_ = false;
  int64_t nextId_ = 1;
  struct Pending {
    int64_t id = 0;
    std::chrono::steady_clock::time_point started;
    int64_t timestampMs = 0;
    std::map<size_t, std::string> snapshots;
  };
  std::optional<Pending> pending_;
  /// A completed checkpoint's files are being written: trigger no other.
  bool writing_ = false;
  std::map<size_t, std::string> finished_;
  std::chrono::steady_clock::time_point lastEnd_;
  int32_t consecutiveFailures_ = 0;
  CheckpointStats stats_;
};

}  // namespace sabot::runtime
