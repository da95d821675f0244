#include "sabot/runtime/JobControl.h"

namespace sabot::runtime {

void JobControl::fail(Status error) {
  {
    std::lock_guard lock(mutex_);
    if (error_.ok()) error_ = std::move(error);
  }
  cancelled_.store(true, std::memory_order_release);
  wakeAll();
}

void JobControl::cancel() {
  {
    std::lock_guard lock(mutex_);
    if (error_.ok()) error_ = Status::cancelled("the job was cancelled");
  }
  cancelled_.store(true, std::memory_order_release);
  wakeAll();
}

Status JobControl::error() const {
  std::lock_guard lock(mutex_);
  return error_;
}

void JobControl::wakeAll() {
  for (Wakeable* task : tasks_) task->wake();
}

}  // namespace sabot::runtime
