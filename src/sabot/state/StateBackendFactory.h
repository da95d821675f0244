#pragma once

#include <memory>

#include "sabot/base/Result.h"
#include "sabot/runtime/Operator.h"
#include "sabot/state/KeyedStateBackend.h"

namespace sabot::state {

/// The keyed state backend of one subtask, as the job's
/// OperatorContext::stateBackend asks: in memory, or a RocksDB in a fresh
/// directory of its own (removed when the backend is destroyed) under the
/// configured directory. Its TTL clock is the context's clock.
Result<std::unique_ptr<KeyedStateBackend>> makeKeyedStateBackend(const runtime::OperatorContext& context);

}  // namespace sabot::state
