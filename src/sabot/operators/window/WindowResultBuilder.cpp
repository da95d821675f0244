#include "sabot/operators/window/WindowResultBuilder.h"

namespace sabot::operators {

columnar::SchemaPtr windowOutputSchema(const KeyEncoder& keys, const BoundAggregates& aggregates, bool withBounds) {
  std::vector<columnar::FieldPtr> fields = keys.keyFields();
  if (withBounds) {
    fields.push_back(columnar::field("window_start", columnar::timestamp(columnar::TimeUnit::kMilli), false));
    fields.push_back(columnar::field("window_end", columnar::timestamp(columnar::TimeUnit::kMilli), false));
  }
  for (const columnar::FieldPtr& field : aggregates.outputFields()) fields.push_back(field);
  return std::make_shared<columnar::Schema>(std::move(fields));
}

Result<WindowResultBuilder> WindowResultBuilder::make(const KeyEncoder* keys, const BoundAggregates* aggregates,
                                                      columnar::SchemaPtr schema, columnar::MemoryPool* pool) {
  WindowResultBuilder builder;
  builder.keys_ = keys;
  builder.aggregates_ = aggregates;
  builder.withBounds_ = schema->numFields() ==
                        static_cast<int>(keys->keyFields().size() + 2 + aggregates->outputFields().size());
  builder.schema_ = std::move(schema);
  builder.pool_ = pool;
  SABOT_RETURN_NOT_OK(builder.reset());
  return builder;
}

Status WindowResultBuilder::reset() {
  SABOT_ASSIGN_OR_RAISE(keyBuilders_, keys_->makeBuilders(pool_));
  SABOT_ASSIGN_OR_RAISE(aggregateBuilders_, aggregates_->makeBuilders(pool_));
  starts_ = std::make_unique<columnar::NumericBuilder<int64_t>>(columnar::timestamp(columnar::TimeUnit::kMilli), pool_);
  ends_ = std::make_unique<columnar::NumericBuilder<int64_t>>(columnar::timestamp(columnar::TimeUnit::kMilli), pool_);
  rows_ = 0;
  return Status::OK();
}

Status WindowResultBuilder::add(std::string_view key, int64_t start, int64_t end, const Accumulator* accs) {
  SABOT_RETURN_NOT_OK(keys_->decode(key, keyBuilders_));
  if (withBounds_) {
    SABOT_RETURN_NOT_OK(starts_->append(start));
    SABOT_RETURN_NOT_OK(ends_->append(end));
  }
  SABOT_RETURN_NOT_OK(aggregates_->appendResults(accs, aggregateBuilders_));
  ++rows_;
  return Status::OK();
}

Result<columnar::RecordBatchPtr> WindowResultBuilder::finish() {
  if (rows_ == 0) return columnar::RecordBatchPtr();
  std::vector<columnar::Array> columns;
  for (auto& builder : keyBuilders_) {
    SABOT_ASSIGN_OR_RAISE(columnar::Array column, builder->finish());
    columns.push_back(std::move(column));
  }
  if (withBounds_) {
    SABOT_ASSIGN_OR_RAISE(columnar::Array starts, starts_->finish());
    SABOT_ASSIGN_OR_RAISE(columnar::Array ends, ends_->finish());
    columns.push_back(std::move(starts));
    columns.push_back(std::move(ends));
  }
  for (auto& builder : aggregateBuilders_) {
    SABOT_ASSIGN_OR_RAISE(columnar::Array column, builder->finish());
    columns.push_back(std::move(column));
  }
  const int64_t rows = rows_;
  SABOT_RETURN_NOT_OK(reset());
  return columnar::RecordBatch::make(schema_, rows, std::move(columns));
}

}  // namespace sabot::operators
