// Timer service micro-benchmarks per backend: registering timers (one per
// key, random timestamps) and firing them all in timestamp order, and the
// memory a backend holds per key for many keys. Argument "backend":
// 0 = heap, 1 = RocksDB.
#include <benchmark/benchmark.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "sabot/state/HeapKeyedStateBackend.h"
#include "sabot/state/RocksDbKeyedStateBackend.h"
#include "sabot/state/TimerService.h"
#include "sabot/state/ValueState.h"

namespace sabot::state {
namespace {

struct Backend {
  explicit Backend(int64_t kind) {
    KeyedStateBackendConfig config;
    if (kind == 0) {
      backend = HeapKeyedStateBackend::make(config).valueOrDie();
      return;
    }
    directory = std::filesystem::temp_directory_path() / ("sabot-timer-bench-" + std::to_string(::getpid()));
    std::filesystem::remove_all(directory);
    RocksDbBackendOptions options;
    options.directory = directory.string();
    options.removeDirectoryOnClose = true;
    backend = RocksDbKeyedStateBackend::make(config, options).valueOrDie();
  }
  std::filesystem::path directory;
  std::unique_ptr<KeyedStateBackend> backend;
};

/// Registers `timers` timers (one per key) at random timestamps.
void registerTimers(TimerService& timers, KeyedStateBackend& backend, int64_t count, std::mt19937_64& random) {
  std::string key;
  for (int64_t i = 0; i < count; ++i) {
    key = serializeToString(Int64Serializer{}, i);
    backend.setCurrentKey(key, keyGroupForInt64Key(i, backend.config().maxParallelism)).abortIfNotOk();
    timers.registerTimer(TimeDomain::kEventTime, static_cast<int64_t>(random() % 10'000'000)).abortIfNotOk();
  }
}

void BM_TimerRegister(benchmark::State& state) {
  const int64_t count = state.range(1);
  for (auto _ : state) {
    state.PauseTiming();
    Backend backend(state.range(0));
    auto timers = TimerService::make(backend.backend.get()).valueOrDie();
    std::mt19937_64 random(3);
    state.ResumeTiming();
    registerTimers(*timers, *backend.backend, count, random);
  }
  state.SetItemsProcessed(state.iterations() * count);
}
BENCHMARK(BM_TimerRegister)->ArgNames({"backend", "timers"})->Args({0, 1'000'000})->Args({1, 1'000'000})
    ->Unit(benchmark::kMillisecond)->Iterations(1);

void BM_TimerFire(benchmark::State& state) {
  const int64_t count = state.range(1);
  int64_t fired = 0;
  for (auto _ : state) {
    state.PauseTiming();
    Backend backend(state.range(0));
    auto timers = TimerService::make(backend.backend.get()).valueOrDie();
    std::mt19937_64 random(3);
    registerTimers(*timers, *backend.backend, count, random);
    state.ResumeTiming();
    // The watermark advances in 100 steps, as it would in a job.
    for (int64_t step = 1; step <= 100; ++step) {
      timers->advance(TimeDomain::kEventTime, step * 100'000, [&](const TimerView&) {
        ++fired;
        return Status::OK();
      }).abortIfNotOk();
    }
  }
  state.SetItemsProcessed(fired);
}
BENCHMARK(BM_TimerFire)->ArgNames({"backend", "timers"})->Args({0, 1'000'000})->Args({1, 1'000'000})
    ->Unit(benchmark::kMillisecond)->Iterations(1);

/// The process's resident set size in bytes (Linux /proc/self/statm).
int64_t residentBytes() {
  std::ifstream statm("/proc/self/statm");
  int64_t pages = 0;
  int64_t resident = 0;
  statm >> pages >> resident;
  return resident * ::sysconf(_SC_PAGESIZE);
}

/// Memory per key: `keys` int64 keys with one int64 ValueState each. The
/// counter bytes_per_key is the growth of the resident set divided by the
/// keys (RocksDB: bounded by its block cache and memtables; the data is on
/// disk).
void BM_MemoryPerKey(benchmark::State& state) {
  const int64_t keys = state.range(1);
  for (auto _ : state) {
    const int64_t before = residentBytes();
    Backend backend(state.range(0));
    ValueStateDescriptor<int64_t> descriptor;
    descriptor.name = "value";
    auto value = ValueState<int64_t>::make(backend.backend.get(), descriptor).valueOrDie();
    std::string key;
    for (int64_t i = 0; i < keys; ++i) {
      key = serializeToString(Int64Serializer{}, i);
      backend.backend->setCurrentKey(key, keyGroupForInt64Key(i, 128)).abortIfNotOk();
      value.update(i).abortIfNotOk();
    }
    const int64_t after = residentBytes();
    state.counters["bytes_per_key"] = static_cast<double>(after - before) / static_cast<double>(keys);
    state.counters["resident_mb"] = static_cast<double>(after - before) / (1 << 20);
  }
  state.SetItemsProcessed(state.iterations() * keys);
}
BENCHMARK(BM_MemoryPerKey)->ArgNames({"backend", "keys"})->Args({0, 10'000'000})->Args({1, 10'000'000})
    ->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
}  // namespace sabot::state
