#pragma once

#include <cstdint>
#include <memory>

#include "sabot/columnar/DataType.h"
#include "sabot/columnar/MemoryPool.h"
#include "sabot/columnar/Schema.h"
#include "sabot/formats/BadRecordPolicy.h"

namespace sabot::formats {

/// Options shared by the CSV and JSON-lines readers. Format-specific options
/// extend this struct (CsvReadOptions, JsonReadOptions).
struct ReadOptions {
  /// Most rows per batch returned by next(). Batches are smaller only at the
  /// end of the input and just before an error under OnError::kFail.
  int64_t batchSize = 4096;

  /// The schema of the batches. When null, the reader infers one from the
  /// first `inferenceRows` records (see docs/formats.md for the rules).
  columnar::SchemaPtr schema;
  /// Records examined to infer a schema; they are kept and returned as rows.
  int64_t inferenceRows = 1000;
  /// Unit of inferred timestamp columns; a finer unit is used when a sampled
  /// value has more fraction digits than this unit holds.
  columnar::TimeUnit inferredTimestampUnit = columnar::TimeUnit::kMicro;

  /// What to do with records that do not convert.
  OnError onError = OnError::kFail;
  /// Where rejected records go under OnError::kDeadLetter (required then).
  std::shared_ptr<DeadLetterSink> deadLetterSink;

  /// Bytes read from the input at a time. A record may span chunks.
  int64_t chunkBytes = int64_t{1} << 20;
  /// A record longer than this stops the reader with an error whatever the
  /// policy: it bounds memory on input that never ends a record (an
  /// unterminated quote in a huge file).
  int64_t maxRecordBytes = int64_t{64} << 20;

  /// Pool for the batches' buffers.
  columnar::MemoryPool* pool = columnar::MemoryPool::defaultPool();

  /// Checks the values above (positive sizes, a sink for kDeadLetter).
  Status validate() const;
};

}  // namespace sabot::formats
