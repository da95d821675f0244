#include "sabot/operators/join/RegularJoinOperator.h"

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <limits>

#include "sabot/compute/Selection.h"
#include "sabot/operators/join/JoinHashTable.h"
#include "sabot/operators/join/JoinOutput.h"
#include "sabot/time/EventTime.h"

namespace sabot::operators {

using columnar::RecordBatchPtr;

namespace {

int sideIndex(JoinSide side) {
  return static_cast<int>(side);
}

/// The rows one side holds: its accepted batches in a hash table, each
/// with the processing time at which it expires (kNever without a TTL).
class SideRows {
 public:
  static constexpr int64_t kNever = std::numeric_limits<int64_t>::max();

  SideRows(const JoinKeys& keys, JoinSide side) : table_(keys, side) {}

  const JoinHashTable& table() const { return table_; }

  /// Adds `batch` (nothing if it is empty) to expire at `expiresAt`. New
  /// batches usually expire last; restored ones may expire later than new
  /// ones (the TTL was shortened), so the queue is kept sorted by expiry.
  Status add(RecordBatchPtr batch, int64_t expiresAt, columnar::MemoryPool* pool) {
    if (batch->numRows() == 0) return Status::OK();
    const auto first = static_cast<uint32_t>(table_.numRows());
    const auto rows = static_cast<uint32_t>(batch->numRows());
    SABOT_RETURN_NOT_OK(table_.append(std::move(batch), pool));
    Expiry entry{expiresAt, first, rows, table_.batches().size() - 1};
    // Keep the queue sorted by expiry: a new batch goes behind every batch
    // that expires no later.
    auto position = std::upper_bound(expiries_.begin(), expiries_.end(), expiresAt,
                                     [](int64_t value, const Expiry& e) { return value < e.expiresAt; });
    expiries_.insert(position, entry);
    return Status::OK();
  }

  /// Drops the batches that expire at or before `now`; compacts when more
  /// rows are dead than alive.
  Status expire(int64_t now, columnar::MemoryPool* pool) {
    bool dropped = false;
    while (!expiries_.empty() && expiries_.front().expiresAt <= now) {
      const Expiry& expired = expiries_.front();
      for (uint32_t row = expired.firstRow; row < expired.firstRow + expired.rows; ++row) table_.erase(row);
      expiries_.pop_front();
      dropped = true;
    }
    if (!dropped) return Status::OK();
    const int64_t dead = table_.numRows() - table_.numLiveRows();
    if (dead < table_.numLiveRows()) return Status::OK();
    // Rebuild from the live batches (whole batches: no row is copied).
    std::deque<Expiry> live = std::move(expiries_);
    std::vector<RecordBatchPtr> batches = table_.batches();
    table_ = JoinHashTable(table_.keys(), table_.buildSide());
    expiries_.clear();
    for (const Expiry& entry : live) SABOT_RETURN_NOT_OK(add(batches[entry.batch], entry.expiresAt, pool));
    return Status::OK();
  }

  std::optional<int64_t> nextExpiry() const {
    if (expiries_.empty() || expiries_.front().expiresAt == kNever) return std::nullopt;
    return expiries_.front().expiresAt;
  }

  /// Every live batch with its expiry, oldest first.
  template <typename Visitor>
  void forEachLiveBatch(const Visitor& visit) const {
    for (const Expiry& entry : expiries_) visit(*table_.batches()[entry.batch], entry.expiresAt);
  }

 private:
  struct Expiry {
    int64_t expiresAt;
    uint32_t firstRow;
    uint32_t rows;
    size_t batch;  ///< index into the table's batches
  };
  JoinHashTable table_;
  std::deque<Expiry> expiries_;  ///< live batches, by expiry
};

class RegularJoinState final : public runtime::OperatorState {
 public:
  RegularJoinState(const RegularJoinOperator::Plan* plan, columnar::SchemaPtr output, int64_t stateTtlMs,
                   const runtime::OperatorContext& context)
      : plan_(plan),
        outputSchema_(std::move(output)),
        stateTtlMs_(stateTtlMs),
        context_(context),
        sides_{SideRows(plan->keys, JoinSide::kLeft), SideRows(plan->keys, JoinSide::kRight)} {}

  const SideRows& side(JoinSide side) const { return sides_[sideIndex(side)]; }
  SideRows& side(JoinSide side) { return sides_[sideIndex(side)]; }

