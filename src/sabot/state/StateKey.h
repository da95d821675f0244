#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sabot/base/Result.h"
#include "sabot/state/ByteCodec.h"

namespace sabot::state {

/// One key of a batch for vectorised state access: the serialized key and
/// the key group it hashes to (runtime::KeyGroupAssigner). The bytes are
/// not owned.
struct KeyRef {
  std::string_view key;
  int32_t keyGroup = 0;
};

/// The "key and namespace" part of every stored state key:
///   varint(len(key)) key varint(len(namespace)) namespace
/// Length-prefixing makes it self-delimiting whatever the serializers, so a
/// map entry's user key can follow it and a prefix scan finds exactly the
/// entries of one key and namespace.
inline void appendKeyAndNamespace(std::string* out, std::string_view key, std::string_view ns) {
  bytes::appendLengthPrefixed(out, key);
  bytes::appendLengthPrefixed(out, ns);
}

/// The parts of a stored "key and namespace" (+ user key) byte string.
struct KeyAndNamespace {
  std::string_view key;
  std::string_view ns;
  /// Whatever follows: the user key of a map entry, else empty.
  std::string_view rest;
  /// The bytes of the length-prefixed key and namespace.
  std::string_view keyAndNamespaceBytes;
};

/// The key group the runtime's keyBy sends a single int64 key column value
/// to: compute::hash64 (XXH3 of the 8 little-endian bytes, seed 0) modulo
/// maxParallelism. For callers that set keys one by one.
int32_t keyGroupForInt64Key(int64_t key, int32_t maxParallelism);
/// Likewise for a utf8/binary key column value (XXH3 of its bytes).
int32_t keyGroupForStringKey(std::string_view key, int32_t maxParallelism);

/// Splits `bytes` (made by appendKeyAndNamespace, possibly followed by a
/// user key); Corrupt if they are malformed.
Result<KeyAndNamespace> splitKeyAndNamespace(std::string_view bytes);

}  // namespace sabot::state
