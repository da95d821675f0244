#include "sabot/operators/window/Aggregate.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "sabot/compute/Cast.h"
#include "sabot/operators/KeyEncoder.h"

namespace sabot::operators {

using columnar::TypeId;

namespace {

std::string_view kindName(AggregateKind kind) {
  switch (kind) {
    case AggregateKind::kCountAll:
    case AggregateKind::kCount: return "count";
    case AggregateKind::kCountDistinct: return "count_distinct";
    case AggregateKind::kSum: return "sum";
    case AggregateKind::kMin: return "min";
    case AggregateKind::kMax: return "max";
    case AggregateKind::kAvg: return "avg";
  }
  return "?";
}

bool producesInteger(const AggregateKind kind, bool realInput) {
  switch (kind) {
    case AggregateKind::kCountAll:
    case AggregateKind::kCount:
    case AggregateKind::kCountDistinct: return true;
    case AggregateKind::kAvg: return false;
    default: return !realInput;
  }
}

}  // namespace

std::string Aggregate::toString() const {
  const std::string argument = kind == AggregateKind::kCountAll ? "*" : column;
  return fmt::format("{}({}) AS {}", kindName(kind), argument, name);
}

Result<BoundAggregates> BoundAggregates::make(const std::vector<Aggregate>& aggregates, const columnar::Schema& input) {
  if (aggregates.empty()) return Status::invalid("a window needs at least one aggregate");
  std::vector<Bound> bound;
  std::vector<columnar::FieldPtr> fields;
  std::set<std::string> names;
  for (const Aggregate& aggregate : aggregates) {
    if (aggregate.name.empty()) return Status::invalid("aggregate {} has no output name", aggregate.toString());
    if (!names.insert(aggregate.name).second) {
      return Status::invalid("two aggregates are called '{}'; name them with as()", aggregate.name);
    }
    Bound entry{aggregate, -1, false};
    if (aggregate.kind != AggregateKind::kCountAll) {
      SABOT_ASSIGN_OR_RAISE(entry.column, input.requireFieldIndex(aggregate.column));
      const TypeId id = input.field(entry.column)->type()->id();
      entry.real = columnar::isFloating(id);
      const bool numericNeeded = aggregate.kind != AggregateKind::kCount && aggregate.kind != AggregateKind::kCountDistinct;
      const bool orderable = columnar::isNumeric(id) || id == TypeId::kTimestamp || id == TypeId::kDate32;
      const bool minMax = aggregate.kind == AggregateKind::kMin || aggregate.kind == AggregateKind::kMax;
      if (numericNeeded && !(columnar::isNumeric(id) || (minMax && orderable))) {
        return Status::typeError("{} needs a numeric column, but '{}' is {}", aggregate.toString(), aggregate.column,
                                 input.field(entry.column)->type()->toString());
      }
      if (aggregate.kind == AggregateKind::kCountDistinct) {
        SABOT_RETURN_NOT_OK(KeyEncoder::make(input, {entry.column}).status());
      }
    }
    const bool integerResult = producesInteger(aggregate.kind, entry.real);
    const bool nullable = aggregate.kind != AggregateKind::kCountAll && aggregate.kind != AggregateKind::kCount &&
                          aggregate.kind != AggregateKind::kCountDistinct;
    fields.push_back(columnar::field(aggregate.name, integerResult ? columnar::int64() : columnar::float64(), nullable));
    bound.push_back(std::move(entry));
  }
  return BoundAggregates(std::move(bound), std::move(fields));
}

Result<BoundAggregates::Inputs> BoundAggregates::prepare(const columnar::RecordBatch& batch) const {
  Inputs inputs;
  inputs.columns.resize(aggregates_.size());
  inputs.distinctValues.resize(aggregates_.size());
  for (size_t a = 0; a < aggregates_.size(); ++a) {
    const Bound& aggregate = aggregates_[a];
    if (aggregate.column < 0) continue;
    const columnar::Array& column = batch.column(aggregate.column);
    if (aggregate.spec.kind == AggregateKind::kCountDistinct) {
      SABOT_ASSIGN_OR_RAISE(KeyEncoder encoder, KeyEncoder::make(*batch.schema(), {aggregate.column}));
      SABOT_ASSIGN_OR_RAISE(inputs.distinctValues[a], encoder.encode(batch));
      inputs.columns[a] = column;
      continue;
    }
    if (aggregate.spec.kind == AggregateKind::kCount) {
      inputs.columns[a] = column;
      continue;
    }
    const columnar::DataTypePtr target = aggregate.real ? columnar::float64() : columnar::int64();
    if (column.type()->id() == target->id()) {
      inputs.columns[a] = column;
    } else {
      // Timestamps and dates convert to their integer ticks.
      columnar::ArrayData data = *column.data();
      if (column.typeId() == TypeId::kTimestamp) {
        data.type = columnar::int64();
        inputs.columns[a] = columnar::Array(std::make_shared<columnar::ArrayData>(std::move(data)));
      } else {
        if (column.typeId() == TypeId::kDate32) {
          data.type = columnar::int32();
          SABOT_ASSIGN_OR_RAISE(inputs.columns[a],
                                compute::cast(columnar::Array(std::make_shared<columnar::ArrayData>(std::move(data))), target));
        } else {
          SABOT_ASSIGN_OR_RAISE(inputs.columns[a], compute::cast(column, target));
        }
      }
    }
  }
  return inputs;
}

void BoundAggregates::add(Accumulator* accs, const Inputs& inputs, int64_t row) const {
  for (size_t a = 0; a < aggregates_.size(); ++a) {
    const Bound& aggregate = aggregates_[a];
    Accumulator& acc = accs[a];
    if (aggregate.spec.kind == AggregateKind::kCountAll) {
      ++acc.count;
      continue;
    }
    const columnar::Array& column = inputs.columns[a];
    if (!column.isValid(row)) continue;
    switch (aggregate.spec.kind) {
      case AggregateKind::kCountAll:
      case AggregateKind::kCount: ++acc.count; break;
      case AggregateKind::kCountDistinct:
        if (acc.distinct == nullptr) acc.distinct = std::make_shared<std::unordered_set<std::string>>();
        acc.distinct->insert(inputs.distinctValues[a][static_cast<size_t>(row)]);
        break;
      case AggregateKind::kSum:
      case AggregateKind::kAvg:
        if (aggregate.real) {
          acc.real += column.values<double>()[row];
        } else {
          // Wrapping on overflow is well defined here; avg reads it as real.
          acc.integer = static_cast<int64_t>(static_cast<uint64_t>(acc.integer) +
                                             static_cast<uint64_t>(column.values<int64_t>()[row]));
          acc.real += static_cast<double>(column.values<int64_t>()[row]);
        }
        ++acc.count;
        break;
      case AggregateKind::kMin:
      case AggregateKind::kMax: {
        const bool isMin = aggregate.spec.kind == AggregateKind::kMin;
        if (aggregate.real) {
          const double value = column.values<double>()[row];
          if (acc.count == 0 || (isMin ? value < acc.real : value > acc.real)) acc.real = value;
        } else {
          const int64_t value = column.values<int64_t>()[row];
          if (acc.count == 0 || (isMin ? value < acc.integer : value > acc.integer)) acc.integer = value;
        }
        ++acc.count;
        break;
      }
    }
  }
}

void BoundAggregates::merge(Accumulator* into, const Accumulator* from) const {
  for (size_t a = 0; a < aggregates_.size(); ++a) {
    const Bound& aggregate = aggregates_[a];
    Accumulator& target = into[a];
    const Accumulator& source = from[a];
    switch (aggregate.spec.kind) {
      case AggregateKind::kCountAll:
      case AggregateKind::kCount: target.count += source.count; break;
      case AggregateKind::kCountDistinct:
        if (source.distinct == nullptr) break;
        if (target.distinct == nullptr) {
          target.distinct = std::make_shared<std::unordered_set<std::string>>(*source.distinct);
        } else {
          target.distinct->insert(source.distinct->begin(), source.distinct->end());
        }
        break;
      case AggregateKind::kSum:
      case AggregateKind::kAvg:
        target.integer = static_cast<int64_t>(static_cast<uint64_t>(target.integer) + static_cast<uint64_t>(source.integer));
        target.real += source.real;
        target.count += source.count;
        break;
      case AggregateKind::kMin:
      case AggregateKind::kMax: {
        if (source.count == 0) break;
        const bool isMin = aggregate.spec.kind == AggregateKind::kMin;
        if (target.count == 0) {
          target.integer = source.integer;
          target.real = source.real;
        } else if (aggregate.real) {
          if (isMin ? source.real < target.real : source.real > target.real) target.real = source.real;
        } else if (isMin ? source.integer < target.integer : source.integer > target.integer) {
          target.integer = source.integer;
        }
        target.count += source.count;
        break;
      }
    }
  }
}

Result<std::vector<std::unique_ptr<columnar::ArrayBuilder>>> BoundAggregates::makeBuilders(
    columnar::MemoryPool* pool) const {
  std::vector<std::unique_ptr<columnar::ArrayBuilder>> builders;
  for (const columnar::FieldPtr& field : outputFields_) {
    SABOT_ASSIGN_OR_RAISE(auto builder, columnar::makeBuilder(field->type(), pool));
    builders.push_back(std::move(builder));
  }
  return builders;
}

Status BoundAggregates::appendResults(const Accumulator* accs,
                                      const std::vector<std::unique_ptr<columnar::ArrayBuilder>>& builders) const {
  for (size_t a = 0; a < aggregates_.size(); ++a) {
    const Bound& aggregate = aggregates_[a];
    const Accumulator& acc = accs[a];
    columnar::ArrayBuilder* builder = builders[a].get();
    // The output type decides the builder's class; cast only to that one.
    auto integers = [builder] { return static_cast<columnar::NumericBuilder<int64_t>*>(builder); };
    auto reals = [builder] { return static_cast<columnar::NumericBuilder<double>*>(builder); };
    switch (aggregate.spec.kind) {
      case AggregateKind::kCountAll:
      case AggregateKind::kCount: SABOT_RETURN_NOT_OK(integers()->append(acc.count)); break;
      case AggregateKind::kCountDistinct:
        SABOT_RETURN_NOT_OK(integers()->append(acc.distinct == nullptr ? 0 : static_cast<int64_t>(acc.distinct->size())));
        break;
      case AggregateKind::kAvg:
        if (acc.count == 0) {
          SABOT_RETURN_NOT_OK(builder->appendNull());
        } else {
          SABOT_RETURN_NOT_OK(reals()->append(acc.real / static_cast<double>(acc.count)));
        }
        break;
      case AggregateKind::kSum:
      case AggregateKind::kMin:
      case AggregateKind::kMax:
        if (acc.count == 0) {
          SABOT_RETURN_NOT_OK(builder->appendNull());
        } else if (aggregate.real) {
          SABOT_RETURN_NOT_OK(reals()->append(acc.real));
        } else {
          SABOT_RETURN_NOT_OK(integers()->append(acc.integer));
        }
        break;
    }
  }
  return Status::OK();
}

void BoundAggregates::snapshot(const Accumulator* accs, checkpoint::SnapshotWriter& out) const {
  for (size_t a = 0; a < aggregates_.size(); ++a) {
    const Accumulator& acc = accs[a];
    out.write<int64_t>(acc.count);
    out.write<int64_t>(acc.integer);
    out.write<double>(acc.real);
    const uint64_t distinct = acc.distinct == nullptr ? 0 : acc.distinct->size();
    out.write<uint64_t>(distinct);
    if (distinct > 0) {
      for (const std::string& value : *acc.distinct) out.writeString(value);
    }
  }
}

Status BoundAggregates::restore(Accumulator* accs, checkpoint::SnapshotReader& in) const {
  for (size_t a = 0; a < aggregates_.size(); ++a) {
    Accumulator& acc = accs[a];
    SABOT_ASSIGN_OR_RAISE(acc.count, in.read<int64_t>());
    SABOT_ASSIGN_OR_RAISE(acc.integer, in.read<int64_t>());
    SABOT_ASSIGN_OR_RAISE(acc.real, in.read<double>());
    SABOT_ASSIGN_OR_RAISE(uint64_t distinct, in.readCount(8));
    if (distinct == 0) continue;
    acc.distinct = std::make_shared<std::unordered_set<std::string>>();
    for (uint64_t i = 0; i < distinct; ++i) {
      SABOT_ASSIGN_OR_RAISE(std::string value, in.readString());
      acc.distinct->insert(std::move(value));
    }
  }
  return Status::OK();
}

std::string BoundAggregates::toString() const {
  std::vector<std::string> parts;
  for (const Bound& aggregate : aggregates_) parts.push_back(aggregate.spec.toString());
  return fmt::format("{}", fmt::join(parts, ", "));
}

}  // namespace sabot::operators
