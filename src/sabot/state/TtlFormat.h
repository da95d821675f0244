#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sabot/base/Result.h"
#include "sabot/state/ByteCodec.h"

namespace sabot::state {

/// How TTL is stored: a state with TTL prefixes every value (for list state:
/// every element; for map state: every entry's value) with the processing
/// time of its last update (or read, with kOnReadAndWrite):
///
///   int64 little-endian lastAccessMillis, then the serialized value
///
/// The entry is expired once now >= lastAccessMillis + ttlMillis. Both
/// backends, the RocksDB compaction filter and the snapshot writer read
/// timestamps with these functions.
namespace ttl {

inline constexpr size_t kTimestampBytes = 8;

inline bool isExpired(int64_t lastAccessMillis, int64_t ttlMillis, int64_t nowMillis) {
  // Written as a difference so huge TTLs cannot overflow.
  return nowMillis - lastAccessMillis >= ttlMillis;
}

inline void appendTimestamp(std::string* out, int64_t millis) { bytes::appendFixedLittleEndian(out, millis); }

/// The timestamp at the front of a TTL value; Corrupt if it is too short.
Result<int64_t> readTimestamp(std::string_view value);

/// True if a TTL value (at least 8 bytes) is expired. Malformed (short)
/// values count as live: cleanup must never drop what it cannot read.
bool valueExpired(std::string_view value, int64_t ttlMillis, int64_t nowMillis);

enum class ListFilterResult : uint8_t {
  kUnchanged,   ///< no element expired
  kChanged,     ///< some expired; `kept` holds the live ones
  kAllExpired,  ///< every element expired (or the list is empty)
  kMalformed,   ///< not a valid list cell; leave it alone
};

/// Drops the expired elements of a list cell (varint-length-prefixed TTL
/// elements one after another).
ListFilterResult filterExpiredListElements(std::string_view cell, int64_t ttlMillis, int64_t nowMillis,
                                           std::string* kept);

}  // namespace ttl
}  // namespace sabot::state
