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
  const int64_t numRows = hashes.length();
  // A key group -> subtask table instead of a multiply and a division per
  // row, and a mask instead of a modulo when the key groups are a power of
  // two (the default 128).
  std::vector<int32_t> subtaskOfGroup(static_cast<size_t>(maxParallelism_));
  for (int32_t group = 0; group < maxParallelism_; ++group) {
    subtaskOfGroup[static_cast<size_t>(group)] = subtaskForKeyGroup(group);
  }
  std::vector<int32_t> subtaskOfRow(static_cast<size_t>(numRows));
  std::vector<int64_t> counts(static_cast<size_t>(parallelism_), 0);
  const uint64_t* values = hashes.values<uint64_t>();
  const auto groups = static_cast<uint64_t>(maxParallelism_);
  if ((groups & (groups - 1)) == 0) {
    for (int64_t row = 0; row < numRows; ++row) {
      subtaskOfRow[static_cast<size_t>(row)] = subtaskOfGroup[values[row] & (groups - 1)];
    }
  } else {
    for (int64_t row = 0; row < numRows; ++row) {
      subtaskOfRow[static_cast<size_t>(row)] = subtaskOfGroup[values[row] % groups];
    }
  }
  for (int32_t subtask : subtaskOfRow) ++counts[static_cast<size_t>(subtask)];
  std::vector<std::vector<int64_t>> rows(static_cast<size_t>(parallelism_));
  std::vector<int64_t*> cursors(rows.size());
  for (size_t subtask = 0; subtask < rows.size(); ++subtask) {
    rows[subtask].resize(static_cast<size_t>(counts[subtask]));
    cursors[subtask] = rows[subtask].data();
  }
  for (int64_t row = 0; row < numRows; ++row) *cursors[static_cast<size_t>(subtaskOfRow[static_cast<size_t>(row)])]++ = row;
  return rows;
}

}  // namespace sabot::runtime
