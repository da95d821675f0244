#include "sabot/runtime/JobExecution.h"

#include <fmt/format.h>

#include "sabot/base/Logging.h"

#include <algorithm>
#include <thread>

namespace sabot::runtime {

int64_t JobResult::recordsRead() const {
  int64_t records = 0;
  for (uint32_t id : sourceIds) records += metrics.totalOf(id).recordsOut;
  return records;
}

int64_t JobResult::recordsWritten() const {
  int64_t records = 0;
  for (uint32_t id : sinkIds) records += metrics.totalOf(id).recordsIn;
  return records;
}

Result<std::unique_ptr<JobExecution>> JobExecution::start(std::string jobName, JobGraph graph, JobConfig config) {
  if (config.parallelism < 1) return Status::invalid("parallelism must be at least 1, got {}", config.parallelism);
  if (config.batchRows < 1) return Status::invalid("batch rows must be at least 1, got {}", config.batchRows);
  if (config.workerThreads < 0) return Status::invalid("worker threads must not be negative");
  if (config.channel.capacityBatches < 1) return Status::invalid("channel capacity must be at least 1 batch");
  if (config.flushInterval.count() < 0) return Status::invalid("the flush interval must not be negative");
  graph.applyDefaultParallelism(config.parallelism, config.maxParallelism);
  SABOT_RETURN_NOT_OK(graph.validate(config.maxParallelism));
  std::unique_ptr<JobExecution> job(new JobExecution(std::move(jobName), std::move(graph), std::move(config)));
  SABOT_RETURN_NOT_OK(job->build());
  SABOT_RETURN_NOT_OK(job->setUpCheckpoints());

  std::vector<Schedulable*> schedulables;
  std::vector<Wakeable*> wakeables;
  for (auto& chainTasks : job->tasks_) {
    for (auto& task : chainTasks) {
      schedulables.push_back(task.get());
      wakeables.push_back(task.get());
    }
  }
  job->control_.setTasks(std::move(wakeables));
  int32_t threads = job->config_.workerThreads;
  if (threads == 0) threads = static_cast<int32_t>(std::max(1u, std::thread::hardware_concurrency()));
  threads = std::min<int32_t>(threads, static_cast<int32_t>(schedulables.size()));
  job->scheduler_ = std::make_unique<TaskScheduler>(threads);
  job->startTime_ = std::chrono::steady_clock::now();
  job->scheduler_->start(schedulables);
  if (job->coordinator_ != nullptr) job->coordinator_->start(job->firstCheckpointId_);
  return job;
}

JobExecution::~JobExecution() {
  if (coordinator_ != nullptr) coordinator_->stop();
  if (!waited_ && scheduler_ != nullptr) {
    control_.cancel();
    scheduler_->waitAndJoin();
  }
}

Status JobExecution::setUpCheckpoints() {
  const CheckpointConfig& settings = config_.checkpoints;
  std::vector<checkpoint::OperatorShape> shape;
  for (const JobNode& node : graph_.nodes()) shape.push_back({node.name, node.parallelism});
  std::vector<Task*> tasks;
  std::vector<std::string> fileNames;
  for (size_t c = 0; c < tasks_.size(); ++c) {
    for (size_t s = 0; s < tasks_[c].size(); ++s) {
      tasks.push_back(tasks_[c][s].get());
      fileNames.push_back(fmt::format("task-{}-{}.state", c, s));
    }
  }
  if (!settings.restoreFrom.empty()) {
    if (!settings.enabled()) {
      // Only a checkpointing job commits what the checkpoint had pending.
      return Status::invalid("restoring job '{}' needs checkpoints enabled (a directory and an interval)", jobName_);
    }
    std::vector<std::string> skipped;
    auto loaded = checkpoint::resolveRestore(settings.restoreFrom, settings.directory, &skipped, settings.fileSystem);
    for (const std::string& why : skipped) SABOT_LOG_WARN("skipping a broken checkpoint: {}", why);
    if (!loaded.ok()) return loaded.status().withContext("restoring job '{}'", jobName_);
    const checkpoint::CheckpointMetadata& metadata = loaded->metadata;
    if (metadata.operators.size() != shape.size()) {
      return Status::invalid("checkpoint {} is of a job with {} operators; this job has {}", loaded->path.string(),
                             metadata.operators.size(), shape.size());
    }
    for (size_t i = 0; i < shape.size(); ++i) {
      const checkpoint::OperatorShape& saved = metadata.operators[i];
      if (saved.name != shape[i].name) {
        return Status::invalid("checkpoint {} has operator [{}] '{}' where this job has '{}'", loaded->path.string(), i,
                               saved.name, shape[i].name);
      }
      if (saved.parallelism != shape[i].parallelism) {
        return Status::unsupported(
            "checkpoint {} ran operator [{}] '{}' with parallelism {}, this job with {}; restoring with a different "
            "parallelism is not supported yet",
            loaded->path.string(), i, saved.name, saved.parallelism, shape[i].parallelism);
      }
    }
    for (size_t t = 0; t < tasks.size(); ++t) {
      auto file = loaded->files.find(fileNames[t]);
      if (file == loaded->files.end()) {
        return Status::corrupt("checkpoint {} has no state for {}", loaded->path.string(), fileNames[t]);
      }
      tasks[t]->setRestoreSnapshot(file->second);
    }
    firstCheckpointId_ = metadata.checkpointId + 1;
    restoredFrom_ = loaded->path.string();
  }
  if (!settings.enabled()) return Status::OK();
  for (const JobNode& node : graph_.nodes()) {
    if (node.isSource() && !node.source->replayable()) {
      return Status::invalid("operator [{}] '{}' ({}) cannot replay its input, so the job cannot be checkpointed",
                             node.id.value(), node.name, node.source->describe());
    }
  }
  SABOT_ASSIGN_OR_RAISE(checkpoint::CheckpointStorage storage,
                        checkpoint::CheckpointStorage::open(settings.directory, settings.fileSystem));
  storage.setCompression(settings.compression);
  coordinator_ = std::make_unique<CheckpointCoordinator>(settings, std::move(storage), jobName_, shape, &control_);
  std::vector<CheckpointParticipant*> participants;
  std::vector<bool> isSource;
  for (size_t t = 0; t < tasks.size(); ++t) {
    tasks[t]->setCheckpointing(coordinator_.get(), t);
    participants.push_back(tasks[t]);
    isSource.push_back(tasks[t]->isSource());
  }
  coordinator_->setParticipants(std::move(participants), std::move(isSource), std::move(fileNames));
  return Status::OK();
}

Status JobExecution::build() {
  const std::vector<JobNode>& nodes = graph_.nodes();
  // Who consumes each node's main output, to know where chains must break.
  std::vector<int> mainConsumers(nodes.size(), 0);
  for (const JobNode& node : nodes) {
    for (const JobEdge& edge : node.inputs) {
      if (edge.fromOutputTag == 0) ++mainConsumers[edge.from.value()];
    }
  }
  auto chainsOnto = [&](const JobNode& node) {
    if (!config_.chaining || node.isSource() || node.inputs.size() != 1) return false;
    if (node.op->numInputs() != 1) return false;
    const JobEdge& edge = node.inputs.front();
    const JobNode& producer = graph_.node(edge.from);
    return edge.fromOutputTag == 0 && mainConsumers[edge.from.value()] == 1 &&
           producer.parallelism == node.parallelism &&
           resolvePartitioning(edge, producer.parallelism, node.parallelism) == PartitioningKind::kForward;
  };

  placement_.resize(nodes.size());
  for (const JobNode& node : nodes) {
    if (chainsOnto(node)) {
      const Placement& upstream = placement_[node.inputs.front().from.value()];
      chains_[upstream.chain].push_back(node.id);
      placement_[node.id.value()] = Placement{upstream.chain, chains_[upstream.chain].size() - 1};
    } else {
      chains_.push_back({node.id});
      placement_[node.id.value()] = Placement{chains_.size() - 1, 0};
    }
  }

  operatorMetrics_.resize(nodes.size());
  for (const JobNode& node : nodes) {
    for (int32_t s = 0; s < node.parallelism; ++s) {
      operatorMetrics_[node.id.value()].push_back(std::make_unique<OperatorMetrics>());
    }
  }

  tasks_.resize(chains_.size());
  taskMetrics_.resize(chains_.size());
  for (size_t c = 0; c < chains_.size(); ++c) {
    const int32_t parallelism = graph_.node(chains_[c].front()).parallelism;
    for (int32_t s = 0; s < parallelism; ++s) {
      std::vector<Task::LinkSpec> links;
      for (NodeId id : chains_[c]) {
        const JobNode& node = graph_.node(id);
        SABOT_ASSIGN_OR_RAISE(KeyGroupAssigner assigner,
                              KeyGroupAssigner::make(node.parallelism, config_.maxParallelism));
        OperatorContext context;
        context.operatorName = node.name;
        context.subtaskIndex = s;
        context.parallelism = node.parallelism;
        context.maxParallelism = config_.maxParallelism;
        context.keyGroups = assigner.rangeForSubtask(s);
        context.pool = config_.pool;
        context.metrics = operatorMetrics_[id.value()][static_cast<size_t>(s)].get();
        context.checkpointing = config_.checkpoints.enabled();
        context.stateBackend = config_.stateBackend;
        context.clock = config_.clock;
        links.push_back(Task::LinkSpec{&node, std::move(context), operatorMetrics_[id.value()][static_cast<size_t>(s)].get()});
      }
      taskMetrics_[c].push_back(std::make_unique<TaskMetrics>());
      tasks_[c].push_back(
          std::make_unique<Task>(std::move(links), &control_, taskMetrics_[c].back().get(), config_.batchRows));
    }
  }

  // Every edge that did not fuse becomes channels between the subtasks.
  for (const JobNode& consumer : nodes) {
    const Placement& to = placement_[consumer.id.value()];
    if (to.position != 0) continue;  // fused onto its input
    for (const JobEdge& edge : consumer.inputs) {
      const JobNode& producer = graph_.node(edge.from);
      const Placement& from = placement_[edge.from.value()];
      const PartitioningKind kind = resolvePartitioning(edge, producer.parallelism, consumer.parallelism);
      TaskOutput::Options options;
      options.partitioning = kind;
      options.maxParallelism = config_.maxParallelism;
      options.batchRows = config_.batchRows;
      options.flushInterval = config_.flushInterval;
      options.pool = config_.pool;
      if (kind == PartitioningKind::kHash) {
        const columnar::SchemaPtr schema = graph_.outputSchema(edge.from, edge.fromOutputTag);
        for (const std::string& key : edge.partitioning.keys) {
          SABOT_ASSIGN_OR_RAISE(int index, schema->requireFieldIndex(key));
          options.keyColumns.push_back(index);
        }
      }
      for (int32_t i = 0; i < producer.parallelism; ++i) {
        Task* producerTask = tasks_[from.chain][static_cast<size_t>(i)].get();
        std::vector<Channel*> channels;
        const int32_t first = kind == PartitioningKind::kForward ? i : 0;
        const int32_t last = kind == PartitioningKind::kForward ? i : consumer.parallelism - 1;
        for (int32_t j = first; j <= last; ++j) {
          Task* consumerTask = tasks_[to.chain][static_cast<size_t>(j)].get();
          channels_.emplace_back(fmt::format("{}[{}] -> {}[{}]", producer.name, i, consumer.name, j), config_.channel);
          Channel* channel = &channels_.back();
          channel->connect(producerTask, consumerTask);
          consumerTask->addInput(Task::InputSpec{channel, edge.toInput});
          channels.push_back(channel);
        }
        SABOT_ASSIGN_OR_RAISE(TaskOutput output, TaskOutput::make(options, std::move(channels)));
        producerTask->addOutput(from.position, edge.fromOutputTag, std::move(output));
      }
    }
  }
  return Status::OK();
}

Result<JobResult> JobExecution::wait() {
  if (waited_) return Status::invalid("wait() was already called for job '{}'", jobName_);
  scheduler_->waitAndJoin();
  if (coordinator_ != nullptr) coordinator_->stop();
  waited_ = true;
  JobResult result;
  result.checkpoints = checkpointStats();
  result.restoredFrom = restoredFrom_;
  result.jobName = jobName_;
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - startTime_).count();
  SABOT_RETURN_NOT_OK(control_.error().withContext("job '{}' failed", jobName_));
  if (config_.checkpoints.enabled()) {
    // The final checkpoint first: it lists what the sinks hold pending, so a
    // crash before the commit below still ends with that output committed.
    SABOT_RETURN_NOT_OK(coordinator_->writeFinalCheckpoint().withContext("job '{}': the final checkpoint", jobName_));
    for (auto& chainTasks : tasks_) {
      for (auto& task : chainTasks) SABOT_RETURN_NOT_OK(task->commitEverything().withContext("job '{}'", jobName_));
    }
  }
  result.metrics = metrics();
  for (const JobNode& node : graph_.nodes()) {
    if (node.isSource()) result.sourceIds.push_back(node.id.value());
    if (node.isSink()) result.sinkIds.push_back(node.id.value());
  }
  return result;
}

