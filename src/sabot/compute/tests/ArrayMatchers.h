#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <random>
#include <vector>

#include "sabot/columnar/Array.h"
#include "sabot/columnar/ArrayBuilder.h"

// Assertions and input makers shared by the compute tests.

namespace sabot::compute::testing {

using columnar::Array;

/// Checks type, values and nulls, and that the array passes full validation.
inline void expectArrayEquals(const Array& actual, const Array& expected) {
  ASSERT_TRUE(actual.valid());
  EXPECT_TRUE(columnar::validateArray(*actual.data()).ok())
      << columnar::validateArray(*actual.data()).toString();
  EXPECT_EQ(actual.type()->toString(), expected.type()->toString());
  EXPECT_TRUE(actual.equals(expected)) << "actual:   " << actual.toString(200)
                                       << "\nexpected: " << expected.toString(200);
  EXPECT_EQ(actual.nullCount(), actual.data()->computeNullCount());
}

/// `count` random int64 values in [lo, hi], about one in `nullEvery` null.
inline std::vector<std::optional<int64_t>> randomInt64s(int64_t count, int64_t lo, int64_t hi,
                                                        int nullEvery, uint32_t seed) {
  std::mt19937 random(seed);
  std::uniform_int_distribution<int64_t> values(lo, hi);
  std::vector<std::optional<int64_t>> out;
  for (int64_t i = 0; i < count; ++i) {
    if (nullEvery > 0 && random() % static_cast<uint32_t>(nullEvery) == 0) {
      out.emplace_back(std::nullopt);
    } else {
      out.emplace_back(values(random));
    }
  }
  return out;
}

template <typename T>
std::vector<std::optional<T>> slice(const std::vector<std::optional<T>>& values, size_t offset,
                                    size_t length) {
  return {values.begin() + static_cast<std::ptrdiff_t>(offset),
          values.begin() + static_cast<std::ptrdiff_t>(offset + length)};
}

}  // namespace sabot::compute::testing
