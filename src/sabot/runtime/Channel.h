#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>

#include "sabot/runtime/StreamElement.h"

namespace sabot::runtime {

/// Something a channel can wake: a task parked until data or space arrives.
class Wakeable {
 public:
  virtual ~Wakeable() = default;
  /// Makes the task runnable again. Cheap and safe to call at any time, from
  /// any thread, as often as wanted.
  virtual void wake() = 0;
};

/// How much a channel may hold before its producer must stop.
struct ChannelOptions {
  /// Batches queued at most (control events do not count).
  int32_t capacityBatches = 8;
  /// Bytes of queued batches at most (RecordBatch::referencedBytes()). A
  /// single batch larger than this is still accepted into an empty channel,
  /// so oversized batches slow the job down instead of deadlocking it.
  int64_t capacityBytes = 32 << 20;
};

/// Counters a channel keeps for metrics (read from any thread).
struct ChannelStats {
  int32_t queuedBatches = 0;
  int64_t queuedBytes = 0;
  int64_t peakQueuedBytes = 0;
  int64_t pushedBatches = 0;
};

/// A bounded queue of stream elements from one producer subtask to one
/// consumer subtask. It never blocks: a full channel refuses a push and wakes
/// the producer once the consumer frees space (credit-style backpressure); an
/// empty channel returns nothing and wakes the consumer on the next push.
class Channel {
 public:
  Channel(std::string name, ChannelOptions options) : name_(std::move(name)), options_(options) {}
  Channel(const Channel&) = delete;
  Channel& operator=(const Channel&) = delete;

  /// Who to wake; set once while the job is built, before it runs.
  void connect(Wakeable* producer, Wakeable* consumer) {
    producer_ = producer;
    consumer_ = consumer;
  }

  /// Takes `element` and returns true, or returns false (leaving `element`
  /// untouched) when the channel is full. Control events are always taken:
  /// they are small, and refusing them could stall a finishing job.
  bool tryPush(StreamElement& element);
  /// The oldest element, or nullopt when there is none.
  std::optional<StreamElement> tryPop();

  const std::string& name() const { return name_; }
  ChannelStats stats() const;

 private:
  bool fullLocked() const {
    return queuedBatches_ >= options_.capacityBatches ||
           (queuedBatches_ > 0 && queuedBytes_ >= options_.capacityBytes);
  }

  const std::string name_;
  const ChannelOptions options_;
  Wakeable* producer_ = nullptr;
  Wakeable* consumer_ = nullptr;

  mutable std::mutex mutex_;
  struct Queued {
    StreamElement element;
    int64_t bytes;
  };
  std::deque<Queued> queue_;
  int32_t queuedBatches_ = 0;
  int64_t queuedBytes_ = 0;
  int64_t peakQueuedBytes_ = 0;
  int64_t pushedBatches_ = 0;
  bool producerWaiting_ = false;
  bool consumerWaiting_ = false;
};

}  // namespace sabot::runtime
