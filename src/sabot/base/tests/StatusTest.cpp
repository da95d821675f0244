#include "sabot/base/Status.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "sabot/base/Result.h"
#include "sabot/base/StrongId.h"

namespace sabot {
namespace {

Result<int> parsePositive(int value) {
  if (value <= 0) return Status::invalid("expected a positive number, got {}", value);
  return value;
}

Result<int> doubled(int value) {
  SABOT_ASSIGN_OR_RAISE(int parsed, parsePositive(value));
  return parsed * 2;
}

Status checkBoth(int a, int b) {
  SABOT_RETURN_NOT_OK(parsePositive(a));
  SABOT_RETURN_NOT_OK_CONTEXT(parsePositive(b), "second argument");
  return Status::OK();
}

TEST(StatusTest, OkIsCheapAndEmpty) {
  Status status;
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kOk);
  EXPECT_EQ(status.toString(), "OK");
}

TEST(StatusTest, FactoriesFormatAndClassify) {
  auto status = Status::corrupt("bad magic at byte {}", 12);
  EXPECT_TRUE(status.isCorrupt());
  EXPECT_TRUE(status.isUserError());
  EXPECT_EQ(status.toString(), "Corrupt data: bad magic at byte 12");
  EXPECT_FALSE(Status::internal("oops").isUserError());
  EXPECT_FALSE(Status::ioError("disk").isUserError());
}

TEST(StatusTest, WithContextPrefixesMessage) {
  auto status = Status::ioError("permission denied").withContext("opening '{}'", "/x");
  EXPECT_EQ(status.message(), "opening '/x': permission denied");
  EXPECT_TRUE(Status::OK().withContext("ignored").ok());
}

TEST(StatusTest, CopyKeepsError) {
  Status original = Status::keyError("no column 'x'");
  Status copy = original;
  EXPECT_EQ(copy, original);
}

TEST(ResultTest, PropagatesValuesAndErrors) {
  EXPECT_EQ(*doubled(4), 8);
  auto failed = doubled(-1);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().message(), "expected a positive number, got -1");
  EXPECT_TRUE(checkBoth(1, 2).ok());
  EXPECT_EQ(checkBoth(1, 0).message(), "second argument: expected a positive number, got 0");
}

TEST(ResultTest, HoldsMoveOnlyValues) {
  Result<std::unique_ptr<std::string>> result = std::make_unique<std::string>("x");
  ASSERT_TRUE(result.ok());
  auto value = std::move(result).valueOrDie();
  EXPECT_EQ(*value, "x");
}

TEST(ResultTest, OkStatusIsRejected) {
  Result<int> result{Status::OK()};
  EXPECT_FALSE(result.ok());
  EXPECT_TRUE(result.status().isInternal());
}

TEST(ResultDeathTest, AccessingErrorValueAborts) {
  Result<int> result{Status::invalid("nope")};
  EXPECT_DEATH((void)result.value(), "nope");
}

struct SubtaskTag {};
struct OperatorTag {};
using SubtaskIndex = StrongId<SubtaskTag, uint32_t>;
using OperatorId = StrongId<OperatorTag, uint32_t>;

TEST(StrongIdTest, DistinctTypesCompareByValue) {
  SubtaskIndex a{3};
  SubtaskIndex b{4};
  EXPECT_LT(a, b);
  EXPECT_EQ(a.value(), 3u);
  static_assert(!std::is_convertible_v<SubtaskIndex, OperatorId>);
  static_assert(!std::is_convertible_v<uint32_t, SubtaskIndex>);
}

}  // namespace
}  // namespace sabot
