#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "sabot/base/Status.h"

// Every error of the SQL layer names where in the user's text it happened, so
// that `--where "price > AND x"` can be fixed without counting characters.

namespace sabot::sql {

/// A 1-based line and column. Columns count UTF-8 code points, not bytes, so
/// they match what an editor or a terminal shows.
struct TextPosition {
  int64_t line = 1;
  int64_t column = 1;
};

/// The position of byte `offset` of `text` (offsets past the end mean the end).
TextPosition positionOf(std::string_view text, size_t offset);

/// "column 9 of \"price > AND x\"" — or "line 2, column 3 of ..." when the text
/// has several lines. Long texts are cut to a window around the position.
std::string describeLocation(std::string_view text, size_t offset);

/// Invalid: "syntax error at <location>: <what>".
Status syntaxError(std::string_view text, size_t offset, std::string_view what);

/// Invalid: "<what> (at <location>)" — for well-formed text with a bad value,
/// such as an integer literal beyond int64.
Status invalidAt(std::string_view text, size_t offset, std::string_view what);

/// Unsupported: "<what> (at <location>)" — for valid SQL that Sabot does not
/// handle yet, such as CASE.
Status unsupportedAt(std::string_view text, size_t offset, std::string_view what);

}  // namespace sabot::sql
