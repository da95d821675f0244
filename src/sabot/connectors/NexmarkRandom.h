#pragma once

#include <cstdint>
#include <cstring>

#include "sabot/connectors/NexmarkLetters.h"

namespace sabot::connectors {

/// The random stream of one Nexmark event. Beam seeds a fresh
/// java.util.Random with the event id for every event, which makes event n
/// the same whoever generates it and whenever; we do the same with a faster
/// generator (wyrand: one 64x64->128 multiply per draw, a 2^64 period per
/// stream), seeded through SplitMix64's finaliser so that
/// neighbouring event ids get unrelated streams. The values differ from
/// Java's, the distributions are the same.
class NexmarkRandom {
 public:
  /// The stream of event `eventId` in the data set `seed` (NexmarkConfig::seed).
  static NexmarkRandom forEvent(int64_t eventId, uint64_t seed) {
    return forEventWithKey(eventId, dataSetKey(seed));
  }
  /// The same, with dataSetKey(seed) computed once by the caller.
  static NexmarkRandom forEventWithKey(int64_t eventId, uint64_t key) {
    return NexmarkRandom(mix(static_cast<uint64_t>(eventId) ^ key));
  }
  static uint64_t dataSetKey(uint64_t seed) { return mix(seed + kSeedSalt); }

  explicit NexmarkRandom(uint64_t state) : state_(state) {}

  /// 64 uniformly random bits.
  uint64_t next() {
    state_ += 0xa0761d6478bd642fULL;
    const unsigned __int128 product =
        static_cast<unsigned __int128>(state_) * (state_ ^ 0xe7037ed1a0b428dbULL);
    return static_cast<uint64_t>(product >> 64) ^ static_cast<uint64_t>(product);
  }

  /// Uniform in [0, bound) for bound >= 1 (Lemire's multiply-shift; the bias
  /// is below bound / 2^64, far below anything measurable here). Beam's
  /// nextLong(random, n) is skewed for n >= 2^31; this is not.
  int64_t below(int64_t bound) {
    return static_cast<int64_t>(
        (static_cast<unsigned __int128>(next()) * static_cast<uint64_t>(bound)) >> 64);
  }

  /// Uniform in [0, 1) with 53 random bits (Java's nextDouble()).
  double nextDouble() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  /// Writes `length` random lowercase letters (see NexmarkLetters.h) keyed
  /// by one draw of this stream. Writes whole groups of 4: up to 3 bytes
  /// past `length` are overwritten too (lettersWritten()).
  void fillLetters(char* out, int64_t length) { fillNexmarkLetters(next(), out, (length + 3) / 4); }
  /// The bytes fillLetters(out, length) writes.
  static int64_t lettersWritten(int64_t length) { return (length + 3) / 4 * 4; }

  /// SplitMix64's finaliser: a bijection that scatters nearby inputs.
  static uint64_t mix(uint64_t value) {
    value = (value ^ (value >> 30)) * 0xbf58476d1ce4e5b9ULL;
    value = (value ^ (value >> 27)) * 0x94d049bb133111ebULL;
    return value ^ (value >> 31);
  }

 private:
  static constexpr uint64_t kSeedSalt = 0x6e65786d61726b00ULL;  // "nexmark\0"
  uint64_t state_;
};

}  // namespace sabot::connectors
