#include "sabot/runtime/RestartStrategy.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <vector>

namespace sabot::runtime {

namespace {

std::string millis(std::chrono::milliseconds value) { return fmt::format("{} ms", value.count()); }

std::vector<std::string_view> splitOnColons(std::string_view text) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const size_t colon = text.find(':', start);
    parts.push_back(text.substr(start, colon == std::string_view::npos ? std::string_view::npos : colon - start));
    if (colon == std::string_view::npos) return parts;
    start = colon + 1;
  }
}

Result<int64_t> parseCount(std::string_view text, std::string_view what, std::string_view whole) {
  int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    return Status::invalid("restart strategy '{}': {} must be a whole number, got '{}'", whole, what, text);
  }
  return value;
}

Result<double> parseMultiplier(std::string_view text, std::string_view whole) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    return Status::invalid("restart strategy '{}': the multiplier must be a number, got '{}'", whole, text);
  }
  return value;
}

Result<int32_t> parseAttempts(std::string_view text, std::string_view whole) {
  SABOT_ASSIGN_OR_RAISE(int64_t value, parseCount(text, "the number of attempts", whole));
  if (value < 0 || value > std::numeric_limits<int32_t>::max()) {
    return Status::invalid("restart strategy '{}': the number of attempts must be between 0 and {}, got {}", whole,
                           std::numeric_limits<int32_t>::max(), value);
  }
  return static_cast<int32_t>(value);
}

}  // namespace

RestartStrategy RestartStrategy::fixedDelay(int32_t maxAttempts, std::chrono::milliseconds delay) {
  RestartStrategy strategy;
  strategy.kind = RestartStrategyKind::kFixedDelay;
  strategy.maxAttempts = maxAttempts;
  strategy.delay = delay;
  return strategy;
}

RestartStrategy RestartStrategy::exponentialDelay(std::chrono::milliseconds initialBackoff,
                                                  std::chrono::milliseconds maxBackoff, double multiplier,
                                                  int32_t maxAttempts, std::chrono::milliseconds resetAfter) {
  RestartStrategy strategy;
  strategy.kind = RestartStrategyKind::kExponentialDelay;
  strategy.initialBackoff = initialBackoff;
  strategy.maxBackoff = maxBackoff;
  strategy.multiplier = multiplier;
  strategy.maxAttempts = maxAttempts;
  strategy.resetAfter = resetAfter;
  return strategy;
}

Status RestartStrategy::validate() const {
  switch (kind) {
    case RestartStrategyKind::kNone:
      return Status::OK();
    case RestartStrategyKind::kFixedDelay:
      if (maxAttempts < 1) {
        return Status::invalid("a fixed-delay restart strategy needs at least 1 attempt, got {}", maxAttempts);
      }
      if (delay.count() < 0) return Status::invalid("the restart delay must not be negative, got {}", millis(delay));
      return Status::OK();
    case RestartStrategyKind::kExponentialDelay:
      if (initialBackoff.count() < 1) {
        return Status::invalid("the initial restart backoff must be at least 1 ms, got {}", millis(initialBackoff));
      }
      if (maxBackoff < initialBackoff) {
        return Status::invalid("the maximum restart backoff ({}) must not be below the initial one ({})",
                               millis(maxBackoff), millis(initialBackoff));
      }
      if (!std::isfinite(multiplier) || multiplier < 1.0) {
        return Status::invalid("the restart backoff multiplier must be at least 1, got {}", multiplier);
      }
      if (maxAttempts < 0) {
        return Status::invalid("the number of restart attempts must not be negative (0 = no limit), got {}",
                               maxAttempts);
      }
      if (resetAfter.count() < 0) {
        return Status::invalid("the restart backoff reset threshold must not be negative (0 = never), got {}",
                               millis(resetAfter));
      }
      return Status::OK();
  }
  return Status::invalid("unknown restart strategy kind {}", static_cast<int>(kind));
}

std::string RestartStrategy::describe() const {
  switch (kind) {
    case RestartStrategyKind::kNone:
      return "none";
    case RestartStrategyKind::kFixedDelay:
      return fmt::format("fixed delay ({} attempt{}, {} apart)", maxAttempts, maxAttempts == 1 ? "" : "s",
                         millis(delay));
    case RestartStrategyKind::kExponentialDelay: {
      std::string text = fmt::format("exponential delay ({} to {}, x{}", millis(initialBackoff), millis(maxBackoff),
                                     multiplier);
      text += maxAttempts > 0 ? fmt::format(", {} attempt{}", maxAttempts, maxAttempts == 1 ? "" : "s")
                              : std::string(", no attempt limit");
      if (resetAfter.count() > 0) text += ", reset after " + millis(resetAfter) + " without failure";
      return text + ")";
    }
  }
  return "unknown";
}

