#pragma once

#include <bit>
#include <cstdint>
#include <cstring>

namespace sabot::columnar::bitmap {

// Arrow bitmaps are LSB-first: bit i lives in byte i / 8 at position i % 8.

inline bool getBit(const uint8_t* bits, int64_t index) {
  return (bits[index >> 3] >> (index & 7)) & 1;
}
inline void setBit(uint8_t* bits, int64_t index) {
  bits[index >> 3] |= static_cast<uint8_t>(1u << (index & 7));
}
inline void clearBit(uint8_t* bits, int64_t index) {
  bits[index >> 3] &= static_cast<uint8_t>(~(1u << (index & 7)));
}
inline void setBitTo(uint8_t* bits, int64_t index, bool value) {
  bits[index >> 3] ^= static_cast<uint8_t>((-static_cast<uint8_t>(value) ^ bits[index >> 3]) &
                                           (1u << (index & 7)));
}

/// Bytes needed for `numBits` bits.
constexpr int64_t bytesForBits(int64_t numBits) { return (numBits + 7) >> 3; }

/// Number of set bits in [offset, offset + length).
int64_t countSetBits(const uint8_t* bits, int64_t offset, int64_t length);

/// Copies `length` bits from `source` at `sourceOffset` to `dest` at
/// `destOffset`, for any alignment of the two.
void copyBits(const uint8_t* source, int64_t sourceOffset, int64_t length, uint8_t* dest,
              int64_t destOffset);

/// Sets bits [offset, offset + length) to `value`.
void setBitsTo(uint8_t* bits, int64_t offset, int64_t length, bool value);

/// True if the two bit ranges hold the same bits.
bool bitsEqual(const uint8_t* left, int64_t leftOffset, const uint8_t* right, int64_t rightOffset,
               int64_t length);

}  // namespace sabot::columnar::bitmap
