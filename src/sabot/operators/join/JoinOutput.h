#pragma once

#include <vector>

#include "sabot/base/Result.h"
#include "sabot/columnar/RecordBatch.h"
#include "sabot/operators/join/JoinHashTable.h"

namespace sabot::operators {

/// The columns of a join's result: every left column, then every right
/// column, then `extra` (a window join's window_start and window_end).
///
/// Naming rule: a right column whose name is already taken by a left column
/// is called "right_<name>" (keyBy("id") on both sides gives "id" and
/// "right_id"). If that name is taken too, or an extra column's name is,
/// the join is rejected with an Invalid error naming the column: rename it
/// with a select first.
Result<columnar::SchemaPtr> joinedSchema(const columnar::Schema& left, const columnar::Schema& right,
                                         const std::vector<columnar::FieldPtr>& extra = {});

/// The joined columns (left columns, then right columns) of the pairs in
/// `matches`: the probe rows from `probe` (a batch of the side that is not
/// `table.buildSide()`), the build rows from the table's batches. Gathered
/// with compute::take, a build batch at a time; the result's rows are
/// ordered by build batch, then as in `matches`.
Result<std::vector<columnar::Array>> gatherJoined(const columnar::RecordBatch& probe, const JoinHashTable& table,
                                                  const JoinMatches& matches,
                                                  columnar::MemoryPool* pool = columnar::MemoryPool::defaultPool());

/// An int64 array of `values`.
Result<columnar::Array> indexArray(const std::vector<int64_t>& values, columnar::MemoryPool* pool);

}  // namespace sabot::operators
