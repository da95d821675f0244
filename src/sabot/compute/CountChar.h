#pragma once

#include <string_view>

#include "sabot/base/Result.h"
#include "sabot/compute/FunctionRegistry.h"
#include "sabot/compute/Scalar.h"

namespace sabot::compute {

/// Nexmark's count_char(s, c) user function (q14): how often the character
/// `character` (one code point, given as a string of it) occurs in each
/// value, as int64. Null where s is null; a `character` that is not exactly
/// one UTF-8 code point is Invalid.
Result<Array> countChar(const Array& strings, std::string_view character,
                        MemoryPool* pool = MemoryPool::defaultPool());

/// Registers "count_char" (called by registerBuiltinFunctions).
Status registerCountChar(FunctionRegistry& registry);

}  // namespace sabot::compute
