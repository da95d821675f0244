#include "sabot/operators/window/WindowSpec.h"

#include <fmt/format.h>

#include <numeric>

namespace sabot::operators {

WindowSpec WindowSpec::tumbling(std::string timeColumn, std::chrono::milliseconds size,
                                std::chrono::milliseconds offset) {
  WindowSpec spec;
  spec.kind = WindowKind::kTumbling;
  spec.timeColumn = std::move(timeColumn);
  spec.sizeMs = size.count();
  spec.slideMs = size.count();
  spec.offsetMs = offset.count();
  return spec;
}

WindowSpec WindowSpec::sliding(std::string timeColumn, std::chrono::milliseconds size, std::chrono::milliseconds slide,
                               std::chrono::milliseconds offset) {
  WindowSpec spec;
  spec.kind = WindowKind::kSliding;
  spec.timeColumn = std::move(timeColumn);
  spec.sizeMs = size.count();
  spec.slideMs = slide.count();
  spec.offsetMs = offset.count();
  return spec;
}

WindowSpec WindowSpec::tumblingProcessingTime(std::chrono::milliseconds size, std::chrono::milliseconds offset) {
  WindowSpec spec = tumbling("", size, offset);
  spec.processingTime = true;
  return spec;
}

WindowSpec WindowSpec::slidingProcessingTime(std::chrono::milliseconds size, std::chrono::milliseconds slide,
                                             std::chrono::milliseconds offset) {
  WindowSpec spec = sliding("", size, slide, offset);
  spec.processingTime = true;
  return spec;
}

WindowSpec WindowSpec::session(std::string timeColumn, std::chrono::milliseconds gap) {
  WindowSpec spec;
  spec.kind = WindowKind::kSession;
  spec.timeColumn = std::move(timeColumn);
  spec.gapMs = gap.count();
  return spec;
}

WindowSpec WindowSpec::countOf(int64_t rows) {
  WindowSpec spec;
  spec.kind = WindowKind::kCount;
  spec.count = rows;
  return spec;
}

Status WindowSpec::validate() const {
  switch (kind) {
    case WindowKind::kTumbling:
    case WindowKind::kSliding:
      if (sizeMs <= 0) return Status::invalid("a window size must be positive, got {} ms", sizeMs);
      if (slideMs <= 0) return Status::invalid("a window slide must be positive, got {} ms", slideMs);
      if (slideMs > sizeMs) {
        return Status::invalid("a sliding window's slide ({} ms) must not exceed its size ({} ms)", slideMs, sizeMs);
      }
      if (offsetMs <= -slideMs || offsetMs >= slideMs) {
        return Status::invalid("a window offset must be smaller than the slide, got {} ms", offsetMs);
      }
      break;
    case WindowKind::kSession:
      if (processingTime) return Status::invalid("session windows are on event time only");
      if (gapMs <= 0) return Status::invalid("a session gap must be positive, got {} ms", gapMs);
      break;
    case WindowKind::kCount:
      if (processingTime) return Status::invalid("count windows use no time; they cannot be on processing time");
      if (count <= 0) return Status::invalid("a count window needs a positive row count, got {}", count);
      return Status::OK();
  }
  if (processingTime) {
    if (!timeColumn.empty()) {
      return Status::invalid("a processing-time window reads no time column, but '{}' is given", timeColumn);
    }
    return Status::OK();
  }
  if (timeColumn.empty()) return Status::invalid("a time window needs an event-time column");
  return Status::OK();
}

std::string WindowSpec::toString() const {
  const std::string& on = processingTime ? std::string("processing time") : timeColumn;
  switch (kind) {
    case WindowKind::kTumbling:
      return offsetMs == 0 ? fmt::format("tumbling({} ms) on {}", sizeMs, on)
                           : fmt::format("tumbling({} ms, offset {} ms) on {}", sizeMs, offsetMs, on);
    case WindowKind::kSliding: return fmt::format("sliding({} ms every {} ms) on {}", sizeMs, slideMs, on);
    case WindowKind::kSession: return fmt::format("session(gap {} ms) on {}", gapMs, timeColumn);
    case WindowKind::kCount: return fmt::format("count({} rows)", count);
  }
  return "?";
}

time::EventTime WindowSpec::lastWindowStart(time::EventTime time) const {
  return floorDivide(time - offsetMs, slideMs) * slideMs + offsetMs;
}

int64_t WindowSpec::paneMs() const { return std::gcd(sizeMs, slideMs); }

time::EventTime WindowSpec::paneStart(time::EventTime time) const {
  const int64_t pane = paneMs();
  return floorDivide(time - offsetMs, pane) * pane + offsetMs;
}

}  // namespace sabot::operators
