#include "sabot/time/WatermarkStrategy.h"

#include <fmt/format.h>

#include <algorithm>

#include "sabot/columnar/ArrayBuilder.h"

namespace sabot::time {

using columnar::Array;
using columnar::TimeUnit;
using columnar::TypeId;

namespace {

/// The highest non-null value of an int64 array, if any.
std::optional<int64_t> maxValid(const Array& values) {
  std::optional<int64_t> highest;
  const int64_t* data = values.values<int64_t>();
  for (int64_t i = 0; i < values.length(); ++i) {
    if (!values.isValid(i)) continue;
    if (!highest || data[i] > *highest) highest = data[i];
  }
  return highest;
}

class BoundedOutOfOrdernessGenerator final : public WatermarkGenerator {
 public:
  explicit BoundedOutOfOrdernessGenerator(int64_t delayMs) : delayMs_(delayMs) {}
  std::optional<EventTime> onBatch(const columnar::RecordBatch&, const Array& eventTimes) override {
    const std::optional<int64_t> highest = maxValid(eventTimes);
    if (!highest) return std::nullopt;
    highestSeen_ = std::max(highestSeen_, *highest);
    // Saturate: a time near the minimum must not wrap around.
    if (highestSeen_ < kMinWatermark + delayMs_ + 1) return kMinWatermark;
    return highestSeen_ - delayMs_ - 1;
  }

 private:
  int64_t delayMs_;
  int64_t highestSeen_ = kMinWatermark;
};

class PunctuatedGenerator final : public WatermarkGenerator {
 public:
  explicit PunctuatedGenerator(compute::BoundExpression predicate) : predicate_(std::move(predicate)) {}
  std::optional<EventTime> onBatch(const columnar::RecordBatch& batch, const Array& eventTimes) override {
    auto mask = compute::evaluate(predicate_, batch);
    if (!mask.ok()) return std::nullopt;
    std::optional<EventTime> watermark;
    const int64_t* times = eventTimes.values<int64_t>();
    for (int64_t i = 0; i < mask->length(); ++i) {
      if (!mask->isValid(i) || !eventTimes.isValid(i)) continue;
      if (!mask->boolValue(i)) continue;
      if (!watermark || times[i] > *watermark) watermark = times[i];
    }
    return watermark;
  }

