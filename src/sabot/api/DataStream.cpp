#include "sabot/api/DataStream.h"

#include <fmt/format.h>

#include "sabot/api/JobBuilder.h"
#include "sabot/connectors/CollectSink.h"
#include "sabot/operators/FilterProjectOperator.h"
#include "sabot/operators/UnionOperator.h"
#include "sabot/operators/WatermarkAssignerOperator.h"
#include "sabot/operators/join/IntervalJoinOperator.h"
#include "sabot/operators/join/RegularJoinOperator.h"
#include "sabot/operators/join/WindowJoinOperator.h"
#include "sabot/operators/window/WindowAggregateOperator.h"
#include "sabot/runtime/SinkOperator.h"

namespace sabot::api {

using columnar::SchemaPtr;

columnar::SchemaPtr DataStream::schema() const {
  if (!status_.ok()) return nullptr;
  return builder_->graph().outputSchema(node_, outputTag_);
}

std::optional<DataStream> DataStream::cannotExtend() const {
  if (!status_.ok()) return *this;
  if (builder_->graph().outputSchema(node_, outputTag_) == nullptr) {
    return failed(Status::invalid("operator [{}] '{}' is a sink: nothing can read its output", node_.value(),
                                  builder_->graph().node(node_).name));
  }
  return std::nullopt;
}

DataStream DataStream::failed(Status status) const {
  builder_->recordError(status);
  return DataStream(builder_, node_, outputTag_, std::move(status));
}

runtime::JobEdge DataStream::edgeTo(int32_t input) const {
  return runtime::JobEdge{node_, outputTag_, input, partitioning_};
}

DataStream DataStream::addOperator(std::string name, std::shared_ptr<const runtime::Operator> op,
                                   SchemaPtr outputSchema, std::vector<SchemaPtr> sideOutputs,
                                   int32_t maxParallelism) const {
  runtime::NodeId id = builder_->graph().addOperator(std::move(name), std::move(op), std::move(outputSchema),
                                                      {edgeTo(0)}, 0, std::move(sideOutputs));
  builder_->graph().node(id).maxParallelism = maxParallelism;
  return DataStream(builder_, id, 0, Status::OK());
}

DataStream DataStream::withPartitioning(runtime::Partitioning partitioning) const {
  DataStream copy = *this;
  copy.partitioning_ = std::move(partitioning);
  return copy;
}

namespace {
/// "filter on 'bids' [0]": where a building mistake happened.
std::string where(const runtime::JobGraph& graph, runtime::NodeId input, std::string_view what) {
  return fmt::format("{} on the output of [{}] '{}'", what, input.value(), graph.node(input).name);
}
}  // namespace

DataStream DataStream::filter(Expression predicate) const {
  if (auto stop = cannotExtend()) return *stop;
  auto op = operators::FilterProjectOperator::make(schema(), std::move(predicate), std::nullopt);
  if (!op.ok()) return failed(op.status().withContext("{}", where(builder_->graph(), node_, "filter")));
  SchemaPtr output = (*op)->outputSchema();
  return addOperator("filter", std::move(*op), std::move(output));
}

DataStream DataStream::select(std::vector<Expression> expressions) const {
  if (auto stop = cannotExtend()) return *stop;
  auto op = operators::FilterProjectOperator::make(schema(), std::nullopt, std::move(expressions));
  if (!op.ok()) return failed(op.status().withContext("{}", where(builder_->graph(), node_, "select")));
  SchemaPtr output = (*op)->outputSchema();
  return addOperator("select", std::move(*op), std::move(output));
}

DataStream DataStream::lookupJoin(const LookupTable& table, std::vector<std::string> streamKeys,
                                  std::vector<std::string> tableKeys, LookupJoinKind kind) const {
  if (auto stop = cannotExtend()) return *stop;
  auto op = operators::LookupJoinOperator::make(schema(), std::move(streamKeys), table.schema, table.rows,
                                                std::move(tableKeys), kind);
  if (!op.ok()) return failed(op.status().withContext("{}", where(builder_->graph(), node_, "lookupJoin")));
  SchemaPtr output = (*op)->outputSchema();
  return addOperator("lookup join", std::move(*op), std::move(output));
}

DataStream DataStream::map(MapFunction function, SchemaPtr outputSchema) const {
  if (auto stop = cannotExtend()) return *stop;
  if (!function || outputSchema == nullptr) {
    return failed(Status::invalid("{}: needs a function and an output schema", where(builder_->graph(), node_, "map")));
  }
  return addOperator("map", std::make_shared<operators::BatchFunctionOperator>("map", std::move(function)),
                     std::move(outputSchema));
}

DataStream DataStream::flatMap(FlatMapFunction function, SchemaPtr outputSchema) const {
  if (auto stop = cannotExtend()) return *stop;
  if (!function || outputSchema == nullptr) {
    return failed(
        Status::invalid("{}: needs a function and an output schema", where(builder_->graph(), node_, "flatMap")));
  }
  return addOperator("flatMap", std::make_shared<operators::BatchFunctionOperator>("flatMap", std::move(function)),
                     std::move(outputSchema));
}

namespace {
Status checkProcessArguments(bool hasFactory, const SchemaPtr& outputSchema, const std::vector<OutputTag>& sideOutputs) {
  if (!hasFactory) return Status::invalid("needs a process function factory");
  if (outputSchema == nullptr) return Status::invalid("needs an output schema");
  for (size_t i = 0; i < sideOutputs.size(); ++i) {
    if (sideOutputs[i].name.empty() || sideOutputs[i].schema == nullptr) {
      return Status::invalid("side output {} needs a name and a schema", i + 1);
    }
    for (size_t j = 0; j < i; ++j) {
      if (sideOutputs[j].name == sideOutputs[i].name) {
        return Status::invalid("side output '{}' is declared twice", sideOutputs[i].name);
      }
    }
  }
  return Status::OK();
}
}  // namespace

DataStream DataStream::process(ProcessFunctionFactory factory, SchemaPtr outputSchema,
                               std::vector<OutputTag> sideOutputs) const {
  if (auto stop = cannotExtend()) return *stop;
  Status checked = checkProcessArguments(static_cast<bool>(factory), outputSchema, sideOutputs);
  if (!checked.ok()) return failed(checked.withContext("{}", where(builder_->graph(), node_, "process")));
  std::vector<int> keyColumns;
  if (partitioning_.kind == runtime::PartitioningKind::kHash) {
    for (const std::string& key : partitioning_.keys) keyColumns.push_back(schema()->fieldIndex(key));
  }
  std::vector<SchemaPtr> sideSchemas;
  std::vector<std::string> sideNames;
  for (const OutputTag& tag : sideOutputs) {
    sideSchemas.push_back(tag.schema);
    sideNames.push_back(tag.name);
  }
  auto op = std::make_shared<operators::ProcessOperator>("process", std::move(factory), std::move(sideOutputs),
                                                         std::move(keyColumns));
  return addProcessOperator(std::move(op), std::move(outputSchema), std::move(sideSchemas), std::move(sideNames));
}

DataStream DataStream::addProcessOperator(std::shared_ptr<const runtime::Operator> op, SchemaPtr outputSchema,
                                          std::vector<SchemaPtr> sideSchemas,
                                          std::vector<std::string> sideNames) const {
  DataStream result = addOperator("process", std::move(op), std::move(outputSchema), std::move(sideSchemas));
  builder_->sideOutputNames()[result.node_.value()] = std::move(sideNames);
  return result;
}

DataStream KeyedStream::process(ProcessFunctionFactory factory, SchemaPtr outputSchema,
                                std::vector<OutputTag> sideOutputs) const {
  return DataStream::process(std::move(factory), std::move(outputSchema), std::move(sideOutputs));
}

DataStream KeyedStream::process(KeyedProcessFunctionFactory factory, SchemaPtr outputSchema,
                                std::vector<OutputTag> sideOutputs) const {
  if (auto stop = cannotExtend()) return *stop;
  Status checked = checkProcessArguments(static_cast<bool>(factory), outputSchema, sideOutputs);
  std::vector<int> keyColumns;
  for (const std::string& key : partitioning_.keys) keyColumns.push_back(schema()->fieldIndex(key));
  auto keys = operators::KeyEncoder::make(*schema(), std::move(keyColumns));
  if (checked.ok()) checked = keys.status();
  if (!checked.ok()) return failed(checked.withContext("{}", where(builder_->graph(), node_, "keyed process")));
  std::vector<SchemaPtr> sideSchemas;
  std::vector<std::string> sideNames;
  for (const OutputTag& tag : sideOutputs) {
    sideSchemas.push_back(tag.schema);
    sideNames.push_back(tag.name);
  }
  auto op = std::make_shared<operators::KeyedProcessOperator>("process", std::move(factory), std::move(sideOutputs),
                                                              std::move(*keys));
  return addProcessOperator(std::move(op), std::move(outputSchema), std::move(sideSchemas), std::move(sideNames));
}

WindowedStream KeyedStream::window(WindowSpec window) const { return WindowedStream(*this, std::move(window)); }

WindowedStream WindowedStream::allowedLateness(std::chrono::milliseconds lateness) const {
  WindowedStream copy = *this;
  copy.allowedLatenessMs_ = lateness.count();
  return copy;
}

WindowedStream WindowedStream::sideOutputLateData() const {
  WindowedStream copy = *this;
  copy.lateSideOutput_ = true;
  return copy;
}

DataStream WindowedStream::aggregate(std::vector<Aggregate> aggregates) const {
  const DataStream& input = keyed_;
  if (auto stop = input.cannotExtend()) return *stop;
  operators::WindowOptions options;
  options.window = window_;
  options.keys = keyed_.keyColumns();
  options.aggregates = std::move(aggregates);
  options.allowedLatenessMs = allowedLatenessMs_;
  options.lateSideOutput = lateSideOutput_;
  auto op = operators::WindowAggregateOperator::make(input.schema(), std::move(options));
  if (!op.ok()) return input.failed(op.status().withContext("{}", where(input.builder_->graph(), input.node_, "window")));
  SchemaPtr output = (*op)->outputSchema();
  std::vector<SchemaPtr> sideSchemas;
  if (lateSideOutput_) sideSchemas.push_back(input.schema());
  DataStream result = input.addOperator("window", std::move(*op), std::move(output), std::move(sideSchemas));
  if (lateSideOutput_) input.builder_->sideOutputNames()[result.node_.value()] = {"late"};
  return result;
}

DataStream DataStream::sideOutput(const std::string& tag) const {
  if (auto stop = cannotExtend()) return *stop;
  const auto& names = builder_->sideOutputNames()[node_.value()];
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == tag) return DataStream(builder_, node_, static_cast<int32_t>(i + 1), Status::OK());
  }
  return failed(Status::keyError("operator [{}] '{}' declares no side output '{}'", node_.value(),
                                 builder_->graph().node(node_).name, tag));
}

