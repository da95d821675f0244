#include "sabot/formats/JsonParser.h"

#include <fmt/format.h>

#include <limits>

#include "sabot/formats/JsonEscape.h"

namespace sabot::formats {

namespace {

void appendUtf8(std::string& out, uint32_t codePoint) {
  if (codePoint < 0x80) {
    out += static_cast<char>(codePoint);
  } else if (codePoint < 0x800) {
    out += static_cast<char>(0xC0 | (codePoint >> 6));
    out += static_cast<char>(0x80 | (codePoint & 0x3F));
  } else if (codePoint < 0x10000) {
    out += static_cast<char>(0xE0 | (codePoint >> 12));
    out += static_cast<char>(0x80 | ((codePoint >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (codePoint & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (codePoint >> 18));
    out += static_cast<char>(0x80 | ((codePoint >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((codePoint >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (codePoint & 0x3F));
  }
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool isDigit(char c) {
  return c >= '0' && c <= '9';
}

// A printable character for messages: the byte itself, or its hex code.
std::string describeByte(char c) {
  const auto byte = static_cast<unsigned char>(c);
  if (byte >= 0x21 && byte < 0x7F) return fmt::format("'{}'", c);
  return fmt::format("byte 0x{:02x}", byte);
}

}  // namespace

bool JsonParser::parse(std::string_view text, JsonTape& tape, JsonSyntaxError& error) {
  if (text.size() > std::numeric_limits<uint32_t>::max()) {
    error = {0, "the text is longer than 4 GiB"};
    return false;
  }
  text_ = text;
  position_ = 0;
  tape_ = &tape;
  error_ = &error;
  tape.source = text;
  tape.nodes.clear();
  tape.strings.clear();
  skipWhitespace();
  if (!parseValue(0)) return false;
  skipWhitespace();
  if (position_ != text_.size()) {
    return fail(
        fmt::format("unexpected {} after the end of the value", describeByte(text_[position_])));
  }
  return true;
}

bool JsonParser::fail(std::string message) {
  error_->offset = position_;
  error_->message = std::move(message);
  return false;
}

void JsonParser::skipWhitespace() {
  while (position_ < text_.size()) {
    const char c = text_[position_];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
    ++position_;
  }
}

bool JsonParser::parseValue(int depth) {
  if (position_ >= text_.size()) return fail("unexpected end of input, expected a value");
  const auto nodeIndex = static_cast<uint32_t>(tape_->nodes.size());
  tape_->nodes.emplace_back();
  tape_->nodes[nodeIndex].rawBegin = static_cast<uint32_t>(position_);
  const char c = text_[position_];
  bool ok;
  switch (c) {
    case '{':
    case '[': {
      if (depth >= kMaxDepth) return fail(fmt::format("nesting deeper than {} levels", kMaxDepth));
      const bool isObject = c == '{';
      const char close = isObject ? '}' : ']';
      tape_->nodes[nodeIndex].kind = isObject ? JsonKind::kObject : JsonKind::kArray;
      ++position_;
      skipWhitespace();
      uint32_t count = 0;
      if (position_ < text_.size() && text_[position_] == close) {
        ++position_;
      } else {
        while (true) {
          if (isObject) {
            if (position_ >= text_.size() || text_[position_] != '"') {
              return fail(position_ >= text_.size()
                              ? "unexpected end of input, expected an object key"
                              : fmt::format("expected an object key, found {}",
                                            describeByte(text_[position_])));
            }
            const auto keyIndex = static_cast<uint32_t>(tape_->nodes.size());
            tape_->nodes.emplace_back();
            tape_->nodes[keyIndex].rawBegin = static_cast<uint32_t>(position_);
            if (!parseString(keyIndex)) return false;
            skipWhitespace();
            if (position_ >= text_.size() || text_[position_] != ':') {
              return fail("expected ':' after an object key");
            }
            ++position_;
            skipWhitespace();
          }
          if (!parseValue(depth + 1)) return false;
          ++count;
          skipWhitespace();
          if (position_ >= text_.size()) {
            return fail(fmt::format("unexpected end of input, expected ',' or '{}'", close));
          }
          if (text_[position_] == ',') {
            ++position_;
            skipWhitespace();
            continue;
          }
          if (text_[position_] == close) {
            ++position_;
            break;
          }
          return fail(
              fmt::format("expected ',' or '{}', found {}", close, describeByte(text_[position_])));
        }
      }
      tape_->nodes[nodeIndex].count = count;
      ok = true;
      break;
    }
    case '"':
      ok = parseString(nodeIndex);
      break;
    case 't':
      ok = parseLiteral("true", JsonKind::kTrue, nodeIndex);
      break;
    case 'f':
      ok = parseLiteral("false", JsonKind::kFalse, nodeIndex);
      break;
    case 'n':
      ok = parseLiteral("null", JsonKind::kNull, nodeIndex);
      break;
    default:
      if (c == '-' || isDigit(c)) {
        ok = parseNumber(nodeIndex);
      } else {
        return fail(fmt::format("unexpected {}, expected a value", describeByte(c)));
      }
  }
  if (!ok) return false;
  JsonNode& node = tape_->nodes[nodeIndex];
  node.rawLength = static_cast<uint32_t>(position_ - node.rawBegin);
  node.end = static_cast<uint32_t>(tape_->nodes.size());
  return true;
}

bool JsonParser::parseLiteral(std::string_view literal, JsonKind kind, uint32_t nodeIndex) {
  if (text_.substr(position_, literal.size()) != literal) {
    return fail(fmt::format("invalid literal, expected '{}'", literal));
  }
  position_ += literal.size();
  tape_->nodes[nodeIndex].kind = kind;
  return true;
}

// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
bool JsonParser::parseNumber(uint32_t nodeIndex) {
  bool integer = true;
  if (text_[position_] == '-') ++position_;
  if (position_ >= text_.size() || !isDigit(text_[position_])) return fail("expected a digit");
  if (text_[position_] == '0') {
    ++position_;
    if (position_ < text_.size() && isDigit(text_[position_])) {
      return fail("leading zeros are not allowed in numbers");
    }
  } else {
    while (position_ < text_.size() && isDigit(text_[position_])) ++position_;
  }
  if (position_ < text_.size() && text_[position_] == '.') {
    integer = false;
    ++position_;
    if (position_ >= text_.size() || !isDigit(text_[position_])) {
      return fail("expected a digit after the decimal point");
    }
    while (position_ < text_.size() && isDigit(text_[position_])) ++position_;
  }
  if (position_ < text_.size() && (text_[position_] == 'e' || text_[position_] == 'E')) {
    integer = false;
    ++position_;
    if (position_ < text_.size() && (text_[position_] == '+' || text_[position_] == '-'))
      ++position_;
    if (position_ >= text_.size() || !isDigit(text_[position_])) {
      return fail("expected a digit in the exponent");
    }
    while (position_ < text_.size() && isDigit(text_[position_])) ++position_;
  }
  JsonNode& node = tape_->nodes[nodeIndex];
  node.kind = JsonKind::kNumber;
  node.integer = integer;
  return true;
}

bool JsonParser::parseString(uint32_t nodeIndex) {
  ++position_;  // opening quote
  std::string& out = tape_->strings;
  const auto begin = static_cast<uint32_t>(out.size());
  while (true) {
    // Copy the run of bytes that need no attention in one go.
    size_t runEnd = position_;
    while (runEnd < text_.size()) {
      const auto c = static_cast<unsigned char>(text_[runEnd]);
      if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
      ++runEnd;
    }
    out.append(text_.data() + position_, runEnd - position_);
    position_ = runEnd;
    if (position_ >= text_.size()) return fail("unterminated string");
    const auto c = static_cast<unsigned char>(text_[position_]);
    if (c == '"') {
      ++position_;
      break;
    }
    if (c < 0x20) return fail(fmt::format("unescaped control character 0x{:02x} in a string", c));
    if (c >= 0x80) {
      const size_t length = utf8SequenceLength(text_.substr(position_));
      if (length == 0) return fail("invalid UTF-8 in a string");
      out.append(text_.data() + position_, length);
      position_ += length;
      continue;
    }
    // A backslash escape.
    if (position_ + 1 >= text_.size()) return fail("unterminated string");
    const char escape = text_[position_ + 1];
    position_ += 2;
    switch (escape) {
      case '"':
        out += '"';
        break;
      case '\\':
        out += '\\';
        break;
      case '/':
        out += '/';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        const auto readHex4 = [&](uint32_t& value) {
          if (position_ + 4 > text_.size()) return false;
          value = 0;
          for (int i = 0; i < 4; ++i) {
            const int digit = hexValue(text_[position_ + static_cast<size_t>(i)]);
            if (digit < 0) return false;
            value = value * 16 + static_cast<uint32_t>(digit);
          }
          position_ += 4;
          return true;
        };
        uint32_t codePoint;
        if (!readHex4(codePoint)) return fail("expected four hex digits after \\u");
        if (codePoint >= 0xDC00 && codePoint <= 0xDFFF) {
          return fail("unpaired low surrogate in a \\u escape");
        }
        if (codePoint >= 0xD800 && codePoint <= 0xDBFF) {
          uint32_t low;
          if (text_.substr(position_, 2) != "\\u" || (position_ += 2, !readHex4(low)) ||
              low < 0xDC00 || low > 0xDFFF) {
            return fail("unpaired high surrogate in a \\u escape");
          }
          codePoint = 0x10000 + ((codePoint - 0xD800) << 10) + (low - 0xDC00);
        }
        appendUtf8(out, codePoint);
        break;
      }
      default:
        position_ -= 2;  // point at the backslash
        return fail(fmt::format("invalid escape: backslash followed by {}", describeByte(escape)));
    }
  }
  JsonNode& node = tape_->nodes[nodeIndex];
  node.kind = JsonKind::kString;
  node.stringBegin = begin;
  node.stringLength = static_cast<uint32_t>(out.size() - begin);
  node.rawLength = static_cast<uint32_t>(position_ - node.rawBegin);
  node.end = nodeIndex + 1;
  return true;
}

}  // namespace sabot::formats
