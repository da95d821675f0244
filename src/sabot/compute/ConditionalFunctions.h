#pragma once

#include <vector>

#include "sabot/base/Result.h"
#include "sabot/compute/Datum.h"
#include "sabot/compute/FunctionRegistry.h"

namespace sabot::compute {

/// SQL's searched CASE: `arguments` are condition, value pairs, optionally
/// followed by one more argument, the ELSE value:
///
///   case_when(c1, v1, c2, v2, e)  =  CASE WHEN c1 THEN v1 WHEN c2 THEN v2 ELSE e END
///
/// Row by row, the value of the first condition that is true (a null
/// condition counts as false); the ELSE value when none is, or null without
/// an ELSE. Conditions are bool, values all of one type `type` (arrays or
/// scalars; at least one argument is an array, all arrays equally long).
/// Every value is evaluated on every row (no short-circuit).
Result<Array> caseWhen(const std::vector<Datum>& arguments, const DataTypePtr& type,
                       MemoryPool* pool = MemoryPool::defaultPool());

/// Registers "case_when" (called by registerBuiltinFunctions).
Status registerConditionalFunctions(FunctionRegistry& registry);

}  // namespace sabot::compute
