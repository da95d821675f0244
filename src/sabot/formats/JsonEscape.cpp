#include "sabot/formats/JsonEscape.h"

namespace sabot::formats {

size_t utf8SequenceLength(std::string_view text) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) return 1;
  size_t length;
  unsigned char low = 0x80, high = 0xBF;  // allowed range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;   // overlong
    if (lead == 0xED) high = 0x9F;  // surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;   // overlong
    if (lead == 0xF4) high = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (text.size() < length) return 0;
  if (byte(1) < low || byte(1) > high) return 0;
  for (size_t i = 2; i < length; ++i) {
    if (byte(i) < 0x80 || byte(i) > 0xBF) return 0;
  }
  return length;
}

namespace {

// Bytes that can be copied as they are: printable ASCII other than '"' and '\\'.
bool isPlain(unsigned char c) {
  return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

void appendEscape(std::string& out, unsigned char c) {
  static constexpr char kHex[] = "0123456789abcdef";
  switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\b':
      out += "\\b";
      break;
    case '\f':
      out += "\\f";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\t':
      out += "\\t";
      break;
    default:
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 15];
  }
}

bool appendString(std::string& out, std::string_view text, bool lossy) {
  out += '"';
  size_t position = 0;
  while (position < text.size()) {
    size_t runEnd = position;
    while (runEnd < text.size() && isPlain(static_cast<unsigned char>(text[runEnd]))) ++runEnd;
    out.append(text.data() + position, runEnd - position);
    position = runEnd;
    if (position == text.size()) break;
    const auto c = static_cast<unsigned char>(text[position]);
    if (c < 0x80) {
      appendEscape(out, c);
      ++position;
      continue;
    }
    const size_t length = utf8SequenceLength(text.substr(position));
    if (length == 0) {
      if (!lossy) return false;
      out += "\xEF\xBF\xBD";  // U+FFFD
      ++position;
      continue;
    }
    out.append(text.data() + position, length);
    position += length;
  }
  out += '"';
  return true;
}

}  // namespace

bool appendJsonString(std::string& out, std::string_view text) {
  return appendString(out, text, /*lossy=*/false);
}

void appendJsonStringLossy(std::string& out, std::string_view text) {
  appendString(out, text, /*lossy=*/true);
}

}  // namespace sabot::formats
