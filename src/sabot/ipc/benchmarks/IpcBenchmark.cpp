// Write and read throughput of the IPC stream format in memory, for a batch
// mix of int64, float64 and utf8 columns, uncompressed and with each codec.
// Bytes per second count the batches' buffer bytes (the in-memory size of
// the data), so the codecs compare on equal terms.
//
//   build/release/bench/IpcBenchmark --benchmark_min_time=0.5

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/io/BufferOutputStream.h"
#include "sabot/ipc/IpcFileReader.h"
#include "sabot/ipc/IpcFileWriter.h"
#include "sabot/ipc/IpcStreamReader.h"
#include "sabot/ipc/IpcStreamWriter.h"

namespace {

using namespace sabot;
using namespace sabot::columnar;

constexpr int64_t kRowsPerBatch = 64 * 1024;
constexpr int kBatches = 16;

SchemaPtr mixSchema() {
  return schema({field("id", int64()), field("quantity", int64()), field("price", float64()),
                 field("score", float64()), field("name", utf8()), field("city", utf8())});
}

RecordBatchPtr mixBatch(int64_t first) {
  static const char* const kWords[] = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"};
  static const char* const kCities[] = {"Paris", "Berlin", "Lisbon", "Oslo", "Zürich", "Kraków"};
  NumericBuilder<int64_t> ids(int64()), quantities(int64());
  NumericBuilder<double> prices(float64()), scores(float64());
  StringBuilder names(utf8()), cities(utf8());
  uint64_t state = 88172645463325252ull + static_cast<uint64_t>(first);
  for (int64_t i = 0; i < kRowsPerBatch; ++i) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    const int64_t row = first + i;
    SABOT_CHECK_OK(ids.append(row));
    SABOT_CHECK_OK(state % 50 == 0 ? quantities.appendNull() : quantities.append(static_cast<int64_t>(state % 1000)));
    SABOT_CHECK_OK(prices.append(std::round(static_cast<double>(state % 100000)) / 100.0));
    SABOT_CHECK_OK(scores.append(std::sin(static_cast<double>(row)) * 1e3));
    SABOT_CHECK_OK(names.append(std::string(kWords[state % 8]) + "-" + std::to_string(state % 10007)));
    SABOT_CHECK_OK(state % 20 == 0 ? cities.appendNull() : cities.append(kCities[(state >> 8) % 6]));
  }
  std::vector<Array> columns;
  columns.push_back(ids.finish().valueOrDie());
  columns.push_back(quantities.finish().valueOrDie());
  columns.push_back(prices.finish().valueOrDie());
  columns.push_back(scores.finish().valueOrDie());
  columns.push_back(names.finish().valueOrDie());
  columns.push_back(cities.finish().valueOrDie());
  return RecordBatch::make(mixSchema(), kRowsPerBatch, std::move(columns)).valueOrDie();
}

const std::vector<RecordBatchPtr>& mixBatches() {
  static const std::vector<RecordBatchPtr> batches = [] {
    std::vector<RecordBatchPtr> result;
    for (int b = 0; b < kBatches; ++b) result.push_back(mixBatch(b * kRowsPerBatch));
    return result;
  }();
  return batches;
}

int64_t dataBytes() {
  int64_t total = 0;
  for (const auto& batch : mixBatches()) total += batch->referencedBytes();
  return total;
}

ipc::IpcWriteOptions optionsFor(const benchmark::State& state) {
  ipc::IpcWriteOptions options;
  options.compression = static_cast<ipc::Compression>(state.range(0));
  return options;
}

template <typename Writer>
BufferPtr writeAll(const ipc::IpcWriteOptions& options) {
  auto sink = io::BufferOutputStream::make().valueOrDie();
  auto writer = Writer::make(sink, mixSchema(), options).valueOrDie();
  for (const auto& batch : mixBatches()) SABOT_CHECK_OK(writer->writeBatch(*batch));
  SABOT_CHECK_OK(writer->close());
  return sink->finish().valueOrDie();
}

