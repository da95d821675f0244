#pragma once

#include <bit>
#include <cstdint>
#include <cstring>

// Word-at-a-time access to Arrow bitmaps at any bit offset. Kernels combine
// validity and boolean data 64 rows per step instead of bit by bit; reading
// at an unaligned offset shifts two neighbouring bytes together.

namespace sabot::compute::bitwords {

static_assert(std::endian::native == std::endian::little,
              "bitmaps are read as little-endian words");

/// Bits [bitOffset, bitOffset + numBits) of `bits` as the low bits of a word
/// (numBits <= 64); higher bits are zero. Reads no byte outside that range.
inline uint64_t read(const uint8_t* bits, int64_t bitOffset, int64_t numBits) {
  const uint8_t* bytes = bits + (bitOffset >> 3);
  const int shift = static_cast<int>(bitOffset & 7);
  const int64_t bytesNeeded = (shift + numBits + 7) >> 3;  // 0..9
  uint64_t word = 0;
  if (bytesNeeded >= 8) {
    std::memcpy(&word, bytes, 8);
    word >>= shift;
    if (bytesNeeded == 9) word |= static_cast<uint64_t>(bytes[8]) << (64 - shift);
  } else if (bytesNeeded > 0) {
    std::memcpy(&word, bytes, static_cast<size_t>(bytesNeeded));
    word >>= shift;
  }
  if (numBits < 64) word &= (uint64_t{1} << numBits) - 1;
  return word;
}

/// Writes the low `numBits` bits of `word` as word number `wordIndex` of a
/// bitmap that starts at bit 0 (whole bytes only; bits past numBits in the
/// last byte are written as zero).
inline void write(uint8_t* bits, int64_t wordIndex, uint64_t word, int64_t numBits) {
  if (numBits < 64) word &= (uint64_t{1} << numBits) - 1;
  std::memcpy(bits + wordIndex * 8, &word, static_cast<size_t>((numBits + 7) >> 3));
}

/// Number of 64-bit words covering `length` bits.
constexpr int64_t wordCount(int64_t length) { return (length + 63) >> 6; }

/// Bits in word `wordIndex` of a `length`-bit range (64 except maybe the last).
constexpr int64_t bitsInWord(int64_t wordIndex, int64_t length) {
  const int64_t remaining = length - wordIndex * 64;
  return remaining < 64 ? remaining : 64;
}

/// Packs 64 bytes holding 0 or 1 into one word, byte j becoming bit j. The
/// multiply gathers the low bit of each of eight bytes into the top byte.
inline uint64_t packBytes64(const uint8_t* bytes) {
  uint64_t word = 0;
  for (int group = 0; group < 8; ++group) {
    uint64_t eight;
    std::memcpy(&eight, bytes + group * 8, 8);
    word |= ((eight * 0x0102040810204080ULL) >> 56) << (group * 8);
  }
  return word;
}

/// Fills a bitmap starting at bit 0 with pred(i) for i in [0, length): the
/// predicate runs 64 rows at a time into a byte block, which the compiler can
/// vectorise, then the block is packed into a word.
template <typename Pred>
inline void fillFromPredicate(uint8_t* bits, int64_t length, Pred&& pred) {
  int64_t i = 0;
  int64_t wordIndex = 0;
  alignas(64) uint8_t block[64];
  for (; i + 64 <= length; i += 64, ++wordIndex) {
    for (int j = 0; j < 64; ++j) block[j] = static_cast<uint8_t>(pred(i + j));
    const uint64_t word = packBytes64(block);
    std::memcpy(bits + wordIndex * 8, &word, 8);
  }
  if (i < length) {
    const int64_t tail = length - i;
    std::memset(block, 0, sizeof(block));
    for (int64_t j = 0; j < tail; ++j) block[j] = static_cast<uint8_t>(pred(i + j));
    write(bits, wordIndex, packBytes64(block), tail);
  }
}

}  // namespace sabot::compute::bitwords
