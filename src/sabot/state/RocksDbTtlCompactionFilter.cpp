#include "sabot/state/RocksDbTtlCompactionFilter.h"

#include "sabot/state/TtlFormat.h"

namespace sabot::state {

bool RocksDbTtlCompactionFilter::Filter(int /*level*/, const rocksdb::Slice& /*key*/,
                                        const rocksdb::Slice& existingValue, std::string* newValue,
                                        bool* valueChanged) const {
  const int64_t ttlMillis = ttlMillis_.load(std::memory_order_acquire);
  if (ttlMillis <= 0) return false;
  const int64_t now = clock_->nowMillis();
  const std::string_view value(existingValue.data(), existingValue.size());
  if (kind_ == StateKind::kList) {
    switch (ttl::filterExpiredListElements(value, ttlMillis, now, newValue)) {
      case ttl::ListFilterResult::kAllExpired:
        return true;
      case ttl::ListFilterResult::kChanged:
        *valueChanged = true;
        return false;
      case ttl::ListFilterResult::kUnchanged:
      case ttl::ListFilterResult::kMalformed:
        return false;
    }
  }
  return ttl::valueExpired(value, ttlMillis, now);
}

}  // namespace sabot::state
