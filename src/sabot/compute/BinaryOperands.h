#pragma once

#include <functional>
#include <string_view>

#include "sabot/base/Result.h"
#include "sabot/compute/Datum.h"

// Shared preparation of the two operands of a binary kernel (comparison,
// arithmetic): scalar/scalar pairs become one-row arrays, array lengths are
// checked, a scalar adapts to the array's type when exact (TypeRules.h), and
// both sides are cast to the common type. Kernels then only see operands of
// one physical type, at least one of them an array.

namespace sabot::compute {

struct BinaryOperands {
  Datum left;
  Datum right;
  DataTypePtr type;  ///< the common type of both
  int64_t length = 0;
};

using CommonTypeRule = Result<DataTypePtr> (*)(const DataTypePtr&, const DataTypePtr&);

/// `verb` and `joiner` phrase the type error: "cannot {verb} int64 {joiner} utf8".
Result<BinaryOperands> prepareBinaryOperands(const Datum& left, const Datum& right,
                                             CommonTypeRule resolve, std::string_view verb,
                                             std::string_view joiner, MemoryPool* pool);

}  // namespace sabot::compute
