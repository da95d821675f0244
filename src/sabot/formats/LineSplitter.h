#pragma once

#include <cstdint>
#include <string_view>

#include "sabot/base/Result.h"
#include "sabot/formats/ChunkedInput.h"

namespace sabot::formats {

/// Splits input into lines ending with LF (a CR before it is dropped, and the
/// last line needs no LF), dropping a UTF-8 byte order mark at the start.
/// JSON strings cannot hold a raw line break, so in JSON lines every LF ends
/// a record.
class LineSplitter {
 public:
  LineSplitter(ChunkedInput& input, int64_t maxLineBytes)
      : input_(input), maxLineBytes_(maxLineBytes) {}

  /// The next line, valid until the next call; false at the end of the input.
  /// An error for I/O or a line longer than maxLineBytes.
  Result<bool> next(std::string_view& line);
  /// 1-based number of the line last returned.
  int64_t lineNumber() const { return lineNumber_; }

 private:
  ChunkedInput& input_;
  const int64_t maxLineBytes_;
  int64_t lineNumber_ = 0;
  size_t pendingConsume_ = 0;
  bool started_ = false;
};

}  // namespace sabot::formats
