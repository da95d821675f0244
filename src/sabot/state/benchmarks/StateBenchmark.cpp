// Keyed state micro-benchmarks: ValueState get/update, ListState append,
// MapState put/get per backend, and vectorised batch updates. Each
// single-key benchmark also reports per-operation latency percentiles
// (p50_ns, p99_ns), measured on every 16th operation with the clock's own
// overhead subtracted. Argument "backend": 0 = heap, 1 = RocksDB.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <random>

#include "sabot/state/HeapKeyedStateBackend.h"
#include "sabot/state/ListState.h"
#include "sabot/state/MapState.h"
#include "sabot/state/RocksDbKeyedStateBackend.h"
#include "sabot/state/ValueState.h"

namespace sabot::state {
namespace {


enum class BackendKind { kHeap, kRocksDb };

/// A backend with `numKeys` int64 keys, their bytes and key groups.
struct Setup {
  Setup(BackendKind kind, int64_t numKeys) {
    KeyedStateBackendConfig config;
    if (kind == BackendKind::kHeap) {
      backend = HeapKeyedStateBackend::make(config).valueOrDie();
    } else {
      directory = std::filesystem::temp_directory_path() /
                  ("sabot-state-bench-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
      std::filesystem::remove_all(directory);
      RocksDbBackendOptions options;
      options.directory = directory.string();
      options.removeDirectoryOnClose = true;
      backend = RocksDbKeyedStateBackend::make(config, options).valueOrDie();
    }
    std::mt19937_64 random(42);
    for (int64_t key = 0; key < numKeys; ++key) {
      keyBytes.push_back(serializeToString(Int64Serializer{}, key));
    }
    for (int64_t key = 0; key < numKeys; ++key) {
      keys.push_back({keyBytes[static_cast<size_t>(key)], keyGroupForInt64Key(key, config.maxParallelism)});
    }
    // Access in random order: no accidental locality.
    order.resize(static_cast<size_t>(numKeys));
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::shuffle(order.begin(), order.end(), random);
  }
  ~Setup() {
    backend.reset();
    if (!directory.empty()) std::filesystem::remove_all(directory);
  }

  void setKey(size_t index) {
    const KeyRef& key = keys[order[index % order.size()]];
    backend->setCurrentKey(key.key, key.keyGroup).abortIfNotOk();
  }

  static inline int counter = 0;
  std::filesystem::path directory;
  std::unique_ptr<KeyedStateBackend> backend;
  std::vector<std::string> keyBytes;
  std::vector<KeyRef> keys;
  std::vector<size_t> order;
};

/// Runs `op(i)` per iteration; times every 16th call for percentiles.
template <typename Op>
void runTimed(benchmark::State& state, Op&& op) {
  using Clock = std::chrono::steady_clock;
  int64_t clockOverhead = INT64_MAX;
  for (int i = 0; i < 1000; ++i) {
    auto a = Clock::now();
    auto b = Clock::now();
    clockOverhead = std::min<int64_t>(clockOverhead, std::chrono::duration_cast<std::chrono::nanoseconds>(b - a).count());
  }
  std::vector<int64_t> samples;
  samples.reserve(1 << 20);
  size_t i = 0;
  for (auto _ : state) {
    if ((i & 15) == 0 && samples.size() < samples.capacity()) {
      auto start = Clock::now();
      op(i);
      auto end = Clock::now();
      samples.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(end - start).count() - clockOverhead);
    } else {
      op(i);
    }
    ++i;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  if (!samples.empty()) {
    std::sort(samples.begin(), samples.end());
    state.counters["p50_ns"] = static_cast<double>(samples[samples.size() / 2]);
    state.counters["p99_ns"] = static_cast<double>(samples[samples.size() * 99 / 100]);
  }
}

BackendKind kindOf(const benchmark::State& state) { return static_cast<BackendKind>(state.range(0)); }

void BM_ValueStateGet(benchmark::State& state) {
  Setup setup(kindOf(state), state.range(1));
  ValueStateDescriptor<int64_t> descriptor;
  descriptor.name = "value";
  auto value = ValueState<int64_t>::make(setup.backend.get(), descriptor).valueOrDie();
  for (size_t i = 0; i < setup.keys.size(); ++i) {
    setup.setKey(i);
    value.update(static_cast<int64_t>(i)).abortIfNotOk();
  }
  runTimed(state, [&](size_t i) {
    setup.setKey(i);
    auto result = value.value();
    benchmark::DoNotOptimize(result);
  });
}

void BM_ValueStateUpdate(benchmark::State& state) {
  Setup setup(kindOf(state), state.range(1));
  ValueStateDescriptor<int64_t> descriptor;
  descriptor.name = "value";
  auto value = ValueState<int64_t>::make(setup.backend.get(), descriptor).valueOrDie();
  runTimed(state, [&](size_t i) {
    setup.setKey(i);
    value.update(static_cast<int64_t>(i)).abortIfNotOk();
  });
}

/// Read-modify-write, what a counting aggregation does per record.
void BM_ValueStateIncrement(benchmark::State& state) {
  Setup setup(kindOf(state), state.range(1));
  ValueStateDescriptor<int64_t> descriptor;
  descriptor.name = "value";
  descriptor.defaultValue = 0;
  auto value = ValueState<int64_t>::make(setup.backend.get(), descriptor).valueOrDie();
  runTimed(state, [&](size_t i) {
    setup.setKey(i);
    value.update(*value.value().valueOrDie() + 1).abortIfNotOk();
  });
}

void BM_ListStateAppend(benchmark::State& state) {
  Setup setup(kindOf(state), state.range(1));
  ListStateDescriptor<int64_t> descriptor;
  descriptor.name = "list";
  auto list = ListState<int64_t>::make(setup.backend.get(), descriptor).valueOrDie();
  runTimed(state, [&](size_t i) {
    setup.setKey(i);
    list.add(static_cast<int64_t>(i)).abortIfNotOk();
  });
}

void BM_MapStatePut(benchmark::State& state) {
  Setup setup(kindOf(state), state.range(1));
  MapStateDescriptor<int64_t, int64_t> descriptor;
  descriptor.name = "map";
  auto map = MapState<int64_t, int64_t>::make(setup.backend.get(), descriptor).valueOrDie();
  runTimed(state, [&](size_t i) {
    setup.setKey(i);
    map.put(static_cast<int64_t>(i & 7), static_cast<int64_t>(i)).abortIfNotOk();
  });
}

void BM_MapStateGet(benchmark::State& state) {
  Setup setup(kindOf(state), state.range(1));
  MapStateDescriptor<int64_t, int64_t> descriptor;
  descriptor.name = "map";
  auto map = MapState<int64_t, int64_t>::make(setup.backend.get(), descriptor).valueOrDie();
  for (size_t i = 0; i < setup.keys.size(); ++i) {
    setup.setKey(i);
    for (int64_t entry = 0; entry < 8; ++entry) map.put(entry, entry).abortIfNotOk();
  }
  runTimed(state, [&](size_t i) {
    setup.setKey(i);
    auto result = map.get(static_cast<int64_t>(i & 7));
    benchmark::DoNotOptimize(result);
  });
}

/// Batches of 1,000 keys (one window/aggregation batch): getMany +
/// updateMany per batch. Items are keys.
void BM_ValueStateBatchIncrement(benchmark::State& state) {
  Setup setup(kindOf(state), state.range(1));
  ValueStateDescriptor<int64_t> descriptor;
  descriptor.name = "value";
  descriptor.defaultValue = 0;
  auto value = ValueState<int64_t>::make(setup.backend.get(), descriptor).valueOrDie();
  constexpr size_t kBatch = 1000;
  std::vector<KeyRef> batch(kBatch);
  std::vector<std::optional<int64_t>> current;
  std::vector<int64_t> next(kBatch);
  size_t offset = 0;
  for (auto _ : state) {
    for (size_t i = 0; i < kBatch; ++i) batch[i] = setup.keys[setup.order[(offset + i) % setup.order.size()]];
    offset += kBatch;
    value.getMany(batch, &current).abortIfNotOk();
    for (size_t i = 0; i < kBatch; ++i) next[i] = *current[i] + 1;
    value.updateMany(batch, next).abortIfNotOk();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kBatch));
}

/// Both backends; 1,000 keys (cache-resident: the code path's own cost) and
/// 100,000 keys in random order (every access misses the CPU caches).
void backends(benchmark::internal::Benchmark* benchmark) {
  benchmark->ArgNames({"backend", "keys"});
  for (int64_t backend : {0, 1}) {
    for (int64_t keys : {1'000, 100'000}) benchmark->Args({backend, keys});
  }
}

BENCHMARK(BM_ValueStateGet)->Apply(backends);
BENCHMARK(BM_ValueStateUpdate)->Apply(backends);
BENCHMARK(BM_ValueStateIncrement)->Apply(backends);
BENCHMARK(BM_ListStateAppend)->Apply(backends);
BENCHMARK(BM_MapStatePut)->Apply(backends);
BENCHMARK(BM_MapStateGet)->Apply(backends);
BENCHMARK(BM_ValueStateBatchIncrement)->Apply(backends);

}  // namespace
}  // namespace sabot::state
