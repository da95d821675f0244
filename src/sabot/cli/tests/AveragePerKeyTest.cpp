// AveragePerKeyFunction (q4, q6): per key the average of a column, or per
// row the average over it and the rows before it in its key's order, in
// keyed state, emitted at the end of input. Random rows with ties and nulls
// run at parallelism 1 and 3 on both state backends and must equal a
// brute-force computation.

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <limits>
#include <map>
#include <optional>
#include <random>

#include "sabot/api/StreamEnvironment.h"
#include "sabot/cli/AveragePerKey.h"
#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/connectors/CollectSink.h"
#include "sabot/connectors/MemorySource.h"

namespace sabot::cli {
namespace {

namespace fs = std::filesystem;
using columnar::RecordBatchPtr;

columnar::SchemaPtr inputSchema() {
  return columnar::schema({columnar::field("key", columnar::int64()),
                           columnar::field("time", columnar::timestamp(columnar::TimeUnit::kMilli)),
                           columnar::field("id", columnar::int64()), columnar::field("value", columnar::int64()),
                           columnar::field("label", columnar::utf8())});
}

struct TestRow {
  int64_t key = 0;
  std::optional<int64_t> time;
  int64_t id = 0;
  std::optional<int64_t> value;
};

/// Few keys, few times: rows tie on time (and on time and id) within a key;
/// values can be negative (truncation towards zero) and null.
std::vector<TestRow> randomRows(int64_t count, uint32_t seed) {
  std::mt19937 random(seed);
  std::vector<TestRow> rows;
  for (int64_t i = 0; i < count; ++i) {
    TestRow row;
    row.key = static_cast<int64_t>(random() % 13);
    if (random() % 11 != 0) row.time = static_cast<int64_t>(random() % 30);
    row.id = static_cast<int64_t>(random() % 3);
    if (random() % 7 != 0) row.value = static_cast<int64_t>(random() % 1000) - 300;
    rows.push_back(row);
  }
  return rows;
}

std::vector<RecordBatchPtr> toBatches(const std::vector<TestRow>& rows, size_t batchRows) {
  std::vector<RecordBatchPtr> batches;
  for (size_t start = 0; start < rows.size(); start += batchRows) {
    const size_t end = std::min(rows.size(), start + batchRows);
    columnar::NumericBuilder<int64_t> keys(columnar::int64());
    columnar::NumericBuilder<int64_t> times(columnar::timestamp(columnar::TimeUnit::kMilli));
    columnar::NumericBuilder<int64_t> ids(columnar::int64());
    columnar::NumericBuilder<int64_t> values(columnar::int64());
    columnar::StringBuilder labels(columnar::utf8());
    for (size_t i = start; i < end; ++i) {
      const TestRow& row = rows[i];
      EXPECT_TRUE(keys.append(row.key).ok());
      EXPECT_TRUE((row.time ? times.append(*row.time) : times.appendNull()).ok());
      EXPECT_TRUE(ids.append(row.id).ok());
      EXPECT_TRUE((row.value ? values.append(*row.value) : values.appendNull()).ok());
      EXPECT_TRUE(labels.append("not kept").ok());
    }
    std::vector<columnar::Array> columns;
    columns.push_back(keys.finish().valueOrDie());
    columns.push_back(times.finish().valueOrDie());
    columns.push_back(ids.finish().valueOrDie());
    columns.push_back(values.finish().valueOrDie());
    columns.push_back(labels.finish().valueOrDie());
    batches.push_back(
        columnar::RecordBatch::make(inputSchema(), static_cast<int64_t>(end - start), std::move(columns)).valueOrDie());
  }
  return batches;
}

std::string line(int64_t key, std::optional<int64_t> average) {
  return std::to_string(key) + "|" + (average ? std::to_string(*average) : "null");
}

/// sum / count of the non-null values, truncated towards zero; null if none.
std::optional<int64_t> average(const std::vector<std::optional<int64_t>>& values) {
  int64_t sum = 0;
  int64_t count = 0;
  for (const auto& value : values) {
    if (!value) continue;
    sum += *value;
    ++count;
  }
  if (count == 0) return std::nullopt;
  return sum / count;
}

std::vector<std::string> bruteForce(const std::vector<TestRow>& rows, std::optional<int64_t> precedingRows) {
  std::map<int64_t, std::vector<TestRow>> byKey;
  for (const TestRow& row : rows) byKey[row.key].push_back(row);
  std::vector<std::string> lines;
  for (auto& [key, keyRows] : byKey) {
    if (!precedingRows) {
      std::vector<std::optional<int64_t>> values;
      for (const TestRow& row : keyRows) values.push_back(row.value);
      lines.push_back(line(key, average(values)));
      continue;
    }
    // ORDER BY time, id (ascending, nulls last), then the value (nulls last).
    const auto nullsLast = [](const std::optional<int64_t>& a, const std::optional<int64_t>& b) {
      if (a.has_value() != b.has_value()) return a.has_value() ? -1 : 1;
      if (!a || *a == *b) return 0;
      return *a < *b ? -1 : 1;
    };
    std::sort(keyRows.begin(), keyRows.end(), [&](const TestRow& a, const TestRow& b) {
      if (int order = nullsLast(a.time, b.time); order != 0) return order < 0;
      if (a.id != b.id) return a.id < b.id;
      return nullsLast(a.value, b.value) < 0;
    });
    for (size_t i = 0; i < keyRows.size(); ++i) {
      std::vector<std::optional<int64_t>> window;
      const size_t first = i >= static_cast<size_t>(*precedingRows) ? i - static_cast<size_t>(*precedingRows) : 0;
      for (size_t j = first; j <= i; ++j) window.push_back(keyRows[j].value);
      lines.push_back(line(key, average(window)));
    }
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

std::vector<std::string> collected(const connectors::CollectSink& sink) {
  std::vector<std::string> lines;
  for (const RecordBatchPtr& batch : sink.batches()) {
    EXPECT_EQ(batch->numColumns(), 2);
    for (int64_t r = 0; r < batch->numRows(); ++r) {
      std::optional<int64_t> value;
      if (batch->column(1).isValid(r)) value = batch->column(1).value<int64_t>(r);
      lines.push_back(line(batch->column(0).value<int64_t>(r), value));
    }
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

AverageOptions optionsFor(std::optional<int64_t> precedingRows) {
  AverageOptions options;
  options.keyColumn = "key";
  options.valueColumn = "value";
  options.averageOutput = "average";
  options.precedingRows = precedingRows;
  if (precedingRows) options.orderBy = {"time", "id"};
  return options;
}

struct Case {
  runtime::StateBackendKind backend;
  int32_t parallelism;
  std::optional<int64_t> precedingRows;
};

class AveragePerKeyTest : public ::testing::TestWithParam<Case> {};

TEST_P(AveragePerKeyTest, EqualsABruteForceComputation) {
  const Case& test = GetParam();
  std::vector<TestRow> rows = randomRows(3000, 11);
  // A key whose values are all null: its average is null.
  for (int i = 0; i < 5; ++i) rows.push_back(TestRow{99, i, 0, std::nullopt});
  runtime::JobConfig config;
  config.parallelism = test.parallelism;
  config.workerThreads = 2;
  config.stateBackend.kind = test.backend;
  const fs::path directory =
      fs::temp_directory_path() / ("sabot-averages-" + std::string(runtime::stateBackendName(test.backend)) + "-" +
                                   std::to_string(test.parallelism) + "-" +
                                   std::to_string(test.precedingRows.value_or(-1)) + "-" + std::to_string(::getpid()));
  fs::remove_all(directory);
  config.stateBackend.directory = directory.string();
  auto env = api::StreamEnvironment::create(config);
  auto source = connectors::MemorySource::make(inputSchema(), toBatches(rows, 97)).valueOrDie();
  auto sink = std::make_shared<connectors::CollectSink>();
  auto stream =
      averagePerKey(env.fromSource(source, "rows").keyBy({"key"}), optionsFor(test.precedingRows), "averages");
  ASSERT_TRUE(stream.ok()) << stream.status();
  stream->sinkTo(sink);
  auto result = env.execute("averages");
  ASSERT_TRUE(result.ok()) << result.status();
  const std::vector<std::string> expected = bruteForce(rows, test.precedingRows);
  EXPECT_EQ(collected(*sink), expected);
  EXPECT_EQ(expected.size(), test.precedingRows ? rows.size() : 14u);
  fs::remove_all(directory);
}

INSTANTIATE_TEST_SUITE_P(BackendsAndShapes, AveragePerKeyTest,
                         ::testing::Values(Case{runtime::StateBackendKind::kMemory, 1, std::nullopt},
                                           Case{runtime::StateBackendKind::kMemory, 3, std::nullopt},
                                           Case{runtime::StateBackendKind::kMemory, 1, 10},
                                           Case{runtime::StateBackendKind::kMemory, 3, 10},
                                           Case{runtime::StateBackendKind::kMemory, 3, 0},
                                           Case{runtime::StateBackendKind::kRocksDb, 3, std::nullopt},
                                           Case{runtime::StateBackendKind::kRocksDb, 3, 10}),
                         [](const auto& info) {
                           const auto& preceding = info.param.precedingRows;
                           return std::string(runtime::stateBackendName(info.param.backend)) + "_p" +
                                  std::to_string(info.param.parallelism) +
                                  (preceding ? "_preceding" + std::to_string(*preceding) : "_perKey");
                         });

TEST(AveragePerKeyOptionsTest, BadOptionsAreErrorsNamingTheColumn) {
  const auto schema = inputSchema();
  AverageOptions options = optionsFor(std::nullopt);
  options.valueColumn = "label";
  const Status text = AveragePerKeyFunction::outputSchema(options, *schema).status();
  EXPECT_TRUE(text.isTypeError()) << text;
  EXPECT_NE(text.message().find("'label'"), std::string::npos) << text;
  options = optionsFor(std::nullopt);
  options.valueColumn = "missing";
  EXPECT_FALSE(AveragePerKeyFunction::outputSchema(options, *schema).ok());
  options = optionsFor(std::nullopt);
  options.orderBy = {"time"};
  EXPECT_TRUE(AveragePerKeyFunction::outputSchema(options, *schema).status().isInvalid());
  options = optionsFor(-1);
  EXPECT_TRUE(AveragePerKeyFunction::outputSchema(options, *schema).status().isInvalid());
  options = optionsFor(3);
  options.orderBy.clear();
  EXPECT_TRUE(AveragePerKeyFunction::outputSchema(options, *schema).status().isInvalid());
  options = optionsFor(3);
  options.orderBy = {"label"};
  EXPECT_TRUE(AveragePerKeyFunction::outputSchema(options, *schema).status().isTypeError());
  options = optionsFor(std::nullopt);
  options.averageOutput = "key";
  EXPECT_TRUE(AveragePerKeyFunction::outputSchema(options, *schema).status().isInvalid());
  const auto output = AveragePerKeyFunction::outputSchema(optionsFor(10), *schema).valueOrDie();
  ASSERT_EQ(output->numFields(), 2);
  EXPECT_EQ(output->field(0)->name(), "key");
  EXPECT_EQ(output->field(1)->name(), "average");

  // The key column must be one the stream is keyed by.
  auto env = api::StreamEnvironment::create();
  auto source = connectors::MemorySource::make(schema, {}).valueOrDie();
  options = optionsFor(std::nullopt);
  options.keyColumn = "id";
  const Status notKey = averagePerKey(env.fromSource(source, "rows").keyBy({"key"}), options, "averages").status();
  EXPECT_TRUE(notKey.isInvalid()) << notKey;
  EXPECT_NE(notKey.message().find("'id'"), std::string::npos) << notKey;
}

TEST(AveragePerKeyOptionsTest, ASumThatOverflowsIsAnError) {
  columnar::NumericBuilder<int64_t> keys(columnar::int64());
  columnar::NumericBuilder<int64_t> values(columnar::int64());
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(keys.append(1).ok());
    ASSERT_TRUE(values.append(std::numeric_limits<int64_t>::max()).ok());
  }
  const auto schema =
      columnar::schema({columnar::field("key", columnar::int64()), columnar::field("value", columnar::int64())});
  std::vector<columnar::Array> columns;
  columns.push_back(keys.finish().valueOrDie());
  columns.push_back(values.finish().valueOrDie());
  auto batch = columnar::RecordBatch::make(schema, 2, std::move(columns)).valueOrDie();
  runtime::JobConfig config;
  config.parallelism = 1;
  auto env = api::StreamEnvironment::create(config);
  auto source = connectors::MemorySource::make(schema, {batch}).valueOrDie();
  AverageOptions options;
  options.keyColumn = "key";
  options.valueColumn = "value";
  auto stream = averagePerKey(env.fromSource(source, "rows").keyBy({"key"}), options, "averages");
  ASSERT_TRUE(stream.ok()) << stream.status();
  stream->sinkTo(std::make_shared<connectors::CollectSink>());
  const auto result = env.execute("averages");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("overflows int64"), std::string::npos) << result.status();
}

}  // namespace
}  // namespace sabot::cli
