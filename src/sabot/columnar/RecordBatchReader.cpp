#include "sabot/columnar/RecordBatchReader.h"

namespace sabot::columnar {

Result<std::vector<RecordBatchPtr>> RecordBatchReader::readAll() {
  std::vector<RecordBatchPtr> batches;
  while (true) {
    SABOT_ASSIGN_OR_RAISE(RecordBatchPtr batch, next());
    if (!batch) return batches;
    batches.push_back(std::move(batch));
  }
}

Result<std::shared_ptr<VectorRecordBatchReader>> VectorRecordBatchReader::make(
    SchemaPtr schema, std::vector<RecordBatchPtr> batches) {
  if (!schema) return Status::invalid("record batch reader without a schema");
  for (size_t i = 0; i < batches.size(); ++i) {
    if (!batches[i]) return Status::invalid("batch {} of the reader is null", i);
    if (!batches[i]->schema()->equals(*schema)) {
      return Status::typeError("batch {} has schema\n{}but the reader's schema is\n{}", i,
                               batches[i]->schema()->toString(), schema->toString());
    }
  }
  return std::make_shared<VectorRecordBatchReader>(std::move(schema), std::move(batches));
}

Result<RecordBatchPtr> VectorRecordBatchReader::next() {
  if (position_ >= batches_.size()) return RecordBatchPtr();
  return batches_[position_++];
}

}  // namespace sabot::columnar