  Status processBatch(JoinSide own, const RecordBatchPtr& batch, runtime::Collector& out) {
    // A clock that steps back must not make rows expire out of order.
    if (stateTtlMs_ > 0) lastNow_ = std::max(lastNow_, context_.clock->nowMillis());
    const int64_t now = lastNow_;
    if (stateTtlMs_ > 0) SABOT_RETURN_NOT_OK(expire(now));
    SABOT_ASSIGN_OR_RAISE(RecordBatchPtr rows, withoutNullKeys(own, batch));
    if (rows == nullptr) return Status::OK();
    const JoinHashTable& other = side(otherSide(own)).table();
    if (other.numLiveRows() > 0) {
      matches_.clear();
      SABOT_RETURN_NOT_OK(other.probe(*rows, matches_, context_.pool));
      if (!matches_.empty()) {
        SABOT_ASSIGN_OR_RAISE(std::vector<columnar::Array> columns, gatherJoined(*rows, other, matches_, context_.pool));
        SABOT_ASSIGN_OR_RAISE(RecordBatchPtr joined,
                              columnar::RecordBatch::make(outputSchema_, static_cast<int64_t>(matches_.size()),
                                                          std::move(columns)));
        SABOT_RETURN_NOT_OK(out.emit(std::move(joined)));
      }
    }
    const int64_t expiresAt = stateTtlMs_ > 0 ? time::saturatingAdd(now, stateTtlMs_) : SideRows::kNever;
    return side(own).add(std::move(rows), expiresAt, context_.pool);
  }

  Status expire(int64_t now) {
    SABOT_RETURN_NOT_OK(side(JoinSide::kLeft).expire(now, context_.pool));
    return side(JoinSide::kRight).expire(now, context_.pool);
  }

  std::optional<int64_t> nextExpiry() const {
    const std::optional<int64_t> left = side(JoinSide::kLeft).nextExpiry();
    const std::optional<int64_t> right = side(JoinSide::kRight).nextExpiry();
    if (!left) return right;
    if (!right) return left;
    return std::min(*left, *right);
  }

  Status snapshot(checkpoint::SnapshotWriter& out) const {
    for (JoinSide which : {JoinSide::kLeft, JoinSide::kRight}) {
      const auto& codec = plan_->codecs[sideIndex(which)];
      if (!codec) return plan_->codecErrors[sideIndex(which)];
      uint64_t numBatches = 0;
      side(which).forEachLiveBatch([&](const columnar::RecordBatch&, int64_t) { ++numBatches; });
      out.write<uint64_t>(numBatches);
      side(which).forEachLiveBatch([&](const columnar::RecordBatch& batch, int64_t expiresAt) {
        out.write<int64_t>(expiresAt);
        codec->write(batch, out);
      });
    }
    return Status::OK();
  }

  Status restore(checkpoint::SnapshotReader& in) {
    for (JoinSide which : {JoinSide::kLeft, JoinSide::kRight}) {
      const auto& codec = plan_->codecs[sideIndex(which)];
      if (!codec) return plan_->codecErrors[sideIndex(which)];
      SABOT_ASSIGN_OR_RAISE(uint64_t numBatches, in.readCount(16));
      for (uint64_t b = 0; b < numBatches; ++b) {
        SABOT_ASSIGN_OR_RAISE(int64_t expiresAt, in.read<int64_t>());
        // Rows kept forever by a run without a TTL get this run's TTL, from
        // the restore on.
        if (stateTtlMs_ > 0 && expiresAt == SideRows::kNever) {
          expiresAt = time::saturatingAdd(context_.clock->nowMillis(), stateTtlMs_);
        }
        SABOT_ASSIGN_OR_RAISE(RecordBatchPtr batch, codec->read(in, context_.pool));
        SABOT_RETURN_NOT_OK(side(which).add(std::move(batch), expiresAt, context_.pool));
      }
    }
    return Status::OK();
  }

 private:
  /// `batch` without its rows that have a null key (they can never join,
  /// so they are not kept); nullptr if none is left.
  Result<RecordBatchPtr> withoutNullKeys(JoinSide own, const RecordBatchPtr& batch) {
    accepted_.clear();
    for (int64_t row = 0; row < batch->numRows(); ++row) {
      if (!plan_->keys.hasNullKey(*batch, own, row)) accepted_.push_back(row);
    }
    if (accepted_.empty()) return RecordBatchPtr();
    if (static_cast<int64_t>(accepted_.size()) == batch->numRows()) return batch;
    SABOT_ASSIGN_OR_RAISE(columnar::Array indices, indexArray(accepted_, context_.pool));
    return compute::take(*batch, indices, context_.pool);
  }

