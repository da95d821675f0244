// What event-time windows cost (issue: windows and watermarks): whole jobs
//
//   MemorySource (bids, bounded out-of-orderness 1 s on dateTime)
//     -> keyBy(auction) -> window -> aggregate {count(*), max(price)} -> discard
//
// at parallelism 1 on one worker thread, over about 2M Nexmark bids generated
// before timing (244 batches of 8192 rows; only auction, bidder, price and
// dateTime are kept, the columns the windows read). At the generator's
// default 10,000 events/s, of which 46 in 50 are bids, they span about 217 s
// of event time. Sessions are keyed by bidder instead of auction.
//
//   build/release/bench/WindowBenchmark --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
//
// Time is the CPU time of the whole process (every thread, manual timing),
// so items_per_second is input events per second of one busy core.
// BM_WindowJob/0 is the same job without the window (keyBy straight into the
// sink): the runtime's share. BM_WindowOperator drives the operator alone,
// with a watermark after each batch, as the source task would: the window's
// own cost. Window state is on the heap (operator memory); there is no
// RocksDB-backed window state.

#include <benchmark/benchmark.h>

#include <chrono>
#include <ctime>
#include <memory>
#include <string>
#include <vector>

#include "sabot/api/StreamEnvironment.h"
#include "sabot/base/Check.h"
#include "sabot/connectors/CollectSink.h"
#include "sabot/connectors/MemorySource.h"
#include "sabot/connectors/NexmarkConfig.h"
#include "sabot/connectors/NexmarkGenerator.h"
#include "sabot/operators/window/WindowAggregateOperator.h"
#include "sabot/time/WatermarkStrategy.h"

