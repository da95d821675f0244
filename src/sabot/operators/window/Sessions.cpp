#include "sabot/operators/window/Sessions.h"

#include <algorithm>

namespace sabot::operators {

SessionChange addToSessions(std::vector<Session>& sessions, time::EventTime time, int64_t gapMs,
                            time::EventTime watermark, const BoundAggregates& aggregates,
                            const BoundAggregates::Inputs& inputs, int64_t row) {
  Session merged{time, time::saturatingAdd(time, gapMs), std::vector<Accumulator>(aggregates.size()), false};
  SessionChange change;
  auto it = sessions.begin();
  while (it != sessions.end()) {
    if (it->start <= merged.end && it->end >= merged.start) {
      merged.start = std::min(merged.start, it->start);
      if (it->end >= merged.end) change.endExisted = true;
      merged.end = std::max(merged.end, it->end);
      merged.fired = merged.fired || it->fired;
      aggregates.merge(merged.accumulators.data(), it->accumulators.data());
      it = sessions.erase(it);
    } else {
      ++it;
    }
  }
  aggregates.add(merged.accumulators.data(), inputs, row);
  merged.fired = merged.fired && merged.end - 1 <= watermark;
  change.end = merged.end;
  change.fired = merged.fired;
  auto position = std::lower_bound(sessions.begin(), sessions.end(), merged.start,
                                   [](const Session& s, time::EventTime value) { return s.start < value; });
  sessions.insert(position, std::move(merged));
  return change;
}

void writeSessions(const std::vector<Session>& sessions, const BoundAggregates& aggregates,
                   checkpoint::SnapshotWriter& out) {
  out.write<uint64_t>(sessions.size());
  for (const Session& session : sessions) {
    out.write<int64_t>(session.start);
    out.write<int64_t>(session.end);
    out.writeBool(session.fired);
    aggregates.snapshot(session.accumulators.data(), out);
  }
}

Status readSessions(checkpoint::SnapshotReader& in, const BoundAggregates& aggregates, std::vector<Session>* sessions) {
  SABOT_ASSIGN_OR_RAISE(uint64_t numSessions, in.readCount(17));
  for (uint64_t i = 0; i < numSessions; ++i) {
    Session session{0, 0, std::vector<Accumulator>(aggregates.size()), false};
    SABOT_ASSIGN_OR_RAISE(session.start, in.read<int64_t>());
    SABOT_ASSIGN_OR_RAISE(session.end, in.read<int64_t>());
    SABOT_ASSIGN_OR_RAISE(session.fired, in.readBool());
    SABOT_RETURN_NOT_OK(aggregates.restore(session.accumulators.data(), in));
    sessions->push_back(std::move(session));
  }
  return Status::OK();
}

}  // namespace sabot::operators
