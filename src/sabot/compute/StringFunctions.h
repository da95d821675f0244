#pragma once

#include <optional>
#include <string_view>

#include "sabot/base/Result.h"
#include "sabot/compute/Scalar.h"

// Kernels over utf8 and large_utf8 arrays (byteLength and the pattern tests
// also take binary). Nulls stay null; the output keeps the input's offset
// width (utf8 -> int32 lengths, large_utf8 -> int64). Non-string input is a
// TypeError.

namespace sabot::compute {

/// The length of each value in bytes.
Result<Array> byteLength(const Array& strings, MemoryPool* pool = MemoryPool::defaultPool());
/// The length of each value in Unicode code points (UTF-8 lead bytes).
Result<Array> charLength(const Array& strings, MemoryPool* pool = MemoryPool::defaultPool());

/// ASCII case mapping: only A-Z / a-z change; other bytes, including every
/// non-ASCII character, are copied unchanged.
Result<Array> lower(const Array& strings, MemoryPool* pool = MemoryPool::defaultPool());
Result<Array> upper(const Array& strings, MemoryPool* pool = MemoryPool::defaultPool());

/// Byte-wise pattern tests; the empty pattern matches every non-null value.
Result<Array> startsWith(const Array& strings, std::string_view pattern,
                         MemoryPool* pool = MemoryPool::defaultPool());
Result<Array> endsWith(const Array& strings, std::string_view pattern,
                       MemoryPool* pool = MemoryPool::defaultPool());
Result<Array> contains(const Array& strings, std::string_view pattern,
                       MemoryPool* pool = MemoryPool::defaultPool());

/// SQL SUBSTRING(s FROM start FOR length), counting code points from 1 as
/// PostgreSQL does: the result holds the characters at positions
/// [start, start + length) that exist, so start <= 0 eats into the length
/// (substring('hello', 0, 3) = 'he') and a start past the end gives ''.
/// Without a length, everything from start on. A negative length is Invalid.
Result<Array> substring(const Array& strings, int64_t start, std::optional<int64_t> length = std::nullopt,
                        MemoryPool* pool = MemoryPool::defaultPool());

/// Splits each value at every occurrence of `delimiter` (non-empty) into a
/// list<item: same string type>; "a,,b" -> ["a", "", "b"], "" -> [""].
Result<Array> split(const Array& strings, std::string_view delimiter,
                    MemoryPool* pool = MemoryPool::defaultPool());

/// Flink's SPLIT_INDEX(s, delimiter, index): the piece number `index`
/// (0-based) of s split at every occurrence of `delimiter` (non-empty), as
/// split() cuts it. Null where s is null or has fewer than index + 1 pieces,
/// and everywhere when index is negative.
Result<Array> splitIndex(const Array& strings, std::string_view delimiter, int64_t index,
                         MemoryPool* pool = MemoryPool::defaultPool());

}  // namespace sabot::compute
