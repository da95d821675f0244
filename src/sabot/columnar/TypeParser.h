#pragma once

#include <string_view>

#include "sabot/base/Result.h"
#include "sabot/columnar/DataType.h"
#include "sabot/columnar/Schema.h"

namespace sabot::columnar {

/// Parses the spelling DataType::toString() produces, plus common aliases:
///   int8..int64, uint8..uint64, float32/float (float64/double), bool/boolean,
///   utf8/string, large_utf8/large_string, binary, large_binary, date32/date,
///   timestamp[ms] / timestamp[us, tz=UTC], decimal128(12, 3) / decimal(12, 3),
///   list<int32> / list<item: int32>, struct<a: int32, b: utf8 not null>,
///   dictionary<values=utf8, indices=int32>.
/// Errors say where in the text parsing stopped.
Result<DataTypePtr> parseDataType(std::string_view text);

/// Parses a schema written as comma-separated fields, "name: type [not null]":
///   "auction: int64 not null, price: float64, ts: timestamp[ms]"
/// Names may be double-quoted to hold spaces, colons or commas.
Result<SchemaPtr> parseSchema(std::string_view text);

}  // namespace sabot::columnar
