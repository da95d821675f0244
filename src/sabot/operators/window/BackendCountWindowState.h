#pragma once

#include <memory>

#include "sabot/operators/window/WindowState.h"

namespace sabot::operators {

/// Count windows in the job's keyed state backend (RocksDB): each key's
/// open window (its row count and accumulators) is one value cell, read and
/// written once per batch for the batch's keys; a window that fills up is
/// emitted and its cell deleted. No timers: count windows ignore time.
Result<std::unique_ptr<WindowState>> makeBackendCountWindowState(const WindowAggregateOperator::Plan* plan,
                                                                 const WindowOptions* options,
                                                                 columnar::SchemaPtr output,
                                                                 const runtime::OperatorContext& context);

}  // namespace sabot::operators
