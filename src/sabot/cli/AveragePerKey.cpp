#include "sabot/cli/AveragePerKey.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "sabot/cli/KeyedFunctionStream.h"
#include "sabot/state/Serializer.h"

namespace sabot::cli {

namespace {

/// Rows emitted per output batch at the end.
constexpr size_t kOutputBatchRows = 8192;

// Positions of the kept columns of a row (running averages).
constexpr size_t kKeyCell = 0;
constexpr size_t kValueCell = 1;
constexpr size_t kFirstOrderCell = 2;

Status requireInt64(const columnar::Schema& input, const std::string& name, const char* what, bool orTimestamp) {
  SABOT_ASSIGN_OR_RAISE(int index, input.requireFieldIndex(name));
  const columnar::TypeId type = input.field(index)->type()->id();
  if (type == columnar::TypeId::kInt64 || (orTimestamp && type == columnar::TypeId::kTimestamp)) return Status::OK();
  return Status::typeError("column '{}' ({}) is {}; it must be int64{}", name, what,
                           input.field(index)->type()->toString(), orTimestamp ? " or a timestamp" : "");
}

/// a + b, or an error naming the column when it overflows int64.
Result<int64_t> addChecked(int64_t a, int64_t b, const std::string& column) {
  int64_t sum = 0;
  if (__builtin_add_overflow(a, b, &sum)) {
    return Status::invalid("the sum of column '{}' overflows int64 ({} + {})", column, a, b);
  }
  return sum;
}

/// < 0 if a sorts before b: the order cells ascending, then the value,
/// nulls last in each.
int compareRows(const RowCodec::Row& a, const RowCodec::Row& b) {
  const auto compareCell = [&](size_t c) {
    if (a[c].valid != b[c].valid) return a[c].valid ? -1 : 1;
    if (!a[c].valid || a[c].number == b[c].number) return 0;
    return a[c].number < b[c].number ? -1 : 1;
  };
  for (size_t c = kFirstOrderCell; c < a.size(); ++c) {
    if (int order = compareCell(c); order != 0) return order;
  }
  return compareCell(kValueCell);
}

}  // namespace

// ----------------------------------------------------------- serializer

void AveragePerKeyFunction::TotalSerializer::serialize(const Total& total, std::string* out) const {
  out->push_back(total.keyValid ? 1 : 0);
  state::bytes::appendFixedLittleEndian(out, total.key);
  state::bytes::appendFixedLittleEndian(out, total.sum);
  state::bytes::appendFixedLittleEndian(out, total.count);
}

Result<AveragePerKeyFunction::Total> AveragePerKeyFunction::TotalSerializer::deserialize(state::ByteReader& in) const {
  Total total;
  SABOT_ASSIGN_OR_RAISE(auto validity, in.readFixedLittleEndian<uint8_t>());
  if (validity > 1) return in.corrupt(fmt::format("key validity byte {} is neither 0 nor 1", validity));
  total.keyValid = validity == 1;
  SABOT_ASSIGN_OR_RAISE(total.key, in.readFixedLittleEndian<int64_t>());
  SABOT_ASSIGN_OR_RAISE(total.sum, in.readFixedLittleEndian<int64_t>());
  SABOT_ASSIGN_OR_RAISE(total.count, in.readFixedLittleEndian<int64_t>());
  if (total.count < 0) return in.corrupt(fmt::format("a negative count {}", total.count));
  return total;
}

// ------------------------------------------------------------- function

Result<columnar::SchemaPtr> AveragePerKeyFunction::outputSchema(const AverageOptions& options,
                                                                const columnar::Schema& input) {
  SABOT_RETURN_NOT_OK(requireInt64(input, options.keyColumn, "the key", false));
  SABOT_RETURN_NOT_OK(requireInt64(input, options.valueColumn, "the averaged value", false));
  if (options.precedingRows) {
    if (*options.precedingRows < 0) {
      return Status::invalid("a running average covers 0 or more preceding rows, not {}", *options.precedingRows);
    }
    if (options.orderBy.empty()) return Status::invalid("a running average needs the columns that order a key's rows");
    for (const std::string& column : options.orderBy) {
      SABOT_RETURN_NOT_OK(requireInt64(input, column, "an order column", true));
    }
  } else if (!options.orderBy.empty()) {
    return Status::invalid("an average per key has no order ({} given); order columns go with precedingRows",
                           fmt::join(options.orderBy, ", "));
  }
  const std::string keyOutput = options.keyOutput.empty() ? options.keyColumn : options.keyOutput;
  if (options.averageOutput.empty() || options.averageOutput == keyOutput) {
    return Status::invalid("the average column needs a name other than the key's ('{}'), got '{}'", keyOutput,
                           options.averageOutput);
  }
  return columnar::schema(
      {columnar::field(keyOutput, columnar::int64()), columnar::field(options.averageOutput, columnar::int64())});
}

Result<std::unique_ptr<AveragePerKeyFunction>> AveragePerKeyFunction::make(AverageOptions options,
                                                                           const columnar::Schema& input) {
  SABOT_ASSIGN_OR_RAISE(columnar::SchemaPtr output, outputSchema(options, input));
  auto function = std::unique_ptr<AveragePerKeyFunction>(new AveragePerKeyFunction());
  function->output_ = std::move(output);
  SABOT_ASSIGN_OR_RAISE(function->keyIndex_, input.requireFieldIndex(options.keyColumn));
  SABOT_ASSIGN_OR_RAISE(function->valueIndex_, input.requireFieldIndex(options.valueColumn));
  if (options.precedingRows) {
    std::vector<std::string> kept = {options.keyColumn, options.valueColumn};
    kept.insert(kept.end(), options.orderBy.begin(), options.orderBy.end());
    SABOT_ASSIGN_OR_RAISE(RowCodec codec, RowCodec::make(input, kept));
    function->codec_ = std::make_shared<const RowCodec>(std::move(codec));
  }
  function->options_ = std::move(options);
  return function;
}

Status AveragePerKeyFunction::open(operators::KeyedProcessContext& context) {
  if (codec_ == nullptr) {
    state::ValueStateDescriptor<Total, TotalSerializer> descriptor;
    descriptor.name = options_.stateName;
    SABOT_ASSIGN_OR_RAISE(totals_,
                          (state::ValueState<Total, TotalSerializer>::make(&context.stateBackend(), descriptor)));
    return Status::OK();
  }
  state::ListStateDescriptor<RowCodec::Row, RowSerializer> descriptor;
  descriptor.name = options_.stateName;
  descriptor.serializer = RowSerializer{codec_};
  SABOT_ASSIGN_OR_RAISE(rows_,
                        (state::ListState<RowCodec::Row, RowSerializer>::make(&context.stateBackend(), descriptor)));
  return Status::OK();
}

Status AveragePerKeyFunction::processBatch(const columnar::RecordBatchPtr& batch,
                                           operators::KeyedProcessContext& context) {
  return codec_ == nullptr ? addTotals(*batch, context) : addRows(*batch, context);
}

Status AveragePerKeyFunction::addTotals(const columnar::RecordBatch& batch, operators::KeyedProcessContext& context) {
  const std::vector<state::KeyRef>& keys = context.rowKeys();
  const columnar::Array& keyColumn = batch.column(keyIndex_);
  const columnar::Array& values = batch.column(valueIndex_);
  // 1. The batch's totals per key.
  slotOfKey_.clear();
  batchKeys_.clear();
  batchTotals_.clear();
  for (int64_t row = 0; row < batch.numRows(); ++row) {
    const state::KeyRef& key = keys[static_cast<size_t>(row)];
    const auto [at, inserted] = slotOfKey_.try_emplace(key.key, batchKeys_.size());
    if (inserted) {
      batchKeys_.push_back(key);
      Total total;
      total.keyValid = keyColumn.isValid(row);
      if (total.keyValid) total.key = keyColumn.value<int64_t>(row);
      batchTotals_.push_back(total);
    }
    if (!values.isValid(row)) continue;  // AVG skips nulls
    Total& total = batchTotals_[at->second];
    SABOT_ASSIGN_OR_RAISE(total.sum, addChecked(total.sum, values.value<int64_t>(row), options_.valueColumn));
    ++total.count;
  }
  // 2. Added to the stored totals, written back in one call.
  SABOT_RETURN_NOT_OK(totals_->getMany(batchKeys_, &stored_));
  for (size_t slot = 0; slot < batchKeys_.size(); ++slot) {
    if (!stored_[slot]) continue;
    Total& total = batchTotals_[slot];
    SABOT_ASSIGN_OR_RAISE(total.sum, addChecked(stored_[slot]->sum, total.sum, options_.valueColumn));
    total.count += stored_[slot]->count;
  }
  return totals_->updateMany(batchKeys_, batchTotals_);
}

Status AveragePerKeyFunction::addRows(const columnar::RecordBatch& batch, operators::KeyedProcessContext& context) {
  const std::vector<state::KeyRef>& keys = context.rowKeys();
  slotOfKey_.clear();
  batchKeys_.clear();
  firstRowOfKey_.clear();
  for (int64_t row = 0; row < batch.numRows(); ++row) {
    const state::KeyRef& key = keys[static_cast<size_t>(row)];
    const auto [at, inserted] = slotOfKey_.try_emplace(key.key, batchKeys_.size());
    if (inserted) {
      batchKeys_.push_back(key);
      firstRowOfKey_.push_back(row);
      if (batchRows_.size() < batchKeys_.size()) batchRows_.emplace_back();
      batchRows_[at->second].clear();
    }
    batchRows_[at->second].push_back(codec_->read(batch, row));
  }
  // One append per key (no read: RocksDB merges it).
  for (size_t slot = 0; slot < batchKeys_.size(); ++slot) {
    SABOT_RETURN_NOT_OK(context.setCurrentRow(firstRowOfKey_[slot]));
    SABOT_RETURN_NOT_OK(rows_->addAll(batchRows_[slot]));
  }
  return Status::OK();
}

Status AveragePerKeyFunction::emitPending(operators::KeyedProcessContext& context) {
  if (pendingKeys_.empty()) return Status::OK();
  const auto column = [](const std::vector<std::optional<int64_t>>& cells) -> Result<columnar::Array> {
    columnar::NumericBuilder<int64_t> builder(columnar::int64());
    SABOT_RETURN_NOT_OK(builder.reserve(static_cast<int64_t>(cells.size())));
    for (const std::optional<int64_t>& cell : cells) {
      SABOT_RETURN_NOT_OK(cell ? builder.append(*cell) : builder.appendNull());
    }
    return builder.finish();
  };
  std::vector<columnar::Array> columns;
  SABOT_ASSIGN_OR_RAISE(columnar::Array keys, column(pendingKeys_));
  SABOT_ASSIGN_OR_RAISE(columnar::Array averages, column(pendingAverages_));
  columns.push_back(std::move(keys));
  columns.push_back(std::move(averages));
  const auto rows = static_cast<int64_t>(pendingKeys_.size());
  pendingKeys_.clear();
  pendingAverages_.clear();
  SABOT_ASSIGN_OR_RAISE(columnar::RecordBatchPtr batch, columnar::RecordBatch::make(output_, rows, std::move(columns)));
  return context.emit(std::move(batch));
}

Status AveragePerKeyFunction::finishTotals(operators::KeyedProcessContext& context) {
  state::KeyedStateBackend& backend = context.stateBackend();
  const auto& groups = backend.config().keyGroups;
  return backend.forEachEntry(totals_->id(), groups.first, groups.last, [&](const state::StateEntryView& entry) {
    SABOT_ASSIGN_OR_RAISE(Total total, state::deserializeExactly(TotalSerializer{}, entry.value, options_.stateName));
    pendingKeys_.push_back(total.keyValid ? std::optional<int64_t>(total.key) : std::nullopt);
    // Integer division truncates towards zero, as Java's (Flink's AVG).
    pendingAverages_.push_back(total.count > 0 ? std::optional<int64_t>(total.sum / total.count) : std::nullopt);
    return pendingKeys_.size() >= kOutputBatchRows ? emitPending(context) : Status::OK();
  });
}

Status AveragePerKeyFunction::finishRows(operators::KeyedProcessContext& context) {
  state::KeyedStateBackend& backend = context.stateBackend();
  const auto& groups = backend.config().keyGroups;
  const RowSerializer serializer{codec_};
  const auto preceding = static_cast<size_t>(*options_.precedingRows);
  std::vector<RowCodec::Row> rows;
  return backend.forEachEntry(rows_->id(), groups.first, groups.last, [&](const state::StateEntryView& entry) {
    // A list cell (no TTL): the elements one after another, each a varint
    // length and the element's bytes (see ListState).
    rows.clear();
    state::ByteReader in(entry.value, options_.stateName);
    while (!in.atEnd()) {
      SABOT_ASSIGN_OR_RAISE(std::string_view element, in.readLengthPrefixed());
      SABOT_ASSIGN_OR_RAISE(RowCodec::Row row, state::deserializeExactly(serializer, element, options_.stateName));
      rows.push_back(std::move(row));
    }
    std::sort(rows.begin(), rows.end(),
              [](const RowCodec::Row& a, const RowCodec::Row& b) { return compareRows(a, b) < 0; });
    // A window sliding over the sorted rows: the non-null values of rows
    // i - preceding .. i.
    int64_t sum = 0;
    int64_t count = 0;
    for (size_t i = 0; i < rows.size(); ++i) {
      const RowCodec::Cell& value = rows[i][kValueCell];
      if (value.valid) {
        SABOT_ASSIGN_OR_RAISE(sum, addChecked(sum, value.number, options_.valueColumn));
        ++count;
      }
      if (i > preceding) {
        const RowCodec::Cell& leaving = rows[i - preceding - 1][kValueCell];
        if (leaving.valid) {
          sum -= leaving.number;
          --count;
        }
      }
      const RowCodec::Cell& key = rows[i][kKeyCell];
      pendingKeys_.push_back(key.valid ? std::optional<int64_t>(key.number) : std::nullopt);
      pendingAverages_.push_back(count > 0 ? std::optional<int64_t>(sum / count) : std::nullopt);
      if (pendingKeys_.size() >= kOutputBatchRows) SABOT_RETURN_NOT_OK(emitPending(context));
    }
    return Status::OK();
  });
}

Status AveragePerKeyFunction::finish(operators::KeyedProcessContext& context) {
  SABOT_RETURN_NOT_OK(codec_ == nullptr ? finishTotals(context) : finishRows(context));
  return emitPending(context);
}

Result<api::DataStream> averagePerKey(const api::KeyedStream& input, const AverageOptions& options,
                                      const std::string& name) {
  SABOT_RETURN_NOT_OK(input.status());
  const columnar::SchemaPtr schema = input.schema();
  SABOT_ASSIGN_OR_RAISE(columnar::SchemaPtr output, AveragePerKeyFunction::outputSchema(options, *schema));
  const auto& keys = input.keyColumns();
  if (std::find(keys.begin(), keys.end(), options.keyColumn) == keys.end()) {
    return Status::invalid("the averages' key column '{}' is not one the stream is keyed by ({})", options.keyColumn,
                           fmt::join(keys, ", "));
  }
  return keyedFunctionStream<AveragePerKeyFunction>(input, options, output, name);
}

}  // namespace sabot::cli
