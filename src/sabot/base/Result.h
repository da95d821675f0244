#pragma once

#include <cstdlib>
#include <new>
#include <type_traits>
#include <utility>

#include "sabot/base/Status.h"

namespace sabot {

namespace detail {
[[noreturn]] void abortOnBadResultAccess(const Status& status);
}  // namespace detail

/// Either a value of type T or an error Status (g++ 12 has no std::expected).
///
///   Result<int> parse(std::string_view text);
///   SABOT_ASSIGN_OR_RAISE(int n, parse(text));
template <typename T>
class [[nodiscard]] Result {
  static_assert(!std::is_same_v<T, Status>, "Result<Status> makes no sense");

 public:
  /// A Result must hold a value or an error; an OK status is a bug.
  Result(Status status) : status_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    if (status_.ok()) status_ = Status::internal("Result constructed from an OK status");
  }
  Result(const T& value) : hasValue_(true) { new (&storage_) T(value); }  // NOLINT
  Result(T&& value) : hasValue_(true) { new (&storage_) T(std::move(value)); }  // NOLINT
  template <typename U,
            typename = std::enable_if_t<std::is_convertible_v<U&&, T> &&
                                        !std::is_same_v<std::decay_t<U>, T> &&
                                        !std::is_same_v<std::decay_t<U>, Status> &&
                                        !std::is_same_v<std::decay_t<U>, Result<T>>>>
  Result(U&& value) : hasValue_(true) {  // NOLINT
    new (&storage_) T(std::forward<U>(value));
  }

  Result(const Result& other) : status_(other.status_), hasValue_(other.hasValue_) {
    if (hasValue_) new (&storage_) T(other.valueRef());
  }
  Result(Result&& other) noexcept(std::is_nothrow_move_constructible_v<T>)
      : status_(std::move(other.status_)), hasValue_(other.hasValue_) {
    if (hasValue_) new (&storage_) T(std::move(other.valueRef()));
  }
  Result& operator=(const Result& other) {
    if (this != &other) {
      destroy();
      status_ = other.status_;
      hasValue_ = other.hasValue_;
      if (hasValue_) new (&storage_) T(other.valueRef());
    }
    return *this;
  }
  Result& operator=(Result&& other) noexcept(std::is_nothrow_move_constructible_v<T>) {
    if (this != &other) {
      destroy();
      status_ = std::move(other.status_);
      hasValue_ = other.hasValue_;
      if (hasValue_) new (&storage_) T(std::move(other.valueRef()));
    }
    return *this;
  }
  ~Result() { destroy(); }

  bool ok() const { return hasValue_; }
  const Status& status() const { return status_; }

  const T& value() const& {
    checkValue();
    return valueRef();
  }
  T& value() & {
    checkValue();
    return valueRef();
  }
  T value() && {
    checkValue();
    return std::move(valueRef());
  }
  /// Moves the value out; aborts (with the error) if there is none.
  T valueOrDie() && { return std::move(*this).value(); }
  const T& valueOrDie() const& { return value(); }
  T valueOr(T fallback) const& { return hasValue_ ? valueRef() : std::move(fallback); }

  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  T operator*() && { return std::move(*this).value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  /// Used by SABOT_ASSIGN_OR_RAISE once ok() has been checked.
  T moveValueUnsafe() { return std::move(valueRef()); }

 private:
  void checkValue() const {
    if (!hasValue_) detail::abortOnBadResultAccess(status_);
  }
  T& valueRef() { return *std::launder(reinterpret_cast<T*>(&storage_)); }
  const T& valueRef() const { return *std::launder(reinterpret_cast<const T*>(&storage_)); }
  void destroy() {
    if (hasValue_) valueRef().~T();
    hasValue_ = false;
  }

  Status status_;
  bool hasValue_ = false;
  alignas(T) unsigned char storage_[sizeof(T)];
};

namespace detail {
inline const Status& toStatus(const Status& status) { return status; }
template <typename T>
const Status& toStatus(const Result<T>& result) {
  return result.status();
}
}  // namespace detail

}  // namespace sabot

#define SABOT_CONCAT_IMPL(a, b) a##b
#define SABOT_CONCAT(a, b) SABOT_CONCAT_IMPL(a, b)

/// Returns the Status from the enclosing function if `expr` (a Status or a
/// Result) is not OK.
#define SABOT_RETURN_NOT_OK(expr)                                        \
  do {                                                                   \
    /* A copy: `expr` may be f().status(), a reference into a temporary. */ \
    ::sabot::Status _sabot_st = ::sabot::detail::toStatus(expr);         \
    if (__builtin_expect(!_sabot_st.ok(), 0)) {                          \
      return _sabot_st;                                                  \
    }                                                                    \
  } while (false)

/// Like SABOT_RETURN_NOT_OK, prefixing the error message with a context.
#define SABOT_RETURN_NOT_OK_CONTEXT(expr, ...)                                        \
  do {                                                                                \
    ::sabot::Status _sabot_st = ::sabot::detail::toStatus(expr);                      \
    if (__builtin_expect(!_sabot_st.ok(), 0)) {                                       \
      return _sabot_st.withContext(__VA_ARGS__);                                      \
    }                                                                                 \
  } while (false)

#define SABOT_ASSIGN_OR_RAISE_IMPL(result_name, lhs, rexpr) \
  auto&& result_name = (rexpr);                             \
  if (__builtin_expect(!result_name.ok(), 0)) {             \
    return result_name.status();                            \
  }                                                         \
  lhs = std::move(result_name).moveValueUnsafe();

/// Evaluates `rexpr` (a Result<T>); on error returns its Status from the
/// enclosing function, otherwise move-assigns the value to `lhs`, which may be
/// a declaration: SABOT_ASSIGN_OR_RAISE(auto batch, reader->next());
#define SABOT_ASSIGN_OR_RAISE(lhs, rexpr) \
  SABOT_ASSIGN_OR_RAISE_IMPL(SABOT_CONCAT(_sabot_result_, __COUNTER__), lhs, rexpr)
