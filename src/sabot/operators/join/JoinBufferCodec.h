#pragma once

#include <optional>

#include "sabot/base/Result.h"
#include "sabot/checkpoint/SnapshotStream.h"
#include "sabot/columnar/RecordBatch.h"
#include "sabot/operators/KeyEncoder.h"

namespace sabot::operators {

/// Writes the buffered batches of a join into a checkpoint and reads them
/// back: a row count, then every row encoded with a KeyEncoder over all
/// columns (the same compact row bytes window keys use), so a snapshot holds
/// values only, no buffer layout.
///
/// Only the column types a KeyEncoder handles can be checkpointed
/// (integers, floats, bool, date32, timestamp, utf8, binary and their large
/// forms); make() names the first column that is not one of them.
class JoinBufferCodec {
 public:
  static Result<JoinBufferCodec> make(columnar::SchemaPtr schema, const char* sideName);

  void write(const columnar::RecordBatch& batch, checkpoint::SnapshotWriter& out) const;
  Result<columnar::RecordBatchPtr> read(checkpoint::SnapshotReader& in, columnar::MemoryPool* pool) const;

 private:
  JoinBufferCodec(columnar::SchemaPtr schema, KeyEncoder encoder)
      : schema_(std::move(schema)), encoder_(std::move(encoder)) {}
  columnar::SchemaPtr schema_;
  KeyEncoder encoder_;
};

}  // namespace sabot::operators
