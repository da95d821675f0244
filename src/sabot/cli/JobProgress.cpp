#include "sabot/cli/JobProgress.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace sabot::cli {

namespace {

template <typename Job>
Result<runtime::JobResult> waitReporting(Job& job, const ProgressCallback& onProgress) {
  std::mutex mutex;
  std::condition_variable finished;
  bool done = false;
  std::thread reporter;
  if (onProgress) {
    reporter = std::thread([&] {
      const auto start = std::chrono::steady_clock::now();
      std::unique_lock lock(mutex);
      while (!finished.wait_for(lock, std::chrono::milliseconds(250), [&] { return done; })) {
        onProgress(job.metrics(), std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
      }
    });
  }
  Result<runtime::JobResult> result = job.wait();
  if (reporter.joinable()) {
    {
      std::lock_guard lock(mutex);
      done = true;
    }
    finished.notify_all();
    reporter.join();
  }
  return result;
}

}  // namespace

Result<runtime::JobResult> waitReportingProgress(runtime::JobExecution& job, const ProgressCallback& onProgress) {
  return waitReporting(job, onProgress);
}

Result<runtime::JobResult> waitReportingProgress(runtime::RestartingExecution& job, const ProgressCallback& onProgress) {
  return waitReporting(job, onProgress);
}

}  // namespace sabot::cli