DataStream DataStream::assignTimestampsAndWatermarks(time::WatermarkStrategy strategy) const {
  if (auto stop = cannotExtend()) return *stop;
  Status valid = strategy.instantiate(*schema()).status();
  if (!valid.ok()) return failed(valid.withContext("{}", where(builder_->graph(), node_, "watermarks")));
  auto op = std::make_shared<operators::WatermarkAssignerOperator>(std::move(strategy));
  op->setInputSchema(schema());
  return addOperator("watermarks", std::move(op), schema());
}

KeyedStream DataStream::keyBy(std::vector<std::string> keyColumns) const {
  if (auto stop = cannotExtend()) return KeyedStream(*stop);
  if (keyColumns.empty()) {
    return KeyedStream(failed(Status::invalid("{}: needs at least one key column",
                                              where(builder_->graph(), node_, "keyBy"))));
  }
  const SchemaPtr input = schema();
  for (const std::string& key : keyColumns) {
    auto index = input->requireFieldIndex(key);
    if (!index.ok()) {
      return KeyedStream(failed(index.status().withContext("{}", where(builder_->graph(), node_, "keyBy"))));
    }
  }
  return KeyedStream(withPartitioning(runtime::Partitioning::hash(std::move(keyColumns))));
}

DataStream DataStream::rebalance() const { return withPartitioning(runtime::Partitioning::rebalance()); }
DataStream DataStream::broadcast() const { return withPartitioning(runtime::Partitioning::broadcast()); }
DataStream DataStream::forward() const { return withPartitioning(runtime::Partitioning::forward()); }

