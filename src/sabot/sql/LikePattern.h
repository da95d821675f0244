#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "sabot/base/Result.h"

namespace sabot::sql {

/// What a LIKE pattern asks for, in terms of the string functions compute has.
/// Compute has no general LIKE kernel, so only patterns whose `%` wildcards
/// sit at the ends are accepted.
struct LikeMatch {
  enum class Kind {
    kEquals,      ///< 'abc'   -> equal(s, 'abc')
    kStartsWith,  ///< 'abc%'  -> starts_with(s, 'abc'); '%' alone is starts_with(s, '')
    kEndsWith,    ///< '%abc'  -> ends_with(s, 'abc')
    kContains,    ///< '%abc%' -> contains(s, 'abc')
  };
  Kind kind = Kind::kEquals;
  /// The text to look for, with escapes removed.
  std::string literal;
};

/// Classifies `pattern`. `escape`, from an ESCAPE clause, makes the next
/// character literal ('50\%' ESCAPE '\'); without one there is no escape
/// character, as in standard SQL. Unsupported for `_` wildcards and for `%`
/// between other characters; Invalid for a pattern ending in the escape
/// character. Messages carry no location; the parser adds it.
Result<LikeMatch> classifyLikePattern(std::string_view pattern, std::optional<char> escape);

}  // namespace sabot::sql
