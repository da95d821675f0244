#pragma once

#include <functional>

#include "sabot/base/Result.h"
#include "sabot/runtime/JobExecution.h"

namespace sabot::cli {

/// Called about four times a second, from another thread, with a running
/// job's live metrics and the seconds since it started.
using ProgressCallback = std::function<void(const runtime::JobMetrics& metrics, double seconds)>;

/// Waits for `job` to end, calling `onProgress` (may be empty) meanwhile.
Result<runtime::JobResult> waitReportingProgress(runtime::JobExecution& job, const ProgressCallback& onProgress);

}  // namespace sabot::cli
