#pragma once

#include <spdlog/spdlog.h>

#include <string_view>

#include "sabot/base/Status.h"

namespace sabot::logging {

/// Sets up the process-wide logger: human-readable lines on stderr, or one JSON
/// object per line when `json` is true (structured logs for collectors).
/// `level` is one of trace, debug, info, warn, error, off.
Status initialize(std::string_view level, bool json = false);

}  // namespace sabot::logging

// Logging goes through spdlog's macros so that disabled levels cost nothing.
#define SABOT_LOG_DEBUG(...) SPDLOG_DEBUG(__VA_ARGS__)
#define SABOT_LOG_INFO(...) SPDLOG_INFO(__VA_ARGS__)
#define SABOT_LOG_WARN(...) SPDLOG_WARN(__VA_ARGS__)
#define SABOT_LOG_ERROR(...) SPDLOG_ERROR(__VA_ARGS__)
