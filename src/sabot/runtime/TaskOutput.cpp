#include "sabot/runtime/TaskOutput.h"

#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/compute/Hash.h"
#include "sabot/compute/Selection.h"

namespace sabot::runtime {

using columnar::Array;
using columnar::RecordBatch;
using columnar::RecordBatchPtr;

Result<TaskOutput> TaskOutput::make(Options options, std::vector<Channel*> channels) {
  if (channels.empty()) return Status::internal("a task output needs at least one channel");
  if (options.partitioning == PartitioningKind::kHash && options.keyColumns.empty()) {
    return Status::internal("a hash output needs key columns");
  }
  SABOT_ASSIGN_OR_RAISE(KeyGroupAssigner assigner,
                        KeyGroupAssigner::make(static_cast<int32_t>(channels.size()), options.maxParallelism));
  std::vector<Lane> lanes(channels.size());
  for (size_t i = 0; i < channels.size(); ++i) lanes[i].channel = channels[i];
  return TaskOutput(std::move(options), assigner, std::move(lanes));
}

Status TaskOutput::add(const RecordBatchPtr& batch, SteadyClock::time_point now) {
  if (batch->numRows() == 0) return Status::OK();
  switch (options_.partitioning) {
    case PartitioningKind::kDefault:
    case PartitioningKind::kForward:
      return addToLane(lanes_[0], batch, now);
    case PartitioningKind::kRebalance: {
      Lane& lane = lanes_[nextLane_];
      nextLane_ = (nextLane_ + 1) % lanes_.size();
      return addToLane(lane, batch, now);
    }
    case PartitioningKind::kBroadcast:
      for (Lane& lane : lanes_) SABOT_RETURN_NOT_OK(addToLane(lane, batch, now));
      return Status::OK();
    case PartitioningKind::kHash:
      return addHashed(batch, now);
  }
  return Status::internal("unknown partitioning");
}

Status TaskOutput::addHashed(const RecordBatchPtr& batch, SteadyClock::time_point now) {
  if (lanes_.size() == 1) return addToLane(lanes_[0], batch, now);
  std::vector<Array> keys;
  keys.reserve(options_.keyColumns.size());
  for (int column : options_.keyColumns) keys.push_back(batch->column(column));
  SABOT_ASSIGN_OR_RAISE(Array hashes, compute::hash64(keys, options_.pool));
  SABOT_ASSIGN_OR_RAISE(auto rowsPerSubtask, assigner_.partitionRows(hashes));
  for (size_t subtask = 0; subtask < rowsPerSubtask.size(); ++subtask) {
    const std::vector<int64_t>& rows = rowsPerSubtask[subtask];
    if (rows.empty()) continue;
    if (static_cast<int64_t>(rows.size()) == batch->numRows()) {
      SABOT_RETURN_NOT_OK(addToLane(lanes_[subtask], batch, now));
      continue;
    }
    columnar::NumericBuilder<int64_t> indices(columnar::int64(), options_.pool);
    SABOT_RETURN_NOT_OK(indices.appendValues(rows.data(), static_cast<int64_t>(rows.size())));
    SABOT_ASSIGN_OR_RAISE(Array indexArray, indices.finish());
    SABOT_ASSIGN_OR_RAISE(RecordBatchPtr piece, compute::take(*batch, indexArray, options_.pool));
    SABOT_RETURN_NOT_OK(addToLane(lanes_[subtask], std::move(piece), now));
  }
  return Status::OK();
}

Status TaskOutput::addToLane(Lane& lane, RecordBatchPtr batch, SteadyClock::time_point now) {
  const bool coalesce = options_.batchRows > 1 && options_.flushInterval.count() > 0;
  if (!coalesce || (lane.buffered.empty() && batch->numRows() >= options_.batchRows)) {
    SABOT_RETURN_NOT_OK(flushLane(lane));
    lane.pending.push_back(StreamElement::batch(std::move(batch)));
    return Status::OK();
  }
  if (lane.buffered.empty()) lane.deadline = now + options_.flushInterval;
  lane.bufferedRows += batch->numRows();
  lane.buffered.push_back(std::move(batch));
  if (lane.bufferedRows >= options_.batchRows) return flushLane(lane);
  return Status::OK();
}

Status TaskOutput::flushLane(Lane& lane) {
  if (lane.buffered.empty()) return Status::OK();
  RecordBatchPtr combined;
  if (lane.buffered.size() == 1) {
    combined = std::move(lane.buffered.front());
  } else {
    const columnar::SchemaPtr& schema = lane.buffered.front()->schema();
    std::vector<Array> columns;
    columns.reserve(static_cast<size_t>(schema->numFields()));
    std::vector<Array> pieces(lane.buffered.size());
    for (int column = 0; column < schema->numFields(); ++column) {
      for (size_t i = 0; i < lane.buffered.size(); ++i) pieces[i] = lane.buffered[i]->column(column);
      SABOT_ASSIGN_OR_RAISE(Array joined, compute::concatenate(pieces, options_.pool));
      columns.push_back(std::move(joined));
    }
    SABOT_ASSIGN_OR_RAISE(combined, RecordBatch::make(schema, lane.bufferedRows, std::move(columns)));
  }
  lane.buffered.clear();
  lane.bufferedRows = 0;
  lane.pending.push_back(StreamElement::batch(std::move(combined)));
  return Status::OK();
}

Status TaskOutput::addControl(const StreamElement& element) {
  for (Lane& lane : lanes_) {
    SABOT_RETURN_NOT_OK(flushLane(lane));
    lane.pending.push_back(element);
  }
  return Status::OK();
}

Status TaskOutput::flushExpired(SteadyClock::time_point now) {
  for (Lane& lane : lanes_) {
    if (!lane.buffered.empty() && now >= lane.deadline) SABOT_RETURN_NOT_OK(flushLane(lane));
  }
  return Status::OK();
}

bool TaskOutput::drain() {
  bool empty = true;
  for (Lane& lane : lanes_) {
    while (!lane.pending.empty()) {
      if (!lane.channel->tryPush(lane.pending.front())) break;
      lane.pending.pop_front();
    }
    empty = empty && lane.pending.empty();
  }
  return empty;
}

bool TaskOutput::hasPending() const {
  for (const Lane& lane : lanes_) {
    if (!lane.pending.empty()) return true;
  }
  return false;
}

std::optional<SteadyClock::time_point> TaskOutput::nextDeadline() const {
  std::optional<SteadyClock::time_point> earliest;
  for (const Lane& lane : lanes_) {
    if (lane.buffered.empty()) continue;
    if (!earliest || lane.deadline < *earliest) earliest = lane.deadline;
  }
  return earliest;
}

}  // namespace sabot::runtime
