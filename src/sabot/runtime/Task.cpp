#include "sabot/runtime/Task.h"

#include <algorithm>
#include <exception>
#include <limits>

#include <fmt/format.h>

namespace sabot::runtime {

using columnar::RecordBatchPtr;

namespace {
// A slice ends after this many input elements or this much time, whichever
// comes first, so one busy task cannot starve the others on its thread.
constexpr int kElementsPerSlice = 64;
constexpr auto kSliceTime = std::chrono::milliseconds(2);
// While an operator waits for a processing time, its task looks at the
// clock at least this often, so an injected clock that jumps (tests) is
// noticed soon.
constexpr auto kProcessingTimePoll = std::chrono::milliseconds(100);

int64_t nanosBetween(SteadyClock::time_point from, SteadyClock::time_point to) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(to - from).count();
}

void addTo(std::atomic<int64_t>& counter, int64_t value) {
  counter.store(counter.load(std::memory_order_relaxed) + value, std::memory_order_relaxed);
}
}  // namespace

class Task::LinkCollector final : public Collector {
 public:
  LinkCollector(Task* task, size_t link) : task_(task), link_(link) {}
  Status emit(RecordBatchPtr batch) override { return task_->emitFrom(link_, 0, std::move(batch)); }
  Status emitSide(int32_t tag, RecordBatchPtr batch) override {
    if (tag < 1) return Status::invalid("side output tags start at 1, got {}", tag);
    return task_->emitFrom(link_, tag, std::move(batch));
  }
  Status emitWatermark(EventTime watermark) override { return task_->emitWatermarkFrom(link_, watermark); }

 private:
  Task* task_;
  size_t link_;
};

Task::Task(std::vector<LinkSpec> links, JobControl* control, TaskMetrics* metrics, int64_t batchRows)
    : control_(control), metrics_(metrics), batchRows_(batchRows) {
  links_.reserve(links.size());
  for (size_t i = 0; i < links.size(); ++i) {
    Link link{links[i].node, std::move(links[i].context), links[i].metrics, nullptr, nullptr, {}};
    link.collector = std::make_unique<LinkCollector>(this, i);
    links_.push_back(std::move(link));
  }
}

Task::~Task() = default;

void Task::addOutput(size_t link, int32_t tag, TaskOutput output) {
  outputs_.push_back(std::make_unique<TaskOutput>(std::move(output)));
  links_[link].outputs.emplace_back(tag, outputs_.back().get());
}

std::vector<const Channel*> Task::inputChannels() const {
  std::vector<const Channel*> channels;
  channels.reserve(inputs_.size());
  for (const Input& input : inputs_) channels.push_back(input.channel);
  return channels;
}

RunResult Task::runOnce() {
  const SteadyClock::time_point start = SteadyClock::now();
  if (waiting_ == Waiting::kInput) addTo(metrics_->idleNanos, nanosBetween(waitingSince_, start));
  if (waiting_ == Waiting::kOutput) addTo(metrics_->backpressuredNanos, nanosBetween(waitingSince_, start));
  waiting_ = Waiting::kNothing;

  RunResult result;
  Result<RunResult> slice = [&]() -> Result<RunResult> {
    try {
      return runSlice();
    } catch (const std::exception& error) {
      return Status::internal("{}: uncaught exception: {}", links_.front().context.subtaskName(), error.what());
    }
  }();
  if (slice.ok()) {
    result = *slice;
  } else {
    control_->fail(slice.status());
    abortChain();
    result = RunResult::kFinished;
  }
  if (result == RunResult::kFinished && coordinator_ != nullptr && !control_->cancelled()) {
    auto finalState = snapshotChain(0);
    if (finalState.ok()) coordinator_->taskFinished(taskIndex_, std::move(*finalState));
  }
  if (result == RunResult::kFinished) phase_.store(kDone, std::memory_order_release);
  const SteadyClock::time_point end = SteadyClock::now();
  addTo(metrics_->busyNanos, nanosBetween(start, end));
  if (waiting_ != Waiting::kNothing) waitingSince_ = end;
  return result;
}

