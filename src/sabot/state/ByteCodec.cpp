#include "sabot/state/ByteCodec.h"

namespace sabot::state {

Result<uint64_t> ByteReader::readVarint() {
  uint64_t value = 0;
  const size_t start = position_;
  // 10 bytes carry 70 bits; more than that cannot be a uint64.
  for (int shift = 0; shift < 70; shift += 7) {
    if (position_ >= data_.size()) {
      return Status::corrupt("{}: varint at offset {} runs past the end ({} bytes)", what_, start, data_.size());
    }
    const auto byte = static_cast<uint8_t>(data_[position_++]);
    if (shift == 63 && byte > 1) break;
    value |= static_cast<uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) return value;
  }
  return Status::corrupt("{}: varint at offset {} is longer than 64 bits", what_, start);
}

Result<std::string_view> ByteReader::readLengthPrefixed() {
  const size_t start = position_;
  SABOT_ASSIGN_OR_RAISE(uint64_t size, readVarint());
  if (size > remaining()) {
    return Status::corrupt("{}: length {} at offset {} exceeds the {} bytes left", what_, size, start, remaining());
  }
  return readBytes(static_cast<size_t>(size));
}

Status ByteReader::corrupt(std::string_view problem) const {
  return Status::corrupt("{}: {} at offset {}", what_, problem, position_);
}

Status ByteReader::truncated(size_t wanted) const {
  return Status::corrupt("{}: needs {} bytes at offset {}, only {} left", what_, wanted, position_, remaining());
}

}  // namespace sabot::state
