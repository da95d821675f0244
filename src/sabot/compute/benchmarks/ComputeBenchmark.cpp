// Each main kernel on 1M rows next to a hand-written loop doing the same
// work in the same binary, so the ratio shows the kernel's overhead.
//
//   build/h-compute-rel/bench/ComputeBenchmark --benchmark_min_time=0.1

#include <benchmark/benchmark.h>
#include <xxhash.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/compute/Arithmetic.h"
#include "sabot/compute/Cast.h"
#include "sabot/compute/Comparison.h"
#include "sabot/compute/Hash.h"
#include "sabot/compute/Selection.h"
#include "sabot/compute/Sort.h"
#include "sabot/compute/StringFunctions.h"

namespace sabot::compute {
namespace {

constexpr int64_t kRows = 1 << 20;

struct Data {
  std::vector<int64_t> left;
  std::vector<int64_t> right;
  std::vector<uint8_t> maskBytes;
  std::vector<int64_t> takeIndices;
  std::vector<std::string> strings;
  Array leftArray;
  Array rightArray;
  Array mask;
  Array indices;
  Array stringArray;

  Data() {
    std::mt19937_64 random(42);
    for (int64_t i = 0; i < kRows; ++i) {
      left.push_back(static_cast<int64_t>(random() % 1000));
      right.push_back(static_cast<int64_t>(random() % 1000));
      maskBytes.push_back(random() % 2);
      takeIndices.push_back(static_cast<int64_t>(random() % kRows));
      strings.push_back("item-" + std::to_string(random() % 100000) + "-suffix");
    }
    columnar::NumericBuilder<int64_t> l(columnar::int64()), r(columnar::int64()), t(columnar::int64());
    SABOT_CHECK_OK(l.appendValues(left.data(), kRows));
    SABOT_CHECK_OK(r.appendValues(right.data(), kRows));
    SABOT_CHECK_OK(t.appendValues(takeIndices.data(), kRows));
    leftArray = *l.finish();
    rightArray = *r.finish();
    indices = *t.finish();
    columnar::BooleanBuilder m;
    for (uint8_t b : maskBytes) SABOT_CHECK_OK(m.append(b != 0));
    mask = *m.finish();
    columnar::StringBuilder s(columnar::utf8());
    for (const auto& value : strings) SABOT_CHECK_OK(s.append(value));
    stringArray = *s.finish();
  }
};

const Data& data() {
  static const Data instance;
  return instance;
}

void finish(benchmark::State& state) { state.SetItemsProcessed(state.iterations() * kRows); }

// ------------------------------------------------------------ comparison

void BM_GreaterScalarInt64_Kernel(benchmark::State& state) {
  const Data& d = data();
  for (auto _ : state) benchmark::DoNotOptimize(*greater(d.leftArray, Scalar::int64(500)));
  finish(state);
}
void BM_GreaterScalarInt64_HandLoop(benchmark::State& state) {
  const Data& d = data();
  std::vector<uint8_t> bits(kRows / 8);
  for (auto _ : state) {
    for (int64_t i = 0; i < kRows; i += 8) {
      uint8_t byte = 0;
      for (int j = 0; j < 8; ++j) byte |= static_cast<uint8_t>(d.left[i + j] > 500) << j;
      bits[i / 8] = byte;
    }
    benchmark::DoNotOptimize(bits.data());
  }
  finish(state);
}
BENCHMARK(BM_GreaterScalarInt64_Kernel);
BENCHMARK(BM_GreaterScalarInt64_HandLoop);

// ------------------------------------------------------------ arithmetic

void BM_AddInt64_Kernel(benchmark::State& state) {
  const Data& d = data();
  for (auto _ : state) benchmark::DoNotOptimize(*add(d.leftArray, d.rightArray));
  finish(state);
}
void BM_AddInt64Wrapping_Kernel(benchmark::State& state) {
  const Data& d = data();
  for (auto _ : state) benchmark::DoNotOptimize(*add(d.leftArray, d.rightArray, ArithmeticOptions{false}));
  finish(state);
}
void BM_AddInt64_HandLoop(benchmark::State& state) {
  const Data& d = data();
  std::vector<int64_t> out(kRows);
  for (auto _ : state) {
    for (int64_t i = 0; i < kRows; ++i) out[i] = d.left[i] + d.right[i];
    benchmark::DoNotOptimize(out.data());
  }
  finish(state);
}
BENCHMARK(BM_AddInt64_Kernel);
BENCHMARK(BM_AddInt64Wrapping_Kernel);
BENCHMARK(BM_AddInt64_HandLoop);

// ------------------------------------------------------------- selection

void BM_FilterInt64_Kernel(benchmark::State& state) {
  const Data& d = data();
  for (auto _ : state) benchmark::DoNotOptimize(*filter(d.leftArray, d.mask));
  finish(state);
}
void BM_FilterInt64_HandLoop(benchmark::State& state) {
  const Data& d = data();
  std::vector<int64_t> out(kRows);
  for (auto _ : state) {
    int64_t n = 0;
    for (int64_t i = 0; i < kRows; ++i) {
      out[n] = d.left[i];
      n += d.maskBytes[i];
    }
    benchmark::DoNotOptimize(n);
    benchmark::DoNotOptimize(out.data());
  }
  finish(state);
}
BENCHMARK(BM_FilterInt64_Kernel);
BENCHMARK(BM_FilterInt64_HandLoop);

void BM_TakeInt64_Kernel(benchmark::State& state) {
  const Data& d = data();
  for (auto _ : state) benchmark::DoNotOptimize(*take(d.leftArray, d.indices));
  finish(state);
}
void BM_TakeInt64_HandLoop(benchmark::State& state) {
  const Data& d = data();
  std::vector<int64_t> out(kRows);
  for (auto _ : state) {
    for (int64_t i = 0; i < kRows; ++i) out[i] = d.left[static_cast<size_t>(d.takeIndices[i])];
    benchmark::DoNotOptimize(out.data());
  }
  finish(state);
}
BENCHMARK(BM_TakeInt64_Kernel);
BENCHMARK(BM_TakeInt64_HandLoop);

// ------------------------------------------------------------------ hash

void BM_HashInt64_Kernel(benchmark::State& state) {
  const Data& d = data();
  for (auto _ : state) benchmark::DoNotOptimize(*hash64(d.leftArray));
  finish(state);
}
void BM_HashInt64_HandLoop(benchmark::State& state) {
  const Data& d = data();
  std::vector<uint64_t> out(kRows);
  for (auto _ : state) {
    for (int64_t i = 0; i < kRows; ++i) out[i] = XXH3_64bits_withSeed(&d.left[i], 8, 0);
    benchmark::DoNotOptimize(out.data());
  }
  finish(state);
}
BENCHMARK(BM_HashInt64_Kernel);
BENCHMARK(BM_HashInt64_HandLoop);

// ------------------------------------------------------------------ sort

void BM_SortInt64_Kernel(benchmark::State& state) {
  const Data& d = data();
  for (auto _ : state) benchmark::DoNotOptimize(*sortIndices(d.leftArray));
  finish(state);
}
void BM_SortInt64_HandLoop(benchmark::State& state) {
  const Data& d = data();
  std::vector<uint64_t> order(kRows);
  for (auto _ : state) {
    std::iota(order.begin(), order.end(), uint64_t{0});
    std::stable_sort(order.begin(), order.end(), [&](uint64_t a, uint64_t b) { return d.left[a] < d.left[b]; });
    benchmark::DoNotOptimize(order.data());
  }
  finish(state);
}
BENCHMARK(BM_SortInt64_Kernel)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SortInt64_HandLoop)->Unit(benchmark::kMillisecond);

// ------------------------------------------------------------------ cast

void BM_CastInt64ToFloat64_Kernel(benchmark::State& state) {
  const Data& d = data();
  for (auto _ : state) benchmark::DoNotOptimize(*cast(d.leftArray, columnar::float64()));
  finish(state);
}
void BM_CastInt64ToFloat64_HandLoop(benchmark::State& state) {
  const Data& d = data();
  std::vector<double> out(kRows);
  for (auto _ : state) {
    for (int64_t i = 0; i < kRows; ++i) out[i] = static_cast<double>(d.left[i]);
    benchmark::DoNotOptimize(out.data());
  }
  finish(state);
}
BENCHMARK(BM_CastInt64ToFloat64_Kernel);
BENCHMARK(BM_CastInt64ToFloat64_HandLoop);

// --------------------------------------------------------------- strings

void BM_StringContains_Kernel(benchmark::State& state) {
  const Data& d = data();
  for (auto _ : state) benchmark::DoNotOptimize(*contains(d.stringArray, "777"));
  finish(state);
}
void BM_StringContains_HandLoop(benchmark::State& state) {
  const Data& d = data();
  std::vector<uint8_t> out(kRows);
  for (auto _ : state) {
    for (int64_t i = 0; i < kRows; ++i) out[i] = d.strings[i].find("777") != std::string::npos;
    benchmark::DoNotOptimize(out.data());
  }
  finish(state);
}
BENCHMARK(BM_StringContains_Kernel);
BENCHMARK(BM_StringContains_HandLoop);

}  // namespace
}  // namespace sabot::compute
