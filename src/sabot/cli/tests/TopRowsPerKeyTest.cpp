// TopRowsPerKeyFunction (q18, q19): per key the first N rows of an order,
// in keyed state, emitted at the end of input. Random rows with many ties
// and nulls run at parallelism 1 and 3 on both state backends and must equal
// a brute-force sort of each key's rows by the same total order.

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <random>

#include "sabot/api/StreamEnvironment.h"
#include "sabot/cli/TopRowsPerKey.h"
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
                           columnar::field("value", columnar::int64()), columnar::field("label", columnar::utf8()),
                           columnar::field("flag", columnar::boolean())});
}

/// One input row as plain values; nullopt is null.
struct TestRow {
  int64_t key = 0;
  int64_t time = 0;
  std::optional<int64_t> value;
  std::optional<std::string> label;
  bool flag = false;
};

/// Few keys and few distinct values: most rows tie on `value` with others
/// of their key, and some are identical.
std::vector<TestRow> randomRows(int64_t count, uint32_t seed) {
  std::mt19937 random(seed);
  const std::vector<std::optional<std::string>> labels = {"a", "b", "ab", "", std::nullopt};
  std::vector<TestRow> rows;
  for (int64_t i = 0; i < count; ++i) {
    TestRow row;
    row.key = static_cast<int64_t>(random() % 17);
    row.time = static_cast<int64_t>(random() % 4);
    if (random() % 9 != 0) row.value = static_cast<int64_t>(random() % 5);
    row.label = labels[random() % labels.size()];
    row.flag = random() % 2 == 0;
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<RecordBatchPtr> toBatches(const std::vector<TestRow>& rows, size_t batchRows) {
  std::vector<RecordBatchPtr> batches;
  for (size_t start = 0; start < rows.size(); start += batchRows) {
    const size_t end = std::min(rows.size(), start + batchRows);
    columnar::NumericBuilder<int64_t> keys(columnar::int64());
    columnar::NumericBuilder<int64_t> times(columnar::timestamp(columnar::TimeUnit::kMilli));
    columnar::NumericBuilder<int64_t> values(columnar::int64());
    columnar::StringBuilder labels(columnar::utf8());
    columnar::BooleanBuilder flags;
    for (size_t i = start; i < end; ++i) {
      const TestRow& row = rows[i];
      EXPECT_TRUE(keys.append(row.key).ok());
      EXPECT_TRUE(times.append(row.time).ok());
      EXPECT_TRUE((row.value ? values.append(*row.value) : values.appendNull()).ok());
      EXPECT_TRUE((row.label ? labels.append(*row.label) : labels.appendNull()).ok());
      EXPECT_TRUE(flags.append(row.flag).ok());
    }
    std::vector<columnar::Array> columns;
    columns.push_back(keys.finish().valueOrDie());
    columns.push_back(times.finish().valueOrDie());
    columns.push_back(values.finish().valueOrDie());
    columns.push_back(labels.finish().valueOrDie());
    columns.push_back(flags.finish().valueOrDie());
    batches.push_back(
        columnar::RecordBatch::make(inputSchema(), static_cast<int64_t>(end - start), std::move(columns)).valueOrDie());
  }
  return batches;
}

std::string line(const TestRow& row, int64_t rank) {
  std::string text = std::to_string(row.key) + "|" + std::to_string(row.time) + "|" +
                     (row.value ? std::to_string(*row.value) : "null") + "|" +
                     (row.label ? "'" + *row.label + "'" : "null") + "|" + (row.flag ? "true" : "false");
  if (rank > 0) text += "|" + std::to_string(rank);
  return text;
}

/// ORDER BY value DESC, then key, time, label, flag ascending; nulls last.
bool ranksBefore(const TestRow& a, const TestRow& b) {
  const auto nullsLast = [](const auto& x, const auto& y, bool descending) {
    if (x.has_value() != y.has_value()) return x.has_value() ? -1 : 1;
    if (!x.has_value() || *x == *y) return 0;
    const bool less = *x < *y;
    return (less != descending) ? -1 : 1;
  };
  if (int order = nullsLast(a.value, b.value, true); order != 0) return order < 0;
  if (a.key != b.key) return a.key < b.key;
  if (a.time != b.time) return a.time < b.time;
  if (int order = nullsLast(a.label, b.label, false); order != 0) return order < 0;
  return a.flag < b.flag;
}

std::vector<std::string> bruteForce(const std::vector<TestRow>& rows, size_t limit, bool withRank) {
  std::map<int64_t, std::vector<TestRow>> byKey;
  for (const TestRow& row : rows) byKey[row.key].push_back(row);
  std::vector<std::string> lines;
  for (auto& [key, keyRows] : byKey) {
    std::sort(keyRows.begin(), keyRows.end(), ranksBefore);
    for (size_t rank = 0; rank < std::min(limit, keyRows.size()); ++rank) {
      lines.push_back(line(keyRows[rank], withRank ? static_cast<int64_t>(rank) + 1 : 0));
    }
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

std::vector<std::string> collected(const connectors::CollectSink& sink, bool withRank) {
  std::vector<std::string> lines;
  for (const RecordBatchPtr& batch : sink.batches()) {
    for (int64_t r = 0; r < batch->numRows(); ++r) {
      TestRow row;
      row.key = batch->column(0).value<int64_t>(r);
      row.time = batch->column(1).value<int64_t>(r);
      if (batch->column(2).isValid(r)) row.value = batch->column(2).value<int64_t>(r);
      if (batch->column(3).isValid(r)) row.label = std::string(RowCodec::textAt(batch->column(3), r));
      row.flag = batch->column(4).boolValue(r);
      lines.push_back(line(row, withRank ? batch->column(5).value<int64_t>(r) : 0));
    }
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

TopRowsOptions optionsFor(int64_t limit, bool withRank) {
  TopRowsOptions options;
  options.rowColumns = {"key", "time", "value", "label", "flag"};
  options.orderBy = {{"value", /*descending=*/true}};
  options.limit = limit;
  if (withRank) options.rankColumn = "rank";
  return options;
}

struct Case {
  runtime::StateBackendKind backend;
  int32_t parallelism;
  int64_t limit;
  bool withRank;
};

class TopRowsPerKeyTest : public ::testing::TestWithParam<Case> {};

TEST_P(TopRowsPerKeyTest, EqualsABruteForceSortWithTheWholeRowAsTieBreak) {
  const Case& test = GetParam();
  const std::vector<TestRow> rows = randomRows(3000, 7);
  runtime::JobConfig config;
  config.parallelism = test.parallelism;
  config.workerThreads = 2;
  config.stateBackend.kind = test.backend;
  const fs::path directory =
      fs::temp_directory_path() /
      ("sabot-top-rows-" + std::string(runtime::stateBackendName(test.backend)) + "-" +
       std::to_string(test.parallelism) + "-" + std::to_string(test.limit) + "-" + std::to_string(::getpid()));
  fs::remove_all(directory);
  config.stateBackend.directory = directory.string();
  auto env = api::StreamEnvironment::create(config);
  auto source = connectors::MemorySource::make(inputSchema(), toBatches(rows, 97)).valueOrDie();
  auto sink = std::make_shared<connectors::CollectSink>();
  auto stream =
      topRowsPerKey(env.fromSource(source, "rows").keyBy({"key"}), optionsFor(test.limit, test.withRank), "top rows");
  ASSERT_TRUE(stream.ok()) << stream.status();
  stream->sinkTo(sink);
  auto result = env.execute("top rows");
  ASSERT_TRUE(result.ok()) << result.status();
  const std::vector<std::string> expected = bruteForce(rows, static_cast<size_t>(test.limit), test.withRank);
  EXPECT_EQ(collected(*sink, test.withRank), expected);
  EXPECT_GT(expected.size(), 17u * static_cast<size_t>(test.limit) - 17u);
  fs::remove_all(directory);
}

INSTANTIATE_TEST_SUITE_P(BackendsAndLimits, TopRowsPerKeyTest,
                         ::testing::Values(Case{runtime::StateBackendKind::kMemory, 1, 1, false},
                                           Case{runtime::StateBackendKind::kMemory, 3, 1, false},
                                           Case{runtime::StateBackendKind::kMemory, 1, 10, true},
                                           Case{runtime::StateBackendKind::kMemory, 3, 10, true},
                                           Case{runtime::StateBackendKind::kRocksDb, 3, 1, false},
                                           Case{runtime::StateBackendKind::kRocksDb, 3, 10, true}),
                         [](const auto& info) {
                           return std::string(runtime::stateBackendName(info.param.backend)) + "_p" +
                                  std::to_string(info.param.parallelism) + "_limit" + std::to_string(info.param.limit);
                         });

TEST(TopRowsPerKeyOptionsTest, BadOptionsAreErrorsNamingTheColumn) {
  const auto schema = inputSchema();
  TopRowsOptions options = optionsFor(0, false);
  EXPECT_TRUE(TopRowsPerKeyFunction::outputSchema(options, *schema).status().isInvalid());
  options = optionsFor(3, false);
  options.orderBy = {{"price", true}};
  const Status notKept = TopRowsPerKeyFunction::outputSchema(options, *schema).status();
  EXPECT_TRUE(notKept.isInvalid());
  EXPECT_NE(notKept.message().find("'price'"), std::string::npos) << notKept;
  options = optionsFor(3, true);
  options.rankColumn = "value";
  EXPECT_NE(TopRowsPerKeyFunction::outputSchema(options, *schema).status().message().find("rank column 'value'"),
            std::string::npos);
  options = optionsFor(3, false);
  options.rowColumns.push_back("missing");
  EXPECT_FALSE(TopRowsPerKeyFunction::outputSchema(options, *schema).ok());
  const auto output = TopRowsPerKeyFunction::outputSchema(optionsFor(3, true), *schema).valueOrDie();
  EXPECT_EQ(output->numFields(), 6);
  EXPECT_EQ(output->field(5)->name(), "rank");
}

}  // namespace
}  // namespace sabot::cli
