#include "sabot/api/OperatorFusion.h"

#include <fmt/format.h>

#include "sabot/operators/FilterProjectOperator.h"
#include "sabot/operators/PassThroughOperator.h"

namespace sabot::api {

int fuseFilterIntoProjection(runtime::JobGraph& graph) {
  std::vector<int> consumers(graph.nodes().size(), 0);
  for (const runtime::JobNode& node : graph.nodes()) {
    for (const runtime::JobEdge& edge : node.inputs) ++consumers[edge.from.value()];
  }
  int fused = 0;
  for (const runtime::JobNode& node : graph.nodes()) {
    if (node.isSource() || node.inputs.size() != 1) continue;
    const auto* projection = dynamic_cast<const operators::FilterProjectOperator*>(node.op.get());
    if (projection == nullptr) continue;
    const runtime::JobEdge& edge = node.inputs.front();
    runtime::JobNode& producer = graph.node(edge.from);
    if (producer.isSource() || consumers[edge.from.value()] != 1 || edge.fromOutputTag != 0) continue;
    if (producer.parallelism != node.parallelism) continue;
    if (runtime::resolvePartitioning(edge, producer.parallelism, node.parallelism) != runtime::PartitioningKind::kForward) {
      continue;
    }
    const auto* filter = dynamic_cast<const operators::FilterProjectOperator*>(producer.op.get());
    if (filter == nullptr) continue;
    std::shared_ptr<operators::FilterProjectOperator> both = operators::FilterProjectOperator::fuse(*filter, *projection);
    if (both == nullptr) continue;
    producer.op = both;
    producer.outputSchema = both->outputSchema();
    graph.node(node.id).op =
        std::make_shared<operators::PassThroughOperator>(fmt::format("(fused into [{}])", producer.id.value()));
    ++fused;
  }
  return fused;
}

}  // namespace sabot::api
