#pragma once

#include <memory>

#include "sabot/operators/window/WindowState.h"

namespace sabot::operators {

/// Tumbling and sliding window state in the job's keyed state backend, for
/// jobs whose state must outgrow memory (the RocksDB backend):
///
/// - each (key, pane) accumulator row is one value cell, namespace = the
///   pane start; a batch is grouped by pane first, so each pane of a batch
///   costs one vectorised read (getCells) and one write (putCells);
/// - each (key, window) gets an event-time timer at the window's last
///   millisecond, held by the backend's TimerService, so firing reads only
///   the keys whose windows are due; the timer merges the key's panes of the
///   window into the result;
/// - a pane is deleted when the last window holding it fires (no allowed
///   lateness) or, with allowed lateness, by a second timer at the window's
///   end plus the lateness.
///
/// Memory is bounded by the batch and the RocksDB caches, not by the number
/// of keys or windows; checkpoints are the backend's keyed-state snapshot
/// (timers included). Results equal the in-memory PaneWindowState's.
Result<std::unique_ptr<WindowState>> makeBackendPaneWindowState(const WindowAggregateOperator::Plan* plan,
                                                                const WindowOptions* options,
                                                                columnar::SchemaPtr output,
                                                                const runtime::OperatorContext& context);

}  // namespace sabot::operators
