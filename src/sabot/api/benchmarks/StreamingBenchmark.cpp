// What the streaming runtime costs (issue 3): whole jobs run through the
// DataStream API over Nexmark bids generated before timing, against a loop
// that calls the same compute kernels directly on the same batches.
//
//   build/release/bench/StreamingBenchmark
//
// Every iteration builds and runs one job (env.execute) over 200 batches of
// 8192 bids (auction, bidder, price, channel): 1.64M rows. items_per_second
// counts input rows per second of wall time; rows_per_cpu_s counts them per
// second of CPU time of the whole process (all worker threads), i.e. per
// core busy, which stays meaningful when another process shares the cores;
// rows_out counts what reached the sink.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <bit>
#include <chrono>
#include <ctime>
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

/// CPU time of the whole process (every thread), in seconds.
double processCpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

/// Sets the counters every benchmark reports; `rowsOut` < 0: not counted.
void report(benchmark::State& state, int64_t rowsOut, double cpuSeconds) {
  const double rowsIn = static_cast<double>(state.iterations() * bids().numRows);
  if (rowsOut >= 0) state.counters["rows_out"] = static_cast<double>(rowsOut);
  state.counters["rows_per_cpu_s"] = cpuSeconds > 0 ? rowsIn / cpuSeconds : 0.0;
  state.SetItemsProcessed(state.iterations() * bids().numRows);
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
  const double cpuStart = processCpuSeconds();
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
  report(state, rowsOut, processCpuSeconds() - cpuStart);
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

runtime::JobEdge forwardFrom(runtime::NodeId node) {
  return runtime::JobEdge{node, 0, 0, runtime::Partitioning::defaults()};
}

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
  const double cpuStart = processCpuSeconds();
  for (auto _ : state) {
    runtime::JobGraph graph;
    const runtime::NodeId sourceId = graph.addSource("bids", source, 0);
    const runtime::NodeId fusedId =
        graph.addOperator("filter+select", fused, fused->outputSchema(), {forwardFrom(sourceId)}, 0);
    graph.addOperator("sink", sink, nullptr, {forwardFrom(fusedId)}, 0);
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
  report(state, rowsOut, processCpuSeconds() - cpuStart);
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
  const double cpuStart = processCpuSeconds();
  for (auto _ : state) {
    rowsOut = 0;
    for (const RecordBatchPtr& batch : input.batches) {
      columnar::Array mask = compute::evaluate(bound, *batch).valueOrDie();
      RecordBatchPtr projected = project.filterAndProject(*batch, mask).valueOrDie();
      rowsOut += projected->numRows();
      benchmark::DoNotOptimize(projected);
    }
  }
  report(state, rowsOut, processCpuSeconds() - cpuStart);
}
BENCHMARK(BM_HandLoop_FilterAndProject)->Unit(benchmark::kMillisecond);

// (b') The hand loop of what .filter().select() runs: filter every column
// (the utf8 channel too), then project.
void BM_HandLoop_FilterThenProject(benchmark::State& state) {
  const Bids& input = bids();
  const compute::BoundExpression bound = compute::bind(predicate(), *input.schema).valueOrDie();
  const compute::Projection project = compute::Projection::make(projection(), *input.schema).valueOrDie();
  int64_t rowsOut = 0;
  const double cpuStart = processCpuSeconds();
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
  report(state, rowsOut, processCpuSeconds() - cpuStart);
}
BENCHMARK(BM_HandLoop_FilterThenProject)->Unit(benchmark::kMillisecond);

// (c) The exchange: a source of parallelism 1, then select -> discard at
// parallelism p, joined by forward (chained, no channel; p = 1 only),
// rebalance (channel) or keyBy("auction") (hash + take + channel). No filter,
// so every row crosses the exchange. Two worker threads (forward makes one
// task, so it runs on one).
// kKeyByUncoalesced is keyBy with flushInterval 0, which turns off gathering
// the ~batchRows/p-row pieces back into batchRows-row batches (a concatenate
// of every column in TaskOutput::flushLane).
enum Exchange : int64_t { kForward, kRebalance, kKeyBy, kKeyByUncoalesced };

void BM_Runtime_Exchange(benchmark::State& state) {
  const auto exchange = static_cast<Exchange>(state.range(0));
  const auto parallelism = static_cast<int32_t>(state.range(1));
  static constexpr const char* kExchangeNames[] = {"forward", "rebalance", "keyBy(auction)",
                                                   "keyBy(auction), flushInterval 0"};
  state.SetLabel(kExchangeNames[exchange]);
  runtime::JobConfig config = configWith(parallelism, 2);
  if (exchange == kKeyByUncoalesced) config.flushInterval = std::chrono::microseconds(0);
  runJobs(state, config, [exchange](StreamEnvironment& env, const Bids& input) {
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
    ->Args({kKeyByUncoalesced, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

/// KeyGroupAssigner::partitionRows() as it could be: the same rows per
/// subtask, with a key group -> subtask table instead of a division per row,
/// a mask instead of a modulo (the max parallelism is a power of two), and a
/// branchless compaction per subtask instead of push_back into p vectors.
struct TablePartitioner {
  explicit TablePartitioner(const runtime::KeyGroupAssigner& assigner) {
    SABOT_CHECK(std::has_single_bit(static_cast<uint32_t>(assigner.maxParallelism())), "needs a power of two");
    mask = static_cast<uint64_t>(assigner.maxParallelism()) - 1;
    for (int32_t group = 0; group < assigner.maxParallelism(); ++group) {
      subtaskOfGroup.push_back(static_cast<uint8_t>(assigner.subtaskForKeyGroup(group)));
    }
    rowsPerSubtask.resize(static_cast<size_t>(assigner.parallelism()));
  }
  void partition(const uint64_t* hashes, int64_t numRows) {
    subtasks.resize(static_cast<size_t>(numRows));
    uint8_t* subtaskOfRow = subtasks.data();
    for (int64_t row = 0; row < numRows; ++row) subtaskOfRow[row] = subtaskOfGroup[hashes[row] & mask];
    for (size_t subtask = 0; subtask < rowsPerSubtask.size(); ++subtask) {
      std::vector<int64_t>& rows = rowsPerSubtask[subtask];
      rows.resize(static_cast<size_t>(numRows));
      int64_t* out = rows.data();
      int64_t count = 0;
      for (int64_t row = 0; row < numRows; ++row) {
        out[count] = row;
        count += subtaskOfRow[row] == subtask;
      }
      rows.resize(static_cast<size_t>(count));
    }
  }
  uint64_t mask = 0;
  std::vector<uint8_t> subtaskOfGroup;
  std::vector<uint8_t> subtasks;
  std::vector<std::vector<int64_t>> rowsPerSubtask;
};

// (c'') Stage 1 of the next benchmark with TablePartitioner.
void BM_HandLoop_KeyByTablePartition(benchmark::State& state) {
  const Bids& input = bids();
  const runtime::KeyGroupAssigner assigner = runtime::KeyGroupAssigner::make(2).valueOrDie();
  TablePartitioner partitioner(assigner);
  const int auctionColumn = input.schema->fieldIndex("auction");
  // The same split as partitionRows, checked once.
  {
    columnar::Array hashes = compute::hash64(input.batches[0]->column(auctionColumn)).valueOrDie();
    auto expected = assigner.partitionRows(hashes).valueOrDie();
    partitioner.partition(hashes.values<uint64_t>(), hashes.length());
    SABOT_CHECK(expected == partitioner.rowsPerSubtask, "TablePartitioner disagrees with partitionRows");
  }
  const double cpuStart = processCpuSeconds();
  for (auto _ : state) {
    for (const RecordBatchPtr& batch : input.batches) {
      columnar::Array hashes = compute::hash64(batch->column(auctionColumn)).valueOrDie();
      partitioner.partition(hashes.values<uint64_t>(), hashes.length());
      benchmark::DoNotOptimize(partitioner.rowsPerSubtask.data());
    }
  }
  state.SetLabel("hash64 + table partition");
  report(state, -1, processCpuSeconds() - cpuStart);
}
BENCHMARK(BM_HandLoop_KeyByTablePartition)->Unit(benchmark::kMillisecond);

// (c') What the keyBy exchange at p = 2 does to each batch, cumulatively,
// in a plain loop on one thread: hash the key (stage 0), split the rows by
// key group (1, KeyGroupAssigner::partitionRows), copy them into index
// arrays (2), take every column for each subtask (3), project each piece (4).
void BM_HandLoop_KeyByStages(benchmark::State& state) {
  const auto lastStage = state.range(0);
  static constexpr const char* kStageNames[] = {"hash64", "+ partitionRows", "+ index arrays", "+ take",
                                                "+ project"};
  state.SetLabel(kStageNames[lastStage]);
  const Bids& input = bids();
  const compute::Projection project = compute::Projection::make(projection(), *input.schema).valueOrDie();
  const runtime::KeyGroupAssigner assigner = runtime::KeyGroupAssigner::make(2).valueOrDie();
  const int auctionColumn = input.schema->fieldIndex("auction");
  const double cpuStart = processCpuSeconds();
  for (auto _ : state) {
    for (const RecordBatchPtr& batch : input.batches) {
      columnar::Array hashes = compute::hash64(batch->column(auctionColumn)).valueOrDie();
      benchmark::DoNotOptimize(hashes);
      if (lastStage < 1) continue;
      auto rowsPerSubtask = assigner.partitionRows(hashes).valueOrDie();
      benchmark::DoNotOptimize(rowsPerSubtask);
      if (lastStage < 2) continue;
      for (const std::vector<int64_t>& rows : rowsPerSubtask) {
        columnar::NumericBuilder<int64_t> builder(columnar::int64());
        SABOT_CHECK_OK(builder.appendValues(rows.data(), static_cast<int64_t>(rows.size())));
        const columnar::Array indices = builder.finish().valueOrDie();
        if (lastStage < 3) continue;
        RecordBatchPtr piece = compute::take(*batch, indices).valueOrDie();
        benchmark::DoNotOptimize(piece);
        if (lastStage < 4) continue;
        RecordBatchPtr projected = project.project(*piece).valueOrDie();
        benchmark::DoNotOptimize(projected);
      }
    }
  }
  report(state, -1, processCpuSeconds() - cpuStart);
}
BENCHMARK(BM_HandLoop_KeyByStages)->DenseRange(0, 4)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace sabot::api
