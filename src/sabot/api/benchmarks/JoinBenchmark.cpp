// What the joins cost (issue 7):
//
// - BM_HashTableBuild / BM_HashTableProbe: the hash join kernel
//   (JoinHashTable) on an int64 key, built from batches of 8192 rows and
//   probed with batches of 8192 rows, one match per probe row; the probe
//   includes gathering the joined columns with take (gatherJoined).
// - BM_HandWrittenBuild / BM_HandWrittenProbe: the same work as a
//   hand-written loop over plain int64 vectors (linear probing, no nulls, no
//   batches, no output columns): the physical limit to compare against.
// - BM_IntervalJoinOperator: the interval join operator alone, fed
//   alternating left and right batches of 8192 rows (keys 0..99, times
//   rising 1 ms per row per side) with a watermark after each pair, bounds
//   [-50 ms, +50 ms] (101 right rows in range spread over 100 keys: ~1 match
//   per row): items_per_second is input events per second of one core.
//
//   build/release/bench/JoinBenchmark --benchmark_repetitions=3 --benchmark_report_aggregates_only=true

#include <benchmark/benchmark.h>

#include <memory>
#include <random>
#include <vector>

#include "sabot/base/Check.h"
#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/operators/join/IntervalJoinOperator.h"
#include "sabot/operators/join/JoinHashTable.h"
#include "sabot/operators/join/JoinOutput.h"