DataStream DataStream::unionWith(std::vector<DataStream> others) const {
  if (auto stop = cannotExtend()) return *stop;
  std::vector<runtime::JobEdge> inputs = {edgeTo(0)};
  const SchemaPtr expected = schema();
  for (size_t i = 0; i < others.size(); ++i) {
    const DataStream& other = others[i];
    if (!other.status_.ok()) return other;
    if (auto stop = other.cannotExtend()) return *stop;
    if (other.builder_ != builder_) {
      return failed(Status::invalid("union: stream {} belongs to another StreamEnvironment", i + 1));
    }
    if (!other.schema()->equals(*expected)) {
      return failed(Status::typeError("union: stream {} has columns ({}), but the first has ({})", i + 1,
                                      other.schema()->toString(), expected->toString()));
    }
    inputs.push_back(other.edgeTo(static_cast<int32_t>(i + 1)));
  }
  auto op = std::make_shared<operators::UnionOperator>(static_cast<int32_t>(inputs.size()));
  runtime::NodeId id = builder_->graph().addOperator("union", std::move(op), expected, std::move(inputs), 0);
  return DataStream(builder_, id, 0, Status::OK());
}

DataStream DataStream::sinkTo(std::shared_ptr<const runtime::Sink> sink) const {
  if (auto stop = cannotExtend()) return *stop;
  if (sink == nullptr) return failed(Status::invalid("{}: the sink is null", where(builder_->graph(), node_, "sinkTo")));
  Status valid = sink->validate(*schema());
  if (!valid.ok()) return failed(valid.withContext("{}", where(builder_->graph(), node_, "sinkTo")));
  const int32_t maxParallelism = sink->maxParallelism();
  auto op = std::make_shared<runtime::SinkOperator>(std::move(sink), schema());
  return addOperator("sink", std::move(op), nullptr, {}, maxParallelism);
}

