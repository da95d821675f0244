#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>

#include "sabot/state/HeapKeyedStateBackend.h"
#include "sabot/state/RocksDbKeyedStateBackend.h"
#include "sabot/state/Serializer.h"
#include "sabot/state/StateKey.h"

namespace sabot::state::testing {

/// A fresh directory under ::testing::TempDir(), removed with its contents.
class TempDirectory {
 public:
  TempDirectory() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::path(::testing::TempDir()) /
            ("sabot-state-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
  }
  ~TempDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const { return path_; }
  std::string sub(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline KeyedStateBackendConfig configFor(int32_t first, int32_t last, const TtlClock* clock = nullptr,
                                         int32_t maxParallelism = 128) {
  KeyedStateBackendConfig config;
  config.maxParallelism = maxParallelism;
  config.keyGroups = {first, last};
  if (clock != nullptr) config.clock = clock;
  config.name = "test backend";
  return config;
}

struct HeapFactory {
  static constexpr const char* kName = "heap";
  static std::unique_ptr<KeyedStateBackend> make(const KeyedStateBackendConfig& config, const TempDirectory&,
                                                 const std::string& /*name*/) {
    HeapBackendOptions options;
    options.queryable = true;
    return HeapKeyedStateBackend::make(config, options).valueOrDie();
  }
};

struct RocksDbFactory {
  static constexpr const char* kName = "rocksdb";
  static std::unique_ptr<KeyedStateBackend> make(const KeyedStateBackendConfig& config, const TempDirectory& directory,
                                                 const std::string& name) {
    RocksDbBackendOptions options;
    options.directory = directory.sub(name);
    options.blockCacheBytes = 8 << 20;
    options.writeBufferBytes = 1 << 20;
    options.writeBufferManagerBytes = 4 << 20;
    return RocksDbKeyedStateBackend::make(config, options).valueOrDie();
  }
};

inline std::string int64Key(int64_t key) { return serializeToString(Int64Serializer{}, key); }

/// Sets the current key to int64 `key` in the key group keyBy would use.
inline void setKey(KeyedStateBackend& backend, int64_t key) {
  backend.setCurrentKey(int64Key(key), keyGroupForInt64Key(key, backend.config().maxParallelism)).abortIfNotOk();
}

}  // namespace sabot::state::testing
