#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sabot/base/Result.h"

namespace sabot::runtime {

enum class RestartStrategyKind : uint8_t {
  /// A failure fails the job (the default).
  kNone = 0,
  /// Restart after a fixed delay, at most `maxAttempts` times.
  kFixedDelay = 1,
  /// Restart after a delay that grows by `multiplier` from `initialBackoff`
  /// up to `maxBackoff` (Flink's exponential-delay).
  kExponentialDelay = 2,
};

/// What a job does when it fails (Flink's restart strategies): fail, or
/// restart from the latest completed checkpoint (from the beginning when
/// none completed yet) after a delay. A cancelled job is never restarted.
/// Applied by RestartingExecution (StreamEnvironment::execute uses it);
/// JobExecution alone runs one attempt and ignores it.
struct RestartStrategy {
  RestartStrategyKind kind = RestartStrategyKind::kNone;
  /// kFixedDelay: restarts allowed in all (at least 1).
  /// kExponentialDelay: restarts allowed since the backoff was last reset;
  /// 0 = no limit.
  int32_t maxAttempts = 0;
  /// kFixedDelay: the wait before every restart.
  std::chrono::milliseconds delay{0};
  /// kExponentialDelay: the wait before the first restart (at least 1 ms) ...
  std::chrono::milliseconds initialBackoff{1000};
  /// ... growing by `multiplier` (at least 1) per restart up to `maxBackoff`
  /// (at least `initialBackoff`).
  std::chrono::milliseconds maxBackoff{std::chrono::minutes(1)};
  double multiplier = 2.0;
  /// kExponentialDelay: an attempt that ran at least this long before it
  /// failed resets the backoff to `initialBackoff` and the attempt count to
  /// 0 (Flink's reset-backoff-threshold); 0 = never reset.
  std::chrono::milliseconds resetAfter{std::chrono::hours(1)};

  static RestartStrategy none() { return {}; }
  static RestartStrategy fixedDelay(int32_t maxAttempts, std::chrono::milliseconds delay);
  static RestartStrategy exponentialDelay(std::chrono::milliseconds initialBackoff, std::chrono::milliseconds maxBackoff,
                                          double multiplier = 2.0, int32_t maxAttempts = 0,
                                          std::chrono::milliseconds resetAfter = std::chrono::hours(1));

  bool restarts() const { return kind != RestartStrategyKind::kNone; }
  /// Invalid naming the field and the value when the settings make no sense.
  Status validate() const;
  /// E.g. "fixed delay (3 attempts, 100 ms apart)".
  std::string describe() const;
};

/// Parses the CLI form: "none", "fixed:ATTEMPTS:DELAY_MS" or
/// "exponential:INITIAL_MS:MAX_MS[:MULTIPLIER[:ATTEMPTS[:RESET_MS]]]"
/// (defaults: multiplier 2, no attempt limit, reset after an hour). The
/// result is validated; errors name the part that is wrong.
Result<RestartStrategy> parseRestartStrategy(std::string_view text);

/// The decisions of a restart strategy over one job's life: after each
/// failure, whether to restart and after how long. Pure (no clock), so
/// tests can drive it with made-up run times.
class RestartBackoff {
 public:
  explicit RestartBackoff(RestartStrategy strategy);

  /// The job failed after its latest attempt ran for `ranFor`: the delay
  /// before the next restart, or nullopt when the strategy allows no more.
  std::optional<std::chrono::milliseconds> onFailure(std::chrono::milliseconds ranFor);
  /// Restarts granted so far.
  int32_t restarts() const { return restarts_; }
  const RestartStrategy& strategy() const { return strategy_; }

 private:
  RestartStrategy strategy_;
  int32_t restarts_ = 0;
  int32_t attemptsSinceReset_ = 0;
  std::chrono::milliseconds nextBackoff_;
};

}  // namespace sabot::runtime
