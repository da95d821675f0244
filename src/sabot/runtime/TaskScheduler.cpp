#include "sabot/runtime/TaskScheduler.h"

#include "sabot/base/Check.h"

namespace sabot::runtime {

void Schedulable::wake() { scheduler_->wake(this); }

TaskScheduler::TaskScheduler(int32_t numThreads) : numThreads_(numThreads < 1 ? 1 : numThreads) {}

TaskScheduler::~TaskScheduler() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  workAvailable_.notify_all();
  for (std::thread& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
}

void TaskScheduler::start(const std::vector<Schedulable*>& tasks) {
  {
    std::lock_guard lock(mutex_);
    numTasks_ = tasks.size();
    for (Schedulable* task : tasks) {
      task->scheduler_ = this;
      task->state_.store(Schedulable::kQueued);
      ready_.push_back(task);
    }
  }
  threads_.reserve(static_cast<size_t>(numThreads_));
  for (int32_t i = 0; i < numThreads_; ++i) threads_.emplace_back([this] { workerLoop(); });
}

void TaskScheduler::waitAndJoin() {
  {
    std::unique_lock lock(mutex_);
    allFinished_.wait(lock, [this] { return numFinished_ == numTasks_; });
    stopping_ = true;
  }
  workAvailable_.notify_all();
  for (std::thread& thread : threads_) thread.join();
  threads_.clear();
}

void TaskScheduler::wake(Schedulable* task) {
  uint8_t state = task->state_.load();
  while (true) {
    if (state == Schedulable::kIdle) {
      if (task->state_.compare_exchange_weak(state, Schedulable::kQueued)) {
        {
          std::lock_guard lock(mutex_);
          ready_.push_back(task);
        }
        workAvailable_.notify_one();
        return;
      }
    } else if (state == Schedulable::kRunning) {
      // It is running now: make it run once more instead of parking, so a
      // wake-up that raced with its decision to block is not lost.
      if (task->state_.compare_exchange_weak(state, Schedulable::kRunningWoken)) return;
    } else {
      return;  // already queued, already woken, or done
    }
  }
}

void TaskScheduler::wakeAt(Schedulable* task, std::chrono::steady_clock::time_point deadline) {
  {
    std::lock_guard lock(mutex_);
    timers_.push(Timer{deadline, task});
  }
  // A sleeping worker may be waiting for a later timer: let it recompute.
  workAvailable_.notify_one();
}

void TaskScheduler::workerLoop() {
  std::vector<Schedulable*> due;
  while (true) {
    Schedulable* task = nullptr;
    {
      std::unique_lock lock(mutex_);
      while (true) {
        if (stopping_) return;
        const auto now = std::chrono::steady_clock::now();
        while (!timers_.empty() && timers_.top().deadline <= now) {
          due.push_back(timers_.top().task);
          timers_.pop();
        }
        if (!due.empty()) break;
        if (!ready_.empty()) {
          task = ready_.front();
          ready_.pop_front();
          break;
        }
        if (timers_.empty()) {
          workAvailable_.wait(lock);
        } else {
          // A copy: wait_until reads the deadline while the lock is released,
          // when another thread's wakeAt() may reallocate the queue.
          const std::chrono::steady_clock::time_point deadline = timers_.top().deadline;
          workAvailable_.wait_until(lock, deadline);
        }
      }
    }
    if (!due.empty()) {
      for (Schedulable* dueTask : due) wake(dueTask);
      due.clear();
      continue;
    }
    task->state_.store(Schedulable::kRunning);
    afterRun(task, task->runOnce());
  }
}

void TaskScheduler::afterRun(Schedulable* task, RunResult result) {
  switch (result) {
    case RunResult::kFinished: {
      task->state_.store(Schedulable::kDone);
      std::lock_guard lock(mutex_);
      ++numFinished_;
      if (numFinished_ == numTasks_) allFinished_.notify_all();
      return;
    }
    case RunResult::kMadeProgress:
      task->state_.store(Schedulable::kQueued);
      break;
    case RunResult::kBlocked: {
      uint8_t expected = Schedulable::kRunning;
      if (task->state_.compare_exchange_strong(expected, Schedulable::kIdle)) return;
      SABOT_DCHECK(expected == Schedulable::kRunningWoken);
      task->state_.store(Schedulable::kQueued);
      break;
    }
  }
  {
    std::lock_guard lock(mutex_);
    ready_.push_back(task);
  }
  workAvailable_.notify_one();
}

}  // namespace sabot::runtime
