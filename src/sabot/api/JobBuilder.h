#pragma once

#include <map>

#include "sabot/runtime/JobConfig.h"
#include "sabot/runtime/JobGraph.h"

namespace sabot::api {

/// What the streams of one StreamEnvironment share: the graph being built,
/// the configuration, and the first mistake made while building.
class JobBuilder {
 public:
  explicit JobBuilder(runtime::JobConfig config) : config_(std::move(config)) {}

  runtime::JobGraph& graph() { return graph_; }
  runtime::JobConfig& config() { return config_; }
  /// Keeps the first error only: later ones are usually its consequences.
  void recordError(const Status& status) {
    if (firstError_.ok()) firstError_ = status;
  }
  const Status& firstError() const { return firstError_; }
  /// Side output tag names of a node, in tag order (tag k is entry k - 1).
  std::map<uint32_t, std::vector<std::string>>& sideOutputNames() { return sideOutputNames_; }

 private:
  runtime::JobGraph graph_;
  runtime::JobConfig config_;
  Status firstError_;
  std::map<uint32_t, std::vector<std::string>> sideOutputNames_;
};

}  // namespace sabot::api
