#pragma once

#include <string_view>

#include "sabot/base/Result.h"
#include "sabot/columnar/DataType.h"

namespace sabot::sql {

/// Parses a type as written in SQL (CAST(x AS type)), in any case:
///   - the SQL names: BIGINT -> int64, INT / INTEGER -> int32, SMALLINT -> int16,
///     TINYINT -> int8, DOUBLE / DOUBLE PRECISION -> float64, REAL / FLOAT ->
///     float32, VARCHAR / VARCHAR(n) / STRING / TEXT -> utf8 (the length is
///     ignored), BOOLEAN / BOOL -> bool, DATE -> date32, TIMESTAMP -> timestamp[ms],
///     TIMESTAMPTZ / TIMESTAMP WITH TIME ZONE -> timestamp[ms, tz=UTC],
///     BLOB / BYTEA / VARBINARY -> binary, NUMERIC(p, s) -> decimal128(p, s);
///   - otherwise any spelling columnar::parseDataType() accepts (int64,
///     uint32, timestamp[us], decimal128(12, 3), list<int32>, ...). Its words
///     are matched in any case; a time zone after "tz=" is kept as written.
/// Note that INT8 is Arrow's 8-bit integer here, not PostgreSQL's bigint.
/// Errors are Invalid and come from the type parser.
Result<columnar::DataTypePtr> parseSqlType(std::string_view text);

}  // namespace sabot::sql
