#pragma once

#include <cstdint>
#include <vector>

#include "sabot/base/Result.h"
#include "sabot/compute/Scalar.h"

namespace sabot::compute {

/// XOR-ed into the running seed when a key value is null, so that a null and
/// an empty string (or any other value) hash differently.
inline constexpr uint64_t kNullSeedMix = 0x9E3779B97F4A7C15ULL;

/// The hash of a row whose only key is null: XXH3_64bits_withSeed(empty, 0,
/// kNullSeedMix). Every null single-column key hashes to this value.
uint64_t nullKeyHash();

/// 64-bit hashes of the rows of one or more key columns (equal lengths), as
/// a uint64 array that is never null. This is the hash key-group partitioning
/// uses (keyGroup = hash % maxParallelism), so it is stable across runs,
/// processes and machines, and must not change:
///
///   h = 0
///   for each key column, in order:
///     h = valid ? XXH3_64bits_withSeed(bytes(value), size, h)
///               : XXH3_64bits_withSeed(nullptr, 0, h ^ kNullSeedMix)
///
/// with xxHash's XXH3 (libxxhash 0.8) and bytes(value):
///   - integers, date32, timestamp: the little-endian bytes of the stored
///     value at its own width (int32 5 and int64 5 hash differently);
///   - float32/float64: likewise, after mapping -0.0 to 0.0 and every NaN to
///     the canonical quiet NaN;
///   - bool: one byte, 0 or 1; decimal128: the 16 little-endian bytes of the
///     unscaled value (the scale is not included);
///   - utf8/binary and their large forms: the bytes themselves (utf8 and
///     large_utf8 hash alike);
///   - dictionary: the decoded value (dictionary-encoded and plain columns
///     hash alike);
///   - struct: null if the struct is null, else its fields chained in order;
///   - list: null if the list is null, else its length as 8 little-endian
///     bytes, then each element chained.
Result<Array> hash64(const std::vector<Array>& keys, MemoryPool* pool = MemoryPool::defaultPool());
Result<Array> hash64(const Array& key, MemoryPool* pool = MemoryPool::defaultPool());

}  // namespace sabot::compute