namespace sabot::api {
namespace {

using columnar::RecordBatchPtr;
using columnar::SchemaPtr;
using namespace operators;

constexpr int64_t kBatchRows = 8192;

SchemaPtr sideSchema(const char* valueName) {
  return columnar::schema({columnar::field("key", columnar::int64(), false),
                           columnar::field("ts", columnar::int64(), false),
                           columnar::field(valueName, columnar::int64(), false)});
}

RecordBatchPtr makeBatch(const SchemaPtr& schema, const std::vector<int64_t>& keys, int64_t firstTime) {
  columnar::NumericBuilder<int64_t> keyBuilder(columnar::int64()), times(columnar::int64()), values(columnar::int64());
  for (size_t i = 0; i < keys.size(); ++i) {
    SABOT_CHECK_OK(keyBuilder.append(keys[i]));
    SABOT_CHECK_OK(times.append(firstTime + static_cast<int64_t>(i)));
    SABOT_CHECK_OK(values.append(static_cast<int64_t>(i)));
  }
  return columnar::RecordBatch::make(schema, static_cast<int64_t>(keys.size()),
                                     {keyBuilder.finish().valueOrDie(), times.finish().valueOrDie(),
                                      values.finish().valueOrDie()})
      .valueOrDie();
}

/// Unique keys 0..rows-1 shuffled, cut into batches.
std::vector<RecordBatchPtr> keyBatches(const SchemaPtr& schema, int64_t rows, uint64_t seed) {
  std::vector<int64_t> keys(static_cast<size_t>(rows));
  for (int64_t i = 0; i < rows; ++i) keys[static_cast<size_t>(i)] = i;
  std::mt19937_64 random(seed);
  std::shuffle(keys.begin(), keys.end(), random);
  std::vector<RecordBatchPtr> batches;
  for (int64_t start = 0; start < rows; start += kBatchRows) {
    const auto end = static_cast<size_t>(std::min(rows, start + kBatchRows));
    batches.push_back(makeBatch(schema, std::vector<int64_t>(keys.begin() + start, keys.begin() + end), 0));
  }
  return batches;
}

JoinKeys int64Keys() {
  static const SchemaPtr left = sideSchema("lv");
  static const SchemaPtr right = sideSchema("rv");
  return JoinKeys::make(*left, {"key"}, *right, {"key"}).valueOrDie();
}

void BM_HashTableBuild(benchmark::State& state) {
  const int64_t rows = state.range(0);
  const auto batches = keyBatches(sideSchema("rv"), rows, 1);
  const JoinKeys keys = int64Keys();
  for (auto _ : state) {
    JoinHashTable table(keys, JoinSide::kRight);
    for (const auto& batch : batches) SABOT_CHECK_OK(table.append(batch));
    benchmark::DoNotOptimize(table.numLiveRows());
  }
  state.SetItemsProcessed(state.iterations() * rows);
}

void BM_HashTableProbe(benchmark::State& state) {
  const int64_t rows = state.range(0);
  const JoinKeys keys = int64Keys();
  JoinHashTable table(keys, JoinSide::kRight);
  for (const auto& batch : keyBatches(sideSchema("rv"), rows, 1)) SABOT_CHECK_OK(table.append(batch));
  const auto probes = keyBatches(sideSchema("lv"), rows, 2);
  JoinMatches matches;
  int64_t joined = 0;
  for (auto _ : state) {
    for (const auto& probe : probes) {
      matches.clear();
      SABOT_CHECK_OK(table.probe(*probe, matches));
      auto columns = gatherJoined(*probe, table, matches).valueOrDie();
      joined += columns[0].length();
    }
  }
  benchmark::DoNotOptimize(joined);
  state.SetItemsProcessed(state.iterations() * rows);
}

/// Linear probing over int64 keys: what a hand-written join does.
struct HandWrittenTable {
  explicit HandWrittenTable(size_t capacity) {
    size_t size = 1;
    while (size < capacity * 2) size *= 2;
    slots.assign(size, -1);
    rows.assign(size, 0);
    mask = size - 1;
  }
  static size_t hash(int64_t key) { return static_cast<size_t>(static_cast<uint64_t>(key) * 0x9E3779B97F4A7C15ULL >> 20); }
  void insert(int64_t key, uint32_t row) {
    size_t at = hash(key) & mask;
    while (slots[at] != -1) at = (at + 1) & mask;
    slots[at] = key;
    rows[at] = row;
  }
  std::vector<int64_t> slots;
  std::vector<uint32_t> rows;
  size_t mask;
};

std::vector<int64_t> shuffledKeys(int64_t rows, uint64_t seed) {
  std::vector<int64_t> keys(static_cast<size_t>(rows));
  for (int64_t i = 0; i < rows; ++i) keys[static_cast<size_t>(i)] = i;
  std::mt19937_64 random(seed);
  std::shuffle(keys.begin(), keys.end(), random);
  return keys;
}

void BM_HandWrittenBuild(benchmark::State& state) {
  const int64_t rows = state.range(0);
  const auto keys = shuffledKeys(rows, 1);
  for (auto _ : state) {
    HandWrittenTable table(keys.size());
    for (size_t i = 0; i < keys.size(); ++i) table.insert(keys[i], static_cast<uint32_t>(i));
    benchmark::DoNotOptimize(table.slots.data());
  }
  state.SetItemsProcessed(state.iterations() * rows);
}

void BM_HandWrittenProbe(benchmark::State& state) {
  const int64_t rows = state.range(0);
  const auto buildKeys = shuffledKeys(rows, 1);
  const auto probeKeys = shuffledKeys(rows, 2);
  HandWrittenTable table(buildKeys.size());
  for (size_t i = 0; i < buildKeys.size(); ++i) table.insert(buildKeys[i], static_cast<uint32_t>(i));
  std::vector<int64_t> probeRows;
  std::vector<uint32_t> buildRows;
  for (auto _ : state) {
    probeRows.clear();
    buildRows.clear();
    for (size_t p = 0; p < probeKeys.size(); ++p) {
      const int64_t key = probeKeys[p];
      for (size_t at = HandWrittenTable::hash(key) & table.mask; table.slots[at] != -1; at = (at + 1) & table.mask) {
        if (table.slots[at] == key) {
          probeRows.push_back(static_cast<int64_t>(p));
          buildRows.push_back(table.rows[at]);
        }
      }
    }
    benchmark::DoNotOptimize(probeRows.data());
  }
  state.SetItemsProcessed(state.iterations() * rows);
}

class DiscardCollector final : public runtime::Collector {
 public:
  Status emit(RecordBatchPtr batch) override {
    rows += batch->numRows();
    return Status::OK();
  }
  Status emitSide(int32_t, RecordBatchPtr) override { return Status::OK(); }
  Status emitWatermark(runtime::EventTime) override { return Status::OK(); }
  int64_t rows = 0;
};

void BM_IntervalJoinOperator(benchmark::State& state) {
  const SchemaPtr left = sideSchema("lv");
  const SchemaPtr right = sideSchema("rv");
  IntervalJoinOptions options{{"key"}, {"key"}, "ts", "ts", -50, 50};
  auto op = IntervalJoinOperator::make(left, right, options).valueOrDie();
  constexpr int kPairs = 64;
  std::mt19937_64 random(3);
  std::vector<RecordBatchPtr> lefts, rights;
  for (int b = 0; b < kPairs; ++b) {
    std::vector<int64_t> keys(kBatchRows);
    for (auto& key : keys) key = static_cast<int64_t>(random() % 100);
    lefts.push_back(makeBatch(left, keys, b * kBatchRows));
    for (auto& key : keys) key = static_cast<int64_t>(random() % 100);
    rights.push_back(makeBatch(right, keys, b * kBatchRows));
  }
  int64_t matches = 0;
  for (auto _ : state) {
    auto joinState = op->makeState({}).valueOrDie();
    DiscardCollector out;
    for (int b = 0; b < kPairs; ++b) {
      SABOT_CHECK_OK(op->processBatch(joinState.get(), 0, lefts[static_cast<size_t>(b)], out));
      SABOT_CHECK_OK(op->processBatch(joinState.get(), 1, rights[static_cast<size_t>(b)], out));
      // Rows of the next pair start at (b + 1) * kBatchRows.
      SABOT_CHECK_OK(op->processWatermark(joinState.get(), (b + 1) * kBatchRows - 1, out));
    }
    matches += out.rows;
  }
  state.counters["matches_per_event"] =
      static_cast<double>(matches) / static_cast<double>(state.iterations() * 2 * kPairs * kBatchRows);
  state.SetItemsProcessed(state.iterations() * 2 * kPairs * kBatchRows);
}

BENCHMARK(BM_HashTableBuild)->Arg(1 << 16)->Arg(1 << 20)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_HandWrittenBuild)->Arg(1 << 16)->Arg(1 << 20)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_HashTableProbe)->Arg(1 << 16)->Arg(1 << 20)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_HandWrittenProbe)->Arg(1 << 16)->Arg(1 << 20)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_IntervalJoinOperator)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace sabot::api
