#pragma once

#include <fmt/format.h>

#include <string>

#include "sabot/base/Result.h"

namespace sabot::detail {
[[noreturn]] void checkFailed(const char* file, int line, const char* condition,
                              const std::string& message);
}  // namespace sabot::detail

/// Aborts with file, line and condition when an internal invariant is broken.
/// Never use for user input: that gets a Status.
#define SABOT_CHECK(condition, ...)                                                  \
  do {                                                                               \
    if (__builtin_expect(!(condition), 0)) {                                         \
      ::sabot::detail::checkFailed(__FILE__, __LINE__, #condition,                   \
                                   ::fmt::format("" __VA_ARGS__));                   \
    }                                                                                \
  } while (false)

/// SABOT_CHECK that compiles away in release builds (hot paths).
#ifdef NDEBUG
#define SABOT_DCHECK(condition, ...) \
  do {                               \
  } while (false && (condition))
#else
#define SABOT_DCHECK(condition, ...) SABOT_CHECK(condition, __VA_ARGS__)
#endif

/// Aborts if a Status or Result is not OK (tests, tools, and code paths that
/// cannot fail by construction).
#define SABOT_CHECK_OK(expr)                                                         \
  do {                                                                               \
    ::sabot::Status _sabot_chk = ::sabot::detail::toStatus(expr);                    \
    if (!_sabot_chk.ok()) {                                                          \
      ::sabot::detail::checkFailed(__FILE__, __LINE__, #expr, _sabot_chk.toString()); \
    }                                                                                \
  } while (false)
