#include "sabot/runtime/KeyGroups.h"

namespace sabot::runtime {

namespace {
// Flink's upper bound on max parallelism (key groups are stored as 16-bit
// values in its savepoints); we keep the same bound so savepoints can carry
// key-group ids compactly.
constexpr int32_t kUpperBoundMaxParallelism = 1 << 15;
}  // namespace

Result<KeyGroupAssigner> KeyGroupAssigner::make(int32_t parallelism, int32_t maxParallelism) {
  if (maxParallelism < 1 || maxParallelism > kUpperBoundMaxParallelism) {
    return Status::invalid("max parallelism must be between 1 and {}, got {}",
                           kUpperBoundMaxParallelism, maxParallelism);
  }
  if (parallelism < 1 || parallelism > maxParallelism) {
    return Status::invalid("parallelism must be between 1 and the max parallelism {}, got {}",
                           maxParallelism, parallelism);
  }
  return KeyGroupAssigner(parallelism, maxParallelism);
}

KeyGroupAssigner::KeyGroupRange KeyGroupAssigner::rangeForSubtask(int32_t subtask) const {
  // The inverse of subtaskForKeyGroup: the smallest g with
  // g * p / m >= subtask, up to the smallest g with g * p / m >= subtask + 1.
  const int64_t p = parallelism_;
  const int64_t m = maxParallelism_;
  const auto first = static_cast<int32_t>((subtask * m + p - 1) / p);
  const auto last = static_cast<int32_t>(((subtask + 1) * m + p - 1) / p - 1);
  return {first, last};
}

Result<std::vector<std::vector<int64_t>>> KeyGroupAssigner::partitionRows(
    const columnar::Array& hashes) const {
  if (hashes.typeId() != columnar::TypeId::kUInt64) {
    return Status::typeError("key hashes must be uint64, not {}", hashes.type()->toString());
  }
  if (hashes.nullCount() > 0) return Status::invalid("key hashes must not be null");
  std::vector<std::vector<int64_t>> rows(static_cast<size_t>(parallelism_));
  const int64_t expected = hashes.length() / parallelism_ + 1;
  for (auto& subtaskRows : rows) subtaskRows.reserve(static_cast<size_t>(expected));
  const uint64_t* values = hashes.values<uint64_t>();
  for (int64_t row = 0; row < hashes.length(); ++row) {
    rows[static_cast<size_t>(subtaskForHash(values[row]))].push_back(row);
  }
  return rows;
}

}  // namespace sabot::runtime
