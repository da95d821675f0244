// Throughput of the CSV and JSON-lines readers and writers on a typical event
// table (int, float, string, timestamp, bool), in bytes of text per second.

#include <benchmark/benchmark.h>

#include <string>

#include "sabot/formats/CsvReader.h"
#include "sabot/formats/CsvWriter.h"
#include "sabot/formats/JsonLinesReader.h"
#include "sabot/formats/JsonLinesWriter.h"

namespace sabot::formats {
namespace {

constexpr int kRows = 100000;

const std::string& csvText() {
  static const std::string text = [] {
    std::string out = "id,price,name,when,flag\n";
    for (int i = 0; i < kRows; ++i) {
      out += std::to_string(i) + "," + std::to_string(i * 0.25) + ",\"name " +
             std::to_string(i % 1000) + "\",2024-01-01T10:00:" + std::to_string(10 + i % 50) +
             "Z," + (i % 3 ? "true" : "false") + "\n";
    }
    return out;
  }();
  return text;
}

const std::string& jsonText() {
  static const std::string text = [] {
    std::string out;
    for (int i = 0; i < kRows; ++i) {
      out += "{\"id\":" + std::to_string(i) + ",\"price\":" + std::to_string(i * 0.25) +
             ",\"name\":\"name " + std::to_string(i % 1000) +
             "\",\"when\":\"2024-01-01T10:00:" + std::to_string(10 + i % 50) +
             "Z\",\"flag\":" + (i % 3 ? "true" : "false") + "}\n";
    }
    return out;
  }();
  return text;
}

void BM_CsvRead(benchmark::State& state) {
  for (auto _ : state) {
    auto batches = CsvReader::fromString(csvText()).valueOrDie()->readAll().valueOrDie();
    benchmark::DoNotOptimize(batches);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(csvText().size()));
  state.SetItemsProcessed(state.iterations() * kRows);
}
BENCHMARK(BM_CsvRead)->Unit(benchmark::kMillisecond);

void BM_JsonLinesRead(benchmark::State& state) {
  for (auto _ : state) {
    auto batches = JsonLinesReader::fromString(jsonText()).valueOrDie()->readAll().valueOrDie();
    benchmark::DoNotOptimize(batches);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(jsonText().size()));
  state.SetItemsProcessed(state.iterations() * kRows);
}
BENCHMARK(BM_JsonLinesRead)->Unit(benchmark::kMillisecond);

void BM_CsvWrite(benchmark::State& state) {
  auto batches = CsvReader::fromString(csvText()).valueOrDie()->readAll().valueOrDie();
  int64_t bytes = 0;
  for (auto _ : state) {
    for (const auto& batch : batches)
      bytes += static_cast<int64_t>(CsvWriter::toString(*batch)->size());
  }
  state.SetBytesProcessed(bytes);
  state.SetItemsProcessed(state.iterations() * kRows);
}
BENCHMARK(BM_CsvWrite)->Unit(benchmark::kMillisecond);

void BM_JsonLinesWrite(benchmark::State& state) {
  auto batches = JsonLinesReader::fromString(jsonText()).valueOrDie()->readAll().valueOrDie();
  int64_t bytes = 0;
  for (auto _ : state) {
    for (const auto& batch : batches)
      bytes += static_cast<int64_t>(JsonLinesWriter::toString(*batch)->size());
  }
  state.SetBytesProcessed(bytes);
  state.SetItemsProcessed(state.iterations() * kRows);
}
BENCHMARK(BM_JsonLinesWrite)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace sabot::formats
