#include "sabot/runtime/StateBackendConfig.h"

namespace sabot::runtime {

std::string_view stateBackendName(StateBackendKind kind) {
  return kind == StateBackendKind::kRocksDb ? "rocksdb" : "memory";
}

Result<StateBackendKind> parseStateBackend(std::string_view name) {
  if (name == "memory" || name == "heap") return StateBackendKind::kMemory;
  if (name == "rocksdb") return StateBackendKind::kRocksDb;
  return Status::invalid("unknown state backend '{}': use memory or rocksdb", name);
}

}  // namespace sabot::runtime
