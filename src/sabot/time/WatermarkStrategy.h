#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "sabot/base/Result.h"
#include "sabot/columnar/RecordBatch.h"
#include "sabot/compute/Expression.h"
#include "sabot/time/EventTime.h"

namespace sabot::time {

/// Decides the watermark of one source subtask from the event times it has
/// seen (Flink's WatermarkGenerator, per batch instead of per record).
/// Mutable: each source subtask gets its own.
class WatermarkGenerator {
 public:
  virtual ~WatermarkGenerator() = default;
  /// Called for every batch with its event times (epoch milliseconds, one
  /// per row; rows without a time are null and should be ignored). Returns
  /// the watermark to emit now, if any; the runtime ignores values that do
  /// not advance the current watermark.
  virtual std::optional<EventTime> onBatch(const columnar::RecordBatch& batch, const columnar::Array& eventTimes) = 0;
};

/// Computes a batch's event times from a column or an expression of type
/// timestamp (any unit, converted to milliseconds) or int64 (milliseconds).
class TimestampExtractor {
 public:
  /// Binds `expression` to `schema`; a TypeError for other types.
  static Result<TimestampExtractor> make(const compute::Expression& expression, const columnar::Schema& schema);
  /// The event times of `batch` as int64 milliseconds (nulls stay null).
  Result<columnar::Array> extract(const columnar::RecordBatch& batch) const;
  std::string toString() const { return bound_.toString(); }

 private:
  TimestampExtractor(compute::BoundExpression bound, int64_t divisor, int64_t multiplier)
      : bound_(std::move(bound)), divisor_(divisor), multiplier_(multiplier) {}
  compute::BoundExpression bound_;
  int64_t divisor_;
  int64_t multiplier_;
};

/// How a source assigns event times and emits watermarks (Flink's
/// WatermarkStrategy):
///
///   WatermarkStrategy::forBoundedOutOfOrderness("dateTime", std::chrono::seconds(5))
///       .withIdleness(std::chrono::seconds(30))
///
/// Watermarks are generated per source subtask, after each batch; operators
/// with several inputs take the minimum (see docs/event-time.md).
class WatermarkStrategy {
 public:
  using GeneratorFactory = std::function<std::unique_ptr<WatermarkGenerator>()>;

  /// Rows may arrive up to `maxOutOfOrderness` later than rows with later
  /// times: watermark = highest time seen - maxOutOfOrderness - 1 ms.
  static WatermarkStrategy forBoundedOutOfOrderness(compute::Expression timestamp,
                                                    std::chrono::milliseconds maxOutOfOrderness);
  static WatermarkStrategy forBoundedOutOfOrderness(std::string timestampColumn,
                                                    std::chrono::milliseconds maxOutOfOrderness);
  /// Times never decrease: watermark = highest time seen - 1 ms.
  static WatermarkStrategy forMonotonousTimestamps(std::string timestampColumn);
  /// A watermark at the time of each row where `isPunctuation` (a boolean
  /// expression) holds, e.g. col("kind") == lit("heartbeat").
  static WatermarkStrategy punctuated(std::string timestampColumn, compute::Expression isPunctuation);
  /// A user generator (one per subtask from `factory`).
  static WatermarkStrategy custom(std::string timestampColumn, GeneratorFactory factory);

  /// A subtask that has produced nothing for `timeout` (wall clock) is idle:
  /// it stops holding back the watermark downstream until it produces again.
  WatermarkStrategy withIdleness(std::chrono::milliseconds timeout) const;

  const compute::Expression& timestamp() const { return timestamp_; }
  std::optional<std::chrono::milliseconds> idleTimeout() const { return idleTimeout_; }
  /// For describe(): "bounded out-of-orderness 5000 ms on dateTime".
  std::string toString() const;

  /// Checks the strategy against the stream's schema and makes what one
  /// subtask needs: the extractor and its generator.
  struct Instance {
    TimestampExtractor extractor;
    std::unique_ptr<WatermarkGenerator> generator;
  };
  Result<Instance> instantiate(const columnar::Schema& schema) const;

 private:
  WatermarkStrategy(compute::Expression timestamp, std::string description, GeneratorFactory factory,
                    std::optional<compute::Expression> punctuation)
      : timestamp_(std::move(timestamp)),
        description_(std::move(description)),
        factory_(std::move(factory)),
        punctuation_(std::move(punctuation)) {}

  compute::Expression timestamp_;
  std::string description_;
  GeneratorFactory factory_;
  std::optional<compute::Expression> punctuation_;
  std::optional<std::chrono::milliseconds> idleTimeout_;
};

}  // namespace sabot::time
