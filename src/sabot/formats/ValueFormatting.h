#pragma once

#include <cstdint>
#include <string>

#include "sabot/base/Result.h"
#include "sabot/columnar/Array.h"

namespace sabot::formats {

// Value -> text for the CSV and JSON-lines writers. Everything they write
// reads back to the same value with the same type.

/// The shortest text that reads back as exactly `value`, with ".0" added to
/// integral values (so "1.0" stays a float under inference); "NaN",
/// "Infinity", "-Infinity" for the non-finite values.
void appendFloat(std::string& out, double value);
void appendFloat(std::string& out, float value);

/// ISO-8601: "2024-02-29T13:45:00.125", with as many fraction digits as the
/// unit has (none for a whole second), and "Z" when the type has a zone
/// (values are UTC instants). Only years 0000-9999 read back.
void appendTimestamp(std::string& out, int64_t value, const columnar::DataType& type);

/// Element `index` of a non-nested array as CSV cell text: numbers, "true" /
/// "false", strings and binary as they are, timestamps and dates as ISO-8601,
/// decimals in plain notation. Struct, list and null-typed values are not
/// handled here. Nulls are the caller's business.
void appendScalarText(std::string& out, const columnar::Array& array, int64_t index);

/// Element `index` of any array as JSON: null, true/false, numbers (floats
/// that are not finite as the strings "NaN", "Infinity", "-Infinity"),
/// strings, binary as base64 strings, timestamps and dates as ISO-8601
/// strings, decimals as strings (exact), structs as objects, lists as arrays,
/// dictionary values as their value. Fails on utf8 that is not valid UTF-8.
Status appendJsonValue(std::string& out, const columnar::Array& array, int64_t index);

}  // namespace sabot::formats