RunResult Task::park(Waiting reason) {
  waiting_ = reason;
  if (reason == Waiting::kInput) {
    // Partly filled outgoing batches must still leave on time.
    std::optional<SteadyClock::time_point> deadline;
    for (const auto& output : outputs_) {
      auto next = output->nextDeadline();
      if (next && (!deadline || *next < *deadline)) deadline = next;
    }
    if (auto timers = processingTimeDeadline(); timers && (!deadline || *timers < *deadline)) deadline = timers;
    if (deadline) scheduler()->wakeAt(this, *deadline);
  }
  return RunResult::kBlocked;
}

std::optional<SteadyClock::time_point> Task::processingTimeDeadline() const {
  std::optional<int64_t> earliest;
  const time::Clock* clock = nullptr;
  for (const Link& link : links_) {
    if (link.state == nullptr) continue;
    auto next = link.node->op->nextProcessingTime(link.state.get());
    if (next && (!earliest || *next < *earliest)) {
      earliest = next;
      clock = link.context.clock;
    }
  }
  if (!earliest) return std::nullopt;
  const int64_t waitMillis = std::max<int64_t>(0, *earliest - clock->nowMillis());
  return SteadyClock::now() + std::min<std::chrono::milliseconds>(std::chrono::milliseconds(waitMillis),
                                                                   kProcessingTimePoll);
}

Status Task::fireProcessingTime() {
  for (Link& link : links_) {
    if (link.state == nullptr) continue;
    auto next = link.node->op->nextProcessingTime(link.state.get());
    if (!next) continue;
    const int64_t now = link.context.clock->nowMillis();
    if (*next > now) continue;
    Status status;
    try {
      status = link.node->op->onProcessingTime(link.state.get(), now, *link.collector);
    } catch (const std::exception& error) {
      status = Status::invalid("a user function threw: {}", error.what());
    }
    SABOT_RETURN_NOT_OK(attribute(std::move(status), link));
  }
  return Status::OK();
}

Result<RunResult> Task::runSlice() {
  if (control_->cancelled()) {
    abortChain();
    return RunResult::kFinished;
  }
  if (phase_.load(std::memory_order_relaxed) == kCreated) {
    SABOT_RETURN_NOT_OK(open());
    phase_.store(kRunning, std::memory_order_release);
  }
  const SteadyClock::time_point sliceStart = SteadyClock::now();
  for (int element = 0; element < kElementsPerSlice; ++element) {
    now_ = element == 0 ? sliceStart : SteadyClock::now();
    if (element > 0 && now_ - sliceStart > kSliceTime) break;
    for (const auto& output : outputs_) SABOT_RETURN_NOT_OK(output->flushExpired(now_));
    if (!drainOutputs()) return park(Waiting::kOutput);
    if (phase_.load(std::memory_order_relaxed) == kDraining) return RunResult::kFinished;
    if (element == 0) SABOT_RETURN_NOT_OK(fireProcessingTime());
    if (coordinator_ != nullptr) {
      SABOT_RETURN_NOT_OK(commitCompletedCheckpoints());
      const int64_t triggered = triggeredCheckpoint_.load(std::memory_order_acquire);
      if (source_ != nullptr && triggered > lastBarrier_) {
        SABOT_RETURN_NOT_OK(passBarrier(triggered));
        continue;
      }
    }

    if (source_ != nullptr) {
      Link& head = links_.front();
      Result<SourcePoll> polled = source_->poll(batchRows_);
      if (!polled.ok()) return attribute(polled.status(), head);
      SourcePoll poll = std::move(*polled);
      switch (poll.kind) {
        case SourcePoll::Kind::kBatch:
          if (poll.batch != nullptr && poll.batch->numRows() > 0) {
            SABOT_RETURN_NOT_OK(emitSourceBatch(std::move(poll.batch)));
          }
          break;
        case SourcePoll::Kind::kNotNow:
          if (idleTimeout_ && !idle_ && now_ - lastSourceData_ >= *idleTimeout_) SABOT_RETURN_NOT_OK(setIdle(true));
          scheduler()->wakeAt(this, now_ + poll.retryAfter);
          if (!drainOutputs()) return park(Waiting::kOutput);
          return park(Waiting::kInput);
        case SourcePoll::Kind::kEnd:
          SABOT_RETURN_NOT_OK(finishChain());
          break;
      }
      continue;
    }

    bool gotElement = false;
    for (size_t i = 0; i < inputs_.size(); ++i) {
      const size_t index = (nextInput_ + i) % inputs_.size();
      Input& input = inputs_[index];
      if (input.ended || input.barrierReceived) continue;
      std::optional<StreamElement> next = input.channel->tryPop();
      if (!next) continue;
      nextInput_ = index + 1;
      gotElement = true;
      SABOT_RETURN_NOT_OK(handleElement(input, std::move(*next)));
      break;
    }
    if (!gotElement) return park(Waiting::kInput);
  }
  return RunResult::kMadeProgress;
}

