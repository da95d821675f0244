// The physical limit for Nexmark q0, q1, q2 and q5: hand-written
// single-threaded loops over the generator's bid batches, generated once
// before timing (the generator alone is NexmarkGeneratorBenchmark). Compare
// with `sabot nexmark` per core (bench/RESULTS.md), whose figures also pay
// for generating the events.
//
//   build/release/bench/NexmarkHandLoopBenchmark --benchmark_min_time=1
//
// events/s counts the events of the stream the bids come from (2M: the
// bids are 92% of them), as `sabot nexmark` does.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <limits>
#include <unordered_map>
#include <vector>

#include "sabot/base/Check.h"
#include "sabot/connectors/NexmarkGenerator.h"

namespace sabot::connectors {
namespace {

constexpr int64_t kEvents = 2'000'000;
constexpr int64_t kBatchSize = 8192;
// Bid columns (nexmark-flink order): auction, bidder, price, channel, url, dateTime, extra.
constexpr int kAuction = 0;
constexpr int kPrice = 2;
constexpr int kDateTime = 5;

struct Bids {
  std::vector<columnar::RecordBatchPtr> batches;
  int64_t events = 0;
};

const Bids& bids() {
  static const Bids generated = [] {
    Bids result;
    NexmarkConfig config;
    config.numEvents = kEvents;
    NexmarkGenerator generator = NexmarkGenerator::make(config).valueOrDie();
    while (generator.position() < kEvents) {
      auto batch = generator.nextBidBatch(kBatchSize).valueOrDie();
      if (batch == nullptr || batch->numRows() == 0) break;
      result.batches.push_back(std::move(batch));
    }
    result.events = generator.position();
    return result;
  }();
  return generated;
}

void report(benchmark::State& state, int64_t rounds) {
  state.counters["events/s"] =
      benchmark::Counter(static_cast<double>(bids().events * rounds), benchmark::Counter::kIsRate);
}

// q0 pass-through: every bid read once (the sink discards them).
void BM_HandLoopQ0(benchmark::State& state) {
  int64_t rounds = 0;
  for (auto _ : state) {
    int64_t sum = 0;
    for (const auto& batch : bids().batches) {
      const int64_t* price = batch->column(kPrice).values<int64_t>();
      for (int64_t row = 0; row < batch->numRows(); ++row) sum += price[row];
    }
    benchmark::DoNotOptimize(sum);
    ++rounds;
  }
  report(state, rounds);
}
BENCHMARK(BM_HandLoopQ0)->Unit(benchmark::kMillisecond);

// q1 currency conversion: price * 0.908 into a new column per batch.
void BM_HandLoopQ1(benchmark::State& state) {
  int64_t rounds = 0;
  std::vector<int64_t> euros(kBatchSize);
  for (auto _ : state) {
    for (const auto& batch : bids().batches) {
      const int64_t* price = batch->column(kPrice).values<int64_t>();
      const auto rows = static_cast<size_t>(batch->numRows());
      euros.resize(rows);
      for (size_t row = 0; row < rows; ++row) euros[row] = static_cast<int64_t>(0.908 * static_cast<double>(price[row]));
      benchmark::DoNotOptimize(euros.data());
    }
    ++rounds;
  }
  report(state, rounds);
}
BENCHMARK(BM_HandLoopQ1)->Unit(benchmark::kMillisecond);

// q2 selection: auction, price of the bids with auction % 123 == 0.
void BM_HandLoopQ2(benchmark::State& state) {
  int64_t rounds = 0;
  std::vector<int64_t> auctions;
  std::vector<int64_t> prices;
  for (auto _ : state) {
    for (const auto& batch : bids().batches) {
      const int64_t* auction = batch->column(kAuction).values<int64_t>();
      const int64_t* price = batch->column(kPrice).values<int64_t>();
      auctions.clear();
      prices.clear();
      for (int64_t row = 0; row < batch->numRows(); ++row) {
        if (auction[row] % 123 == 0) {
          auctions.push_back(auction[row]);
          prices.push_back(price[row]);
        }
      }
      benchmark::DoNotOptimize(auctions.data());
      benchmark::DoNotOptimize(prices.data());
    }
    ++rounds;
  }
  report(state, rounds);
}
BENCHMARK(BM_HandLoopQ2)->Unit(benchmark::kMillisecond);

// q5 hot items: bids per auction in 10 s windows sliding every 2 s, and per
// window the auctions with the most bids. Bids come in time order, so a
// ring of five 2 s panes of per-auction counts suffices; a window is merged
// from its five panes when the next pane starts.
void BM_HandLoopQ5(benchmark::State& state) {
  constexpr int64_t kPaneMs = 2'000;
  constexpr int kPanesPerWindow = 5;
  int64_t rounds = 0;
  int64_t hottest = 0;
  for (auto _ : state) {
    std::array<std::unordered_map<int64_t, int64_t>, kPanesPerWindow> panes;
    std::unordered_map<int64_t, int64_t> window;
    int64_t currentPane = std::numeric_limits<int64_t>::min();
    auto closeWindow = [&] {
      window.clear();
      for (const auto& pane : panes) {
        for (const auto& [auction, count] : pane) window[auction] += count;
      }
      int64_t best = 0;
      for (const auto& [auction, count] : window) best = std::max(best, count);
      for (const auto& [auction, count] : window) hottest += count == best ? 1 : 0;
    };
    for (const auto& batch : bids().batches) {
      const int64_t* auction = batch->column(kAuction).values<int64_t>();
      const int64_t* time = batch->column(kDateTime).values<int64_t>();
      for (int64_t row = 0; row < batch->numRows(); ++row) {
        const int64_t pane = time[row] / kPaneMs;
        if (pane != currentPane) {
          // Every window ending at a pane boundary passed fires (one per
          // pane step; gaps without bids would fire their windows too).
          for (int64_t next = currentPane + 1; currentPane != std::numeric_limits<int64_t>::min() && next <= pane;
               ++next) {
            closeWindow();
            panes[static_cast<size_t>(next % kPanesPerWindow)].clear();
            if (next - currentPane > kPanesPerWindow) break;
          }
          currentPane = pane;
        }
        ++panes[static_cast<size_t>(pane % kPanesPerWindow)][auction[row]];
      }
    }
    closeWindow();
    ++rounds;
  }
  benchmark::DoNotOptimize(hottest);
  report(state, rounds);
}
BENCHMARK(BM_HandLoopQ5)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace sabot::connectors
