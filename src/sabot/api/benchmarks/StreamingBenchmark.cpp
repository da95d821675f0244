// What the streaming runtime costs (issue 3): whole jobs run through the
// DataStream API over Nexmark bids generated before timing, against a loop
// that calls the same compute kernels directly on the same batches.
//
//   build/release/bench/StreamingBenchmark
//
// Every iteration builds and runs one job (env.execute) over 200 batches of
// 8192 bids (auction, bidder, price, channel): 1.64M rows. items_per_second
// counts input rows; rows_out counts what reached the sink.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sabot/api/StreamEnvironment.h"
#include "sabot/base/Check.h"
#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/compute/Expression.h"
#include "sabot/compute/Hash.h"
#include "sabot/compute/Selection.h"
#include "sabot/connectors/CollectSink.h"
#include "sabot/connectors/MemorySource.h"
#include "sabot/connectors/NexmarkConfig.h"
#include "sabot/connectors/NexmarkGenerator.h"
#include "sabot/operators/FilterProjectOperator.h"
#include "sabot/runtime/JobExecution.h"
#include "sabot/runtime/KeyGroups.h"
#include "sabot/runtime/SinkOperator.h"

namespace sabot::api {
namespace {

using columnar::RecordBatchPtr;
using columnar::SchemaPtr;
using compute::col;
using compute::lit;

constexpr int64_t kBatchRows = 8192;
constexpr int kNumBatches = 200;

/// The input of every benchmark, generated once per process.
struct Bids {
  SchemaPtr schema;
  std::vector<RecordBatchPtr> batches;
  int64_t numRows = 0;
  /// The median price: `price > medianPrice` keeps about half the rows.
  int64_t medianPrice = 0;
};

Bids generateBids() {
  Bids bids;
  auto generator = connectors::NexmarkGenerator::make(connectors::NexmarkConfig{}).valueOrDie();
  std::vector<int64_t> prices;
  prices.reserve(static_cast<size_t>(kNumBatches * kBatchRows));
  for (int i = 0; i < kNumBatches; ++i) {
    const RecordBatchPtr full = generator.nextBidBatch(kBatchRows).valueOrDie();
    SABOT_CHECK(full != nullptr && full->numRows() == kBatchRows, "the Nexmark stream ended early");
    if (bids.schema == nullptr) {
      const SchemaPtr& bidSchema = full->schema();
      bids.schema = columnar::schema({bidSchema->field(0), bidSchema->field(1), bidSchema->field(2),
                                      bidSchema->field(3)});
      SABOT_CHECK(bids.schema->toString().find("channel") != std::string::npos, "unexpected bid schema");
    }
    // Only the four bid-like columns: url, date_time and extra are dropped.
    bids.batches.push_back(
        columnar::RecordBatch::make(bids.schema, {full->column(0), full->column(1), full->column(2), full->column(3)})
            .valueOrDie());
    const int64_t* price = full->column(2).values<int64_t>();
    prices.insert(prices.end(), price, price + full->numRows());
    bids.numRows += full->numRows();
  }
  std::nth_element(prices.begin(), prices.begin() + static_cast<std::ptrdiff_t>(prices.size() / 2), prices.end());
  bids.medianPrice = prices[prices.size() / 2];
  return bids;
}

const Bids& bids() {
  static const Bids generated = generateBids();
  return generated;
}

compute::Expression predicate() { return col("price") > lit(bids().medianPrice); }

std::vector<compute::Expression> projection() {
  return {col("auction"), (compute::cast(col("price"), columnar::float64()) * lit(0.908)).alias("euros")};
}

runtime::JobConfig configWith(int32_t parallelism, int32_t threads) {
  runtime::JobConfig config;
  config.parallelism = parallelism;
  config.workerThreads = threads;
  config.batchRows = kBatchRows;
  return config;
}

/// Runs one job per iteration; the job is described by `describe(env)`.
template <typename Describe>
void runJobs(benchmark::State& state, runtime::JobConfig config, Describe&& describe) {
  const Bids& input = bids();
  int64_t rowsOut = 0;
  for (auto _ : state) {
    auto env = StreamEnvironment::create(config);
    describe(env, input);
    auto result = env.execute("benchmark");
    if (!result.ok()) {
      state.SkipWithError(result.status().toString().c_str());
      return;
    }
    rowsOut = result->recordsWritten();
  }
  state.counters["rows_out"] = static_cast<double>(rowsOut);
  state.SetItemsProcessed(state.iterations() * input.numRows);
}

// (a) source -> filter -> select -> discard, all chained into one task.
void BM_Runtime_FilterSelect(benchmark::State& state) {
  const auto parallelism = static_cast<int32_t>(state.range(0));
  const auto threads = static_cast<int32_t>(state.range(1));
  runJobs(state, configWith(parallelism, threads), [](StreamEnvironment& env, const Bids& input) {
    env.fromBatches(input.schema, input.batches, "bids")
        .filter(predicate())
        .select(projection())
        .sinkTo(std::make_shared<connectors::DiscardSink>());
  });
}
BENCHMARK(BM_Runtime_FilterSelect)
    ->ArgNames({"p", "threads"})
    ->Args({1, 1})
    ->Args({1, 2})
    ->Args({2, 2})
    ->Args({8, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// (a') The same job with filter and select as one FilterProjectOperator (the
// API builds two operators for .filter().select(); the operator itself can
// fuse them). Built on the JobGraph directly, as the API has no fused call.
void BM_Runtime_FusedFilterProject(benchmark::State& state) {
  const auto parallelism = static_cast<int32_t>(state.range(0));
  const auto threads = static_cast<int32_t>(state.range(1));
  const Bids& input = bids();
  auto fused = operators::FilterProjectOperator::make(input.schema, predicate(), projection()).valueOrDie();
  auto source = connectors::MemorySource::make(input.schema, input.batches).valueOrDie();
  auto sink = std::make_shared<runtime::SinkOperator>(std::make_shared<connectors::DiscardSink>(),
                                                      fused->outputSchema());
  int64_t rowsOut = 0;
  for (auto _ : state) {
    runtime::JobGraph graph;
    const runtime::NodeId sourceId = graph.addSource("bids", source, 0);
    const runtime::NodeId fusedId =
        graph.addOperator("filter+select", fused, fused->outputSchema(), {runtime::JobEdge{sourceId}}, 0);
    graph.addOperator("sink", sink, nullptr, {runtime::JobEdge{fusedId}}, 0);
    auto job = runtime::JobExecution::start("benchmark", std::move(graph), configWith(parallelism, threads));
    if (!job.ok()) {
      state.SkipWithError(job.status().toString().c_str());
      return;
    }
    auto result = (*job)->wait();
    if (!result.ok()) {
      state.SkipWithError(result.status().toString().c_str());
      return;
    }
    rowsOut = result->recordsWritten();
  }
  state.counters["rows_out"] = static_cast<double>(rowsOut);
  state.SetItemsProcessed(state.iterations() * input.numRows);
}
BENCHMARK(BM_Runtime_FusedFilterProject)
    ->ArgNames({"p", "threads"})
    ->Args({1, 1})
    ->Args({2, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// (b) The physical limit of (a'): the fused kernels called in a plain loop
// over the same batches, on one thread, with no runtime.
void BM_HandLoop_FilterAndProject(benchmark::State& state) {
  const Bids& input = bids();
  const compute::BoundExpression bound = compute::bind(predicate(), *input.schema).valueOrDie();
  const compute::Projection project = compute::Projection::make(projection(), *input.schema).valueOrDie();
  int64_t rowsOut = 0;
  for (auto _ : state) {
    rowsOut = 0;
    for (const RecordBatchPtr& batch : input.batches) {
      columnar::Array mask = compute::evaluate(bound, *batch).valueOrDie();
      RecordBatchPtr projected = project.filterAndProject(*batch, mask).valueOrDie();
      rowsOut += projected->numRows();
      benchmark::DoNotOptimize(projected);
    }
  }
  state.counters["rows_out"] = static_cast<double>(rowsOut);
  state.SetItemsProcessed(state.iterations() * input.numRows);
}
BENCHMARK(BM_HandLoop_FilterAndProject)->Unit(benchmark::kMillisecond);

// (b') The hand loop of what .filter().select() runs: filter every column
// (the utf8 channel too), then project.
void BM_HandLoop_FilterThenProject(benchmark::State& state) {
  const Bids& input = bids();
  const compute::BoundExpression bound = compute::bind(predicate(), *input.schema).valueOrDie();
  const compute::Projection project = compute::Projection::make(projection(), *input.schema).valueOrDie();
  int64_t rowsOut = 0;
  for (auto _ : state) {
    rowsOut = 0;
    for (const RecordBatchPtr& batch : input.batches) {
      columnar::Array mask = compute::evaluate(bound, *batch).valueOrDie();
      RecordBatchPtr filtered = compute::filter(*batch, mask).valueOrDie();
      RecordBatchPtr projected = project.project(*filtered).valueOrDie();
      rowsOut += projected->numRows();
      benchmark::DoNotOptimize(projected);
    }
  }
  state.counters["rows_out"] = static_cast<double>(rowsOut);
  state.SetItemsProcessed(state.iterations() * input.numRows);
}
BENCHMARK(BM_HandLoop_FilterThenProject)->Unit(benchmark::kMillisecond);

// (c) The exchange: a source of parallelism 1, then select -> discard at
// parallelism p, joined by forward (chained, no channel; p = 1 only),
// rebalance (channel) or keyBy("auction") (hash + take + channel). No filter,
// so every row crosses the exchange. Two worker threads throughout.
enum Exchange : int64_t { kForward, kRebalance, kKeyBy };

void BM_Runtime_Exchange(benchmark::State& state) {
  const auto exchange = static_cast<Exchange>(state.range(0));
  const auto parallelism = static_cast<int32_t>(state.range(1));
  state.SetLabel(exchange == kForward ? "forward" : exchange == kRebalance ? "rebalance" : "keyBy(auction)");
  runJobs(state, configWith(parallelism, 2), [exchange](StreamEnvironment& env, const Bids& input) {
    DataStream source = env.fromBatches(input.schema, input.batches, "bids").setParallelism(1);
    DataStream exchanged = exchange == kForward     ? source.forward()
                           : exchange == kRebalance ? source.rebalance()
                                                    : DataStream(source.keyBy({"auction"}));
    exchanged.select(projection()).sinkTo(std::make_shared<connectors::DiscardSink>());
  });
}
BENCHMARK(BM_Runtime_Exchange)
    ->ArgNames({"exchange", "p"})
    ->Args({kForward, 1})
    ->Args({kRebalance, 1})
    ->Args({kKeyBy, 1})
    ->Args({kRebalance, 2})
    ->Args({kKeyBy, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// (c') The hand loop of the keyBy exchange at p = 2 on one thread: hash the
// key, split the rows by key group, take each half, project each half.
void BM_HandLoop_KeyByProject(benchmark::State& state) {
  const Bids& input = bids();
  const compute::Projection project = compute::Projection::make(projection(), *input.schema).valueOrDie();
  const runtime::KeyGroupAssigner assigner = runtime::KeyGroupAssigner::make(2).valueOrDie();
  const int auctionColumn = input.schema->fieldIndex("auction");
  for (auto _ : state) {
    for (const RecordBatchPtr& batch : input.batches) {
      columnar::Array hashes = compute::hash64({batch->column(auctionColumn)}).valueOrDie();
      auto rowsPerSubtask = assigner.partitionRows(hashes).valueOrDie();
      for (const std::vector<int64_t>& rows : rowsPerSubtask) {
        columnar::NumericBuilder<int64_t> builder(columnar::int64());
        SABOT_CHECK_OK(builder.appendValues(rows.data(), static_cast<int64_t>(rows.size())));
        const columnar::Array indices = builder.finish().valueOrDie();
        RecordBatchPtr piece = compute::take(*batch, indices).valueOrDie();
        RecordBatchPtr projected = project.project(*piece).valueOrDie();
        benchmark::DoNotOptimize(projected);
      }
    }
  }
  state.SetItemsProcessed(state.iterations() * input.numRows);
}
BENCHMARK(BM_HandLoop_KeyByProject)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace sabot::api
