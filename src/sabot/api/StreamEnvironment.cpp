#include "sabot/api/StreamEnvironment.h"

#include "sabot/api/JobBuilder.h"
#include "sabot/api/OperatorFusion.h"
#include "sabot/connectors/MemorySource.h"
#include "sabot/connectors/SequenceSource.h"

namespace sabot::api {

StreamEnvironment StreamEnvironment::create(runtime::JobConfig config) {
  return StreamEnvironment(std::make_shared<JobBuilder>(std::move(config)));
}

DataStream StreamEnvironment::fromSource(std::shared_ptr<const runtime::Source> source, std::string name) {
  if (source == nullptr) {
    Status error = Status::invalid("fromSource: the source is null");
    builder_->recordError(error);
    return DataStream(builder_, runtime::NodeId(0), 0, std::move(error));
  }
  runtime::NodeId id = builder_->graph().addSource(std::move(name), std::move(source), 0);
  return DataStream(builder_, id, 0, Status::OK());
}

DataStream StreamEnvironment::fromSource(std::shared_ptr<const runtime::Source> source,
                                         time::WatermarkStrategy watermarks, std::string name) {
  if (source == nullptr) return fromSource(nullptr, std::move(name));
  auto instance = watermarks.instantiate(*source->schema());
  if (!instance.ok()) {
    Status error = instance.status().withContext("fromSource '{}': watermark strategy", name);
    builder_->recordError(error);
    return DataStream(builder_, runtime::NodeId(0), 0, std::move(error));
  }
  runtime::NodeId id = builder_->graph().addSource(std::move(name), std::move(source), 0,
                                                   std::make_shared<time::WatermarkStrategy>(std::move(watermarks)));
  return DataStream(builder_, id, 0, Status::OK());
}

DataStream StreamEnvironment::fromBatches(columnar::SchemaPtr schema, std::vector<columnar::RecordBatchPtr> batches,
                                          std::string name) {
  auto source = connectors::MemorySource::make(std::move(schema), std::move(batches));
  if (!source.ok()) {
    builder_->recordError(source.status());
    return DataStream(builder_, runtime::NodeId(0), 0, source.status());
  }
  return fromSource(std::move(*source), std::move(name));
}

DataStream StreamEnvironment::fromSequence(int64_t from, int64_t to, std::string name) {
  auto source = connectors::SequenceSource::make(from, to);
  if (!source.ok()) {
    builder_->recordError(source.status());
    return DataStream(builder_, runtime::NodeId(0), 0, source.status());
  }
  return fromSource(std::move(*source), std::move(name));
}

runtime::JobConfig& StreamEnvironment::config() { return builder_->config(); }

std::string StreamEnvironment::describe() const {
  runtime::JobGraph graph = builder_->graph();
  graph.applyDefaultParallelism(builder_->config().parallelism, builder_->config().maxParallelism);
  std::string text = graph.describe();
  if (!builder_->firstError().ok()) text += "error: " + builder_->firstError().toString() + "\n";
  return text;
}

Status StreamEnvironment::status() const { return builder_->firstError(); }

Result<std::unique_ptr<runtime::RestartingExecution>> StreamEnvironment::executeAsync(const std::string& jobName) {
  SABOT_RETURN_NOT_OK(builder_->firstError().withContext("job '{}' is not valid", jobName));
  runtime::JobGraph graph = builder_->graph();
  if (builder_->config().chaining) fuseFilterIntoProjection(graph);
  return runtime::RestartingExecution::start(jobName, std::move(graph), builder_->config());
}

Result<runtime::JobResult> StreamEnvironment::execute(const std::string& jobName) {
  SABOT_ASSIGN_OR_RAISE(auto job, executeAsync(jobName));
  return job->wait();
}

}  // namespace sabot::api