Status Task::open() {
  for (Link& link : links_) {
    if (link.node->isSource()) {
      auto reader = link.node->source->createReader(link.context);
      if (!reader.ok()) return attribute(reader.status(), link);
      source_ = std::move(*reader);
      if (link.node->watermarks != nullptr) {
        auto instance = link.node->watermarks->instantiate(*link.node->outputSchema);
        if (!instance.ok()) return attribute(instance.status(), link);
        watermarks_.emplace(std::move(*instance));
        idleTimeout_ = link.node->watermarks->idleTimeout();
      }
      lastSourceData_ = SteadyClock::now();
      continue;
    }
    auto state = link.node->op->makeState(link.context);
    if (!state.ok()) return attribute(state.status(), link);
    link.state = std::move(*state);
  }
  if (source_ == nullptr && inputs_.empty()) return Status::internal("task {} has no input", name());
  if (restoreSnapshot_) {
    SABOT_RETURN_NOT_OK(restoreChain(*restoreSnapshot_));
    restoreSnapshot_.reset();
  }
  return Status::OK();
}

void Task::triggerCheckpoint(int64_t id) {
  triggeredCheckpoint_.store(id, std::memory_order_release);
  wake();
}

void Task::notifyCheckpointComplete(int64_t id) {
  int64_t current = completedCheckpoint_.load();
  while (id > current && !completedCheckpoint_.compare_exchange_weak(current, id)) {
  }
  wake();
}

Result<std::string> Task::snapshotChain(int64_t id) {
  checkpoint::SnapshotWriter writer;
  writer.write<uint64_t>(links_.size());
  for (Link& link : links_) {
    checkpoint::SnapshotWriter section;
    Status status;
    if (link.node->isSource()) {
      if (source_ != nullptr) status = source_->snapshotPosition(section);
    } else if (link.state != nullptr || id != 0) {
      // For a finished task (id 0) this records what its sinks pre-committed
      // at the end of input.
      status = link.node->op->snapshotState(link.state.get(), id, section);
    }
    if (!status.ok()) return attribute(status.withContext("snapshot for checkpoint {}", id), link);
    writer.write<uint32_t>(link.node->id.value());
    writer.writeString(section.bytes());
  }
  return writer.release();
}

Status Task::restoreChain(const std::string& snapshot) {
  checkpoint::SnapshotReader reader(snapshot, "the checkpoint of " + links_.front().context.subtaskName());
  SABOT_ASSIGN_OR_RAISE(uint64_t numLinks, reader.read<uint64_t>());
  if (numLinks != links_.size()) {
    return Status::invalid("the checkpoint of {} has {} operators in the task, the job has {}",
                           links_.front().context.subtaskName(), numLinks, links_.size());
  }
  for (Link& link : links_) {
    SABOT_ASSIGN_OR_RAISE(uint32_t nodeId, reader.read<uint32_t>());
    SABOT_ASSIGN_OR_RAISE(std::string section, reader.readString());
    if (nodeId != link.node->id.value()) {
      return Status::invalid("the checkpoint has operator [{}] where the job has [{}] '{}'", nodeId,
                             link.node->id.value(), link.node->name);
    }
    if (section.empty()) continue;
    checkpoint::SnapshotReader in(section, "the checkpoint of " + link.context.subtaskName());
    Status status = link.node->isSource() ? source_->restorePosition(in) : link.node->op->restoreState(link.state.get(), in);
    SABOT_RETURN_NOT_OK(attribute(std::move(status), link));
  }
  return reader.expectEnd();
}

Status Task::passBarrier(int64_t id) {
  lastBarrier_ = id;
  auto snapshot = snapshotChain(id);
  if (!snapshot.ok()) {
    coordinator_->decline(taskIndex_, id, snapshot.status());
  } else {
    coordinator_->acknowledge(taskIndex_, id, std::move(*snapshot));
  }
  // The barrier follows everything this task emitted before the snapshot.
  for (const auto& output : outputs_) SABOT_RETURN_NOT_OK(output->addControl(StreamElement::barrier(id)));
  return Status::OK();
}

