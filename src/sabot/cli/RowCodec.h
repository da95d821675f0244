#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sabot/base/Result.h"
#include "sabot/checkpoint/SnapshotStream.h"
#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/columnar/RecordBatch.h"
#include "sabot/state/ByteCodec.h"

namespace sabot::cli {

/// The values of some columns of a row, kept by the Nexmark process
/// functions after the batch is gone: in their members (and checkpoints)
/// or as keyed state values. Supports the column types of the Nexmark
/// tables and of window results: int64, timestamp, bool and utf8.
class RowCodec {
 public:
  struct Cell {
    bool valid = false;
    int64_t number = 0;  ///< int64, timestamp ticks, bool as 0/1
    std::string text;    ///< utf8
  };
  using Row = std::vector<Cell>;

  /// A codec for `columns` of `input`; a missing column or another type is
  /// an error naming the column.
  static Result<RowCodec> make(const columnar::Schema& input, const std::vector<std::string>& columns);

  /// The kept columns as fields, in the order they were given.
  const columnar::SchemaPtr& schema() const { return schema_; }
  /// The kept columns' positions in the input schema and their types.
  const std::vector<int>& indices() const { return indices_; }
  const std::vector<columnar::TypeId>& types() const { return types_; }
  /// "int64,timestamp,utf8": the kept types, for state signatures.
  std::string typeSignature() const;

  /// The string at `row` of a utf8 column (a string array of empty values
  /// may have no data buffer).
  static std::string_view textAt(const columnar::Array& column, int64_t row);

  Row read(const columnar::RecordBatch& batch, int64_t row) const;

  /// The rows as one batch of schema().
  Result<columnar::RecordBatchPtr> toBatch(const std::vector<const Row*>& rows) const;

  /// Checkpoint members: per cell valid, number, text.
  void snapshot(const Row& row, checkpoint::SnapshotWriter& out) const;
  Result<Row> restore(checkpoint::SnapshotReader& in) const;

  /// Keyed state bytes: per cell one byte 0 (null) or 1, then for a valid
  /// cell the number (8 bytes, little-endian) or the text (varint length and
  /// bytes).
  void encode(const Row& row, std::string* out) const;
  Result<Row> decode(state::ByteReader& in) const;

 private:
  std::vector<int> indices_;
  std::vector<columnar::TypeId> types_;
  columnar::SchemaPtr schema_;
};

}  // namespace sabot::cli
