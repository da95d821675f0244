#include "sabot/connectors/NexmarkLetters.h"

#include <cstring>

namespace sabot::connectors {

namespace {

// Compiled for x86-64-v3 (AVX2) and for the baseline; the loader picks one
// per machine (as compute/TargetClones.h does for the kernels; connectors
// do not depend on compute). Internal linkage, as target_clones needs.
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && \
    !defined(SABOT_NO_TARGET_CLONES)
#define NEXMARK_TARGET_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define NEXMARK_TARGET_CLONES
#endif

NEXMARK_TARGET_CLONES
void fillLetters(uint32_t offset, uint32_t salt, char* out, int64_t groups) {
  for (int64_t i = 0; i < groups; ++i) {
    uint32_t x = static_cast<uint32_t>(i) * 0x9e3779b9u + offset;
    x ^= x >> 16;
    x *= 0x85ebca6bu;
    x ^= x >> 13;
    x *= 0xc2b2ae35u;
    x ^= x >> 16;
    x += salt;
    // Four bytes to four letters in 16-bit lanes: b * 26 <= 6630 never
    // carries into the next lane.
    const uint32_t even = (((x & 0x00ff00ffu) * 26u) >> 8) & 0x00ff00ffu;
    const uint32_t odd = ((((x >> 8) & 0x00ff00ffu) * 26u) >> 8) & 0x00ff00ffu;
    const uint32_t letters = (even | (odd << 8)) + 0x61616161u;  // + 'a'
    std::memcpy(out + 4 * i, &letters, 4);
  }
}

}  // namespace

void fillNexmarkLetters(uint64_t key, char* out, int64_t groups) {
  // The low half picks the point on the Weyl sequence, the high half is
  // added after hashing: strings differ unless all 64 key bits agree.
  fillLetters(static_cast<uint32_t>(key), static_cast<uint32_t>(key >> 32), out, groups);
}

}  // namespace sabot::connectors