Status Task::handleBarrier(Input& input, int64_t id) {
  if (coordinator_ == nullptr || id <= lastBarrier_) return Status::OK();  // stale
  if (id > aligningCheckpoint_) {
    // A newer checkpoint supersedes one still aligning (it was abandoned).
    aligningCheckpoint_ = id;
    for (Input& each : inputs_) each.barrierReceived = false;
  } else if (id < aligningCheckpoint_) {
    return Status::OK();
  }
  input.barrierReceived = true;
  return checkAlignment();
}

Status Task::checkAlignment() {
  if (aligningCheckpoint_ <= lastBarrier_) return Status::OK();
  for (const Input& input : inputs_) {
    if (!input.ended && !input.barrierReceived) return Status::OK();
  }
  for (Input& input : inputs_) input.barrierReceived = false;
  return passBarrier(aligningCheckpoint_);
}

Status Task::commitEverything() {
  completedCheckpoint_.store(std::numeric_limits<int64_t>::max(), std::memory_order_release);
  return commitCompletedCheckpoints();
}

Status Task::commitCompletedCheckpoints() {
  const int64_t completed = completedCheckpoint_.load(std::memory_order_acquire);
  if (completed <= committedCheckpoint_) return Status::OK();
  committedCheckpoint_ = completed;
  for (Link& link : links_) {
    if (link.node->isSource()) continue;
    SABOT_RETURN_NOT_OK(attribute(link.node->op->notifyCheckpointComplete(link.state.get(), completed), link));
  }
  return Status::OK();
}

Status Task::attribute(Status status, const Link& link) {
  if (status.ok() || errorAttributed_) return status;
  errorAttributed_ = true;
  return status.withContext("operator [{}] {}", link.node->id.value(), link.context.subtaskName());
}

Status Task::emitFrom(size_t link, int32_t tag, RecordBatchPtr batch) {
  Link& from = links_[link];
  const JobNode& node = *from.node;
  const columnar::SchemaPtr* expected = nullptr;
  if (tag == 0) {
    expected = &node.outputSchema;
  } else if (static_cast<size_t>(tag) <= node.sideOutputSchemas.size()) {
    expected = &node.sideOutputSchemas[static_cast<size_t>(tag - 1)];
  }
  if (expected == nullptr || *expected == nullptr) {
    return attribute(Status::invalid("emitted to output {}, which the operator did not declare", tag), from);
  }
  if (batch->schema() != *expected && !batch->schema()->equals(**expected)) {
    return attribute(Status::invalid("emitted a batch with columns ({}) where ({}) was declared",
                                     batch->schema()->toString(), (*expected)->toString()),
                     from);
  }
  if (tag == 0) {
    addTo(from.metrics->recordsOut, batch->numRows());
    addTo(from.metrics->batchesOut, 1);
    if (link + 1 < links_.size()) return pushInto(link + 1, 0, batch);
  }
  for (auto& [outputTag, output] : from.outputs) {
    if (outputTag == tag) SABOT_RETURN_NOT_OK(output->add(batch, now_));
  }
  return Status::OK();
}

Status Task::pushInto(size_t link, int32_t input, const RecordBatchPtr& batch) {
  Link& to = links_[link];
  addTo(to.metrics->recordsIn, batch->numRows());
  addTo(to.metrics->batchesIn, 1);
  addTo(to.metrics->bytesIn, batch->referencedBytes());
  Status status;
  try {
    status = to.node->op->processBatch(to.state.get(), input, batch, *to.collector);
  } catch (const std::exception& error) {
    status = Status::invalid("a user function threw: {}", error.what());
  }
  return attribute(std::move(status), to);
}

Status Task::handleElement(Input& input, StreamElement element) {
  switch (element.kind()) {
    case StreamElementKind::kBatch:
      return pushInto(0, input.logicalInput, element.takeBatch());
    case StreamElementKind::kWatermark:
      input.watermark = std::max(input.watermark, element.watermarkTimestamp());
      return advanceWatermark();
    case StreamElementKind::kWatermarkStatus:
      input.idle = element.idle();
      return advanceWatermark();
    case StreamElementKind::kBarrier:
      return handleBarrier(input, element.checkpointId());
    case StreamElementKind::kEndOfInput: {
      input.ended = true;
      input.watermark = kMaxWatermark;
      SABOT_RETURN_NOT_OK(advanceWatermark());
      // An ended input has nothing more to align.
      if (coordinator_ != nullptr) SABOT_RETURN_NOT_OK(checkAlignment());
      const bool allEnded = std::all_of(inputs_.begin(), inputs_.end(), [](const Input& in) { return in.ended; });
      if (allEnded) return finishChain();
      return Status::OK();
    }
  }
  return Status::internal("unknown stream element");
}

