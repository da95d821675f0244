#include "sabot/operators/join/JoinBufferCodec.h"

#include <numeric>

namespace sabot::operators {

Result<JoinBufferCodec> JoinBufferCodec::make(columnar::SchemaPtr schema, const char* sideName) {
  if (schema->numFields() == 0) return Status::invalid("the {} join input has no columns", sideName);
  for (const columnar::FieldPtr& field : schema->fields()) {
    const columnar::TypeId id = field->type()->id();
    const bool supported = (columnar::isFixedWidth(id) && id != columnar::TypeId::kDecimal128) ||
                           columnar::isBinaryLike(id) || columnar::isLargeBinaryLike(id);
    if (!supported) {
      return Status::unsupported("cannot checkpoint the {} join buffer: column '{}' has type {} (join buffers in "
                                 "checkpoints hold integers, floats, bool, date32, timestamps, strings and binary)",
                                 sideName, field->name(), field->type()->toString());
    }
  }
  std::vector<int> columns(static_cast<size_t>(schema->numFields()));
  std::iota(columns.begin(), columns.end(), 0);
  auto encoder = KeyEncoder::make(*schema, std::move(columns));
  if (!encoder.ok()) {
    return Status::unsupported("cannot checkpoint the {} join buffer: {}", sideName, encoder.status().message());
  }
  return JoinBufferCodec(std::move(schema), std::move(*encoder));
}

void JoinBufferCodec::write(const columnar::RecordBatch& batch, checkpoint::SnapshotWriter& out) const {
  // encode() fails only for types make() rejected.
  std::vector<std::string> rows = encoder_.encode(batch).valueOrDie();
  out.write<uint64_t>(rows.size());
  for (const std::string& row : rows) out.writeString(row);
}

Result<columnar::RecordBatchPtr> JoinBufferCodec::read(checkpoint::SnapshotReader& in,
                                                       columnar::MemoryPool* pool) const {
  SABOT_ASSIGN_OR_RAISE(uint64_t numRows, in.readCount(8));
  SABOT_ASSIGN_OR_RAISE(auto builders, encoder_.makeBuilders(pool));
  for (uint64_t row = 0; row < numRows; ++row) {
    SABOT_ASSIGN_OR_RAISE(std::string encoded, in.readString());
    SABOT_RETURN_NOT_OK_CONTEXT(encoder_.decode(encoded, builders), "{}: buffered row {}", in.what(), row);
  }
  std::vector<columnar::Array> columns;
  for (auto& builder : builders) {
    SABOT_ASSIGN_OR_RAISE(columnar::Array column, builder->finish());
    columns.push_back(std::move(column));
  }
  auto batch = columnar::RecordBatch::make(schema_, static_cast<int64_t>(numRows), std::move(columns));
  if (!batch.ok()) return Status::corrupt("{}: a buffered batch does not fit the input: {}", in.what(), batch.status().message());
  return batch;
}

}  // namespace sabot::operators
