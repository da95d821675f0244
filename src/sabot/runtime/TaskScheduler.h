#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <queue>
#include <thread>
#include <vector>

#include "sabot/runtime/Channel.h"

namespace sabot::runtime {

class TaskScheduler;

/// What a task tells the scheduler after one slice of work.
enum class RunResult : uint8_t {
  kMadeProgress,  ///< more work may be there: run again (after others had a turn)
  kBlocked,       ///< waiting for input, output space or a timer: park until woken
  kFinished,      ///< done (or cancelled): never run again
};

/// A unit the scheduler runs: a subtask's fused operator chain. It must
/// return from runOnce() quickly (a slice of work, never a wait), which is
/// how a fixed pool of threads runs any number of subtasks.
class Schedulable : public Wakeable {
 public:
  virtual RunResult runOnce() = 0;
  void wake() final;

 protected:
  /// The scheduler running this task (set when the job starts).
  TaskScheduler* scheduler() const { return scheduler_; }

 private:
  friend class TaskScheduler;
  enum State : uint8_t { kIdle, kQueued, kRunning, kRunningWoken, kDone };
  std::atomic<uint8_t> state_{kIdle};
  TaskScheduler* scheduler_ = nullptr;
};

/// A fixed pool of worker threads running schedulables until all have
/// finished. A parked task is woken by a channel (data or space arrived) or
/// by a timer (wakeAt); a woken task goes to the back of one shared queue.
class TaskScheduler {
 public:
  explicit TaskScheduler(int32_t numThreads);
  ~TaskScheduler();
  TaskScheduler(const TaskScheduler&) = delete;
  TaskScheduler& operator=(const TaskScheduler&) = delete;

  /// Starts the threads; every task is runnable at first.
  void start(const std::vector<Schedulable*>& tasks);
  /// Blocks until every task has finished, then stops and joins the threads.
  void waitAndJoin();
  /// Wakes `task` at `deadline` (or at once if it has passed).
  void wakeAt(Schedulable* task, std::chrono::steady_clock::time_point deadline);
  int32_t numThreads() const { return numThreads_; }

 private:
  friend class Schedulable;
  void wake(Schedulable* task);
  void enqueueLocked(Schedulable* task);
  void workerLoop();
  void afterRun(Schedulable* task, RunResult result);

  const int32_t numThreads_;
  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::condition_variable workAvailable_;
  std::condition_variable allFinished_;
  std::deque<Schedulable*> ready_;
  struct Timer {
    std::chrono::steady_clock::time_point deadline;
    Schedulable* task;
    bool operator>(const Timer& other) const { return deadline > other.deadline; }
  };
  std::priority_queue<Timer, std::vector<Timer>, std::greater<>> timers_;
  size_t numTasks_ = 0;
  size_t numFinished_ = 0;
  bool stopping_ = false;
};

}  // namespace sabot::runtime