 private:
  compute::BoundExpression predicate_;
};

}  // namespace

Result<TimestampExtractor> TimestampExtractor::make(const compute::Expression& expression,
                                                    const columnar::Schema& schema) {
  SABOT_ASSIGN_OR_RAISE(compute::BoundExpression bound, compute::bind(expression, schema));
  const columnar::DataType& type = *bound.type();
  if (type.id() == TypeId::kInt64) return TimestampExtractor(std::move(bound), 1, 1);
  if (type.id() != TypeId::kTimestamp) {
    return Status::typeError("event time '{}' must be a timestamp or int64 milliseconds, not {}", bound.toString(),
                             type.toString());
  }
  switch (type.timeUnit()) {
    case TimeUnit::kSecond: return TimestampExtractor(std::move(bound), 1, 1000);
    case TimeUnit::kMilli: return TimestampExtractor(std::move(bound), 1, 1);
    case TimeUnit::kMicro: return TimestampExtractor(std::move(bound), 1000, 1);
    case TimeUnit::kNano: return TimestampExtractor(std::move(bound), 1000000, 1);
  }
  return Status::internal("unknown time unit");
}

Result<Array> TimestampExtractor::extract(const columnar::RecordBatch& batch) const {
  SABOT_ASSIGN_OR_RAISE(Array values, compute::evaluate(bound_, batch));
  if (divisor_ == 1 && multiplier_ == 1 && values.typeId() == TypeId::kInt64) return values;
  columnar::NumericBuilder<int64_t> builder(columnar::int64());
  SABOT_RETURN_NOT_OK(builder.reserve(values.length()));
  const int64_t* raw = values.values<int64_t>();
  for (int64_t i = 0; i < values.length(); ++i) {
    if (!values.isValid(i)) {
      SABOT_RETURN_NOT_OK(builder.appendNull());
      continue;
    }
    // Floor division keeps times before 1970 in the right millisecond.
    int64_t value = raw[i];
    if (divisor_ > 1) value = value / divisor_ - ((value % divisor_) < 0 ? 1 : 0);
    SABOT_RETURN_NOT_OK(builder.append(value * multiplier_));
  }
  return builder.finish();
}

WatermarkStrategy WatermarkStrategy::forBoundedOutOfOrderness(compute::Expression timestamp,
                                                              std::chrono::milliseconds maxOutOfOrderness) {
  const int64_t delay = std::max<int64_t>(0, maxOutOfOrderness.count());
  std::string description = fmt::format("bounded out-of-orderness {} ms on {}", delay, timestamp.toString());
  return WatermarkStrategy(std::move(timestamp), std::move(description),
                           [delay] { return std::make_unique<BoundedOutOfOrdernessGenerator>(delay); }, std::nullopt);
}

WatermarkStrategy WatermarkStrategy::forBoundedOutOfOrderness(std::string timestampColumn,
                                                              std::chrono::milliseconds maxOutOfOrderness) {
  return forBoundedOutOfOrderness(compute::col(std::move(timestampColumn)), maxOutOfOrderness);
}

WatermarkStrategy WatermarkStrategy::forMonotonousTimestamps(std::string timestampColumn) {
  WatermarkStrategy strategy = forBoundedOutOfOrderness(compute::col(timestampColumn), std::chrono::milliseconds(0));
  strategy.description_ = fmt::format("monotonous timestamps on {}", timestampColumn);
  return strategy;
}

WatermarkStrategy WatermarkStrategy::punctuated(std::string timestampColumn, compute::Expression isPunctuation) {
  std::string description = fmt::format("punctuated by {} on {}", isPunctuation.toString(), timestampColumn);
  return WatermarkStrategy(compute::col(std::move(timestampColumn)), std::move(description), nullptr,
                           std::move(isPunctuation));
}

WatermarkStrategy WatermarkStrategy::custom(std::string timestampColumn, GeneratorFactory factory) {
  std::string description = fmt::format("custom watermarks on {}", timestampColumn);
  return WatermarkStrategy(compute::col(std::move(timestampColumn)), std::move(description), std::move(factory),
                           std::nullopt);
}

WatermarkStrategy WatermarkStrategy::withIdleness(std::chrono::milliseconds timeout) const {
  WatermarkStrategy copy = *this;
  copy.idleTimeout_ = timeout;
  return copy;
}

std::string WatermarkStrategy::toString() const {
  if (!idleTimeout_) return description_;
  return fmt::format("{}, idle after {} ms", description_, idleTimeout_->count());
}

Result<WatermarkStrategy::Instance> WatermarkStrategy::instantiate(const columnar::Schema& schema) const {
  SABOT_ASSIGN_OR_RAISE(TimestampExtractor extractor, TimestampExtractor::make(timestamp_, schema));
  if (idleTimeout_ && idleTimeout_->count() <= 0) return Status::invalid("the idle timeout must be positive");
  std::unique_ptr<WatermarkGenerator> generator;
  if (punctuation_) {
    SABOT_ASSIGN_OR_RAISE(compute::BoundExpression predicate, compute::bind(*punctuation_, schema));
    if (predicate.type()->id() != TypeId::kBool) {
      return Status::typeError("a punctuation predicate must be boolean, but '{}' is {}", predicate.toString(),
                               predicate.type()->toString());
    }
    generator = std::make_unique<PunctuatedGenerator>(std::move(predicate));
  } else {
    generator = factory_ ? factory_() : nullptr;
    if (generator == nullptr) return Status::invalid("the watermark generator factory returned nothing");
  }
  return Instance{std::move(extractor), std::move(generator)};
}

}  // namespace sabot::time