namespace sabot::api {
namespace {

using columnar::RecordBatchPtr;
using columnar::SchemaPtr;
using operators::WindowAggregateOperator;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr int64_t kBatchRows = 8192;
constexpr int kNumBatches = 244;
constexpr milliseconds kOutOfOrderness = seconds(1);

/// The input of every benchmark, generated once per process.
struct Bids {
  SchemaPtr schema;
  std::vector<RecordBatchPtr> batches;
  int64_t numRows = 0;
  int64_t firstTime = 0;
  int64_t lastTime = 0;
};

Bids generateBids() {
  Bids bids;
  auto generator = connectors::NexmarkGenerator::make(connectors::NexmarkConfig{}).valueOrDie();
  std::vector<int> kept;
  for (int i = 0; i < kNumBatches; ++i) {
    const RecordBatchPtr full = generator.nextBidBatch(kBatchRows).valueOrDie();
    SABOT_CHECK(full != nullptr && full->numRows() == kBatchRows, "the Nexmark stream ended early");
    if (bids.schema == nullptr) {
      std::vector<columnar::FieldPtr> fields;
      for (const char* name : {"auction", "bidder", "price", "dateTime"}) {
        const int index = full->schema()->fieldIndex(name);
        SABOT_CHECK(index >= 0, "the bid schema has no column {}", name);
        kept.push_back(index);
        fields.push_back(full->schema()->field(index));
      }
      bids.schema = columnar::schema(std::move(fields));
    }
    std::vector<columnar::Array> columns;
    for (int index : kept) columns.push_back(full->column(index));
    bids.batches.push_back(columnar::RecordBatch::make(bids.schema, std::move(columns)).valueOrDie());
    bids.numRows += full->numRows();
  }
  const int timeColumn = bids.schema->fieldIndex("dateTime");
  bids.firstTime = bids.batches.front()->column(timeColumn).values<int64_t>()[0];
  bids.lastTime = bids.batches.back()->column(timeColumn).values<int64_t>()[kBatchRows - 1];
  return bids;
}

const Bids& bids() {
  static const Bids generated = generateBids();
  return generated;
}

/// CPU time of the whole process (every thread), in seconds.
double processCpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

double wallSeconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

enum Window : int64_t { kNone, kTumbling10s, kSliding10s1s, kSliding10s100ms, kSliding60s1s, kSession10s };

constexpr const char* kWindowNames[] = {"no window (keyBy -> sink)", "tumbling 10s",      "sliding 10s/1s",
                                        "sliding 10s/100ms",         "sliding 60s/1s",    "session gap 10s (bidder)"};

WindowSpec specOf(Window window) {
  switch (window) {
    case kNone:
    case kTumbling10s: return WindowSpec::tumbling("dateTime", seconds(10));
    case kSliding10s1s: return WindowSpec::sliding("dateTime", seconds(10), seconds(1));
    case kSliding10s100ms: return WindowSpec::sliding("dateTime", seconds(10), milliseconds(100));
    case kSliding60s1s: return WindowSpec::sliding("dateTime", seconds(60), seconds(1));
    case kSession10s: return WindowSpec::session("dateTime", seconds(10));
  }
  return {};
}

std::string keyOf(Window window) { return window == kSession10s ? "bidder" : "auction"; }

std::vector<Aggregate> aggregates() { return {Aggregate::countAll().as("bids"), Aggregate::max("price")}; }

/// Sets the counters every benchmark reports.
void report(benchmark::State& state, Window window, int64_t rowsOut, double cpuSeconds, double wallSecondsTotal) {
  const double rowsIn = static_cast<double>(state.iterations() * bids().numRows);
  state.SetLabel(kWindowNames[window]);
  state.SetItemsProcessed(state.iterations() * bids().numRows);
  state.counters["rows_out"] = static_cast<double>(rowsOut);
  state.counters["wall_rows_per_s"] = wallSecondsTotal > 0 ? rowsIn / wallSecondsTotal : 0.0;
  state.counters["cpu_per_wall"] = wallSecondsTotal > 0 ? cpuSeconds / wallSecondsTotal : 0.0;
}

// The whole job through the DataStream API, one job per iteration.
void BM_WindowJob(benchmark::State& state) {
  const auto window = static_cast<Window>(state.range(0));
  const Bids& input = bids();
  runtime::JobConfig config;
  config.parallelism = 1;
  config.workerThreads = 1;
  config.batchRows = kBatchRows;
  int64_t rowsOut = 0;
  double cpuTotal = 0;
  double wallTotal = 0;
  for (auto _ : state) {
    const double cpuStart = processCpuSeconds();
    const double wallStart = wallSeconds();
    auto env = StreamEnvironment::create(config);
    auto source = connectors::MemorySource::make(input.schema, input.batches).valueOrDie();
    KeyedStream keyed =
        env.fromSource(source, time::WatermarkStrategy::forBoundedOutOfOrderness("dateTime", kOutOfOrderness), "bids")
            .keyBy({keyOf(window)});
    if (window == kNone) {
      keyed.sinkTo(std::make_shared<connectors::DiscardSink>());
    } else {
      keyed.window(specOf(window)).aggregate(aggregates()).sinkTo(std::make_shared<connectors::DiscardSink>());
    }
    auto result = env.execute("window benchmark");
    if (!result.ok()) {
      state.SkipWithError(result.status().toString().c_str());
      return;
    }
    rowsOut = result->recordsWritten();
    const double cpu = processCpuSeconds() - cpuStart;
    cpuTotal += cpu;
    wallTotal += wallSeconds() - wallStart;
    state.SetIterationTime(cpu);
  }
  report(state, window, rowsOut, cpuTotal, wallTotal);
}
BENCHMARK(BM_WindowJob)
    ->ArgName("window")
    ->DenseRange(kNone, kSession10s)
    ->Unit(benchmark::kMillisecond)
    ->UseManualTime();

/// Counts what the operator emits.
class CountingCollector final : public runtime::Collector {
 public:
  Status emit(RecordBatchPtr batch) override {
    rows += batch->numRows();
    return Status::OK();
  }
  Status emitSide(int32_t, RecordBatchPtr batch) override {
    lateRows += batch->numRows();
    return Status::OK();
  }
  Status emitWatermark(runtime::EventTime) override { return Status::OK(); }
  int64_t rows = 0;
  int64_t lateRows = 0;
};

// The window operator alone on the same batches: processBatch, then the
// watermark the source would emit after that batch, then the max watermark.
void BM_WindowOperator(benchmark::State& state) {
  const auto window = static_cast<Window>(state.range(0));
  const Bids& input = bids();
  operators::WindowOptions options;
  options.window = specOf(window);
  options.keys = {keyOf(window)};
  options.aggregates = aggregates();
  auto op = WindowAggregateOperator::make(input.schema, options).valueOrDie();
  const int timeColumn = input.schema->fieldIndex("dateTime");
  std::vector<runtime::EventTime> watermarks;
  for (const RecordBatchPtr& batch : input.batches) {
    // Bids are in time order: the batch's last time is its highest.
    const int64_t highest = batch->column(timeColumn).values<int64_t>()[batch->numRows() - 1];
    watermarks.push_back(highest - kOutOfOrderness.count() - 1);
  }
  int64_t rowsOut = 0;
  double cpuTotal = 0;
  double wallTotal = 0;
  for (auto _ : state) {
    const double cpuStart = processCpuSeconds();
    const double wallStart = wallSeconds();
    runtime::OperatorContext context;
    context.operatorName = "window";
    auto operatorState = op->makeState(context).valueOrDie();
    CountingCollector out;
    for (size_t i = 0; i < input.batches.size(); ++i) {
      SABOT_CHECK_OK(op->processBatch(operatorState.get(), 0, input.batches[i], out));
      SABOT_CHECK_OK(op->processWatermark(operatorState.get(), watermarks[i], out));
    }
    SABOT_CHECK_OK(op->processWatermark(operatorState.get(), runtime::kMaxWatermark, out));
    SABOT_CHECK_OK(op->finish(operatorState.get(), out));
    SABOT_CHECK(out.lateRows == 0, "in-order bids were late");
    rowsOut = out.rows;
    operatorState.reset();  // freeing the state is part of the cost
    const double cpu = processCpuSeconds() - cpuStart;
    cpuTotal += cpu;
    wallTotal += wallSeconds() - wallStart;
    state.SetIterationTime(cpu);
  }
  report(state, window, rowsOut, cpuTotal, wallTotal);
}
BENCHMARK(BM_WindowOperator)
    ->ArgName("window")
    ->DenseRange(kTumbling10s, kSession10s)
    ->Unit(benchmark::kMillisecond)
    ->UseManualTime();

}  // namespace
}  // namespace sabot::api
