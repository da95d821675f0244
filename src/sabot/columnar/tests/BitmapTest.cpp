#include "sabot/columnar/Bitmap.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace sabot::columnar {
namespace {

constexpr int64_t kBits = 700;

std::vector<uint8_t> randomBits(std::mt19937_64& random, int density) {
  std::vector<uint8_t> bits(bitmap::bytesForBits(kBits) + 8);
  for (auto& byte : bits) {
    uint8_t value = 0;
    for (int b = 0; b < 8; ++b) value |= static_cast<uint8_t>((random() % 100 < static_cast<uint64_t>(density)) << b);
    byte = value;
  }
  return bits;
}

bool naiveGet(const std::vector<uint8_t>& bits, int64_t i) { return (bits[i / 8] >> (i % 8)) & 1; }

TEST(BitmapTest, SingleBits) {
  uint8_t bits[2] = {0, 0};
  bitmap::setBit(bits, 3);
  bitmap::setBit(bits, 8);
  EXPECT_EQ(bits[0], 0x08);
  EXPECT_EQ(bits[1], 0x01);
  bitmap::clearBit(bits, 3);
  EXPECT_EQ(bits[0], 0);
  bitmap::setBitTo(bits, 15, true);
  EXPECT_EQ(bits[1], 0x81);
  bitmap::setBitTo(bits, 0, false);
  bitmap::setBitTo(bits, 8, false);
  EXPECT_EQ(bits[1], 0x80);
  EXPECT_TRUE(bitmap::getBit(bits, 15));
  EXPECT_FALSE(bitmap::getBit(bits, 14));
  EXPECT_EQ(bitmap::bytesForBits(0), 0);
  EXPECT_EQ(bitmap::bytesForBits(1), 1);
  EXPECT_EQ(bitmap::bytesForBits(8), 1);
  EXPECT_EQ(bitmap::bytesForBits(9), 2);
}

TEST(BitmapTest, CountSetBitsMatchesNaiveLoop) {
  std::mt19937_64 random(42);
  for (int density : {0, 3, 50, 97, 100}) {
    const auto bits = randomBits(random, density);
    for (int64_t offset : {0, 1, 5, 7, 8, 9, 63, 64, 65, 131}) {
      for (int64_t length : std::vector<int64_t>{0, 1, 6, 7, 8, 9, 63, 64, 65, 127, 128, 129, 300, kBits - 131}) {
        int64_t expected = 0;
        for (int64_t i = offset; i < offset + length; ++i) expected += naiveGet(bits, i);
        EXPECT_EQ(bitmap::countSetBits(bits.data(), offset, length), expected)
            << "density " << density << " offset " << offset << " length " << length;
      }
    }
  }
}

TEST(BitmapTest, CopyBitsAtEveryAlignment) {
  std::mt19937_64 random(7);
  const auto source = randomBits(random, 50);
  for (int64_t sourceOffset : {0, 1, 3, 8, 13, 64, 67}) {
    for (int64_t destOffset : {0, 2, 7, 8, 16, 61}) {
      for (int64_t length : {0, 1, 7, 8, 9, 15, 16, 17, 100, 255, 500}) {
        auto dest = randomBits(random, 50);
        const auto before = dest;
        bitmap::copyBits(source.data(), sourceOffset, length, dest.data(), destOffset);
        for (int64_t i = 0; i < static_cast<int64_t>(dest.size()) * 8; ++i) {
          const bool inside = i >= destOffset && i < destOffset + length;
          const bool expected = inside ? naiveGet(source, sourceOffset + i - destOffset) : naiveGet(before, i);
          ASSERT_EQ(naiveGet(dest, i), expected) << "source offset " << sourceOffset << " dest offset "
                                                 << destOffset << " length " << length << " bit " << i;
        }
        EXPECT_TRUE(bitmap::bitsEqual(source.data(), sourceOffset, dest.data(), destOffset, length));
      }
    }
  }
}

TEST(BitmapTest, SetBitsToLeavesNeighboursAlone) {
  std::mt19937_64 random(99);
  for (bool value : {true, false}) {
    for (int64_t offset : {0, 1, 6, 8, 11, 64}) {
      for (int64_t length : {0, 1, 2, 7, 8, 9, 30, 64, 65, 200}) {
        auto bits = randomBits(random, 50);
        const auto before = bits;
        bitmap::setBitsTo(bits.data(), offset, length, value);
        for (int64_t i = 0; i < static_cast<int64_t>(bits.size()) * 8; ++i) {
          const bool inside = i >= offset && i < offset + length;
          ASSERT_EQ(naiveGet(bits, i), inside ? value : naiveGet(before, i))
              << "value " << value << " offset " << offset << " length " << length << " bit " << i;
        }
      }
    }
  }
}

TEST(BitmapTest, BitsEqualFindsOneDifferentBit) {
  std::mt19937_64 random(3);
  const auto left = randomBits(random, 50);
  auto right = std::vector<uint8_t>(left.size());
  bitmap::copyBits(left.data(), 5, 400, right.data(), 11);
  EXPECT_TRUE(bitmap::bitsEqual(left.data(), 5, right.data(), 11, 400));
  bitmap::setBitTo(right.data(), 11 + 399, !bitmap::getBit(right.data(), 11 + 399));
  EXPECT_FALSE(bitmap::bitsEqual(left.data(), 5, right.data(), 11, 400));
  EXPECT_TRUE(bitmap::bitsEqual(left.data(), 5, right.data(), 11, 399));
}

}  // namespace
}  // namespace sabot::columnar
