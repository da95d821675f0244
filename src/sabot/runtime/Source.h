#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "sabot/base/Result.h"
#include "sabot/columnar/RecordBatch.h"
#include "sabot/columnar/Schema.h"
#include "sabot/runtime/Operator.h"

namespace sabot::runtime {

/// What a source reader returns from one poll.
struct SourcePoll {
  enum class Kind : uint8_t {
    kBatch,   ///< `batch` holds the next rows
    kNotNow,  ///< nothing yet (a paced or external source); poll again after `retryAfter`
    kEnd,     ///< this reader's share of the source is exhausted
  };
  Kind kind = Kind::kEnd;
  columnar::RecordBatchPtr batch;
  std::chrono::microseconds retryAfter{0};

  static SourcePoll ofBatch(columnar::RecordBatchPtr batch) {
    return SourcePoll{Kind::kBatch, std::move(batch), {}};
  }
  static SourcePoll notNow(std::chrono::microseconds retryAfter) {
    return SourcePoll{Kind::kNotNow, nullptr, retryAfter};
  }
  static SourcePoll end() { return SourcePoll{}; }
};

/// One subtask's reader of a source: it owns a share of the source's splits
/// (files, ranges of a sequence, slices of the Nexmark stream) and walks
/// them. It must never block for long: a reader with nothing to give returns
/// kNotNow and the thread runs another task.
class SourceReader {
 public:
  virtual ~SourceReader() = default;
  /// At most `maxRows` rows (a reader may return fewer).
  virtual Result<SourcePoll> poll(int64_t maxRows) = 0;
  /// Where the reader stands, e.g. "file 2 of 5, batch 17" or "position
  /// 81920", for logs.
  virtual std::string position() const = 0;
  /// Writes the position for a checkpoint: restoring it makes the reader go
  /// on with exactly the rows after the last batch it returned.
  virtual Status snapshotPosition(checkpoint::SnapshotWriter& out) const {
    return Status::unsupported("this source cannot be checkpointed");
  }
  /// Moves to a position snapshotPosition() wrote (before the first poll).
  virtual Status restorePosition(checkpoint::SnapshotReader& in) {
    return Status::unsupported("this source cannot be restored from a checkpoint");
  }
};

/// A source of batches, split across the parallel subtasks that read it.
class Source {
 public:
  virtual ~Source() = default;
  virtual std::string describe() const = 0;
  /// The schema of every batch any reader returns.
  virtual columnar::SchemaPtr schema() const = 0;
  /// The reader for subtask `context.subtaskIndex` of `context.parallelism`.
  /// The readers of all subtasks together read every row exactly once.
  virtual Result<std::unique_ptr<SourceReader>> createReader(const OperatorContext& context) const = 0;
  /// Whether its readers implement snapshotPosition/restorePosition, i.e.
  /// whether a checkpointed job can replay it.
  virtual bool replayable() const { return false; }
  /// The most subtasks that can read in parallel (a single stream: 1).
  virtual int32_t maxParallelism() const { return 1 << 15; }
};

}  // namespace sabot::runtime
