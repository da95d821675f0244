#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sabot/api/DataStream.h"
#include "sabot/base/Result.h"
#include "sabot/cli/RowCodec.h"
#include "sabot/operators/KeyedProcessFunction.h"
#include "sabot/state/ListState.h"
#include "sabot/state/ValueState.h"

namespace sabot::cli {

/// What an AveragePerKeyFunction computes, on a finite input, as its final
/// table. Averages follow Flink's AVG of a BIGINT: a BIGINT, the sum of the
/// non-null values divided by their count, truncated towards zero; null when
/// there is no non-null value.
struct AverageOptions {
  /// The int64 column emitted with each average: the key (or one of the key
  /// columns) the stream is keyed by.
  std::string keyColumn;
  /// The int64 column averaged.
  std::string valueColumn;
  /// Output names; an empty keyOutput keeps keyColumn's name.
  std::string keyOutput;
  std::string averageOutput = "avg";
  /// nullopt: one row per key, the average of all its values
  ///   SELECT key, AVG(value) FROM input GROUP BY key
  /// n >= 0: one row per input row, the average over it and the (at most) n
  /// rows before it in its key's order
  ///   SELECT key, AVG(value) OVER (PARTITION BY key ORDER BY orderBy
  ///                                ROWS BETWEEN n PRECEDING AND CURRENT ROW)
  std::optional<int64_t> precedingRows;
  /// With precedingRows: the order of a key's rows, ascending, nulls last
  /// (int64 or timestamp columns). Rows tying on all of them are ordered by
  /// the value, so the result does not depend on arrival order: rows equal
  /// on the order and the value are interchangeable.
  std::vector<std::string> orderBy;
  /// The keyed state's name (in checkpoints).
  std::string stateName = "averages";
};

/// A keyed process function averaging a column per key, emitting when the
/// input ends: q4's average winning price per category (one row per key)
/// and q6's running average of a seller's last winning prices (one row per
/// input row, over the rows before it).
///
/// State is keyed, so it lives in the job's state backend and checkpoints:
/// per key the sum and count of its values (one row per key), or its rows
/// (a ListState of key, value and order columns, appended per batch without
/// reading; sorted once in finish()).
///
/// Like TopRowsPerKeyFunction it emits in finish(), after the final
/// watermark: the table as it stands at the end of input, not Flink's
/// changelog. An unbounded input never emits.
class AveragePerKeyFunction final : public operators::KeyedProcessFunction {
 public:
  /// (keyOutput int64, averageOutput int64), checking the options.
  static Result<columnar::SchemaPtr> outputSchema(const AverageOptions& options, const columnar::Schema& input);
  static Result<std::unique_ptr<AveragePerKeyFunction>> make(AverageOptions options, const columnar::Schema& input);

  Status open(operators::KeyedProcessContext& context) override;
  Status processBatch(const columnar::RecordBatchPtr& batch, operators::KeyedProcessContext& context) override;
  Status finish(operators::KeyedProcessContext& context) override;

  /// One key's running total (one row per key): the key's value, the sum
  /// and the count of the non-null values.
  struct Total {
    bool keyValid = false;
    int64_t key = 0;
    int64_t sum = 0;
    int64_t count = 0;
  };
  /// Keyed state bytes of a Total: validity byte, key, sum, count (8 bytes
  /// each, little-endian).
  struct TotalSerializer {
    using Value = Total;
    void serialize(const Total& total, std::string* out) const;
    Result<Total> deserialize(state::ByteReader& in) const;
    std::string signature() const { return "average-total"; }
  };
  /// Keyed state bytes of a kept row (RowCodec::encode).
  struct RowSerializer {
    using Value = RowCodec::Row;
    std::shared_ptr<const RowCodec> codec;
    void serialize(const RowCodec::Row& row, std::string* out) const { codec->encode(row, out); }
    Result<RowCodec::Row> deserialize(state::ByteReader& in) const { return codec->decode(in); }
    std::string signature() const { return "row<" + codec->typeSignature() + ">"; }
  };

 private:
  AveragePerKeyFunction() = default;

  Status addTotals(const columnar::RecordBatch& batch, operators::KeyedProcessContext& context);
  Status addRows(const columnar::RecordBatch& batch, operators::KeyedProcessContext& context);
  Status finishTotals(operators::KeyedProcessContext& context);
  Status finishRows(operators::KeyedProcessContext& context);
  /// Emits the pending (key, average) pairs as one batch.
  Status emitPending(operators::KeyedProcessContext& context);

  AverageOptions options_;
  columnar::SchemaPtr output_;
  int keyIndex_ = -1;
  int valueIndex_ = -1;
  /// Over rows: the kept columns (key, value, then orderBy).
  std::shared_ptr<const RowCodec> codec_;
  std::optional<state::ValueState<Total, TotalSerializer>> totals_;
  std::optional<state::ListState<RowCodec::Row, RowSerializer>> rows_;

  // Scratch space of processBatch, kept to reuse its allocations.
  std::unordered_map<std::string_view, size_t> slotOfKey_;
  std::vector<state::KeyRef> batchKeys_;
  std::vector<int64_t> firstRowOfKey_;
  std::vector<Total> batchTotals_;
  std::vector<std::vector<RowCodec::Row>> batchRows_;
  std::vector<std::optional<Total>> stored_;
  // The output of finish(), emitted in batches.
  std::vector<std::optional<int64_t>> pendingKeys_;
  std::vector<std::optional<int64_t>> pendingAverages_;
};

/// `input.process(...)` running an AveragePerKeyFunction, its options
/// checked against the stream's schema (a bad option is a planning error).
Result<api::DataStream> averagePerKey(const api::KeyedStream& input, const AverageOptions& options,
                                      const std::string& name);

}  // namespace sabot::cli
