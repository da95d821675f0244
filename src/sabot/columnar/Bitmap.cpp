#include "sabot/columnar/Bitmap.h"

namespace sabot::columnar::bitmap {

int64_t countSetBits(const uint8_t* bits, int64_t offset, int64_t length) {
  int64_t count = 0;
  int64_t index = offset;
  const int64_t end = offset + length;
  // Leading bits up to a byte boundary.
  for (; index < end && (index & 7) != 0; ++index) count += getBit(bits, index);
  // Whole 64-bit words.
  for (; index + 64 <= end; index += 64) {
    uint64_t word;
    std::memcpy(&word, bits + (index >> 3), sizeof(word));
    count += std::popcount(word);
  }
  for (; index + 8 <= end; index += 8) count += std::popcount(static_cast<unsigned>(bits[index >> 3]));
  for (; index < end; ++index) count += getBit(bits, index);
  return count;
}

void copyBits(const uint8_t* source, int64_t sourceOffset, int64_t length, uint8_t* dest,
              int64_t destOffset) {
  if ((sourceOffset & 7) == 0 && (destOffset & 7) == 0) {
    const int64_t wholeBytes = length >> 3;
    std::memcpy(dest + (destOffset >> 3), source + (sourceOffset >> 3), static_cast<size_t>(wholeBytes));
    for (int64_t i = wholeBytes * 8; i < length; ++i) {
      setBitTo(dest, destOffset + i, getBit(source, sourceOffset + i));
    }
    return;
  }
  for (int64_t i = 0; i < length; ++i) {
    setBitTo(dest, destOffset + i, getBit(source, sourceOffset + i));
  }
}

void setBitsTo(uint8_t* bits, int64_t offset, int64_t length, bool value) {
  int64_t index = offset;
  const int64_t end = offset + length;
  for (; index < end && (index & 7) != 0; ++index) setBitTo(bits, index, value);
  const int64_t wholeBytes = (end - index) >> 3;
  std::memset(bits + (index >> 3), value ? 0xff : 0, static_cast<size_t>(wholeBytes));
  index += wholeBytes * 8;
  for (; index < end; ++index) setBitTo(bits, index, value);
}

bool bitsEqual(const uint8_t* left, int64_t leftOffset, const uint8_t* right, int64_t rightOffset,
               int64_t length) {
  for (int64_t i = 0; i < length; ++i) {
    if (getBit(left, leftOffset + i) != getBit(right, rightOffset + i)) return false;
  }
  return true;
}

}  // namespace sabot::columnar::bitmap
