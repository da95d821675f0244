#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sabot/base/Result.h"
#include "sabot/columnar/RecordBatch.h"

namespace sabot::operators {

/// The two inputs of a join. The left input is input 0 of a join operator,
/// the right input is input 1.
enum class JoinSide : uint8_t { kLeft = 0, kRight = 1 };

inline JoinSide otherSide(JoinSide side) { return side == JoinSide::kLeft ? JoinSide::kRight : JoinSide::kLeft; }
inline const char* sideName(JoinSide side) { return side == JoinSide::kLeft ? "left" : "right"; }

/// The key columns of both sides of an equi-join, bound to their schemas
/// and checked to be comparable pairwise.
///
/// Key pairs must have the same type, with two relaxations that keep the
/// key's hash (compute::hash64) equal on both sides, so that keyBy sends
/// equal keys to the same subtask: utf8 with large_utf8, binary with
/// large_binary, and timestamps of one unit whatever their time zones. Any
/// other mismatch (int32 with int64, timestamp[ms] with timestamp[us]) is a
/// TypeError naming both columns: cast one side with a select first.
///
/// Equality: a null key never equals anything (SQL semantics: a row with a
/// null in any key column joins nothing). Floats compare as the hash does:
/// -0.0 equals 0.0 and NaN equals NaN.
class JoinKeys {
 public:
  static Result<JoinKeys> make(const columnar::Schema& left, const std::vector<std::string>& leftKeys,
                               const columnar::Schema& right, const std::vector<std::string>& rightKeys);

  size_t size() const { return columns_[0].size(); }
  /// The key column indices of `side`, pairwise with the other side's.
  const std::vector<int>& columns(JoinSide side) const { return columns_[static_cast<int>(side)]; }
  const std::vector<std::string>& names(JoinSide side) const { return names_[static_cast<int>(side)]; }

  /// Whether key pair `k` of row `aRow` of column `a` equals row `bRow` of `b`
  /// (both valid).
  bool equal(size_t k, const columnar::Array& a, int64_t aRow, const columnar::Array& b, int64_t bRow) const {
    return equals_[k](a, aRow, b, bRow);
  }
  /// Whether row `row` of `batch` (of `side`) has a null in a key column:
  /// such a row can never join.
  bool hasNullKey(const columnar::RecordBatch& batch, JoinSide side, int64_t row) const {
    for (int column : columns(side)) {
      if (batch.column(column).isNull(row)) return true;
    }
    return false;
  }
  /// "left.a = right.b AND left.c = right.d".
  std::string toString() const;

  using KeyEquals = bool (*)(const columnar::Array&, int64_t, const columnar::Array&, int64_t);

 private:
  JoinKeys() = default;
  std::vector<int> columns_[2];
  std::vector<std::string> names_[2];
  std::vector<KeyEquals> equals_;
};

}  // namespace sabot::operators
