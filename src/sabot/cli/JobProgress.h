#pragma once

#include <functional>

#include "sabot/base/Result.h"
#include "sabot/runtime/JobExecution.h"
#include "sabot/runtime/RestartingExecution.h"

namespace sabot::cli {

/// Called about four times a second, from another thread, with a running
/// job's live metrics and the seconds since it started.
using ProgressCallback = std::function<void(const runtime::JobMetrics& metrics, double seconds)>;

/// Waits for `job` to end, calling `onProgress` (may be empty) meanwhile.
Result<runtime::JobResult> waitReportingProgress(runtime::JobExecution& job, const ProgressCallback& onProgress);
/// The same for a job under a restart strategy (StreamEnvironment::executeAsync).
Result<runtime::JobResult> waitReportingProgress(runtime::RestartingExecution& job, const ProgressCallback& onProgress);

}  // namespace sabot::cli
