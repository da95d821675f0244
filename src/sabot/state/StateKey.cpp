#include "sabot/state/StateKey.h"

#include <xxhash.h>

namespace sabot::state {

Result<KeyAndNamespace> splitKeyAndNamespace(std::string_view bytes) {
  ByteReader in(bytes, "stored state key");
  KeyAndNamespace parts;
  SABOT_ASSIGN_OR_RAISE(parts.key, in.readLengthPrefixed());
  SABOT_ASSIGN_OR_RAISE(parts.ns, in.readLengthPrefixed());
  parts.keyAndNamespaceBytes = bytes.substr(0, in.position());
  parts.rest = in.readRest();
  return parts;
}

int32_t keyGroupForInt64Key(int64_t key, int32_t maxParallelism) {
  // Must stay equal to compute::hash64 of a one-column int64 key (StateKeyTest checks).
  const uint64_t hash = XXH3_64bits_withSeed(&key, sizeof key, 0);
  return static_cast<int32_t>(hash % static_cast<uint64_t>(maxParallelism));
}

int32_t keyGroupForStringKey(std::string_view key, int32_t maxParallelism) {
  const uint64_t hash = XXH3_64bits_withSeed(key.data(), key.size(), 0);
  return static_cast<int32_t>(hash % static_cast<uint64_t>(maxParallelism));
}

}  // namespace sabot::state
