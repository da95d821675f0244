#include "sabot/state/TtlFormat.h"

namespace sabot::state::ttl {

Result<int64_t> readTimestamp(std::string_view value) {
  ByteReader in(value, "TTL state value");
  return in.readFixedLittleEndian<int64_t>();
}

bool valueExpired(std::string_view value, int64_t ttlMillis, int64_t nowMillis) {
  if (value.size() < kTimestampBytes) return false;
  int64_t lastAccess;
  std::memcpy(&lastAccess, value.data(), sizeof lastAccess);
  return isExpired(lastAccess, ttlMillis, nowMillis);
}

ListFilterResult filterExpiredListElements(std::string_view cell, int64_t ttlMillis, int64_t nowMillis,
                                           std::string* kept) {
  kept->clear();
  ByteReader in(cell, "TTL list state");
  bool anyExpired = false;
  bool anyLive = false;
  while (!in.atEnd()) {
    const size_t start = in.position();
    auto element = in.readLengthPrefixed();
    if (!element.ok() || element->size() < kTimestampBytes) return ListFilterResult::kMalformed;
    if (valueExpired(*element, ttlMillis, nowMillis)) {
      anyExpired = true;
    } else {
      anyLive = true;
      kept->append(cell.substr(start, in.position() - start));
    }
  }
  if (!anyLive) return ListFilterResult::kAllExpired;
  return anyExpired ? ListFilterResult::kChanged : ListFilterResult::kUnchanged;
}

}  // namespace sabot::state::ttl
