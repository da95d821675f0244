#include "sabot/cli/TopRowsPerKey.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "sabot/cli/KeyedFunctionStream.h"
#include "sabot/state/Serializer.h"

namespace sabot::cli {

namespace {

/// Rows emitted per output batch at the end.
constexpr size_t kOutputBatchRows = 8192;

/// A row of the current batch, read in place (the kept columns, in order).
struct BatchRowView {
  const std::vector<const columnar::Array*>* columns;
  int64_t row;
  bool valid(size_t c) const { return (*columns)[c]->isValid(row); }
  int64_t number(size_t c, columnar::TypeId type) const {
    const columnar::Array& column = *(*columns)[c];
    return type == columnar::TypeId::kBool ? (column.boolValue(row) ? 1 : 0) : column.value<int64_t>(row);
  }
  std::string_view text(size_t c) const { return RowCodec::textAt(*(*columns)[c], row); }
};

/// A kept row.
struct StoredRowView {
  const RowCodec::Row* row;
  bool valid(size_t c) const { return (*row)[c].valid; }
  int64_t number(size_t c, columnar::TypeId) const { return (*row)[c].number; }
  std::string_view text(size_t c) const { return (*row)[c].text; }
};

}  // namespace

// ------------------------------------------------------------ serializer

void TopRowsPerKeyFunction::RowListSerializer::serialize(const Value& rows, std::string* out) const {
  state::bytes::appendVarint(out, rows.size());
  for (const RowCodec::Row& row : rows) codec->encode(row, out);
}

Result<TopRowsPerKeyFunction::RowListSerializer::Value> TopRowsPerKeyFunction::RowListSerializer::deserialize(
    state::ByteReader& in) const {
  SABOT_ASSIGN_OR_RAISE(uint64_t count, in.readVarint());
  // Every row takes at least one byte per column: a count beyond that is
  // corruption, not a reason to allocate.
  if (count > in.remaining()) return in.corrupt(fmt::format("{} kept rows in {} bytes", count, in.remaining()));
  Value rows;
  rows.reserve(count);
  for (uint64_t r = 0; r < count; ++r) {
    SABOT_ASSIGN_OR_RAISE(RowCodec::Row row, codec->decode(in));
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string TopRowsPerKeyFunction::RowListSerializer::signature() const {
  return fmt::format("rows<{}>", codec->typeSignature());
}

// -------------------------------------------------------------- function

Result<columnar::SchemaPtr> TopRowsPerKeyFunction::outputSchema(const TopRowsOptions& options,
                                                                const columnar::Schema& input) {
  if (options.limit < 1)
    return Status::invalid("a top-rows function keeps at least 1 row per key, not {}", options.limit);
  SABOT_ASSIGN_OR_RAISE(RowCodec codec, RowCodec::make(input, options.rowColumns));
  for (const SortColumn& column : options.orderBy) {
    if (std::find(options.rowColumns.begin(), options.rowColumns.end(), column.name) == options.rowColumns.end()) {
      return Status::invalid("the order column '{}' is not one of the kept columns ({})", column.name,
                             fmt::join(options.rowColumns, ", "));
    }
  }
  std::vector<columnar::FieldPtr> fields = codec.schema()->fields();
  if (!options.rankColumn.empty()) {
    if (codec.schema()->fieldIndex(options.rankColumn) >= 0) {
      return Status::invalid("the rank column '{}' is also a kept column", options.rankColumn);
    }
    fields.push_back(columnar::field(options.rankColumn, columnar::int64(), false));
  }
  return columnar::schema(std::move(fields));
}

Result<std::unique_ptr<TopRowsPerKeyFunction>> TopRowsPerKeyFunction::make(TopRowsOptions options,
                                                                           const columnar::Schema& input) {
  SABOT_ASSIGN_OR_RAISE(columnar::SchemaPtr output, outputSchema(options, input));
  SABOT_ASSIGN_OR_RAISE(RowCodec codec, RowCodec::make(input, options.rowColumns));
  auto function = std::unique_ptr<TopRowsPerKeyFunction>(new TopRowsPerKeyFunction());
  function->codec_ = std::make_shared<const RowCodec>(std::move(codec));
  function->output_ = std::move(output);
  const auto positionOf = [&](const std::string& name) {
    return static_cast<size_t>(std::find(options.rowColumns.begin(), options.rowColumns.end(), name) -
                               options.rowColumns.begin());
  };
  std::vector<bool> ordered(options.rowColumns.size(), false);
  for (const SortColumn& column : options.orderBy) {
    const size_t position = positionOf(column.name);
    if (ordered[position]) continue;  // a repeated column decides nothing more
    ordered[position] = true;
    function->sortKeys_.push_back({position, function->codec_->types()[position], column.descending});
  }
  // The tie-break: every other kept column, ascending.
  for (size_t position = 0; position < options.rowColumns.size(); ++position) {
    if (!ordered[position]) function->sortKeys_.push_back({position, function->codec_->types()[position], false});
  }
  function->options_ = std::move(options);
  return function;
}

template <typename A, typename B>
int TopRowsPerKeyFunction::compare(const A& a, const B& b) const {
  for (const SortKey& key : sortKeys_) {
    const bool aValid = a.valid(key.position);
    const bool bValid = b.valid(key.position);
    if (!aValid || !bValid) {
      if (aValid == bValid) continue;
      return aValid ? -1 : 1;  // nulls last, whatever the direction
    }
    int order = 0;
    if (key.type == columnar::TypeId::kUtf8) {
      const int bytes = a.text(key.position).compare(b.text(key.position));
      order = bytes < 0 ? -1 : (bytes > 0 ? 1 : 0);
    } else {
      const int64_t x = a.number(key.position, key.type);
      const int64_t y = b.number(key.position, key.type);
      order = x < y ? -1 : (x > y ? 1 : 0);
    }
    if (order != 0) return key.descending ? -order : order;
  }
  return 0;
}

Status TopRowsPerKeyFunction::open(operators::KeyedProcessContext& context) {
  state::ValueStateDescriptor<std::vector<RowCodec::Row>, RowListSerializer> descriptor;
  descriptor.name = options_.stateName;
  descriptor.serializer = RowListSerializer{codec_};
  SABOT_ASSIGN_OR_RAISE(rows_, (state::ValueState<std::vector<RowCodec::Row>, RowListSerializer>::make(
                                   &context.stateBackend(), descriptor)));
  return Status::OK();
}

Status TopRowsPerKeyFunction::processBatch(const columnar::RecordBatchPtr& batch,
                                           operators::KeyedProcessContext& context) {
  const std::vector<state::KeyRef>& keys = context.rowKeys();
  std::vector<const columnar::Array*> columns;
  for (int index : codec_->indices()) columns.push_back(&batch->column(index));
  const auto limit = static_cast<size_t>(options_.limit);

  // 1. Per key, the batch's best rows (at most `limit`, best first).
  slotOfKey_.clear();
  batchKeys_.clear();
  for (int64_t row = 0; row < batch->numRows(); ++row) {
    const state::KeyRef& key = keys[static_cast<size_t>(row)];
    const auto [at, inserted] = slotOfKey_.try_emplace(key.key, batchKeys_.size());
    if (inserted) {
      batchKeys_.push_back(key);
      if (batchBest_.size() < batchKeys_.size()) batchBest_.emplace_back();
      batchBest_[at->second].clear();
    }
    std::vector<int64_t>& best = batchBest_[at->second];
    const BatchRowView candidate{&columns, row};
    if (best.size() == limit && compare(candidate, BatchRowView{&columns, best.back()}) >= 0) continue;
    // After the rows it ties with: equal rows keep their arrival order.
    const auto position = std::find_if(best.begin(), best.end(), [&](int64_t kept) {
      return compare(candidate, BatchRowView{&columns, kept}) < 0;
    });
    best.insert(position, row);
    if (best.size() > limit) best.pop_back();
  }

  // 2. Merge with each key's kept rows; write back the keys that changed.
  SABOT_RETURN_NOT_OK(rows_->getMany(batchKeys_, &stored_));
  changedKeys_.clear();
  changedRows_.clear();
  for (size_t slot = 0; slot < batchKeys_.size(); ++slot) {
    std::vector<RowCodec::Row> kept = stored_[slot] ? std::move(*stored_[slot]) : std::vector<RowCodec::Row>();
    const std::vector<int64_t>& best = batchBest_[slot];
    std::vector<RowCodec::Row> merged;
    merged.reserve(std::min(limit, kept.size() + best.size()));
    size_t i = 0;
    size_t j = 0;
    bool changed = false;
    while (merged.size() < limit && (i < kept.size() || j < best.size())) {
      // A kept row goes before a batch row it ties with (it came first).
      const bool takeKept = j == best.size() ||
                            (i < kept.size() && compare(StoredRowView{&kept[i]}, BatchRowView{&columns, best[j]}) <= 0);
      if (takeKept) {
        merged.push_back(std::move(kept[i++]));
      } else {
        merged.push_back(codec_->read(*batch, best[j++]));
        changed = true;
      }
    }
    if (!changed) continue;
    changedKeys_.push_back(batchKeys_[slot]);
    changedRows_.push_back(std::move(merged));
  }
  if (changedKeys_.empty()) return Status::OK();
  return rows_->updateMany(changedKeys_, changedRows_);
}

Status TopRowsPerKeyFunction::emitRows(std::vector<RowCodec::Row>& rows, std::vector<int64_t>& ranks,
                                       operators::KeyedProcessContext& context) const {
  if (rows.empty()) return Status::OK();
  std::vector<const RowCodec::Row*> pointers;
  pointers.reserve(rows.size());
  for (const RowCodec::Row& row : rows) pointers.push_back(&row);
  SABOT_ASSIGN_OR_RAISE(columnar::RecordBatchPtr kept, codec_->toBatch(pointers));
  columnar::RecordBatchPtr batch = kept;
  if (!options_.rankColumn.empty()) {
    columnar::NumericBuilder<int64_t> rankBuilder(columnar::int64());
    SABOT_RETURN_NOT_OK(rankBuilder.reserve(static_cast<int64_t>(ranks.size())));
    for (int64_t rank : ranks) SABOT_RETURN_NOT_OK(rankBuilder.append(rank));
    std::vector<columnar::Array> columns;
    for (int c = 0; c < kept->numColumns(); ++c) columns.push_back(kept->column(c));
    SABOT_ASSIGN_OR_RAISE(columnar::Array rankArray, rankBuilder.finish());
    columns.push_back(std::move(rankArray));
    SABOT_ASSIGN_OR_RAISE(batch,
                          columnar::RecordBatch::make(output_, static_cast<int64_t>(rows.size()), std::move(columns)));
  }
  rows.clear();
  ranks.clear();
  return context.emit(std::move(batch));
}

Status TopRowsPerKeyFunction::finish(operators::KeyedProcessContext& context) {
  state::KeyedStateBackend& backend = context.stateBackend();
  const auto& groups = backend.config().keyGroups;
  const RowListSerializer serializer{codec_};
  std::vector<RowCodec::Row> pending;
  std::vector<int64_t> ranks;
  SABOT_RETURN_NOT_OK(
      backend.forEachEntry(rows_->id(), groups.first, groups.last, [&](const state::StateEntryView& entry) -> Status {
        SABOT_ASSIGN_OR_RAISE(auto rows, state::deserializeExactly(serializer, entry.value, options_.stateName));
        for (size_t rank = 0; rank < rows.size(); ++rank) {
          pending.push_back(std::move(rows[rank]));
          ranks.push_back(static_cast<int64_t>(rank) + 1);
        }
        if (pending.size() >= kOutputBatchRows) return emitRows(pending, ranks, context);
        return Status::OK();
      }));
  return emitRows(pending, ranks, context);
}

Result<api::DataStream> topRowsPerKey(const api::KeyedStream& input, const TopRowsOptions& options,
                                      const std::string& name) {
  SABOT_RETURN_NOT_OK(input.status());
  const columnar::SchemaPtr schema = input.schema();
  SABOT_ASSIGN_OR_RAISE(columnar::SchemaPtr output, TopRowsPerKeyFunction::outputSchema(options, *schema));
  return keyedFunctionStream<TopRowsPerKeyFunction>(input, options, output, name);
}

}  // namespace sabot::cli
