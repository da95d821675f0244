#include "sabot/runtime/JobGraph.h"

#include <fmt/format.h>

#include <algorithm>

namespace sabot::runtime {

std::string Partitioning::toString() const {
  switch (kind) {
    case PartitioningKind::kDefault: return "default";
    case PartitioningKind::kForward: return "forward";
    case PartitioningKind::kRebalance: return "rebalance";
    case PartitioningKind::kBroadcast: return "broadcast";
    case PartitioningKind::kHash: return fmt::format("hash({})", fmt::join(keys, ", "));
  }
  return "?";
}

PartitioningKind resolvePartitioning(const JobEdge& edge, int32_t producerParallelism,
                                     int32_t consumerParallelism) {
  if (edge.partitioning.kind != PartitioningKind::kDefault) return edge.partitioning.kind;
  return producerParallelism == consumerParallelism ? PartitioningKind::kForward : PartitioningKind::kRebalance;
}

NodeId JobGraph::addSource(std::string name, std::shared_ptr<const Source> source, int32_t parallelism,
                           std::shared_ptr<const time::WatermarkStrategy> watermarks) {
  JobNode node;
  node.watermarks = std::move(watermarks);
  node.id = NodeId(static_cast<uint32_t>(nodes_.size()));
  node.name = std::move(name);
  node.outputSchema = source->schema();
  node.maxParallelism = source->maxParallelism();
  node.source = std::move(source);
  node.parallelism = parallelism;
  nodes_.push_back(std::move(node));
  return nodes_.back().id;
}

NodeId JobGraph::addOperator(std::string name, std::shared_ptr<const Operator> op,
                             columnar::SchemaPtr outputSchema, std::vector<JobEdge> inputs,
                             int32_t parallelism, std::vector<columnar::SchemaPtr> sideOutputSchemas) {
  JobNode node;
  node.id = NodeId(static_cast<uint32_t>(nodes_.size()));
  node.name = std::move(name);
  node.op = std::move(op);
  node.outputSchema = std::move(outputSchema);
  node.sideOutputSchemas = std::move(sideOutputSchemas);
  node.inputs = std::move(inputs);
  node.parallelism = parallelism;
  nodes_.push_back(std::move(node));
  return nodes_.back().id;
}

columnar::SchemaPtr JobGraph::outputSchema(NodeId id, int32_t tag) const {
  const JobNode& producer = node(id);
  if (tag == 0) return producer.outputSchema;
  if (tag < 0 || static_cast<size_t>(tag) > producer.sideOutputSchemas.size()) return nullptr;
  return producer.sideOutputSchemas[static_cast<size_t>(tag - 1)];
}

void JobGraph::applyDefaultParallelism(int32_t parallelism, int32_t maxParallelism) {
  for (JobNode& node : nodes_) {
    if (node.parallelism <= 0) node.parallelism = std::min({parallelism, node.maxParallelism, maxParallelism});
  }
}

Status JobGraph::validate(int32_t maxParallelism) const {
  if (nodes_.empty()) return Status::invalid("the job has no operators: add a source and a sink");
  std::vector<bool> consumed(nodes_.size(), false);
  for (const JobNode& node : nodes_) {
    const std::string where = fmt::format("operator [{}] '{}'", node.id.value(), node.name);
    if (node.parallelism < 1) return Status::invalid("{}: parallelism must be at least 1, got {}", where, node.parallelism);
    if (node.parallelism > maxParallelism) {
      return Status::invalid("{}: parallelism {} exceeds the job's max parallelism {}", where, node.parallelism,
                             maxParallelism);
    }
    if (node.parallelism > node.maxParallelism) {
      return Status::invalid("{}: parallelism {} exceeds the {} this operator supports", where, node.parallelism,
                             node.maxParallelism);
    }
    if (node.isSource()) {
      if (!node.inputs.empty()) return Status::internal("{}: a source has no inputs", where);
      if (node.watermarks != nullptr) {
        Status checked = node.watermarks->instantiate(*node.outputSchema).status();
        if (!checked.ok()) return checked.withContext("{}: watermark strategy", where);
      }
      continue;
    }
    if (node.op == nullptr) return Status::internal("{}: no operator", where);
    if (static_cast<int32_t>(node.inputs.size()) < node.op->numInputs() && node.op->numInputs() != -1) {
      return Status::invalid("{}: needs {} inputs, has {}", where, node.op->numInputs(), node.inputs.size());
    }
    for (const JobEdge& edge : node.inputs) {
      if (edge.from.value() >= node.id.value()) return Status::internal("{}: edge points forwards", where);
      const JobNode& producer = this->node(edge.from);
      consumed[edge.from.value()] = true;
      const columnar::SchemaPtr schema = outputSchema(edge.from, edge.fromOutputTag);
      if (schema == nullptr) {
        return Status::invalid("{}: reads output {} of '{}', which has no such output", where, edge.fromOutputTag,
                               producer.name);
      }
      const PartitioningKind kind = resolvePartitioning(edge, producer.parallelism, node.parallelism);
      if (kind == PartitioningKind::kForward && producer.parallelism != node.parallelism) {
        return Status::invalid(
            "{}: forward partitioning needs equal parallelism, but '{}' has {} and this operator {}; use "
            "rebalance() or keyBy()",
            where, producer.name, producer.parallelism, node.parallelism);
      }
      if (kind == PartitioningKind::kHash) {
        if (edge.partitioning.keys.empty()) return Status::invalid("{}: keyBy needs at least one key column", where);
        for (const std::string& key : edge.partitioning.keys) {
          if (schema->fieldIndex(key) < 0) {
            return Status::keyError("{}: key column '{}' is not in the input ({})", where, key, schema->toString());
          }
        }
      }
    }
  }
  for (const JobNode& node : nodes_) {
    if (!node.isSink() && !consumed[node.id.value()]) {
      return Status::invalid("operator [{}] '{}' has no consumer: every stream must end in a sink (sinkTo)",
                             node.id.value(), node.name);
    }
  }
  return Status::OK();
}

std::string JobGraph::describe() const {
  std::string text;
  for (const JobNode& node : nodes_) {
    const std::string what = node.isSource() ? node.source->describe() : node.op->describe();
    text += fmt::format("[{}] {} (parallelism {})", node.id.value(), what, node.parallelism);
    if (node.watermarks != nullptr) text += fmt::format(" watermarks: {}", node.watermarks->toString());
    if (node.name != what) text += fmt::format(" \"{}\"", node.name);
    for (size_t i = 0; i < node.inputs.size(); ++i) {
      const JobEdge& edge = node.inputs[i];
      const JobNode& producer = this->node(edge.from);
      const PartitioningKind kind = resolvePartitioning(edge, producer.parallelism, node.parallelism);
      Partitioning shown = edge.partitioning;
      shown.kind = kind;
      text += fmt::format("{} [{}]{} {}", i == 0 ? " <-" : ",", edge.from.value(),
                          edge.fromOutputTag == 0 ? "" : fmt::format(".side{}", edge.fromOutputTag),
                          shown.toString());
    }
    text += "\n";
    if (node.outputSchema != nullptr) {
      std::vector<std::string> fields;
      for (const columnar::FieldPtr& field : node.outputSchema->fields()) {
        fields.push_back(fmt::format("{}: {}", field->name(), field->type()->toString()));
      }
      text += fmt::format("    -> ({})\n", fmt::join(fields, ", "));
    }
  }
  return text;
}

}  // namespace sabot::runtime
