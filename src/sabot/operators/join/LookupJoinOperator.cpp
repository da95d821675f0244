#include "sabot/operators/join/LookupJoinOperator.h"

#include <fmt/format.h>

#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/compute/Selection.h"
#include "sabot/operators/join/JoinOutput.h"

namespace sabot::operators {

using columnar::Array;
using columnar::RecordBatch;
using columnar::RecordBatchPtr;
using columnar::SchemaPtr;

namespace {

/// The table's batches as one batch, so that a row id of the hash table is
/// a row of it and one take() per column gathers any set of matches.
Result<RecordBatchPtr> concatenateTable(const SchemaPtr& schema, const std::vector<RecordBatchPtr>& batches) {
  std::vector<Array> columns;
  columns.reserve(static_cast<size_t>(schema->numFields()));
  int64_t rows = 0;
  for (const RecordBatchPtr& batch : batches) {
    if (!batch->schema()->equals(*schema)) {
      return Status::typeError("lookup table batch of schema {} does not match the table's schema {}",
                               batch->schema()->toString(), schema->toString());
    }
    rows += batch->numRows();
  }
  for (int i = 0; i < schema->numFields(); ++i) {
    std::vector<Array> pieces;
    for (const RecordBatchPtr& batch : batches) {
      if (batch->numRows() > 0) pieces.push_back(batch->column(i));
    }
    if (pieces.empty()) {
      SABOT_ASSIGN_OR_RAISE(auto builder, columnar::makeBuilder(schema->field(i)->type()));
      SABOT_ASSIGN_OR_RAISE(Array empty, builder->finish());
      columns.push_back(std::move(empty));
    } else if (pieces.size() == 1) {
      columns.push_back(std::move(pieces.front()));
    } else {
      SABOT_ASSIGN_OR_RAISE(Array joined, compute::concatenate(pieces));
      columns.push_back(std::move(joined));
    }
  }
  return RecordBatch::make(schema, rows, std::move(columns));
}

}  // namespace

Result<std::shared_ptr<LookupJoinOperator>> LookupJoinOperator::make(const SchemaPtr& stream,
                                                                     std::vector<std::string> streamKeys,
                                                                     const SchemaPtr& tableSchema,
                                                                     const std::vector<RecordBatchPtr>& table,
                                                                     std::vector<std::string> tableKeys, Kind kind) {
  if (stream == nullptr || tableSchema == nullptr) return Status::invalid("lookup join: needs both schemas");
  if (streamKeys.empty()) return Status::invalid("lookup join: needs at least one key column");
  SABOT_ASSIGN_OR_RAISE(JoinKeys keys, JoinKeys::make(*stream, streamKeys, *tableSchema, tableKeys));
  SABOT_ASSIGN_OR_RAISE(SchemaPtr output, joinedSchema(*stream, *tableSchema));
  if (kind == Kind::kLeftOuter) {
    // Unmatched rows have nulls in every table column.
    std::vector<columnar::FieldPtr> fields = output->fields();
    for (size_t i = static_cast<size_t>(stream->numFields()); i < fields.size(); ++i) {
      const columnar::FieldPtr& field = fields[i];
      fields[i] = columnar::field(field->name(), field->type(), /*nullable=*/true, field->metadata());
    }
    output = columnar::schema(std::move(fields));
  }
  SABOT_ASSIGN_OR_RAISE(RecordBatchPtr rows, concatenateTable(tableSchema, table));
  if (rows->numRows() >= int64_t{0xFFFFFFFF}) {
    return Status::invalid("lookup join: the table has {} rows, more than a lookup table holds (2^32 - 1)",
                           rows->numRows());
  }
  auto hashTable = std::make_shared<JoinHashTable>(std::move(keys), JoinSide::kRight);
  if (rows->numRows() > 0) SABOT_RETURN_NOT_OK(hashTable->append(rows));
  return std::make_shared<LookupJoinOperator>(std::move(hashTable), std::move(rows), std::move(output), kind);
}

std::string LookupJoinOperator::describe() const {
  return fmt::format("lookup join ({}) on {} against a table of {} rows",
                     kind_ == Kind::kInner ? "inner" : "left outer", table_->keys().toString(), table_->numRows());
}

Status LookupJoinOperator::processBatch(runtime::OperatorState* /*state*/, int32_t /*input*/,
                                        const RecordBatchPtr& batch, runtime::Collector& out) const {
  if (batch->numRows() == 0) return Status::OK();
  JoinMatches matches;
  SABOT_RETURN_NOT_OK(table_->probe(*batch, matches));
  if (kind_ == Kind::kInner && matches.empty()) return Status::OK();

  // The gather indices, in stream row order. For a left outer join every
  // stream row without a match gets one row whose table index is null.
  std::vector<int64_t> streamRows;
  columnar::NumericBuilder<int64_t> tableRows(columnar::int64());
  if (kind_ == Kind::kInner) {
    streamRows = std::move(matches.probeRows);
    SABOT_RETURN_NOT_OK(tableRows.reserve(static_cast<int64_t>(matches.buildRows.size())));
    for (uint32_t row : matches.buildRows) SABOT_RETURN_NOT_OK(tableRows.append(static_cast<int64_t>(row)));
  } else {
    const int64_t numRows = batch->numRows();
    streamRows.reserve(static_cast<size_t>(numRows) + matches.size());
    SABOT_RETURN_NOT_OK(tableRows.reserve(numRows + static_cast<int64_t>(matches.size())));
    size_t next = 0;
    for (int64_t row = 0; row < numRows; ++row) {
      if (next < matches.size() && matches.probeRows[next] == row) {
        for (; next < matches.size() && matches.probeRows[next] == row; ++next) {
          streamRows.push_back(row);
          SABOT_RETURN_NOT_OK(tableRows.append(static_cast<int64_t>(matches.buildRows[next])));
        }
      } else {
        streamRows.push_back(row);
        SABOT_RETURN_NOT_OK(tableRows.appendNull());
      }
    }
  }
  SABOT_ASSIGN_OR_RAISE(Array streamIndices, indexArray(streamRows, columnar::MemoryPool::defaultPool()));
  SABOT_ASSIGN_OR_RAISE(Array tableIndices, tableRows.finish());
  SABOT_ASSIGN_OR_RAISE(RecordBatchPtr left, compute::take(*batch, streamIndices));
  SABOT_ASSIGN_OR_RAISE(RecordBatchPtr right, compute::take(*tableBatch_, tableIndices));
  std::vector<Array> columns = left->columns();
  columns.insert(columns.end(), right->columns().begin(), right->columns().end());
  SABOT_ASSIGN_OR_RAISE(RecordBatchPtr joined,
                        RecordBatch::make(outputSchema_, static_cast<int64_t>(streamRows.size()), std::move(columns)));
  return out.emit(std::move(joined));
}

}  // namespace sabot::operators
