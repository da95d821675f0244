#include "CanonicalJson.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <set>

#include "sabot/columnar/Decimal.h"

namespace sabot::interop {

using columnar::Array;
using columnar::DataType;
using columnar::TypeId;

std::string formatJsNumber(double value) {
  // Shortest round-trip digits d1..dk and exponent, from "d.ddde±X".
  char buffer[64];
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof(buffer), std::fabs(value),
                                          std::chars_format::scientific);
  const std::string_view text(buffer, static_cast<size_t>(end - buffer));
  const size_t ePosition = text.find('e');
  std::string digits;
  for (char c : text.substr(0, ePosition)) {
    if (c != '.') digits += c;
  }
  const int exponent = std::stoi(std::string(text.substr(ePosition + 1)));
  const int k = static_cast<int>(digits.size());
  const int n = exponent + 1;  // value = 0.d1..dk * 10^n
  std::string out = value < 0 ? "-" : "";
  if (k <= n && n <= 21) {
    out += digits + std::string(static_cast<size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out += digits.substr(0, static_cast<size_t>(n)) + "." + digits.substr(static_cast<size_t>(n));
  } else if (-6 < n && n <= 0) {
    out += "0." + std::string(static_cast<size_t>(-n), '0') + digits;
  } else {
    out += digits.substr(0, 1);
    if (k > 1) out += "." + digits.substr(1);
    out += fmt::format("e{}{}", n - 1 >= 0 ? "+" : "-", std::abs(n - 1));
  }
  return out;
}

std::string jsonString(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\f': out += "\\f"; break;
      case '\r': out += "\\r"; break;
      default:
        if (byte < 0x20) {
          out += fmt::format("\\u{:04x}", byte);
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

namespace {

Status checkUniqueNames(const std::vector<columnar::FieldPtr>& fields, const char* what) {
  std::set<std::string> seen;
  for (const auto& field : fields) {
    if (!seen.insert(field->name()).second) {
      return Status::unsupported("duplicate {} name \"{}\"", what, field->name());
    }
  }
  return Status::OK();
}

std::string floatValue(double value) {
  if (std::isnan(value)) return "\"NaN\"";
  if (std::isinf(value)) return value > 0 ? "\"Infinity\"" : "\"-Infinity\"";
  if (value == 0) return std::signbit(value) ? "\"-0\"" : "0";
  return formatJsNumber(value);
}

std::string hex(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char c : bytes) out += fmt::format("{:02x}", static_cast<unsigned char>(c));
  return out;
}

template <typename T>
std::string integer(const Array& array, int64_t index) {
  return "\"" + std::to_string(array.value<T>(index)) + "\"";
}

Result<std::string> value(const Array& array, int64_t index);

Result<std::string> valueOrNull(const Array& array, int64_t index) {
  if (array.typeId() == TypeId::kNull || array.isNull(index)) return std::string("null");
  return value(array, index);
}

Result<std::string> value(const Array& array, int64_t index) {
  switch (array.typeId()) {
    case TypeId::kNull: return std::string("null");
    case TypeId::kBool: return std::string(array.boolValue(index) ? "true" : "false");
    case TypeId::kInt8: return integer<int8_t>(array, index);
    case TypeId::kInt16: return integer<int16_t>(array, index);
    case TypeId::kInt32:
    case TypeId::kDate32: return integer<int32_t>(array, index);
    case TypeId::kInt64:
    case TypeId::kTimestamp: return integer<int64_t>(array, index);
    case TypeId::kUInt8: return integer<uint8_t>(array, index);
    case TypeId::kUInt16: return integer<uint16_t>(array, index);
    case TypeId::kUInt32: return integer<uint32_t>(array, index);
    case TypeId::kUInt64: return integer<uint64_t>(array, index);
    case TypeId::kFloat32: return floatValue(static_cast<double>(array.value<float>(index)));
    case TypeId::kFloat64: return floatValue(array.value<double>(index));
    case TypeId::kUtf8:
    case TypeId::kLargeUtf8: return jsonString(array.stringValue(index));
    case TypeId::kBinary:
    case TypeId::kLargeBinary: return "\"" + hex(array.stringValue(index)) + "\"";
    case TypeId::kDecimal128: return "\"" + columnar::int128ToString(array.decimalValue(index)) + "\"";
    case TypeId::kStruct: {
      std::string out = "{";
      const DataType& type = *array.type();
      for (int i = 0; i < type.numFields(); ++i) {
        SABOT_ASSIGN_OR_RAISE(std::string member, valueOrNull(array.structField(i), index));
        if (i > 0) out += ",";
        out += jsonString(type.field(i)->name()) + ":" + member;
      }
      return out + "}";
    }
    case TypeId::kList: {
      const Array items = array.listValues();
      const int64_t start = array.listStart(index);
      std::string out = "[";
      for (int64_t i = 0; i < array.listLength(index); ++i) {
        SABOT_ASSIGN_OR_RAISE(std::string item, valueOrNull(items, start + i));
        if (i > 0) out += ",";
        out += item;
      }
      return out + "]";
    }
    case TypeId::kDictionary: return valueOrNull(array.dictionary(), array.dictionaryIndex(index));
  }
  return Status::unsupported("type {} has no canonical encoding", array.type()->toString());
}

}  // namespace

Result<std::string> canonicalTypeName(const DataType& type) {
  switch (type.id()) {
    case TypeId::kNull: return std::string("null");
    case TypeId::kBool: return std::string("bool");
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
    case TypeId::kUInt8:
    case TypeId::kUInt16:
    case TypeId::kUInt32:
    case TypeId::kUInt64:
    case TypeId::kFloat32:
    case TypeId::kFloat64:
    case TypeId::kDate32: return type.toString();
    case TypeId::kUtf8: return std::string("utf8");
    case TypeId::kLargeUtf8: return std::string("large_utf8");
    case TypeId::kBinary: return std::string("binary");
    case TypeId::kLargeBinary: return std::string("large_binary");
    case TypeId::kTimestamp: {
      const std::string_view unit = columnar::timeUnitName(type.timeUnit());
      if (type.timezone().empty()) return fmt::format("timestamp[{}]", unit);
      return fmt::format("timestamp[{}, tz={}]", unit, type.timezone());
    }
    case TypeId::kDecimal128: return fmt::format("decimal128({}, {})", type.precision(), type.scale());
    case TypeId::kStruct: {
      SABOT_RETURN_NOT_OK(checkUniqueNames(type.fields(), "struct field"));
      std::string out = "struct<";
      for (int i = 0; i < type.numFields(); ++i) {
        SABOT_ASSIGN_OR_RAISE(std::string child, canonicalTypeName(*type.field(i)->type()));
        if (i > 0) out += ", ";
        out += type.field(i)->name() + ": " + child;
      }
      return out + ">";
    }
    case TypeId::kList: {
      SABOT_ASSIGN_OR_RAISE(std::string item, canonicalTypeName(*type.field(0)->type()));
      return "list<" + item + ">";
    }
    case TypeId::kDictionary: {
      SABOT_ASSIGN_OR_RAISE(std::string values, canonicalTypeName(*type.valueType()));
      SABOT_ASSIGN_OR_RAISE(std::string indices, canonicalTypeName(*type.indexType()));
      return fmt::format("dictionary<values={}, indices={}>", values, indices);
    }
  }
  return Status::unsupported("type {} has no canonical encoding", type.toString());
}

Result<std::string> canonicalJson(const columnar::Schema& schema,
                                  const std::vector<columnar::RecordBatchPtr>& batches) {
  SABOT_RETURN_NOT_OK(checkUniqueNames(schema.fields(), "column"));
  std::string out = "{\"schema\":[";
  for (int i = 0; i < schema.numFields(); ++i) {
    const columnar::Field& field = *schema.field(i);
    SABOT_ASSIGN_OR_RAISE(std::string type, canonicalTypeName(*field.type()));
    if (i > 0) out += ",";
    out += fmt::format("{{\"name\":{},\"type\":{},\"nullable\":{}}}", jsonString(field.name()), jsonString(type),
                       field.nullable() ? "true" : "false");
  }
  out += "],\"batches\":[";
  for (size_t b = 0; b < batches.size(); ++b) {
    const columnar::RecordBatch& batch = *batches[b];
    if (b > 0) out += ",";
    out += fmt::format("{{\"num_rows\":{},\"columns\":{{", batch.numRows());
    for (int c = 0; c < batch.numColumns(); ++c) {
      if (c > 0) out += ",";
      out += jsonString(schema.field(c)->name()) + ":[";
      const Array& column = batch.column(c);
      for (int64_t row = 0; row < column.length(); ++row) {
        SABOT_ASSIGN_OR_RAISE(std::string item, valueOrNull(column, row));
        if (row > 0) out += ",";
        out += item;
      }
      out += "]";
    }
    out += "}}";
  }
  return out + "]}\n";
}

}  // namespace sabot::interop
