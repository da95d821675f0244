#pragma once

// Sabot's side of the canonical JSON dump of Arrow data documented at the top
// of canonical.mjs: for the same data both sides produce the same bytes, so
// interop checks are byte comparisons.

#include <string>
#include <vector>

#include "sabot/base/Result.h"
#include "sabot/columnar/RecordBatch.h"

namespace sabot::interop {

/// ECMAScript Number.prototype.toString of a finite, non-zero double.
std::string formatJsNumber(double value);

/// JSON.stringify of a string (UTF-8 in, UTF-8 out).
std::string jsonString(std::string_view text);

/// Canonical type name ("timestamp[ms, tz=UTC]", "struct<a: int32>", ...);
/// Unsupported for types the format has no encoding for.
Result<std::string> canonicalTypeName(const columnar::DataType& type);

/// The whole dump, ending with "\n".
Result<std::string> canonicalJson(const columnar::Schema& schema,
                                  const std::vector<columnar::RecordBatchPtr>& batches);

}  // namespace sabot::interop
