#pragma once

#include <atomic>
#include <mutex>
#include <vector>

#include "sabot/base/Status.h"
#include "sabot/runtime/Channel.h"

namespace sabot::runtime {

/// What the tasks of one job share: whether the job is being stopped and
/// why. The first failure wins; every task sees the cancellation at its
/// next slice of work and stops.
class JobControl {
 public:
  /// The tasks to wake when the job is cancelled (set before it starts).
  void setTasks(std::vector<Wakeable*> tasks) { tasks_ = std::move(tasks); }

  bool cancelled() const { return cancelled_.load(std::memory_order_acquire); }
  /// Records `error` (if it is the first) and cancels the job.
  void fail(Status error);
  /// Stops the job without an error of its own (e.g. the user asked).
  void cancel();
  /// The error that failed the job, or OK.
  Status error() const;

 private:
  void wakeAll();

  std::atomic<bool> cancelled_{false};
  mutable std::mutex mutex_;
  Status error_;
  std::vector<Wakeable*> tasks_;
};

}  // namespace sabot::runtime
