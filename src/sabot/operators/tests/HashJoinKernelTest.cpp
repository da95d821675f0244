// The hash join kernel: JoinKeys (type checks), JoinHashTable (build,
// probe, erase) and gatherJoined (take of matched pairs), on exact small
// cases and on random batches checked against a nested loop.

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/operators/join/JoinHashTable.h"
#include "sabot/operators/join/JoinKeys.h"
#include "sabot/operators/join/JoinOutput.h"

namespace sabot::operators {
namespace {

using columnar::Array;
using columnar::RecordBatch;
using columnar::RecordBatchPtr;
using columnar::SchemaPtr;

SchemaPtr schemaOf(std::vector<columnar::FieldPtr> fields) { return columnar::schema(std::move(fields)); }

Array int64s(const std::vector<std::optional<int64_t>>& values) {
  return columnar::makeArray<int64_t>(columnar::int64(), values);
}
Array int32s(const std::vector<std::optional<int32_t>>& values) {
  return columnar::makeArray<int32_t>(columnar::int32(), values);
}
Array doubles(const std::vector<std::optional<double>>& values) {
  return columnar::makeArray<double>(columnar::float64(), values);
}

RecordBatchPtr batchOf(const SchemaPtr& schema, std::vector<Array> columns) {
  return RecordBatch::make(schema, std::move(columns)).valueOrDie();
}

/// The pairs of a probe as "probeRow:batch/row", sorted.
std::vector<std::string> pairsOf(const JoinHashTable& table, const JoinMatches& matches) {
  std::vector<std::string> pairs;
  for (size_t i = 0; i < matches.size(); ++i) {
    pairs.push_back(std::to_string(matches.probeRows[i]) + ":" + std::to_string(table.batchOf(matches.buildRows[i])) +
                    "/" + std::to_string(table.rowInBatch(matches.buildRows[i])));
  }
  std::sort(pairs.begin(), pairs.end());
  return pairs;
}

/// Rows of `columns` as text, one string per row, sorted.
std::vector<std::string> rowsOf(const std::vector<Array>& columns) {
  std::vector<std::string> rows;
  for (int64_t r = 0; r < (columns.empty() ? 0 : columns[0].length()); ++r) {
    std::string text;
    for (size_t c = 0; c < columns.size(); ++c) text += (c ? " " : "") + columns[c].formatValue(r);
    rows.push_back(text);
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

TEST(HashJoinKernelTest, MultiColumnKeysMatchOnlyWhenEveryColumnIsEqual) {
  const SchemaPtr left = schemaOf({columnar::field("a", columnar::int64()), columnar::field("b", columnar::utf8()),
                                   columnar::field("lv", columnar::int64())});
  const SchemaPtr right = schemaOf({columnar::field("x", columnar::int64()), columnar::field("y", columnar::largeUtf8()),
                                    columnar::field("rv", columnar::int64())});
  JoinKeys keys = JoinKeys::make(*left, {"a", "b"}, *right, {"x", "y"}).valueOrDie();
  JoinHashTable table(keys, JoinSide::kRight);
  // Two build batches; rows 1/1 and 0/2 have a null key column.
  ASSERT_TRUE(table
                  .append(batchOf(right, {int64s({1, 1, 2}), columnar::makeStringArray({"p", "q", "p"}, columnar::largeUtf8()),
                                          int64s({10, 11, 12})}))
                  .ok());
  ASSERT_TRUE(table
                  .append(batchOf(right, {int64s({1, std::nullopt, 2}),
                                          columnar::makeStringArray({"p", "p", std::nullopt}, columnar::largeUtf8()),
                                          int64s({13, 14, 15})}))
                  .ok());
  EXPECT_EQ(table.numRows(), 6);
  EXPECT_EQ(table.numLiveRows(), 4) << "null keys are never live";

  const RecordBatchPtr probe = batchOf(left, {int64s({1, 2, 1, 2, std::nullopt, 3}),
                                              columnar::makeStringArray({"p", "p", "q", "q", "p", "p"}),
                                              int64s({100, 101, 102, 103, 104, 105})});
  JoinMatches matches;
  ASSERT_TRUE(table.probe(*probe, matches).ok());
  // (1, p) matches 0/0 and 1/0; (2, p) 0/2; (1, q) 0/1; (2, q), null and (3, p) nothing.
  EXPECT_EQ(pairsOf(table, matches), (std::vector<std::string>{"0:0/0", "0:1/0", "1:0/2", "2:0/1"}));

  const auto columns = gatherJoined(*probe, table, matches).valueOrDie();
  ASSERT_EQ(columns.size(), 6u) << "left columns, then right columns";
  EXPECT_EQ(rowsOf(columns), (std::vector<std::string>{"1 p 100 1 p 10", "1 p 100 1 p 13", "1 q 102 1 q 11",
                                                       "2 p 101 2 p 12"}));
}

TEST(HashJoinKernelTest, ErasedRowsNoLongerMatch) {
  const SchemaPtr schema = schemaOf({columnar::field("k", columnar::int64())});
  JoinKeys keys = JoinKeys::make(*schema, {"k"}, *schema, {"k"}).valueOrDie();
  JoinHashTable table(keys, JoinSide::kLeft);
  ASSERT_TRUE(table.append(batchOf(schema, {int64s({7, 7, 8})})).ok());
  table.erase(0);
  table.erase(0);  // twice is harmless
  EXPECT_EQ(table.numLiveRows(), 2);
  JoinMatches matches;
  ASSERT_TRUE(table.probe(*batchOf(schema, {int64s({7, 8})}), matches).ok());
  EXPECT_EQ(pairsOf(table, matches), (std::vector<std::string>{"0:0/1", "1:0/2"}));
}

TEST(HashJoinKernelTest, FloatKeysCompareLikeTheirHash) {
  const SchemaPtr schema = schemaOf({columnar::field("f", columnar::float64())});
  JoinKeys keys = JoinKeys::make(*schema, {"f"}, *schema, {"f"}).valueOrDie();
  JoinHashTable table(keys, JoinSide::kRight);
  ASSERT_TRUE(table.append(batchOf(schema, {doubles({0.0, std::nan(""), 1.5})})).ok());
  JoinMatches matches;
  ASSERT_TRUE(table.probe(*batchOf(schema, {doubles({-0.0, std::nan(""), 2.5})}), matches).ok());
  EXPECT_EQ(pairsOf(table, matches), (std::vector<std::string>{"0:0/0", "1:0/1"}));
}

TEST(HashJoinKernelTest, MismatchedKeyTypesAreRejectedNamingBothColumns) {
  const SchemaPtr left = schemaOf({columnar::field("id", columnar::int32())});
  const SchemaPtr right = schemaOf({columnar::field("ref", columnar::int64()),
                                    columnar::field("at", columnar::timestamp(columnar::TimeUnit::kMicro))});
  const Status widths = JoinKeys::make(*left, {"id"}, *right, {"ref"}).status();
  EXPECT_TRUE(widths.isTypeError()) << widths;
  EXPECT_NE(widths.message().find("left column 'id' is int32 but right column 'ref' is int64"), std::string::npos)
      << widths;
  const SchemaPtr millis = schemaOf({columnar::field("at", columnar::timestamp(columnar::TimeUnit::kMilli, "UTC"))});
  const Status units = JoinKeys::make(*millis, {"at"}, *right, {"at"}).status();
  EXPECT_TRUE(units.isTypeError()) << units;
  EXPECT_TRUE(JoinKeys::make(*millis, {"at"}, *millis, {"at"}).ok());
  const Status count = JoinKeys::make(*left, {"id"}, *right, {"ref", "at"}).status();
  EXPECT_NE(count.message().find("keyed by 1 columns (id) but the right side by 2"), std::string::npos) << count;
  const Status missing = JoinKeys::make(*left, {"nope"}, *right, {"ref"}).status();
  EXPECT_TRUE(missing.isKeyError()) << missing;
  const SchemaPtr nested = schemaOf({columnar::field("l", columnar::list(columnar::int64()))});
  const Status listKey = JoinKeys::make(*nested, {"l"}, *nested, {"l"}).status();
  EXPECT_TRUE(listKey.isTypeError()) << listKey;
  EXPECT_NE(listKey.message().find("left join key 'l'"), std::string::npos) << listKey;
}

TEST(HashJoinKernelTest, ABatchWithoutTheKeyColumnsIsAnError) {
  const SchemaPtr schema = schemaOf({columnar::field("k", columnar::int64())});
  const SchemaPtr other = schemaOf({columnar::field("z", columnar::int64())});
  JoinKeys keys = JoinKeys::make(*schema, {"k"}, *schema, {"k"}).valueOrDie();
  JoinHashTable table(keys, JoinSide::kRight);
  const Status status = table.append(batchOf(other, {int64s({1})}));
  EXPECT_TRUE(status.isInvalid()) << status;
  EXPECT_NE(status.message().find("no right join key column 'k'"), std::string::npos) << status;
}

TEST(HashJoinKernelTest, OutputNamesClashingRightColumnsWithAPrefix) {
  const SchemaPtr left = schemaOf({columnar::field("id", columnar::int64()), columnar::field("v", columnar::int64())});
  const SchemaPtr right = schemaOf({columnar::field("id", columnar::int64()), columnar::field("w", columnar::int64())});
  const SchemaPtr joined = joinedSchema(*left, *right).valueOrDie();
  EXPECT_EQ(joined->toString(), schemaOf({columnar::field("id", columnar::int64()), columnar::field("v", columnar::int64()),
                                          columnar::field("right_id", columnar::int64()),
                                          columnar::field("w", columnar::int64())})
                                    ->toString());
  const SchemaPtr taken = schemaOf({columnar::field("id", columnar::int64()), columnar::field("right_id", columnar::int64())});
  const Status clash = joinedSchema(*taken, *right).status();
  EXPECT_NE(clash.message().find("two columns called 'right_id'"), std::string::npos) << clash;
}

TEST(HashJoinKernelTest, RandomBatchesMatchANestedLoop) {
  std::mt19937_64 random(7);
  const SchemaPtr left = schemaOf({columnar::field("a", columnar::int32()), columnar::field("b", columnar::utf8()),
                                   columnar::field("lv", columnar::int64())});
  const SchemaPtr right = schemaOf({columnar::field("a", columnar::int32()), columnar::field("b", columnar::utf8()),
                                    columnar::field("rv", columnar::int64())});
  JoinKeys keys = JoinKeys::make(*left, {"a", "b"}, *right, {"a", "b"}).valueOrDie();
  auto randomBatch = [&](const SchemaPtr& schema, int64_t rows, int64_t base) {
    std::vector<std::optional<int32_t>> a;
    std::vector<std::optional<std::string>> b;
    std::vector<std::optional<int64_t>> v;
    for (int64_t i = 0; i < rows; ++i) {
      a.push_back(random() % 50 == 0 ? std::nullopt : std::optional<int32_t>(static_cast<int32_t>(random() % 40)));
      b.push_back(random() % 50 == 0 ? std::nullopt : std::optional<std::string>("s" + std::to_string(random() % 3)));
      v.push_back(base + i);
    }
    return batchOf(schema, {int32s(a), columnar::makeStringArray(b), int64s(v)});
  };
  for (JoinSide buildSide : {JoinSide::kLeft, JoinSide::kRight}) {
    JoinHashTable table(keys, buildSide);
    const SchemaPtr buildSchema = buildSide == JoinSide::kLeft ? left : right;
    const SchemaPtr probeSchema = buildSide == JoinSide::kLeft ? right : left;
    std::vector<RecordBatchPtr> builds;
    for (int b = 0; b < 5; ++b) {
      builds.push_back(randomBatch(buildSchema, 700, b * 1000));  // 3500 rows: the table grows past 1024 buckets
      ASSERT_TRUE(table.append(builds.back()).ok());
    }
    const RecordBatchPtr probe = randomBatch(probeSchema, 900, 100'000);
    JoinMatches matches;
    ASSERT_TRUE(table.probe(*probe, matches).ok());
    const auto columns = gatherJoined(*probe, table, matches).valueOrDie();

    std::vector<std::string> expected;
    for (const RecordBatchPtr& build : builds) {
      for (int64_t p = 0; p < probe->numRows(); ++p) {
        for (int64_t r = 0; r < build->numRows(); ++r) {
          bool equal = true;
          for (int c = 0; c < 2; ++c) {
            const Array& x = probe->column(c);
            const Array& y = build->column(c);
            equal = equal && x.isValid(p) && y.isValid(r) && x.formatValue(p) == y.formatValue(r);
          }
          if (!equal) continue;
          const RecordBatch& l = buildSide == JoinSide::kLeft ? *build : *probe;
          const RecordBatch& rr = buildSide == JoinSide::kLeft ? *probe : *build;
          const int64_t lr = buildSide == JoinSide::kLeft ? r : p;
          const int64_t rrow = buildSide == JoinSide::kLeft ? p : r;
          expected.push_back(l.column(0).formatValue(lr) + " " + l.column(1).formatValue(lr) + " " +
                             l.column(2).formatValue(lr) + " " + rr.column(0).formatValue(rrow) + " " +
                             rr.column(1).formatValue(rrow) + " " + rr.column(2).formatValue(rrow));
        }
      }
    }
    std::sort(expected.begin(), expected.end());
    EXPECT_GT(expected.size(), 1000u) << "the test needs many matches";
    EXPECT_EQ(rowsOf(columns), expected) << "build side " << sideName(buildSide);
  }
}

}  // namespace
}  // namespace sabot::operators
