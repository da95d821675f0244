#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

#include "sabot/base/Result.h"

namespace sabot::state {

/// The primitive encodings every state byte format is built from (documented
/// in docs/state.md). Fixed-width integers and floats are little-endian; the
/// key-group prefix of a RocksDB key is the one big-endian field (so keys sort
/// by key group). Lengths and counts are unsigned LEB128 varints.
namespace bytes {

inline void appendFixed16BigEndian(std::string* out, uint16_t value) {
  out->push_back(static_cast<char>(value >> 8));
  out->push_back(static_cast<char>(value & 0xFF));
}

template <typename T>
void appendFixedLittleEndian(std::string* out, T value) {
  static_assert(std::is_trivially_copyable_v<T>);
  // Sabot targets little-endian hosts (x86-64, aarch64), so the in-memory
  // representation is the wire representation.
  static_assert(std::endian::native == std::endian::little);
  char buffer[sizeof(T)];
  std::memcpy(buffer, &value, sizeof(T));
  out->append(buffer, sizeof(T));
}

inline void appendVarint(std::string* out, uint64_t value) {
  while (value >= 0x80) {
    out->push_back(static_cast<char>((value & 0x7F) | 0x80));
    value >>= 7;
  }
  out->push_back(static_cast<char>(value));
}

/// varint(size) followed by the bytes.
inline void appendLengthPrefixed(std::string* out, std::string_view value) {
  appendVarint(out, value.size());
  out->append(value);
}

inline uint16_t readFixed16BigEndian(const char* data) {
  return static_cast<uint16_t>((static_cast<uint8_t>(data[0]) << 8) | static_cast<uint8_t>(data[1]));
}

}  // namespace bytes

/// Reads the primitive encodings from a byte range, bounds-checked: running
/// past the end or a malformed varint is a Corrupt error naming `what` (the
/// thing being decoded) and the offset, never undefined behaviour.
class ByteReader {
 public:
  ByteReader(std::string_view data, std::string_view what = "state bytes") : data_(data), what_(what) {}

  size_t position() const { return position_; }
  size_t remaining() const { return data_.size() - position_; }
  bool atEnd() const { return position_ == data_.size(); }
  std::string_view what() const { return what_; }

  template <typename T>
  Result<T> readFixedLittleEndian() {
    static_assert(std::is_trivially_copyable_v<T>);
    if (remaining() < sizeof(T)) return truncated(sizeof(T));
    T value;
    std::memcpy(&value, data_.data() + position_, sizeof(T));
    position_ += sizeof(T);
    return value;
  }

  Result<uint16_t> readFixed16BigEndian() {
    if (remaining() < 2) return truncated(2);
    const uint16_t value = bytes::readFixed16BigEndian(data_.data() + position_);
    position_ += 2;
    return value;
  }

  Result<uint64_t> readVarint();

  /// The next `size` bytes, as a view into the reader's data.
  Result<std::string_view> readBytes(size_t size) {
    if (remaining() < size) return truncated(size);
    std::string_view view = data_.substr(position_, size);
    position_ += size;
    return view;
  }

  /// varint(size) then that many bytes.
  Result<std::string_view> readLengthPrefixed();

  /// The rest of the data.
  std::string_view readRest() {
    std::string_view view = data_.substr(position_);
    position_ = data_.size();
    return view;
  }

  /// A Corrupt error at the current offset.
  Status corrupt(std::string_view problem) const;

 private:
  Status truncated(size_t wanted) const;

  std::string_view data_;
  std::string_view what_;
  size_t position_ = 0;
};

}  // namespace sabot::state
