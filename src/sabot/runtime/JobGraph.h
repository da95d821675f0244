#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sabot/base/Result.h"
#include "sabot/base/StrongId.h"
#include "sabot/columnar/Schema.h"
#include "sabot/runtime/Operator.h"
#include "sabot/runtime/Source.h"
#include "sabot/time/WatermarkStrategy.h"

namespace sabot::runtime {

struct NodeIdTag {};
/// Identifies a node of a job graph (its index in JobGraph::nodes()).
using NodeId = StrongId<NodeIdTag, uint32_t>;

/// How the rows of an edge are distributed over the consumer's subtasks.
enum class PartitioningKind : uint8_t {
  kDefault,    ///< forward when both sides have the same parallelism, else rebalance (Flink's rule)
  kForward,    ///< subtask i feeds subtask i; fuses into one task when it can
  kRebalance,  ///< round robin, batch by batch
  kHash,       ///< by the hash of key columns: key -> key group -> subtask (keyBy)
  kBroadcast,  ///< every batch to every subtask
};

struct Partitioning {
  PartitioningKind kind = PartitioningKind::kDefault;
  /// Key column names, for kHash.
  std::vector<std::string> keys;

  static Partitioning defaults() { return {}; }
  static Partitioning forward() { return {PartitioningKind::kForward, {}}; }
  static Partitioning rebalance() { return {PartitioningKind::kRebalance, {}}; }
  static Partitioning broadcast() { return {PartitioningKind::kBroadcast, {}}; }
  static Partitioning hash(std::vector<std::string> keys) { return {PartitioningKind::kHash, std::move(keys)}; }
  /// "forward", "hash(auction, bidder)", ...
  std::string toString() const;
};

/// An input of a node: which node's output (main or side output `tag`)
/// feeds which of its logical inputs, partitioned how.
struct JobEdge {
  NodeId from;
  int32_t fromOutputTag = 0;  ///< 0 = the main output; 1, 2, ... side outputs
  int32_t toInput = 0;        ///< the consumer's logical input
  Partitioning partitioning;
};

/// A node of the logical job graph: a source or an operator (sinks are
/// operators without output).
struct JobNode {
  NodeId id;
  std::string name;
  std::shared_ptr<const Source> source;      ///< set for sources
  /// How a source assigns event times and watermarks; nullptr: no watermarks
  /// until the end of input.
  std::shared_ptr<const time::WatermarkStrategy> watermarks;
  std::shared_ptr<const Operator> op;        ///< set for everything else
  columnar::SchemaPtr outputSchema;          ///< nullptr for sinks
  std::vector<columnar::SchemaPtr> sideOutputSchemas;  ///< side output tag k is entry k-1
  int32_t parallelism = 1;
  /// The most subtasks this node supports (a single-file sink: 1).
  int32_t maxParallelism = 1 << 15;
  std::vector<JobEdge> inputs;

  bool isSource() const { return source != nullptr; }
  bool isSink() const { return !isSource() && outputSchema == nullptr; }
};

/// The logical graph a DataStream program builds: nodes in the order they
/// were added (every edge points backwards, so the order is topological).
class JobGraph {
 public:
  NodeId addSource(std::string name, std::shared_ptr<const Source> source, int32_t parallelism,
                   std::shared_ptr<const time::WatermarkStrategy> watermarks = nullptr);
  /// `outputSchema` nullptr makes a sink.
  NodeId addOperator(std::string name, std::shared_ptr<const Operator> op, columnar::SchemaPtr outputSchema,
                     std::vector<JobEdge> inputs, int32_t parallelism,
                     std::vector<columnar::SchemaPtr> sideOutputSchemas = {});

  JobNode& node(NodeId id) { return nodes_[id.value()]; }
  const JobNode& node(NodeId id) const { return nodes_[id.value()]; }
  const std::vector<JobNode>& nodes() const { return nodes_; }
  /// The schema of output `tag` of `id`.
  columnar::SchemaPtr outputSchema(NodeId id, int32_t tag) const;

  /// Gives nodes without a parallelism of their own (0) `parallelism`,
  /// capped by what each node supports and by `maxParallelism`.
  void applyDefaultParallelism(int32_t parallelism, int32_t maxParallelism);
  /// Checks the graph before it runs: edges point at existing outputs, a
  /// node has as many inputs as its operator takes, parallelism fits each
  /// node's limits, forward edges join equal parallelism, hash keys exist,
  /// every source reaches a sink. Errors name the node.
  Status validate(int32_t maxParallelism) const;
  /// One line per node with its parallelism and inputs, e.g.
  ///   [2] filter "price > 100" (parallelism 4) <- [1] forward
  std::string describe() const;

 private:
  std::vector<JobNode> nodes_;
};

/// The partitioning an edge really uses once kDefault is resolved.
PartitioningKind resolvePartitioning(const JobEdge& edge, int32_t producerParallelism,
                                     int32_t consumerParallelism);

}  // namespace sabot::runtime