DataStream DataStream::print() const { return sinkTo(std::make_shared<connectors::PrintSink>()); }

Status DataStream::checkOwnOperator(std::string_view what) const {
  if (partitioning_.kind != runtime::PartitioningKind::kDefault || outputTag_ != 0) {
    return Status::invalid(
        "{} applies to the stream an operator produces, not to the result of keyBy, rebalance, broadcast, forward "
        "or sideOutput (operator [{}] '{}')",
        what, node_.value(), builder_->graph().node(node_).name);
  }
  return Status::OK();
}

DataStream& DataStream::setParallelism(int32_t parallelism) {
  if (!status_.ok()) return *this;
  runtime::JobNode& node = builder_->graph().node(node_);
  Status problem = checkOwnOperator("setParallelism");
  if (problem.ok() && parallelism < 1) {
    problem = Status::invalid("operator [{}] '{}': parallelism must be at least 1, got {}", node_.value(), node.name,
                              parallelism);
  }
  if (!problem.ok()) {
    status_ = problem;
    builder_->recordError(status_);
    return *this;
  }
  node.parallelism = parallelism;
  return *this;
}

DataStream& DataStream::name(std::string name) {
  if (!status_.ok()) return *this;
  if (Status problem = checkOwnOperator("name"); !problem.ok()) {
    status_ = problem;
    builder_->recordError(status_);
    return *this;
  }
  builder_->graph().node(node_).name = std::move(name);
  return *this;
}

