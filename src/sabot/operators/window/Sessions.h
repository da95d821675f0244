#pragma once

#include <vector>

#include "sabot/checkpoint/SnapshotStream.h"
#include "sabot/operators/window/Aggregate.h"
#include "sabot/time/EventTime.h"

namespace sabot::operators {

/// One session window of a key: [start, end) with its accumulators.
struct Session {
  time::EventTime start = 0;
  time::EventTime end = 0;
  std::vector<Accumulator> accumulators;
  bool fired = false;
};

/// What adding a row did to a key's sessions.
struct SessionChange {
  time::EventTime end = 0;  ///< the end of the session now holding the row
  bool fired = false;       ///< that session has fired before (a late update)
  bool endExisted = false;  ///< one of the merged sessions already ended there
};

/// Adds row `row` at `time` to `sessions` (one key's, sorted by start): the
/// row opens [time, time + gap) and every session it overlaps or touches
/// merges into it (Flink's TimeWindow.intersects: start <= other.end && end
/// >= other.start). A merged session counts as fired only if one of its
/// parts had fired and it is still due at `watermark` (its end - 1 at or
/// below it); one that a late row stretched past the watermark fires again
/// when the watermark reaches its new end, as in Flink.
SessionChange addToSessions(std::vector<Session>& sessions, time::EventTime time, int64_t gapMs,
                            time::EventTime watermark, const BoundAggregates& aggregates,
                            const BoundAggregates::Inputs& inputs, int64_t row);

/// Checkpoint form of one key's sessions.
void writeSessions(const std::vector<Session>& sessions, const BoundAggregates& aggregates,
                   checkpoint::SnapshotWriter& out);
Status readSessions(checkpoint::SnapshotReader& in, const BoundAggregates& aggregates, std::vector<Session>* sessions);

}  // namespace sabot::operators
