#pragma once

#include <cstdint>

namespace sabot::connectors {

/// Writes 4 * groups random lowercase letters to `out`, a function of `key`
/// alone. The `extra` strings are most of the bytes Nexmark generates, so
/// this is the generator's hottest loop: group i is the 32-bit hash
/// (murmur3's finaliser) of a Weyl sequence keyed by `key`, its four bytes
/// mapped to letters by b -> 'a' + (b * 26 >> 8). Every step is a 32-bit
/// lane operation, so the loop runs 8 groups (32 letters) per AVX2
/// instruction where the CPU has AVX2 (chosen at load time), with the same
/// output everywhere.
///
/// Each letter has probability 9/256 or 10/256 rather than exactly 1/26,
/// and the letters are hash output rather than Java's Random; no Nexmark
/// query looks at more than these strings' lengths.
void fillNexmarkLetters(uint64_t key, char* out, int64_t groups);

}  // namespace sabot::connectors