JobMetrics JobExecution::metrics() const {
  JobMetrics snapshot;
  for (const JobNode& node : graph_.nodes()) {
    const Placement& at = placement_[node.id.value()];
    for (int32_t s = 0; s < node.parallelism; ++s) {
      const OperatorMetrics& live = *operatorMetrics_[node.id.value()][static_cast<size_t>(s)];
      const TaskMetrics& task = *taskMetrics_[at.chain][static_cast<size_t>(s)];
      OperatorSubtaskMetrics m;
      m.nodeId = node.id.value();
      m.operatorName = node.name;
      m.subtaskIndex = s;
      m.parallelism = node.parallelism;
      m.recordsIn = live.recordsIn.load(std::memory_order_relaxed);
      m.batchesIn = live.batchesIn.load(std::memory_order_relaxed);
      m.bytesIn = live.bytesIn.load(std::memory_order_relaxed);
      m.recordsOut = live.recordsOut.load(std::memory_order_relaxed);
      m.batchesOut = live.batchesOut.load(std::memory_order_relaxed);
      m.watermark = live.watermark.load(std::memory_order_relaxed);
      m.lateRecords = live.lateRecords.load(std::memory_order_relaxed);
      m.busyNanos = task.busyNanos.load(std::memory_order_relaxed);
      m.idleNanos = task.idleNanos.load(std::memory_order_relaxed);
      m.backpressuredNanos = task.backpressuredNanos.load(std::memory_order_relaxed);
      const Task& runner = *tasks_[at.chain][static_cast<size_t>(s)];
      m.finished = runner.finished();
      if (at.position == 0) {
        for (const Channel* channel : runner.inputChannels()) {
          const ChannelStats stats = channel->stats();
          m.inputQueueBatches += stats.queuedBatches;
          m.inputQueueBytes += stats.queuedBytes;
          m.inputQueuePeakBytes += stats.peakQueuedBytes;
        }
      }
      snapshot.subtasks.push_back(std::move(m));
    }
  }
  return snapshot;
}

std::string JobExecution::describePhysical() const {
  std::string text;
  for (size_t c = 0; c < chains_.size(); ++c) {
    std::vector<std::string> names;
    for (NodeId id : chains_[c]) names.push_back(fmt::format("[{}] {}", id.value(), graph_.node(id).name));
    text += fmt::format("task {}: {} x {}\n", c, fmt::join(names, " -> "), tasks_[c].size());
  }
  return text;
}

}  // namespace sabot::runtime