// ---- Joins (docs/joins.md) ---------------------------------------------

namespace {
/// An error if `other` cannot be the right side of a join of `builder`'s job.
Status checkJoinPartner(const std::shared_ptr<JobBuilder>& builder, const std::shared_ptr<JobBuilder>& otherBuilder,
                        const char* what) {
  if (otherBuilder != builder) return Status::invalid("{}: the other stream belongs to another StreamEnvironment", what);
  return Status::OK();
}

/// A join operator with its output schema, as addJoin() takes them.
template <typename JoinOperator>
Result<std::pair<std::shared_ptr<const runtime::Operator>, SchemaPtr>> withOutputSchema(
    Result<std::shared_ptr<JoinOperator>> made) {
  if (!made.ok()) return made.status();
  SchemaPtr output = (*made)->outputSchema();
  return std::make_pair(std::shared_ptr<const runtime::Operator>(std::move(*made)), std::move(output));
}
}  // namespace

DataStream KeyedStream::addJoin(const KeyedStream& other, const char* method, const char* name,
                                const JoinMaker& make) const {
  if (auto stop = cannotExtend()) return *stop;
  if (!other.status().ok()) return other;
  if (auto stop = other.cannotExtend()) return *stop;
  if (Status partner = checkJoinPartner(builder_, other.builder_, method); !partner.ok()) return failed(partner);
  auto op = make(schema(), other.schema());
  if (!op.ok()) {
    return failed(op.status().withContext("{} with [{}] '{}'", where(builder_->graph(), node_, method),
                                          other.node_.value(), builder_->graph().node(other.node_).name));
  }
  DataStream result = addOperator(name, std::move(op->first), std::move(op->second));
  builder_->graph().node(result.nodeId()).inputs.push_back(other.edgeTo(1));
  return result;
}

DataStream KeyedStream::intervalJoin(const KeyedStream& other, std::string leftTime, std::string rightTime,
                                     std::chrono::milliseconds lower, std::chrono::milliseconds upper) const {
  operators::IntervalJoinOptions options;
  options.leftKeys = keyColumns();
  options.rightKeys = other.keyColumns();
  options.leftTime = std::move(leftTime);
  options.rightTime = std::move(rightTime);
  options.lowerMs = lower.count();
  options.upperMs = upper.count();
  return addJoin(other, "intervalJoin", "interval join", [&](const SchemaPtr& left, const SchemaPtr& right) {
    return withOutputSchema(operators::IntervalJoinOperator::make(left, right, std::move(options)));
  });
}

DataStream KeyedStream::windowJoin(const KeyedStream& other, WindowSpec window, std::string rightTime) const {
  operators::WindowJoinOptions options;
  options.window = std::move(window);
  options.leftKeys = keyColumns();
  options.rightKeys = other.keyColumns();
  options.rightTime = std::move(rightTime);
  return addJoin(other, "windowJoin", "window join", [&](const SchemaPtr& left, const SchemaPtr& right) {
    return withOutputSchema(operators::WindowJoinOperator::make(left, right, std::move(options)));
  });
}

DataStream KeyedStream::join(const KeyedStream& other, std::chrono::milliseconds stateTtl) const {
  return addJoin(other, "join", "regular join", [&](const SchemaPtr& left, const SchemaPtr& right) {
    return withOutputSchema(
        operators::RegularJoinOperator::make(left, right, keyColumns(), other.keyColumns(), stateTtl.count()));
  });
}

// ---- end of joins -------------------------------------------------------

}  // namespace sabot::api
