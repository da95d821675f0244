// Nexmark generator throughput with the standard config (10,000 events/s of
// event time, 1/3/46 mix, 100/200/500-byte events), batches of 8192 rows.
//
//   build/h-nexmark-rel/bench/NexmarkGeneratorBenchmark --benchmark_min_time=1
//
// events/s counts every event the generator walked (bids and the persons
// and auctions between them); rows/s counts rows returned.

#include <benchmark/benchmark.h>

#include "sabot/base/Check.h"
#include "sabot/connectors/NexmarkEvents.h"
#include "sabot/connectors/NexmarkGenerator.h"

namespace sabot::connectors {
namespace {

constexpr int64_t kBatchSize = 8192;

void report(benchmark::State& state, int64_t events, int64_t rows, int64_t bytes) {
  state.counters["events/s"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["rows/s"] =
      benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsRate);
  state.SetBytesProcessed(bytes);
}

// q0-q2 style input: the bids only, as batches of the bid schema.
void BM_BidBatches(benchmark::State& state) {
  NexmarkGenerator generator = NexmarkGenerator::make(NexmarkConfig{}).valueOrDie();
  int64_t rows = 0;
  int64_t bytes = 0;
  const int64_t start = generator.position();
  for (auto _ : state) {
    auto batch = generator.nextBidBatch(kBatchSize).valueOrDie();
    rows += batch->numRows();
    bytes += batch->referencedBytes();
    benchmark::DoNotOptimize(batch);
  }
  report(state, generator.position() - start, rows, bytes);
}
BENCHMARK(BM_BidBatches);

// The combined stream (event_type + person/auction/bid structs + dateTime),
// as nexmark-flink's datagen table.
void BM_EventBatches(benchmark::State& state) {
  NexmarkGenerator generator = NexmarkGenerator::make(NexmarkConfig{}).valueOrDie();
  int64_t rows = 0;
  int64_t bytes = 0;
  for (auto _ : state) {
    auto batch = generator.nextBatch(kBatchSize).valueOrDie();
    rows += batch->numRows();
    bytes += batch->referencedBytes();
    benchmark::DoNotOptimize(batch);
  }
  report(state, rows, rows, bytes);
}
BENCHMARK(BM_EventBatches);

// All three kinds as separate person/auction/bid batches.
void BM_TableBatches(benchmark::State& state) {
  NexmarkGenerator generator = NexmarkGenerator::make(NexmarkConfig{}).valueOrDie();
  int64_t events = 0;
  int64_t rows = 0;
  int64_t bytes = 0;
  for (auto _ : state) {
    NexmarkTableBatches batches = generator.nextTableBatches(kBatchSize).valueOrDie();
    events += batches.numEvents;
    rows += batches.persons->numRows() + batches.auctions->numRows() + batches.bids->numRows();
    bytes += batches.persons->referencedBytes() + batches.auctions->referencedBytes() +
             batches.bids->referencedBytes();
    benchmark::DoNotOptimize(batches);
  }
  report(state, events, rows, bytes);
}
BENCHMARK(BM_TableBatches);

// The floor under BM_BidBatches: generating the bid values (strings into
// the scratch buffer) without writing any column.
void BM_BidValuesOnly(benchmark::State& state) {
  const NexmarkConfig config;
  NexmarkEventFactory factory = NexmarkEventFactory::make(config).valueOrDie();
  int64_t eventId = 0;
  int64_t rows = 0;
  for (auto _ : state) {
    for (int64_t i = 0; i < kBatchSize; ++i, ++eventId) {
      const NexmarkIdPosition at = factory.ids().position(eventId);
      if (factory.ids().eventType(at) != NexmarkEventType::kBid) continue;
      const NexmarkBidView& bid = factory.bid(eventId, at, config.baseTime + eventId / 10);
      benchmark::DoNotOptimize(bid.price);
      benchmark::DoNotOptimize(bid.extra.data());
      ++rows;
    }
  }
  report(state, eventId, rows, 0);
}
BENCHMARK(BM_BidValuesOnly);

}  // namespace
}  // namespace sabot::connectors
