#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "sabot/connectors/NexmarkRandom.h"

namespace sabot::connectors {

/// Beam's StringsGenerator and PriceGenerator rules, writing into
/// caller-provided buffers so that generating an event allocates nothing.
class NexmarkStrings {
 public:
  /// Shortest string nextString() draws (before trimming).
  static constexpr int kMinStringLength = 3;

  /// Beam's nextString(random, maxLength[, special]): a length uniform in
  /// [3, maxLength), then per character `special` (a space by default) with
  /// probability 1/13, else a random letter; leading and trailing spaces are
  /// trimmed (Java's String.trim(); a '_' special is kept). `out` needs
  /// maxLength bytes; the result starts at `out`.
  ///
  /// Differs from Beam only in drawing each character from one random number
  /// (Beam draws twice: nextInt(13), then nextInt(26)).
  static std::string_view nextString(NexmarkRandom& random, int maxLength, char* out,
                                     char special = ' ') {
    const int length =
        kMinStringLength + static_cast<int>(random.below(maxLength - kMinStringLength));
    for (int i = 0; i < length; ++i) {
      const uint64_t bits = random.next();
      const uint64_t high = bits >> 32;
      const uint64_t low = bits & 0xffffffffULL;
      out[i] = (high * 13) >> 32 == 0 ? special : static_cast<char>('a' + ((low * 26) >> 32));
    }
    int begin = 0;
    int end = length;
    if (special == ' ') {
      while (begin < end && out[begin] == ' ') ++begin;
      while (end > begin && out[end - 1] == ' ') --end;
      if (begin > 0) std::memmove(out, out + begin, static_cast<size_t>(end - begin));
    }
    return {out, static_cast<size_t>(end - begin)};
  }

  /// The length of Beam's nextExtra(random, currentSize, desiredAverageSize):
  /// what brings currentSize up to the average, +-20% uniformly
  /// ([average - delta, average + delta) with delta = round(0.2 * gap)), or 0
  /// when currentSize is already above the average.
  static int64_t extraLength(NexmarkRandom& random, int64_t currentSize,
                             int64_t desiredAverageSize) {
    if (currentSize > desiredAverageSize) return 0;
    const int64_t gap = desiredAverageSize - currentSize;
    // Java's Math.round(gap * 0.2), floor(x + 0.5): truncation, as x >= 0.
    const auto delta = static_cast<int64_t>(static_cast<double>(gap) * 0.2 + 0.5);
    const int64_t minimum = gap - delta;
    return minimum + (delta == 0 ? 0 : random.below(2 * delta));
  }

  /// The longest extraLength(random, currentSize, desiredAverageSize) can be.
  static int64_t maxExtraLength(int64_t currentSize, int64_t desiredAverageSize) {
    if (currentSize > desiredAverageSize) return 0;
    const int64_t gap = desiredAverageSize - currentSize;
    const auto delta = static_cast<int64_t>(static_cast<double>(gap) * 0.2 + 0.5);
    return delta == 0 ? gap : gap + delta - 1;
  }

  /// Beam's PriceGenerator.nextPrice: round(10^(u * 6) * 100) cents for u
  /// uniform in [0, 1), i.e. log-uniform from $1 to $1,000,000. Computed as
  /// 2^(u * 6 * log2(10)): exp2 is three times faster than pow here, and its
  /// relative error (~1e-15) changes a price only when 10^(6u) * 100 lands
  /// within 1e-7 of a half cent.
  static int64_t nextPrice(NexmarkRandom& random) {
    constexpr double kSixLog2Ten = 6.0 * 3.321928094887362347870;
    // Java's Math.round, floor(x + 0.5): truncation, as x is positive.
    return static_cast<int64_t>(std::exp2(random.nextDouble() * kSixLog2Ten) * 100.0 + 0.5);
  }

  /// Beam's credit card number: four groups of 4 random digits ("%04d"),
  /// separated by spaces; 19 characters written to `out`.
  static std::string_view nextCreditCard(NexmarkRandom& random, char* out) {
    char* at = out;
    for (int group = 0; group < 4; ++group) {
      if (group > 0) *at++ = ' ';
      auto value = static_cast<int>(random.below(10000));
      for (int digit = 3; digit >= 0; --digit) {
        at[digit] = static_cast<char>('0' + value % 10);
        value /= 10;
      }
      at += 4;
    }
    return {out, static_cast<size_t>(at - out)};
  }
};

}  // namespace sabot::connectors