Result<RestartStrategy> parseRestartStrategy(std::string_view text) {
  const std::vector<std::string_view> parts = splitOnColons(text);
  const std::string_view kind = parts.front();
  RestartStrategy strategy;
  if (kind == "none") {
    if (parts.size() != 1) return Status::invalid("restart strategy '{}': 'none' takes no arguments", text);
  } else if (kind == "fixed") {
    if (parts.size() != 3) {
      return Status::invalid("restart strategy '{}': use fixed:ATTEMPTS:DELAY_MS, e.g. fixed:3:1000", text);
    }
    SABOT_ASSIGN_OR_RAISE(int32_t attempts, parseAttempts(parts[1], text));
    SABOT_ASSIGN_OR_RAISE(int64_t delay, parseCount(parts[2], "the delay (ms)", text));
    strategy = RestartStrategy::fixedDelay(attempts, std::chrono::milliseconds(delay));
  } else if (kind == "exponential") {
    if (parts.size() < 3 || parts.size() > 6) {
      return Status::invalid(
          "restart strategy '{}': use exponential:INITIAL_MS:MAX_MS[:MULTIPLIER[:ATTEMPTS[:RESET_MS]]], e.g. "
          "exponential:100:10000",
          text);
    }
    SABOT_ASSIGN_OR_RAISE(int64_t initial, parseCount(parts[1], "the initial backoff (ms)", text));
    SABOT_ASSIGN_OR_RAISE(int64_t max, parseCount(parts[2], "the maximum backoff (ms)", text));
    strategy = RestartStrategy::exponentialDelay(std::chrono::milliseconds(initial), std::chrono::milliseconds(max));
    if (parts.size() > 3) {
      SABOT_ASSIGN_OR_RAISE(strategy.multiplier, parseMultiplier(parts[3], text));
    }
    if (parts.size() > 4) {
      SABOT_ASSIGN_OR_RAISE(strategy.maxAttempts, parseAttempts(parts[4], text));
    }
    if (parts.size() > 5) {
      SABOT_ASSIGN_OR_RAISE(int64_t reset, parseCount(parts[5], "the reset threshold (ms)", text));
      strategy.resetAfter = std::chrono::milliseconds(reset);
    }
  } else {
    return Status::invalid("unknown restart strategy '{}': use none, fixed:ATTEMPTS:DELAY_MS or "
                           "exponential:INITIAL_MS:MAX_MS",
                           text);
  }
  SABOT_RETURN_NOT_OK(strategy.validate().withContext("restart strategy '{}'", text));
  return strategy;
}

RestartBackoff::RestartBackoff(RestartStrategy strategy)
    : strategy_(std::move(strategy)), nextBackoff_(strategy_.initialBackoff) {}

std::optional<std::chrono::milliseconds> RestartBackoff::onFailure(std::chrono::milliseconds ranFor) {
  switch (strategy_.kind) {
    case RestartStrategyKind::kNone:
      return std::nullopt;
    case RestartStrategyKind::kFixedDelay:
      if (restarts_ >= strategy_.maxAttempts) return std::nullopt;
      ++restarts_;
      return strategy_.delay;
    case RestartStrategyKind::kExponentialDelay: {
      if (strategy_.resetAfter.count() > 0 && ranFor >= strategy_.resetAfter) {
        // It ran stably for a while: this failure is a new incident.
        attemptsSinceReset_ = 0;
        nextBackoff_ = strategy_.initialBackoff;
      }
      if (strategy_.maxAttempts > 0 && attemptsSinceReset_ >= strategy_.maxAttempts) return std::nullopt;
      const std::chrono::milliseconds delay = nextBackoff_;
      // In double, so a large multiplier cannot overflow before the cap.
      const double grown = static_cast<double>(delay.count()) * strategy_.multiplier;
      nextBackoff_ = grown >= static_cast<double>(strategy_.maxBackoff.count())
                         ? strategy_.maxBackoff
                         : std::chrono::milliseconds(static_cast<int64_t>(grown));
      ++attemptsSinceReset_;
      ++restarts_;
      return delay;
    }
  }
  return std::nullopt;
}

}  // namespace sabot::runtime
