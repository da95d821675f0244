#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "sabot/base/Status.h"
#include "sabot/time/EventTime.h"

namespace sabot::operators {

/// Which rows form a window (Flink's window assigners, on event time).
enum class WindowKind : uint8_t {
  kTumbling,  ///< fixed-size, non-overlapping: [k*size + offset, (k+1)*size + offset)
  kSliding,   ///< fixed-size, every `slide`: a row is in size/slide windows
  kSession,   ///< per key, rows closer than `gap` join one window
  kCount,     ///< per key, every `count` rows (no time involved)
};

/// A window assigner with its parameters. Times are epoch milliseconds.
struct WindowSpec {
  WindowKind kind = WindowKind::kTumbling;
  /// The event-time column (timestamp of any unit, or int64 milliseconds).
  std::string timeColumn;
  int64_t sizeMs = 0;
  int64_t slideMs = 0;
  int64_t offsetMs = 0;
  int64_t gapMs = 0;
  int64_t count = 0;
  /// Tumbling and sliding windows only: assign rows by the processing-time
  /// clock when they arrive instead of by an event-time column, and fire
  /// when the clock passes a window's end (Flink's
  /// TumblingProcessingTimeWindows). timeColumn is then empty.
  bool processingTime = false;

  static WindowSpec tumbling(std::string timeColumn, std::chrono::milliseconds size,
                             std::chrono::milliseconds offset = std::chrono::milliseconds(0));
  static WindowSpec sliding(std::string timeColumn, std::chrono::milliseconds size, std::chrono::milliseconds slide,
                            std::chrono::milliseconds offset = std::chrono::milliseconds(0));
  static WindowSpec tumblingProcessingTime(std::chrono::milliseconds size,
                                           std::chrono::milliseconds offset = std::chrono::milliseconds(0));
  static WindowSpec slidingProcessingTime(std::chrono::milliseconds size, std::chrono::milliseconds slide,
                                          std::chrono::milliseconds offset = std::chrono::milliseconds(0));
  static WindowSpec session(std::string timeColumn, std::chrono::milliseconds gap);
  static WindowSpec countOf(int64_t rows);

  /// Whether the window reads an event-time column (time windows that are
  /// not on processing time).
  bool usesEventTime() const { return kind != WindowKind::kCount && !processingTime; }
  /// Positive sizes, slide <= size, |offset| < slide, ...
  Status validate() const;
  /// "tumbling(10000 ms) on dateTime".
  std::string toString() const;

  /// The start of the latest window of this (tumbling or sliding) kind that
  /// contains `time`.
  time::EventTime lastWindowStart(time::EventTime time) const;
  /// The pane (the unit windows share) holding `time`: panes are the
  /// greatest common divisor of size and slide long.
  time::EventTime paneStart(time::EventTime time) const;
  int64_t paneMs() const;
};

/// floor(a / b) for b > 0, also for negative a.
inline int64_t floorDivide(int64_t a, int64_t b) { return a / b - ((a % b) < 0 ? 1 : 0); }

}  // namespace sabot::operators
