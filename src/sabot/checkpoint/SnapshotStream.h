#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

#include "sabot/base/Result.h"

namespace sabot::checkpoint {

/// Writes the bytes of an operator's or a source's snapshot: little-endian
/// fixed-width numbers and length-prefixed strings, nothing else, so every
/// snapshot format is simple to read back and to check.
class SnapshotWriter {
 public:
  template <typename T>
  void write(T value) {
    static_assert(std::is_arithmetic_v<T>);
    char raw[sizeof(T)];
    std::memcpy(raw, &value, sizeof(T));
    bytes_.append(raw, sizeof(T));
  }
  void writeBool(bool value) { write<uint8_t>(value ? 1 : 0); }
  void writeString(std::string_view value) {
    write<uint64_t>(value.size());
    bytes_.append(value.data(), value.size());
  }
  const std::string& bytes() const { return bytes_; }
  std::string release() { return std::move(bytes_); }

 private:
  std::string bytes_;
};

/// Reads what a SnapshotWriter wrote. Reading past the end or a length that
/// does not fit is a Corrupt error naming `what`, never undefined behaviour.
class SnapshotReader {
 public:
  SnapshotReader(std::string_view bytes, std::string what) : bytes_(bytes), what_(std::move(what)) {}

  template <typename T>
  Result<T> read() {
    static_assert(std::is_arithmetic_v<T>);
    if (bytes_.size() - position_ < sizeof(T)) return truncated(sizeof(T));
    T value;
    std::memcpy(&value, bytes_.data() + position_, sizeof(T));
    position_ += sizeof(T);
    return value;
  }
  Result<bool> readBool() {
    SABOT_ASSIGN_OR_RAISE(uint8_t value, read<uint8_t>());
    if (value > 1) return Status::corrupt("{}: a flag at byte {} is {}, not 0 or 1", what_, position_ - 1, value);
    return value == 1;
  }
  Result<std::string> readString() {
    SABOT_ASSIGN_OR_RAISE(uint64_t length, read<uint64_t>());
    if (length > bytes_.size() - position_) return truncated(length);
    std::string value(bytes_.substr(position_, length));
    position_ += length;
    return value;
  }
  /// A count of items each at least `minBytes` long: rejects counts the rest
  /// of the snapshot cannot hold, so a corrupted count cannot make a reader
  /// allocate without bound.
  Result<uint64_t> readCount(uint64_t minBytes) {
    SABOT_ASSIGN_OR_RAISE(uint64_t count, read<uint64_t>());
    if (minBytes > 0 && count > (bytes_.size() - position_) / minBytes) {
      return Status::corrupt("{}: {} items at byte {} cannot fit in the {} bytes left", what_, count, position_,
                             bytes_.size() - position_);
    }
    return count;
  }
  bool atEnd() const { return position_ == bytes_.size(); }
  /// A Corrupt error unless everything was read.
  Status expectEnd() const {
    if (atEnd()) return Status::OK();
    return Status::corrupt("{}: {} bytes left over after the snapshot", what_, bytes_.size() - position_);
  }
  const std::string& what() const { return what_; }

 private:
  Status truncated(uint64_t needed) const {
    return Status::corrupt("{}: the snapshot ends at byte {} where {} more bytes were expected", what_, position_,
                           needed);
  }
  std::string_view bytes_;
  size_t position_ = 0;
  std::string what_;
};

}  // namespace sabot::checkpoint
