#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "sabot/base/Result.h"
#include "sabot/io/InputStream.h"

namespace sabot::formats {

/// A sliding window over an InputStream, filled a chunk at a time. Readers
/// parse records in the window, consume() them, and call readMore() when a
/// record runs past the window's end: the unconsumed tail is moved to the
/// front and the next chunk appended, so offsets relative to the window's
/// start stay valid across readMore() (pointers do not).
class ChunkedInput {
 public:
  ChunkedInput(std::unique_ptr<io::InputStream> stream, int64_t chunkBytes)
      : stream_(std::move(stream)), chunkBytes_(chunkBytes) {}

  /// The bytes read and not yet consumed.
  std::string_view window() const {
    return {buffer_.get() + begin_, static_cast<size_t>(end_ - begin_)};
  }
  void consume(size_t count) { begin_ += static_cast<int64_t>(count); }
  /// True once the stream has reported its end.
  bool exhausted() const { return exhausted_; }
  /// Appends the next chunk to the window; false (and nothing changes) at the
  /// end of the stream.
  Result<bool> readMore();
  const std::string& name() const { return stream_->name(); }

 private:
  std::unique_ptr<io::InputStream> stream_;
  int64_t chunkBytes_;
  // Not a std::vector: growing it would zero-fill a whole chunk per reader.
  std::unique_ptr<char[]> buffer_;
  int64_t capacity_ = 0;
  int64_t begin_ = 0;
  int64_t end_ = 0;
  bool exhausted_ = false;
};

}  // namespace sabot::formats
