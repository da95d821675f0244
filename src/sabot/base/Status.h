#pragma once

#include <fmt/format.h>

#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>

namespace sabot {

/// What went wrong, grouped so callers can tell user errors from bugs.
enum class StatusCode : int8_t {
  kOk = 0,
  // User errors: bad input, bad usage, bad data.
  kInvalid = 1,        ///< An argument or configuration is not acceptable.
  kTypeError = 2,      ///< Types do not fit (detected at plan time).
  kKeyError = 3,       ///< A named thing (column, option) does not exist.
  kIndexError = 4,     ///< An index or offset is out of range.
  kCorrupt = 5,        ///< Bytes from outside (file, network) are malformed.
  kUnsupported = 6,    ///< Valid input that Sabot does not handle.
  // Environment errors.
  kIOError = 20,       ///< The operating system refused (open, read, write).
  kOutOfMemory = 21,   ///< An allocation or a memory limit failed.
  kCancelled = 22,     ///< The work was stopped on purpose.
  // Bugs.
  kInternal = 40,      ///< An invariant of Sabot itself was broken.
};

std::string_view statusCodeName(StatusCode code);

/// The outcome of an operation that can fail. Cheap when OK (one null pointer).
///
/// Following Arrow C++, errors do not cross module boundaries as exceptions:
/// functions return `Status` or `Result<T>` and callers propagate them with
/// SABOT_RETURN_NOT_OK / SABOT_ASSIGN_OR_RAISE.
class [[nodiscard]] Status {
 public:
  Status() noexcept = default;
  Status(StatusCode code, std::string message);
  Status(const Status& other);
  Status& operator=(const Status& other);
  Status(Status&&) noexcept = default;
  Status& operator=(Status&&) noexcept = default;
  ~Status() = default;

  static Status OK() { return Status(); }

#define SABOT_STATUS_FACTORY(NAME, CODE)                                  \
  template <typename... Args>                                             \
  static Status NAME(fmt::format_string<Args...> format, Args&&... args) { \
    return Status(CODE, fmt::format(format, std::forward<Args>(args)...)); \
  }
  SABOT_STATUS_FACTORY(invalid, StatusCode::kInvalid)
  SABOT_STATUS_FACTORY(typeError, StatusCode::kTypeError)
  SABOT_STATUS_FACTORY(keyError, StatusCode::kKeyError)
  SABOT_STATUS_FACTORY(indexError, StatusCode::kIndexError)
  SABOT_STATUS_FACTORY(corrupt, StatusCode::kCorrupt)
  SABOT_STATUS_FACTORY(unsupported, StatusCode::kUnsupported)
  SABOT_STATUS_FACTORY(ioError, StatusCode::kIOError)
  SABOT_STATUS_FACTORY(outOfMemory, StatusCode::kOutOfMemory)
  SABOT_STATUS_FACTORY(cancelled, StatusCode::kCancelled)
  SABOT_STATUS_FACTORY(internal, StatusCode::kInternal)
#undef SABOT_STATUS_FACTORY

  /// An I/O error from a failed libc call: appends strerror(errnum).
  static Status fromErrno(int errnum, std::string_view what);

  bool ok() const { return state_ == nullptr; }
  StatusCode code() const { return state_ ? state_->code : StatusCode::kOk; }
  const std::string& message() const;

  bool isInvalid() const { return code() == StatusCode::kInvalid; }
  bool isTypeError() const { return code() == StatusCode::kTypeError; }
  bool isCorrupt() const { return code() == StatusCode::kCorrupt; }
  bool isIOError() const { return code() == StatusCode::kIOError; }
  bool isKeyError() const { return code() == StatusCode::kKeyError; }
  bool isIndexError() const { return code() == StatusCode::kIndexError; }
  bool isOutOfMemory() const { return code() == StatusCode::kOutOfMemory; }
  bool isInternal() const { return code() == StatusCode::kInternal; }

  /// True for errors caused by the user's input or usage rather than by the
  /// environment or by a bug in Sabot.
  bool isUserError() const;

  /// Returns a copy whose message is prefixed with `context: `. OK stays OK.
  template <typename... Args>
  Status withContext(fmt::format_string<Args...> format, Args&&... args) const {
    if (ok()) return Status();
    return Status(code(), fmt::format(format, std::forward<Args>(args)...) + ": " + message());
  }

  /// "Invalid: message", or "OK".
  std::string toString() const;

  /// Aborts the process with the message if not OK. For tests, tools and
  /// places where failure is a bug.
  void abortIfNotOk() const;

  bool operator==(const Status& other) const {
    return code() == other.code() && message() == other.message();
  }

 private:
  struct State {
    StatusCode code;
    std::string message;
  };
  std::unique_ptr<State> state_;
};

inline std::ostream& operator<<(std::ostream& os, const Status& status) {
  return os << status.toString();
}

}  // namespace sabot
