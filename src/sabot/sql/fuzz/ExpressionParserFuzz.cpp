// Fuzzes the SQL expression parser: the bytes are parsed as an expression and
// as a select list. Besides not crashing (or overflowing the stack), it checks
// that every error is a user error that says where it happened, that parsing
// is deterministic, and that whatever parses can go through bind() and
// evaluate() against a small batch without crashing.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/compute/Expression.h"
#include "sabot/sql/ExpressionParser.h"

namespace {

using namespace sabot;

void require(bool condition, const char* what, std::string_view input) {
  if (condition) return;
  std::fprintf(stderr, "ExpressionParserFuzz: %s\ninput: %.*s\n", what,
               static_cast<int>(input.size()), input.data());
  std::abort();
}

const columnar::RecordBatch& sampleBatch() {
  static const columnar::RecordBatchPtr kBatch = [] {
    auto schema = columnar::schema({
        columnar::field("a", columnar::int64()),
        columnar::field("b", columnar::int32()),
        columnar::field("price", columnar::float64()),
        columnar::field("name", columnar::utf8()),
        columnar::field("flag", columnar::boolean()),
        columnar::field("ts", columnar::timestamp(columnar::TimeUnit::kMilli)),
        columnar::field("day", columnar::date32()),
    });
    return columnar::RecordBatch::make(
               schema,
               {columnar::makeArray<int64_t>(columnar::int64(),
                                             {1, -2, std::nullopt, 9223372036854775807}),
                columnar::makeArray<int32_t>(columnar::int32(), {0, 5, 7, std::nullopt}),
                columnar::makeArray<double>(columnar::float64(), {1.5, std::nullopt, -0.0, 1e300}),
                columnar::makeStringArray({"abc", "", std::nullopt, "x%y"}),
                columnar::makeBoolArray({true, false, std::nullopt, true}),
                columnar::makeArray<int64_t>(columnar::timestamp(columnar::TimeUnit::kMilli),
                                             {0, 1000, std::nullopt, -86400000}),
                columnar::makeArray<int32_t>(columnar::date32(), {0, 16631, std::nullopt, -1})})
        .valueOrDie();
  }();
  return *kBatch;
}

void checkError(const Status& status, std::string_view input) {
  require(status.isUserError(), "a parse error is not a user error", input);
  require(status.code() == StatusCode::kInvalid || status.code() == StatusCode::kUnsupported,
          "a parse error is neither Invalid nor Unsupported", input);
  require(status.message().find("column ") != std::string::npos,
          "a parse error does not name its column", input);
}

/// bind() and evaluate() may fail (unknown names, types, overflow) but must
/// not crash on anything the parser produces.
void bindAndEvaluate(const compute::Expression& expression) {
  const columnar::RecordBatch& batch = sampleBatch();
  auto bound = compute::bind(expression, *batch.schema());
  if (!bound.ok()) return;
  auto result = compute::evaluate(*bound, batch);
  if (result.ok()) {
    require(result->length() == batch.numRows(), "evaluate() returned the wrong number of rows",
            "");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  auto expression = sql::parseExpression(input);
  if (expression.ok()) {
    auto again = sql::parseExpression(input);
    require(again.ok() && again->equals(*expression), "parsing the same text twice differs", input);
    (void)expression->toString();
    bindAndEvaluate(*expression);
  } else {
    checkError(expression.status(), input);
  }

  auto items = sql::parseSelectList(input, *sampleBatch().schema());
  if (items.ok()) {
    require(!items->empty(), "a select list parsed to no items", input);
    auto projection = compute::Projection::make(*items, *sampleBatch().schema());
    if (projection.ok()) (void)projection->project(sampleBatch());
  } else {
    checkError(items.status(), input);
  }
  return 0;
}
