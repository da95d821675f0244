#pragma once

#include <cstdint>
#include <memory>

#include "sabot/runtime/Source.h"

namespace sabot::connectors {

/// The integers [from, to) as one int64 column `value` (Flink's
/// fromSequence / datagen). Subtask i of p reads the i-th of p contiguous
/// ranges; its position is the next value, which makes it replayable.
class SequenceSource final : public runtime::Source {
 public:
  static Result<std::shared_ptr<SequenceSource>> make(int64_t from, int64_t to);

  std::string describe() const override;
  columnar::SchemaPtr schema() const override { return schema_; }
  Result<std::unique_ptr<runtime::SourceReader>> createReader(const runtime::OperatorContext& context) const override;
  bool replayable() const override { return true; }

  SequenceSource(int64_t from, int64_t to, columnar::SchemaPtr schema) : from_(from), to_(to), schema_(std::move(schema)) {}

 private:
  int64_t from_;
  int64_t to_;
  columnar::SchemaPtr schema_;
};

}  // namespace sabot::connectors