  const RegularJoinOperator::Plan* plan_;
  columnar::SchemaPtr outputSchema_;
  int64_t stateTtlMs_;
  runtime::OperatorContext context_;
  SideRows sides_[2];
  int64_t lastNow_ = std::numeric_limits<int64_t>::min();  ///< the clock, never stepping back
  // Scratch, reused between batches.
  JoinMatches matches_;
  std::vector<int64_t> accepted_;
};

}  // namespace

Result<std::shared_ptr<RegularJoinOperator>> RegularJoinOperator::make(const columnar::SchemaPtr& left,
                                                                       const columnar::SchemaPtr& right,
                                                                       std::vector<std::string> leftKeys,
                                                                       std::vector<std::string> rightKeys,
                                                                       int64_t stateTtlMs) {
  if (stateTtlMs < 0) return Status::invalid("regular join: the state TTL must not be negative, got {} ms", stateTtlMs);
  SABOT_ASSIGN_OR_RAISE(JoinKeys keys, JoinKeys::make(*left, leftKeys, *right, rightKeys));
  auto plan = std::make_shared<Plan>(std::move(keys));
  const columnar::SchemaPtr inputs[2] = {left, right};
  for (int i = 0; i < 2; ++i) {
    auto codec = JoinBufferCodec::make(inputs[i], sideName(static_cast<JoinSide>(i)));
    if (codec.ok()) {
      plan->codecs[i] = std::move(*codec);
    } else {
      plan->codecErrors[i] = codec.status();
    }
  }
  SABOT_ASSIGN_OR_RAISE(columnar::SchemaPtr output, joinedSchema(*left, *right));
  return std::make_shared<RegularJoinOperator>(std::move(plan), std::move(output), stateTtlMs);
}

std::string RegularJoinOperator::describe() const {
  if (stateTtlMs_ == 0) return fmt::format("regular join on {} (unbounded state)", plan_->keys.toString());
  return fmt::format("regular join on {} (rows kept {} ms)", plan_->keys.toString(), stateTtlMs_);
}

Result<std::unique_ptr<runtime::OperatorState>> RegularJoinOperator::makeState(
    const runtime::OperatorContext& context) const {
  if (context.checkpointing) {
    for (const Status& error : plan_->codecErrors) SABOT_RETURN_NOT_OK(error);
  }
  return std::unique_ptr<runtime::OperatorState>(
      std::make_unique<RegularJoinState>(plan_.get(), outputSchema_, stateTtlMs_, context));
}

Status RegularJoinOperator::processBatch(runtime::OperatorState* state, int32_t input, const RecordBatchPtr& batch,
                                         runtime::Collector& out) const {
  if (input != 0 && input != 1) return Status::internal("a regular join has inputs 0 and 1, not {}", input);
  return static_cast<RegularJoinState*>(state)->processBatch(static_cast<JoinSide>(input), batch, out);
}

std::optional<int64_t> RegularJoinOperator::nextProcessingTime(runtime::OperatorState* state) const {
  return static_cast<RegularJoinState*>(state)->nextExpiry();
}

Status RegularJoinOperator::onProcessingTime(runtime::OperatorState* state, int64_t now, runtime::Collector&) const {
  return static_cast<RegularJoinState*>(state)->expire(now);
}

Status RegularJoinOperator::snapshotState(runtime::OperatorState* state, int64_t,
                                          checkpoint::SnapshotWriter& out) const {
  return static_cast<RegularJoinState*>(state)->snapshot(out);
}

Status RegularJoinOperator::restoreState(runtime::OperatorState* state, checkpoint::SnapshotReader& in) const {
  SABOT_RETURN_NOT_OK(static_cast<RegularJoinState*>(state)->restore(in));
  return in.expectEnd();
}

int64_t RegularJoinOperator::bufferedRows(const runtime::OperatorState& state, JoinSide side) {
  return static_cast<const RegularJoinState&>(state).side(side).table().numLiveRows();
}

int64_t RegularJoinOperator::storedRows(const runtime::OperatorState& state, JoinSide side) {
  return static_cast<const RegularJoinState&>(state).side(side).table().numRows();
}

}  // namespace sabot::operators