/// A sink over memory allocated once and reused: measures encoding plus the
/// copy into the destination, without the page faults of fresh memory that
/// BM_StreamWrite also pays (a socket or a file write is closer to this).
class ReusedMemorySink final : public io::OutputStream {
 public:
  explicit ReusedMemorySink(size_t capacity) : bytes_(capacity) {}
  Status write(const void* data, int64_t size) override {
    if (position_ + static_cast<size_t>(size) > bytes_.size()) bytes_.resize((position_ + size) * 2);
    std::memcpy(bytes_.data() + position_, data, static_cast<size_t>(size));
    position_ += static_cast<size_t>(size);
    return Status::OK();
  }
  int64_t position() const override { return static_cast<int64_t>(position_); }
  const std::string& name() const override { return name_; }
  void rewind() { position_ = 0; }

 private:
  std::vector<uint8_t> bytes_;
  size_t position_ = 0;
  std::string name_ = "<reused memory>";
};

void setCounters(benchmark::State& state, int64_t ipcBytes) {
  state.SetBytesProcessed(state.iterations() * dataBytes());
  state.SetLabel(std::string(ipc::compressionName(static_cast<ipc::Compression>(state.range(0)))));
  state.counters["ipc_MB"] = static_cast<double>(ipcBytes) / 1e6;
  state.counters["ratio"] = static_cast<double>(dataBytes()) / static_cast<double>(ipcBytes);
}

void BM_StreamWrite(benchmark::State& state) {
  const auto options = optionsFor(state);
  int64_t size = 0;
  for (auto _ : state) {
    BufferPtr bytes = writeAll<ipc::IpcStreamWriter>(options);
    size = bytes->size();
    benchmark::DoNotOptimize(bytes);
  }
  setCounters(state, size);
}

void BM_StreamWriteReusedSink(benchmark::State& state) {
  const auto options = optionsFor(state);
  auto sink = std::make_shared<ReusedMemorySink>(static_cast<size_t>(dataBytes()) * 2);
  int64_t size = 0;
  for (auto _ : state) {
    sink->rewind();
    auto writer = ipc::IpcStreamWriter::make(sink, mixSchema(), options).valueOrDie();
    for (const auto& batch : mixBatches()) SABOT_CHECK_OK(writer->writeBatch(*batch));
    SABOT_CHECK_OK(writer->close());
    size = sink->position();
  }
  setCounters(state, size);
}

void BM_StreamRead(benchmark::State& state) {
  const BufferPtr bytes = writeAll<ipc::IpcStreamWriter>(optionsFor(state));
  for (auto _ : state) {
    auto reader = ipc::IpcStreamReader::make(bytes).valueOrDie();
    int64_t rows = 0;
    while (auto batch = reader->next().valueOrDie()) rows += batch->numRows();
    benchmark::DoNotOptimize(rows);
  }
  setCounters(state, bytes->size());
}

void BM_FileRead(benchmark::State& state) {
  const BufferPtr bytes = writeAll<ipc::IpcFileWriter>(optionsFor(state));
  for (auto _ : state) {
    auto reader = ipc::IpcFileReader::make(bytes).valueOrDie();
    int64_t rows = 0;
    for (int i = 0; i < reader->numRecordBatches(); ++i) rows += reader->readRecordBatch(i).valueOrDie()->numRows();
    benchmark::DoNotOptimize(rows);
  }
  setCounters(state, bytes->size());
}

void BM_StreamReadWithoutUtf8Check(benchmark::State& state) {
  const BufferPtr bytes = writeAll<ipc::IpcStreamWriter>(optionsFor(state));
  ipc::IpcReadOptions options;
  options.validateFull = false;
  for (auto _ : state) {
    auto reader = ipc::IpcStreamReader::make(bytes, options).valueOrDie();
    int64_t rows = 0;
    while (auto batch = reader->next().valueOrDie()) rows += batch->numRows();
    benchmark::DoNotOptimize(rows);
  }
  setCounters(state, bytes->size());
}

// 0 = none, 1 = lz4, 2 = zstd (ipc::Compression).
BENCHMARK(BM_StreamWrite)->DenseRange(0, 2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_StreamWriteReusedSink)->DenseRange(0, 2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_StreamRead)->DenseRange(0, 2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_FileRead)->DenseRange(0, 2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_StreamReadWithoutUtf8Check)->Arg(0)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
