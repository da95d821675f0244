#include "sabot/base/Logging.h"

#include <spdlog/sinks/stdout_color_sinks.h>

#include <string>

namespace sabot::logging {

Status initialize(std::string_view level, bool json) {
  const auto parsed = spdlog::level::from_str(std::string(level));
  // from_str maps unknown names to "off"; only accept that for the literal.
  if (parsed == spdlog::level::off && level != "off") {
    return Status::invalid("unknown log level '{}' (expected trace, debug, info, warn, error, off)",
                           level);
  }
  auto logger = spdlog::get("sabot");
  if (!logger) logger = spdlog::stderr_color_mt("sabot");
  spdlog::set_default_logger(logger);
  spdlog::set_level(parsed);
  if (json) {
    spdlog::set_pattern(
        R"({"time":"%Y-%m-%dT%H:%M:%S.%f%z","level":"%l","thread":%t,"message":"%v"})");
  } else {
    spdlog::set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ %v");
  }
  return Status::OK();
}

}  // namespace sabot::logging
