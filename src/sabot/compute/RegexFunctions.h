#pragma once

#include <cstdint>
#include <string_view>

#include "sabot/base/Result.h"
#include "sabot/compute/FunctionRegistry.h"
#include "sabot/compute/Scalar.h"

// Regular expressions over utf8 and large_utf8 arrays, in the ECMAScript
// grammar of std::regex (for the patterns queries use, such as
// '(&|^)channel_id=([^&]*)', the same as Java's, which Flink uses). Patterns
// are compiled once per call, i.e. once per batch.

namespace sabot::compute {

/// Flink's REGEXP_EXTRACT(s, pattern, group): capture group `group` (0 = the
/// whole match) of the first match of `pattern` in each value. Null where s
/// is null, where the pattern does not match, and where the group did not
/// take part in the match (Java's Matcher.group() returning null). A pattern
/// that does not compile, a negative group or one past the pattern's groups
/// is Invalid.
Result<Array> regexpExtract(const Array& strings, std::string_view pattern, int64_t group = 0,
                            MemoryPool* pool = MemoryPool::defaultPool());

/// Registers "regexp_extract" (called by registerBuiltinFunctions).
Status registerRegexFunctions(FunctionRegistry& registry);

}  // namespace sabot::compute
