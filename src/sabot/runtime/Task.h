#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sabot/base/Result.h"
#include "sabot/runtime/Channel.h"
#include "sabot/runtime/CheckpointCoordinator.h"
#include "sabot/runtime/JobControl.h"
#include "sabot/runtime/JobGraph.h"
#include "sabot/runtime/Metrics.h"
#include "sabot/runtime/Operator.h"
#include "sabot/runtime/Source.h"
#include "sabot/runtime/TaskOutput.h"
#include "sabot/runtime/TaskScheduler.h"

namespace sabot::runtime {

/// One subtask of a chain of fused operators: reads its input channels (or
/// its source), pushes each batch through the chain by direct calls, and
/// hands the chain's output to its TaskOutputs. Runs in slices on the
/// scheduler's threads and parks, never blocks, when it has no input or its
/// output is full.
class Task final : public Schedulable, public CheckpointParticipant {
 public:
  /// A node of the chain as this subtask runs it.
  struct LinkSpec {
    const JobNode* node = nullptr;
    OperatorContext context;
    OperatorMetrics* metrics = nullptr;
  };
  struct InputSpec {
    Channel* channel = nullptr;
    int32_t logicalInput = 0;
  };

  Task(std::vector<LinkSpec> links, JobControl* control, TaskMetrics* metrics, int64_t batchRows);
  ~Task() override;

  /// Adds an input channel (chain heads that are not sources).
  void addInput(InputSpec input) { inputs_.push_back(Input{input.channel, input.logicalInput, kMinWatermark, false, false}); }
  /// Attaches an outgoing edge to output `tag` of chain link `link`.
  void addOutput(size_t link, int32_t tag, TaskOutput output);

  RunResult runOnce() override;

  /// Takes part in checkpoints as task `index` of `coordinator`.
  void setCheckpointing(CheckpointCoordinator* coordinator, size_t index) {
    coordinator_ = coordinator;
    taskIndex_ = index;
  }
  /// Starts from a checkpoint: the snapshot this task wrote in it.
  void setRestoreSnapshot(std::string snapshot) { restoreSnapshot_ = std::move(snapshot); }
  void triggerCheckpoint(int64_t id) override;
  void notifyCheckpointComplete(int64_t id) override;
  /// The job succeeded: commit everything still pre-committed (the output
  /// sinks held back at the end of their input). Call after the threads stopped.
  Status commitEverything();
  bool isSource() const { return links_.front().node->isSource(); }

  size_t numLinks() const { return links_.size(); }
  const JobNode& linkNode(size_t link) const { return *links_[link].node; }
  /// The input channels, for queue metrics.
  std::vector<const Channel*> inputChannels() const;
  bool finished() const { return phase_.load(std::memory_order_acquire) == kDone; }
  const std::string& name() const { return links_.front().context.operatorName; }

 private:
  class LinkCollector;
  struct Link {
    const JobNode* node;
    OperatorContext context;
    OperatorMetrics* metrics;
    std::unique_ptr<OperatorState> state;
    std::unique_ptr<LinkCollector> collector;
    std::vector<std::pair<int32_t, TaskOutput*>> outputs;
    EventTime watermark = kMinWatermark;  ///< the last one it emitted
  };
  struct Input {
    Channel* channel;
    int32_t logicalInput;
    EventTime watermark;
    bool ended;
    bool idle = false;
    /// The barrier of the checkpoint being aligned arrived here: read
    /// nothing more from this input until the others' barriers are in.
    bool barrierReceived = false;
  };
  enum Phase : uint8_t { kCreated, kRunning, kDraining, kDone };
  enum class Waiting : uint8_t { kNothing, kInput, kOutput };

  Result<RunResult> runSlice();
  Status open();
  Status emitFrom(size_t link, int32_t tag, columnar::RecordBatchPtr batch);
  Status pushInto(size_t link, int32_t input, const columnar::RecordBatchPtr& batch);
  Status handleElement(Input& input, StreamElement element);
  Status advanceWatermark();
  /// Link `link` emitted `watermark`: record it, send it to the link's
  /// outputs and hand it to the next link.
  Status emitWatermarkFrom(size_t link, EventTime watermark);
  /// Gives `watermark` to the operator of link `link`.
  Status deliverWatermark(size_t link, EventTime watermark);
  Status setIdle(bool idle);
  /// Snapshots every link for checkpoint `id` (id 0: the final state of a
  /// finished task).
  Result<std::string> snapshotChain(int64_t id);
  Status restoreChain(const std::string& snapshot);
  /// Snapshots, acknowledges and forwards the barrier of checkpoint `id`.
  Status passBarrier(int64_t id);
  Status handleBarrier(Input& input, int64_t id);
  Status checkAlignment();
  Status commitCompletedCheckpoints();
  Status emitSourceBatch(columnar::RecordBatchPtr batch);
  Status finishChain();
  void abortChain();
  bool drainOutputs();
  RunResult park(Waiting reason);
  /// Calls onProcessingTime() of every operator whose requested processing
  /// time the clock has reached.
  Status fireProcessingTime();
  /// When the task must wake for the earliest requested processing time.
  std::optional<SteadyClock::time_point> processingTimeDeadline() const;
  /// Names the link in an error the first time it passes through.
  Status attribute(Status status, const Link& link);

  std::vector<Link> links_;
  JobControl* control_;
  TaskMetrics* metrics_;
  const int64_t batchRows_;
  std::unique_ptr<SourceReader> source_;
  std::vector<Input> inputs_;
  size_t nextInput_ = 0;
  std::vector<std::unique_ptr<TaskOutput>> outputs_;
  std::atomic<uint8_t> phase_{kCreated};
  /// The combined watermark of the inputs given to the head link.
  EventTime inputWatermark_ = kMinWatermark;
  /// Whether this task told its consumers it is idle.
  bool idle_ = false;
  /// The source's event-time extractor and watermark generator, if any.
  std::optional<time::WatermarkStrategy::Instance> watermarks_;
  std::optional<std::chrono::milliseconds> idleTimeout_;
  SteadyClock::time_point lastSourceData_;

  CheckpointCoordinator* coordinator_ = nullptr;
  size_t taskIndex_ = 0;
  std::optional<std::string> restoreSnapshot_;
  std::atomic<int64_t> triggeredCheckpoint_{0};
  std::atomic<int64_t> completedCheckpoint_{0};
  int64_t lastBarrier_ = 0;
  int64_t committedCheckpoint_ = 0;
  int64_t aligningCheckpoint_ = 0;
  bool errorAttributed_ = false;
  bool aborted_ = false;
  SteadyClock::time_point now_;
  Waiting waiting_ = Waiting::kNothing;
  SteadyClock::time_point waitingSince_;
};

}  // namespace sabot::runtime