Status Task::advanceWatermark() {
  // Idle inputs do not hold the watermark back; ended ones count as the max.
  EventTime combined = kMaxWatermark;
  bool anyActive = false;
  bool anyIdle = false;
  for (const Input& input : inputs_) {
    if (input.ended) continue;
    if (input.idle) {
      anyIdle = true;
      continue;
    }
    anyActive = true;
    combined = std::min(combined, input.watermark);
  }
  if (!anyActive && anyIdle) return setIdle(true);
  if (idle_) SABOT_RETURN_NOT_OK(setIdle(false));
  if (combined <= inputWatermark_) return Status::OK();
  inputWatermark_ = combined;
  return deliverWatermark(0, combined);
}

Status Task::deliverWatermark(size_t link, EventTime watermark) {
  Link& to = links_[link];
  if (to.node->isSource()) return emitWatermarkFrom(link, watermark);
  return attribute(to.node->op->processWatermark(to.state.get(), watermark, *to.collector), to);
}

Status Task::emitWatermarkFrom(size_t link, EventTime watermark) {
  Link& from = links_[link];
  if (watermark <= from.watermark) return Status::OK();
  from.watermark = watermark;
  from.metrics->watermark.store(watermark, std::memory_order_relaxed);
  for (auto& [tag, output] : from.outputs) SABOT_RETURN_NOT_OK(output->addControl(StreamElement::watermark(watermark)));
  if (link + 1 < links_.size()) return deliverWatermark(link + 1, watermark);
  return Status::OK();
}

Status Task::setIdle(bool idle) {
  if (idle_ == idle) return Status::OK();
  idle_ = idle;
  for (const auto& output : outputs_) SABOT_RETURN_NOT_OK(output->addControl(StreamElement::watermarkStatus(idle)));
  return Status::OK();
}

Status Task::emitSourceBatch(RecordBatchPtr batch) {
  lastSourceData_ = now_;
  if (idle_) SABOT_RETURN_NOT_OK(setIdle(false));
  if (!watermarks_) return emitFrom(0, 0, std::move(batch));
  Link& head = links_.front();
  auto times = watermarks_->extractor.extract(*batch);
  if (!times.ok()) return attribute(times.status().withContext("event time"), head);
  std::optional<EventTime> watermark = watermarks_->generator->onBatch(*batch, *times);
  // The watermark follows the rows it covers.
  SABOT_RETURN_NOT_OK(emitFrom(0, 0, std::move(batch)));
  if (watermark) return emitWatermarkFrom(0, *watermark);
  return Status::OK();
}

Status Task::finishChain() {
  // A finished input promises nothing older will come: let every window and
  // timer fire before the end (Flink's MAX_WATERMARK at the end of input).
  if (source_ != nullptr) {
    SABOT_RETURN_NOT_OK(emitWatermarkFrom(0, kMaxWatermark));
  } else if (inputWatermark_ != kMaxWatermark) {
    inputWatermark_ = kMaxWatermark;
    SABOT_RETURN_NOT_OK(deliverWatermark(0, kMaxWatermark));
  }
  for (Link& link : links_) {
    if (link.node->isSource()) continue;
    SABOT_RETURN_NOT_OK(attribute(link.node->op->finish(link.state.get(), *link.collector), link));
  }
  for (const auto& output : outputs_) SABOT_RETURN_NOT_OK(output->addControl(StreamElement::endOfInput()));
  phase_.store(kDraining, std::memory_order_release);
  return Status::OK();
}

void Task::abortChain() {
  if (aborted_) return;
  aborted_ = true;
  for (Link& link : links_) {
    if (!link.node->isSource() && link.state != nullptr) link.node->op->abort(link.state.get());
  }
}

bool Task::drainOutputs() {
  bool drained = true;
  for (const auto& output : outputs_) drained = output->drain() && drained;
  return drained;
}

}  // namespace sabot::runtime
