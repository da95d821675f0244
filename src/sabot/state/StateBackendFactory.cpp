#include "sabot/state/StateBackendFactory.h"

#include <unistd.h>

#include <atomic>
#include <cctype>
#include <filesystem>

#include <fmt/format.h>

#include "sabot/state/HeapKeyedStateBackend.h"
#include "sabot/state/RocksDbKeyedStateBackend.h"

namespace sabot::state {

namespace {

/// "window (2/4)" -> "window-2": a directory name from the operator name.
std::string directoryName(const runtime::OperatorContext& context) {
  std::string name;
  for (char c : context.operatorName) {
    name.push_back(std::isalnum(static_cast<unsigned char>(c)) != 0 ? c : '-');
  }
  if (name.size() > 48) name.resize(48);
  // Unique within the process (several jobs, restarts) and across
  // processes sharing the directory.
  static std::atomic<int64_t> counter{0};
  return fmt::format("{}-{}-p{}-{}", name, context.subtaskIndex + 1, ::getpid(), counter.fetch_add(1));
}

}  // namespace

Result<std::unique_ptr<KeyedStateBackend>> makeKeyedStateBackend(const runtime::OperatorContext& context) {
  KeyedStateBackendConfig config = KeyedStateBackendConfig::forSubtask(context, context.clock);
  const runtime::StateBackendConfig& wanted = context.stateBackend;
  if (wanted.kind == runtime::StateBackendKind::kMemory) {
    SABOT_ASSIGN_OR_RAISE(auto backend, HeapKeyedStateBackend::make(std::move(config)));
    return std::unique_ptr<KeyedStateBackend>(std::move(backend));
  }
  namespace fs = std::filesystem;
  std::error_code error;
  fs::path root = wanted.directory.empty() ? fs::temp_directory_path(error) / "sabot-state" : fs::path(wanted.directory);
  RocksDbBackendOptions options;
  options.directory = (root / directoryName(context)).string();
  options.blockCacheBytes = wanted.rocksDbMemoryBytes;
  options.writeBufferManagerBytes = wanted.rocksDbMemoryBytes / 2;
  options.writeBufferBytes = std::min<int64_t>(options.writeBufferBytes, wanted.rocksDbMemoryBytes / 4);
  options.removeDirectoryOnClose = true;
  SABOT_ASSIGN_OR_RAISE(auto backend, RocksDbKeyedStateBackend::make(std::move(config), std::move(options)));
  return std::unique_ptr<KeyedStateBackend>(std::move(backend));
}

}  // namespace sabot::state
