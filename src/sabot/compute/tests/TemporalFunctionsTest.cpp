#include "sabot/compute/TemporalFunctions.h"

#include <gtest/gtest.h>

#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/compute/Expression.h"
#include "sabot/compute/tests/ArrayMatchers.h"

namespace sabot::compute {
namespace {

using columnar::makeArray;
using columnar::makeStringArray;
using columnar::TimeUnit;
using testing::expectArrayEquals;

constexpr auto N = std::nullopt;

// 2015-07-15 00:00:00 UTC, Nexmark's base time.
constexpr int64_t kBase = 1'436'918'400'000;

Array millis(const std::vector<std::optional<int64_t>>& values) {
  return makeArray<int64_t>(columnar::timestamp(TimeUnit::kMilli), values);
}

TEST(TemporalFunctionsTest, HourOfDayIsUtc) {
  const int64_t hour = 3'600'000;
  expectArrayEquals(*hourOfDay(millis({kBase, kBase + 8 * hour + 59 * 60'000, N, kBase + 23 * hour + 3'599'999,
                                       kBase + 24 * hour})),
                    makeArray<int64_t>(columnar::int64(), {0, 8, N, 23, 0}));
  // Before 1970: 1969-12-31 23:00 is hour 23, not -1.
  expectArrayEquals(*hourOfDay(millis({-hour, -1})), makeArray<int64_t>(columnar::int64(), {23, 23}));
  // Other units.
  expectArrayEquals(*hourOfDay(makeArray<int64_t>(columnar::timestamp(TimeUnit::kSecond), {7 * 3600 + 5})),
                    makeArray<int64_t>(columnar::int64(), {7}));
  expectArrayEquals(*hourOfDay(millis({kBase + 5 * hour, kBase + 6 * hour}).slice(1)),
                    makeArray<int64_t>(columnar::int64(), {6}));
  EXPECT_EQ(hourOfDay(makeStringArray({"x"})).status().code(), StatusCode::kTypeError);
}

TEST(TemporalFunctionsTest, FormatsFlinkPatterns) {
  const Array times = millis({kBase + 13 * 3'600'000 + 7 * 60'000 + 9'042, N, -1});
  expectArrayEquals(*formatTimestamps(times, "yyyy-MM-dd"), makeStringArray({"2015-07-15", N, "1969-12-31"}));
  expectArrayEquals(*formatTimestamps(times, "HH:mm"), makeStringArray({"13:07", N, "23:59"}));
  expectArrayEquals(*formatTimestamps(times, "yy/MM/dd HH:mm:ss.SSS"),
                    makeStringArray({"15/07/15 13:07:09.042", N, "69/12/31 23:59:59.999"}));
  // Quoted text and doubled quotes.
  expectArrayEquals(*formatTimestamps(times.slice(0, 1), "'day' dd 'o''clock' HH''"),
                    makeStringArray({"day 15 o'clock 13'"}));
  // Microseconds are cut to milliseconds.
  expectArrayEquals(*formatTimestamps(makeArray<int64_t>(columnar::timestamp(TimeUnit::kMicro), {1'999'999}),
                                      "ss.SSS"),
                    makeStringArray({"01.999"}));
}

TEST(TemporalFunctionsTest, RejectsUnsupportedPatterns) {
  for (const char* pattern : {"yyyy-QQ", "yyy", "M", "'open", "hh:mm"}) {
    auto result = TimestampPattern::parse(pattern);
    ASSERT_FALSE(result.ok()) << pattern;
    EXPECT_EQ(result.status().code(), StatusCode::kInvalid) << pattern;
    EXPECT_NE(result.status().message().find(pattern), std::string::npos) << result.status().toString();
  }
}

TEST(TemporalFunctionsTest, RegisteredAndCheckedAtBind) {
  auto schema = columnar::schema({columnar::field("ts", columnar::timestamp(TimeUnit::kMilli)),
                                  columnar::field("name", columnar::utf8())});
  auto batch = *columnar::RecordBatch::make(schema, {millis({kBase + 20 * 3'600'000}), makeStringArray({"a"})});
  auto hour = bind(call("hour", {col("ts")}), *schema);
  ASSERT_TRUE(hour.ok()) << hour.status().toString();
  expectArrayEquals(*evaluate(*hour, *batch), makeArray<int64_t>(columnar::int64(), {20}));
  auto day = bind(call("date_format", {col("ts"), lit("yyyy-MM-dd HH:mm")}), *schema);
  ASSERT_TRUE(day.ok()) << day.status().toString();
  expectArrayEquals(*evaluate(*day, *batch), makeStringArray({"2015-07-15 20:00"}));

  EXPECT_EQ(bind(call("hour", {col("name")}), *schema).status().code(), StatusCode::kTypeError);
  EXPECT_EQ(bind(call("date_format", {col("ts"), col("name")}), *schema).status().code(), StatusCode::kTypeError);
  EXPECT_EQ(bind(call("date_format", {col("ts"), lit("yyyy-QQ")}), *schema).status().code(), StatusCode::kInvalid);
}

}  // namespace
}  // namespace sabot::compute
