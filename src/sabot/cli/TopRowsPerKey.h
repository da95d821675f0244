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
#include "sabot/state/ValueState.h"

namespace sabot::cli {

/// One column of a TopRowsOptions ordering.
struct SortColumn {
  std::string name;
  bool descending = false;
};

/// What a TopRowsPerKeyFunction keeps: SQL's
///   ROW_NUMBER() OVER (PARTITION BY <key> ORDER BY <orderBy>) AS rank WHERE rank <= limit
/// on a finite input, as its final table.
struct TopRowsOptions {
  /// The columns kept and emitted, in output order (int64, timestamp,
  /// bool or utf8; usually the key columns among them).
  std::vector<std::string> rowColumns;
  /// The order that ranks a key's rows; each column must be one of
  /// rowColumns. Ties are broken by rowColumns in their order, ascending, so
  /// the ranking is a total order on the rows' contents: rows that compare
  /// equal are identical, and the result depends neither on arrival order
  /// nor on the parallelism. Nulls sort last in either direction.
  std::vector<SortColumn> orderBy;
  /// Rows kept per key, at least 1.
  int64_t limit = 1;
  /// Non-empty: an int64 column of this name is appended, the row's rank
  /// 1 .. limit (ROW_NUMBER); empty: no rank column (deduplication).
  std::string rankColumn;
  /// The keyed state's name (in checkpoints).
  std::string stateName = "top rows";
};

/// A keyed process function keeping, per key, the first `limit` rows in
/// the options' order: nexmark-flink's q18 (the latest bid per bidder and
/// auction) and q19 (the 10 highest bids per auction).
///
/// Each key's rows live in keyed state (one value: the kept rows, best
/// first), so they go to the job's state backend (heap or RocksDB) and into
/// its checkpoints. A batch is reduced per key in memory first (its best
/// rows compared on the batch's columns, without copying), then the keys'
/// stored rows are read with one getMany, merged and written back with one
/// updateMany for the keys whose rows changed.
///
/// The rows are emitted once, when the input ends (finish(), after the
/// final watermark): SQL's ROW_NUMBER table as it stands at the end, not
/// Flink's changelog of updates along the way. An unbounded input never
/// emits.
class TopRowsPerKeyFunction final : public operators::KeyedProcessFunction {
 public:
  /// The output schema for `options` over `input`, checking the options.
  static Result<columnar::SchemaPtr> outputSchema(const TopRowsOptions& options, const columnar::Schema& input);
  static Result<std::unique_ptr<TopRowsPerKeyFunction>> make(TopRowsOptions options, const columnar::Schema& input);

  Status open(operators::KeyedProcessContext& context) override;
  Status processBatch(const columnar::RecordBatchPtr& batch, operators::KeyedProcessContext& context) override;
  Status finish(operators::KeyedProcessContext& context) override;

  /// The kept rows of one key, best first, as keyed state bytes: varint
  /// count, then each row as RowCodec::encode writes it.
  struct RowListSerializer {
    using Value = std::vector<RowCodec::Row>;
    std::shared_ptr<const RowCodec> codec;
    void serialize(const Value& rows, std::string* out) const;
    Result<Value> deserialize(state::ByteReader& in) const;
    std::string signature() const;
  };

 private:
  /// A sort column: its position among the kept columns and its direction.
  struct SortKey {
    size_t position = 0;
    columnar::TypeId type = columnar::TypeId::kInt64;
    bool descending = false;
  };

  TopRowsPerKeyFunction() = default;

  /// < 0 if a ranks before b, 0 if they are equal on every kept column.
  template <typename A, typename B>
  int compare(const A& a, const B& b) const;

  Status emitRows(std::vector<RowCodec::Row>& rows, std::vector<int64_t>& ranks,
                  operators::KeyedProcessContext& context) const;

  TopRowsOptions options_;
  std::shared_ptr<const RowCodec> codec_;
  columnar::SchemaPtr output_;
  std::vector<SortKey> sortKeys_;
  std::optional<state::ValueState<std::vector<RowCodec::Row>, RowListSerializer>> rows_;

  // Scratch space of processBatch, kept to reuse its allocations.
  std::unordered_map<std::string_view, size_t> slotOfKey_;
  std::vector<state::KeyRef> batchKeys_;
  std::vector<std::vector<int64_t>> batchBest_;
  std::vector<std::optional<std::vector<RowCodec::Row>>> stored_;
  std::vector<state::KeyRef> changedKeys_;
  std::vector<std::vector<RowCodec::Row>> changedRows_;
};

/// `input.process(...)` running a TopRowsPerKeyFunction, its options checked
/// against the stream's schema (a bad option is a planning error).
Result<api::DataStream> topRowsPerKey(const api::KeyedStream& input, const TopRowsOptions& options,
                                      const std::string& name);

}  // namespace sabot::cli
