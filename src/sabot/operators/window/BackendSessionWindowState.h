#pragma once

#include <memory>

#include "sabot/operators/window/WindowState.h"

namespace sabot::operators {

/// Session windows in the job's keyed state backend (RocksDB): each key's
/// sessions are one value cell (start, end, fired flag and accumulators per
/// session, sorted by start), read and written once per batch for all the
/// batch's keys; a session gets an event-time timer at its end - 1 ms when
/// a row gives it a new end, so firing reads only the keys with sessions
/// due (timers of sessions that have since merged find nothing and are
/// skipped). With allowed lateness a fired session stays until a second
/// timer at its end - 1 ms + the lateness. Results equal the in-memory
/// session state's.
Result<std::unique_ptr<WindowState>> makeBackendSessionWindowState(const WindowAggregateOperator::Plan* plan,
                                                                   const WindowOptions* options,
                                                                   columnar::SchemaPtr output,
                                                                   const runtime::OperatorContext& context);

}  // namespace sabot::operators
