#include "sabot/columnar/TypeParser.h"

#include <cctype>
#include <charconv>
#include <string>

namespace sabot::columnar {

namespace {

// A recursive-descent parser over the type grammar; `position_` is the byte
// offset reported in errors.
class TypeTextParser {
 public:
  explicit TypeTextParser(std::string_view text) : text_(text) {}

  Result<DataTypePtr> parseWholeType() {
    SABOT_ASSIGN_OR_RAISE(auto type, parseType());
    SABOT_RETURN_NOT_OK(expectEnd());
    return type;
  }

  Result<SchemaPtr> parseWholeSchema() {
    std::vector<FieldPtr> fields;
    skipSpace();
    if (atEnd()) return error("a schema needs at least one field");
    while (true) {
      SABOT_ASSIGN_OR_RAISE(auto parsed, parseField());
      fields.push_back(std::move(parsed));
      skipSpace();
      if (atEnd()) break;
      SABOT_RETURN_NOT_OK(expect(','));
    }
    return schema(std::move(fields));
  }

 private:
  Status error(std::string_view what) const {
    return Status::invalid("cannot parse type '{}' at character {}: {}", text_, position_ + 1, what);
  }

  bool atEnd() {
    skipSpace();
    return position_ >= text_.size();
  }
  void skipSpace() {
    while (position_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[position_]))) {
      ++position_;
    }
  }
  bool consume(char c) {
    skipSpace();
    if (position_ < text_.size() && text_[position_] == c) {
      ++position_;
      return true;
    }
    return false;
  }
  Status expect(char c) {
    if (consume(c)) return Status::OK();
    return error(fmt::format("expected '{}'", c));
  }
  Status expectEnd() {
    if (atEnd()) return Status::OK();
    return error("unexpected text after the type");
  }

  std::string word() {
    skipSpace();
    const size_t start = position_;
    while (position_ < text_.size() &&
           (std::isalnum(static_cast<unsigned char>(text_[position_])) || text_[position_] == '_' ||
            text_[position_] == '/' || text_[position_] == '+' || text_[position_] == '-')) {
      ++position_;
    }
    return std::string(text_.substr(start, position_ - start));
  }

  Result<std::string> name() {
    skipSpace();
    if (consume('"')) {
      std::string out;
      while (position_ < text_.size() && text_[position_] != '"') out += text_[position_++];
      if (position_ >= text_.size()) return error("unterminated quoted name");
      ++position_;
      return out;
    }
    std::string out = word();
    if (out.empty()) return error("expected a field name");
    return out;
  }

  Result<int32_t> integer() {
    skipSpace();
    int32_t value = 0;
    const char* begin = text_.data() + position_;
    const char* end = text_.data() + text_.size();
    auto [pointer, code] = std::from_chars(begin, end, value);
    if (code != std::errc()) return error("expected a number");
    position_ += static_cast<size_t>(pointer - begin);
    return value;
  }

  Result<FieldPtr> parseField() {
    SABOT_ASSIGN_OR_RAISE(std::string fieldName, name());
    SABOT_RETURN_NOT_OK(expect(':'));
    SABOT_ASSIGN_OR_RAISE(auto type, parseType());
    bool nullable = true;
    const size_t save = position_;
    if (word() == "not") {
      if (word() != "null") return error("expected 'null' after 'not'");
      nullable = false;
    } else {
      position_ = save;
    }
    return field(std::move(fieldName), std::move(type), nullable);
  }

  Result<TimeUnit> timeUnit() {
    const std::string unit = word();
    if (unit == "s") return TimeUnit::kSecond;
    if (unit == "ms") return TimeUnit::kMilli;
    if (unit == "us") return TimeUnit::kMicro;
    if (unit == "ns") return TimeUnit::kNano;
    return error("expected a time unit: s, ms, us or ns");
  }

