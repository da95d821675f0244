#include "sabot/operators/join/JoinOutput.h"

#include <set>
#include <string>

#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/compute/Selection.h"

namespace sabot::operators {

using columnar::Array;
using columnar::FieldPtr;
using columnar::RecordBatch;

Result<columnar::SchemaPtr> joinedSchema(const columnar::Schema& left, const columnar::Schema& right,
                                         const std::vector<FieldPtr>& extra) {
  std::vector<FieldPtr> fields = left.fields();
  std::set<std::string> taken;
  for (const FieldPtr& field : fields) taken.insert(field->name());
  for (const FieldPtr& field : right.fields()) {
    if (!taken.count(field->name())) {
      taken.insert(field->name());
      fields.push_back(field);
      continue;
    }
    const std::string renamed = "right_" + field->name();
    if (taken.count(renamed)) {
      return Status::invalid(
          "the join output would have two columns called '{}' (right column '{}' renamed because the left side has "
          "one too); rename one of them with a select first",
          renamed, field->name());
    }
    taken.insert(renamed);
    fields.push_back(columnar::field(renamed, field->type(), field->nullable(), field->metadata()));
  }
  for (const FieldPtr& field : extra) {
    if (taken.count(field->name())) {
      return Status::invalid("the join output adds a column '{}', but an input already has one; rename it with a "
                             "select first",
                             field->name());
    }
    taken.insert(field->name());
    fields.push_back(field);
  }
  return columnar::schema(std::move(fields));
}

Result<Array> indexArray(const std::vector<int64_t>& values, columnar::MemoryPool* pool) {
  columnar::NumericBuilder<int64_t> builder(columnar::int64(), pool);
  SABOT_RETURN_NOT_OK(builder.appendValues(values.data(), static_cast<int64_t>(values.size())));
  return builder.finish();
}

Result<std::vector<Array>> gatherJoined(const RecordBatch& probe, const JoinHashTable& table,
                                        const JoinMatches& matches, columnar::MemoryPool* pool) {
  const size_t numMatches = matches.size();
  const size_t numBatches = table.batches().size();
  // Counting sort of the pairs by build batch, so each build batch is
  // gathered with one take().
  std::vector<int64_t> starts(numBatches + 1, 0);
  for (uint32_t row : matches.buildRows) ++starts[table.batchOf(row) + 1];
  for (size_t b = 0; b < numBatches; ++b) starts[b + 1] += starts[b];
  std::vector<int64_t> cursor(starts.begin(), starts.end() - 1);
  std::vector<int64_t> probeRows(numMatches);
  std::vector<int64_t> buildRows(numMatches);
  for (size_t i = 0; i < numMatches; ++i) {
    const uint32_t row = matches.buildRows[i];
    const auto at = static_cast<size_t>(cursor[table.batchOf(row)]++);
    probeRows[at] = matches.probeRows[i];
    buildRows[at] = table.rowInBatch(row);
  }
  SABOT_ASSIGN_OR_RAISE(Array probeIndices, indexArray(probeRows, pool));
  SABOT_ASSIGN_OR_RAISE(Array buildIndices, indexArray(buildRows, pool));
  SABOT_ASSIGN_OR_RAISE(columnar::RecordBatchPtr probeTaken, compute::take(probe, probeIndices, pool));

  // The build side: one piece per build batch with matches, concatenated.
  std::vector<std::vector<Array>> pieces;
  for (size_t b = 0; b < numBatches; ++b) {
    const int64_t length = starts[b + 1] - starts[b];
    if (length == 0) continue;
    SABOT_ASSIGN_OR_RAISE(columnar::RecordBatchPtr piece,
                          compute::take(*table.batches()[b], buildIndices.slice(starts[b], length), pool));
    if (pieces.empty()) pieces.resize(static_cast<size_t>(piece->numColumns()));
    for (int c = 0; c < piece->numColumns(); ++c) pieces[static_cast<size_t>(c)].push_back(piece->column(c));
  }
  std::vector<Array> buildColumns;
  if (pieces.empty()) {
    // No matches: empty build columns from an empty take.
    if (numBatches == 0) return Status::internal("gathering a join result from an empty table");
    SABOT_ASSIGN_OR_RAISE(columnar::RecordBatchPtr none, compute::take(*table.batches()[0], buildIndices, pool));
    buildColumns = none->columns();
  }
  for (std::vector<Array>& column : pieces) {
    if (column.size() == 1) {
      buildColumns.push_back(std::move(column[0]));
    } else {
      SABOT_ASSIGN_OR_RAISE(Array joined, compute::concatenate(column, pool));
      buildColumns.push_back(std::move(joined));
    }
  }
  std::vector<Array> result;
  const bool probeIsLeft = table.buildSide() == JoinSide::kRight;
  const std::vector<Array>& left = probeIsLeft ? probeTaken->columns() : buildColumns;
  const std::vector<Array>& right = probeIsLeft ? buildColumns : probeTaken->columns();
  result.insert(result.end(), left.begin(), left.end());
  result.insert(result.end(), right.begin(), right.end());
  return result;
}

}  // namespace sabot::operators
