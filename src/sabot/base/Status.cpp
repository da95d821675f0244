#include "sabot/base/Status.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "sabot/base/Check.h"
#include "sabot/base/Result.h"

namespace sabot {

std::string_view statusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "OK";
    case StatusCode::kInvalid: return "Invalid";
    case StatusCode::kTypeError: return "Type error";
    case StatusCode::kKeyError: return "Key error";
    case StatusCode::kIndexError: return "Index error";
    case StatusCode::kCorrupt: return "Corrupt data";
    case StatusCode::kUnsupported: return "Unsupported";
    case StatusCode::kIOError: return "I/O error";
    case StatusCode::kOutOfMemory: return "Out of memory";
    case StatusCode::kCancelled: return "Cancelled";
    case StatusCode::kInternal: return "Internal error";
  }
  return "Unknown";
}

Status::Status(StatusCode code, std::string message) {
  if (code != StatusCode::kOk) state_ = std::make_unique<State>(State{code, std::move(message)});
}

Status::Status(const Status& other)
    : state_(other.state_ ? std::make_unique<State>(*other.state_) : nullptr) {}

Status& Status::operator=(const Status& other) {
  if (this != &other) state_ = other.state_ ? std::make_unique<State>(*other.state_) : nullptr;
  return *this;
}

Status Status::fromErrno(int errnum, std::string_view what) {
  return Status(StatusCode::kIOError, fmt::format("{}: {}", what, std::strerror(errnum)));
}

const std::string& Status::message() const {
  static const std::string kEmpty;
  return state_ ? state_->message : kEmpty;
}

bool Status::isUserError() const {
  const auto value = static_cast<int>(code());
  return value > 0 && value < static_cast<int>(StatusCode::kIOError);
}

std::string Status::toString() const {
  if (ok()) return "OK";
  return fmt::format("{}: {}", statusCodeName(code()), message());
}

void Status::abortIfNotOk() const {
  if (!ok()) {
    std::fprintf(stderr, "sabot: fatal: %s\n", toString().c_str());
    std::abort();
  }
}

namespace detail {

void abortOnBadResultAccess(const Status& status) {
  std::fprintf(stderr, "sabot: fatal: value of a failed Result accessed: %s\n",
               status.toString().c_str());
  std::abort();
}

void checkFailed(const char* file, int line, const char* condition, const std::string& message) {
  std::fprintf(stderr, "sabot: check failed at %s:%d: %s%s%s\n", file, line, condition,
               message.empty() ? "" : ": ", message.c_str());
  std::abort();
}

}  // namespace detail
}  // namespace sabot