  Result<DataTypePtr> parseType() {
    const size_t start = position_;
    const std::string typeName = word();
    if (typeName.empty()) return error("expected a type name");
    static const std::pair<const char*, DataTypePtr (*)()> kSimple[] = {
        {"null", null},         {"bool", boolean},        {"boolean", boolean},
        {"int8", int8},         {"int16", int16},         {"int32", int32},
        {"int", int32},         {"int64", int64},         {"bigint", int64},
        {"uint8", uint8},       {"uint16", uint16},       {"uint32", uint32},
        {"uint64", uint64},     {"float32", float32},     {"float", float32},
        {"float64", float64},   {"double", float64},      {"utf8", utf8},
        {"string", utf8},       {"large_utf8", largeUtf8}, {"large_string", largeUtf8},
        {"binary", binary},     {"large_binary", largeBinary}, {"date32", date32},
        {"date", date32},
    };
    for (const auto& [alias, factory] : kSimple) {
      if (typeName == alias) return factory();
    }
    if (typeName == "timestamp") {
      SABOT_RETURN_NOT_OK(expect('['));
      SABOT_ASSIGN_OR_RAISE(TimeUnit unit, timeUnit());
      std::string timezone;
      if (consume(',')) {
        if (word() != "tz" || !consume('=')) return error("expected 'tz=' in timestamp");
        skipSpace();
        while (position_ < text_.size() && text_[position_] != ']') timezone += text_[position_++];
        while (!timezone.empty() && std::isspace(static_cast<unsigned char>(timezone.back()))) {
          timezone.pop_back();
        }
      }
      SABOT_RETURN_NOT_OK(expect(']'));
      return timestamp(unit, timezone);
    }
    if (typeName == "decimal128" || typeName == "decimal") {
      SABOT_RETURN_NOT_OK(expect('('));
      SABOT_ASSIGN_OR_RAISE(int32_t precision, integer());
      SABOT_RETURN_NOT_OK(expect(','));
      SABOT_ASSIGN_OR_RAISE(int32_t scale, integer());
      SABOT_RETURN_NOT_OK(expect(')'));
      if (precision < 1 || precision > 38 || scale < 0 || scale > precision) {
        return error("decimal128 needs 1 <= precision <= 38 and 0 <= scale <= precision");
      }
      return decimal128(precision, scale);
    }
    if (typeName == "list") {
      SABOT_RETURN_NOT_OK(expect('<'));
      // Either "list<int32>" or "list<item: int32>".
      const size_t save = position_;
      auto asField = parseField();
      FieldPtr valueField;
      if (asField.ok()) {
        valueField = *asField;
      } else {
        position_ = save;
        SABOT_ASSIGN_OR_RAISE(auto valueType, parseType());
        valueField = field("item", valueType);
      }
      SABOT_RETURN_NOT_OK(expect('>'));
      return list(valueField);
    }
    if (typeName == "struct") {
      SABOT_RETURN_NOT_OK(expect('<'));
      std::vector<FieldPtr> fields;
      if (!consume('>')) {
        while (true) {
          SABOT_ASSIGN_OR_RAISE(auto member, parseField());
          fields.push_back(std::move(member));
          if (consume('>')) break;
          SABOT_RETURN_NOT_OK(expect(','));
        }
      }
      return struct_(std::move(fields));
    }
    if (typeName == "dictionary") {
      SABOT_RETURN_NOT_OK(expect('<'));
      DataTypePtr values;
      DataTypePtr indices = int32();
      bool ordered = false;
      while (true) {
        const std::string key = word();
        if (key == "ordered") {
          ordered = true;
        } else if (key == "values" || key == "indices") {
          SABOT_RETURN_NOT_OK(expect('='));
          SABOT_ASSIGN_OR_RAISE(auto type, parseType());
          (key == "values" ? values : indices) = type;
        } else {
          return error("expected values=, indices= or ordered in dictionary<...>");
        }
        if (consume('>')) break;
        SABOT_RETURN_NOT_OK(expect(','));
      }
      if (!values) return error("dictionary<...> needs values=TYPE");
      if (!isInteger(indices->id())) return error("dictionary indices must be an integer type");
      return dictionary(indices, values, ordered);
    }
    position_ = start;
    return error(fmt::format("unknown type '{}'", typeName));
  }

  std::string_view text_;
  size_t position_ = 0;
};

}  // namespace

Result<DataTypePtr> parseDataType(std::string_view text) {
  return TypeTextParser(text).parseWholeType();
}

Result<SchemaPtr> parseSchema(std::string_view text) {
  return TypeTextParser(text).parseWholeSchema();
}

}  // namespace sabot::columnar
