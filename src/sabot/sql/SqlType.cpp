#include "sabot/sql/SqlType.h"

#include <utility>

#include "sabot/columnar/TypeParser.h"

namespace sabot::sql {

namespace {

using columnar::DataTypePtr;

char toLowerAscii(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
bool isSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/// Lower case with runs of whitespace collapsed to one space and the ends
/// trimmed, so "Double   Precision" finds "double precision".
std::string normalized(std::string_view text) {
  std::string out;
  bool pendingSpace = false;
  for (char c : text) {
    if (isSpace(c)) {
      pendingSpace = !out.empty();
      continue;
    }
    if (pendingSpace) out.push_back(' ');
    pendingSpace = false;
    out.push_back(toLowerAscii(c));
  }
  return out;
}

/// "varchar(255)" -> "varchar": SQL string lengths do not exist in Arrow.
std::string withoutLength(const std::string& name) {
  const size_t open = name.find('(');
  if (open == std::string::npos || name.back() != ')') return name;
  for (size_t i = open + 1; i + 1 < name.size(); ++i) {
    if ((name[i] < '0' || name[i] > '9') && name[i] != ' ') return name;
  }
  std::string base = name.substr(0, open);
  while (!base.empty() && base.back() == ' ') base.pop_back();
  return base;
}

DataTypePtr timestampMillis() {
  return columnar::timestamp(columnar::TimeUnit::kMilli);
}
DataTypePtr timestampMillisUtc() {
  return columnar::timestamp(columnar::TimeUnit::kMilli, "UTC");
}

}  // namespace

Result<DataTypePtr> parseSqlType(std::string_view text) {
  const std::string name = normalized(text);
  static const std::pair<std::string_view, DataTypePtr (*)()> kSqlNames[] = {
      {"bigint", columnar::int64},
      {"int", columnar::int32},
      {"integer", columnar::int32},
      {"smallint", columnar::int16},
      {"tinyint", columnar::int8},
      {"double", columnar::float64},
      {"double precision", columnar::float64},
      {"real", columnar::float32},
      {"float", columnar::float32},
      {"varchar", columnar::utf8},
      {"character varying", columnar::utf8},
      {"string", columnar::utf8},
      {"text", columnar::utf8},
      {"boolean", columnar::boolean},
      {"bool", columnar::boolean},
      {"date", columnar::date32},
      {"timestamp", timestampMillis},
      {"timestamp without time zone", timestampMillis},
      {"timestamptz", timestampMillisUtc},
      {"timestamp with time zone", timestampMillisUtc},
      {"blob", columnar::binary},
      {"bytea", columnar::binary},
      {"varbinary", columnar::binary},
      {"binary", columnar::binary},
  };
  const std::string base = withoutLength(name);
  for (const auto& [sqlName, factory] : kSqlNames) {
    if (base == sqlName &&
        (base == name || sqlName == "varchar" || sqlName == "character varying")) {
      return factory();
    }
  }
  // Arrow spellings: lower-case the words but keep the time zone as written
  // ("timestamp[us, tz=America/New_York]").
  std::string arrow(text);
  size_t zone = arrow.size();
  for (size_t i = 0; i + 2 < arrow.size(); ++i) {
    if (toLowerAscii(arrow[i]) == 't' && toLowerAscii(arrow[i + 1]) == 'z' && arrow[i + 2] == '=') {
      zone = i + 3;  // "tz=" itself is a keyword
      break;
    }
  }
  for (size_t i = 0; i < zone; ++i) arrow[i] = toLowerAscii(arrow[i]);
  const size_t first = arrow.find_first_not_of(" \t\n\r\f\v");
  if (first != std::string::npos && arrow.compare(first, 7, "numeric") == 0)
    arrow.replace(first, 7, "decimal");
  return columnar::parseDataType(arrow);
}

}  // namespace sabot::sql
