#pragma once

#include <cstdint>
#include <limits>
#include <utility>

#include "sabot/columnar/RecordBatch.h"
#include "sabot/time/EventTime.h"

namespace sabot::runtime {

using time::EventTime;
using time::kMaxWatermark;
using time::kMinWatermark;

/// What travels through a channel: a batch of rows or a control event. Control
/// events go in-band, in order with the batches, so an operator sees
/// "everything before this watermark" exactly as the producer sent it.
enum class StreamElementKind : uint8_t {
  kBatch,
  kWatermark,   ///< no later row on this input has an older event time
  kEndOfInput,  ///< the producer will send nothing more on this channel
  /// The producer became idle (sends nothing for a while, so it must not
  /// hold back the watermark) or active again (Flink's WatermarkStatus).
  kWatermarkStatus,
  /// A checkpoint barrier: everything before it belongs to checkpoint
  /// `checkpointId()`, everything after to later ones (Chandy-Lamport).
  kBarrier,
};

class StreamElement {
 public:
  static StreamElement batch(columnar::RecordBatchPtr batch) {
    return StreamElement(StreamElementKind::kBatch, std::move(batch), 0);
  }
  static StreamElement watermark(EventTime timestamp) {
    return StreamElement(StreamElementKind::kWatermark, nullptr, timestamp);
  }
  static StreamElement endOfInput() { return StreamElement(StreamElementKind::kEndOfInput, nullptr, 0); }
  static StreamElement barrier(int64_t checkpointId) {
    return StreamElement(StreamElementKind::kBarrier, nullptr, checkpointId);
  }
  static StreamElement watermarkStatus(bool idle) {
    return StreamElement(StreamElementKind::kWatermarkStatus, nullptr, idle ? 1 : 0);
  }

  StreamElementKind kind() const { return kind_; }
  bool isBatch() const { return kind_ == StreamElementKind::kBatch; }
  const columnar::RecordBatchPtr& batchPtr() const { return batch_; }
  columnar::RecordBatchPtr takeBatch() { return std::move(batch_); }
  EventTime watermarkTimestamp() const { return timestamp_; }
  /// For kWatermarkStatus: true when the producer became idle.
  bool idle() const { return timestamp_ != 0; }
  /// For kBarrier: the checkpoint it belongs to.
  int64_t checkpointId() const { return timestamp_; }
  /// Rows of a batch; 0 for control events.
  int64_t numRows() const { return batch_ ? batch_->numRows() : 0; }

 private:
  StreamElement(StreamElementKind kind, columnar::RecordBatchPtr batch, EventTime timestamp)
      : kind_(kind), batch_(std::move(batch)), timestamp_(timestamp) {}

  StreamElementKind kind_;
  columnar::RecordBatchPtr batch_;
  EventTime timestamp_;
};

}  // namespace sabot::runtime
