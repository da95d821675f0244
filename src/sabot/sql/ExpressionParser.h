#pragma once

#include <string_view>
#include <vector>

#include "sabot/base/Result.h"
#include "sabot/columnar/Schema.h"
#include "sabot/compute/Expression.h"

// SQL text -> compute::Expression trees. The grammar, operators, functions
// and type names are described for users in docs/sql-expressions.md.
//
//   SABOT_ASSIGN_OR_RAISE(auto where, sql::parseExpression("price > 100 AND category IN (10,
//   12)")); SABOT_ASSIGN_OR_RAISE(auto select, sql::parseSelectList("auction, price * 0.908 AS
//   euros", *schema));
//
// Parsing checks syntax only: column and function names and types are
// checked when the result is bound (compute::bind, compute::Projection).

namespace sabot::sql {

/// Parses one SQL scalar expression, e.g. "price > 100 AND category IN (10, 12)".
///
/// Column names are case-sensitive (they must match the schema exactly);
/// keywords and unquoted function names are not. Errors name the 1-based
/// column: Invalid for syntax errors (`syntax error at column 9 of "price >
/// AND x": expected an expression, found AND`), Unsupported for SQL that Sabot
/// does not handle yet (CASE, ||, LIKE '_', subqueries).
Result<compute::Expression> parseExpression(std::string_view text);

/// Parses a comma-separated select list, e.g. "*, price * 0.908 AS euros".
///
/// Items are `expr`, `expr AS name`, `expr name` or `*`, which expands to
/// every column of `inputSchema` in order. Each returned expression carries
/// its output name: a bare column keeps its column name, an alias names its
/// item, and a computed item without an alias is named by its text as
/// written ("price * 2"), with runs of whitespace and comments collapsed to
/// one space. Two items with the same output name are an Invalid error.
Result<std::vector<compute::Expression>> parseSelectList(std::string_view text,
                                                         const columnar::Schema& inputSchema);

}  // namespace sabot::sql
