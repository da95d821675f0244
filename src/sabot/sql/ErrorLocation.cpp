#include "sabot/sql/ErrorLocation.h"

#include <fmt/format.h>

#include <algorithm>

namespace sabot::sql {

namespace {

// Texts up to this many bytes are quoted whole; longer ones are cut to a
// window of about kWindowBytes on each side of the error.
constexpr size_t kQuoteWholeBytes = 120;
constexpr size_t kWindowBytes = 40;

bool isContinuationByte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

/// Moves `offset` back to the first byte of the code point it is in, so a
/// window never starts or ends inside a multi-byte character.
size_t codePointStart(std::string_view text, size_t offset) {
  while (offset > 0 && offset < text.size() && isContinuationByte(text[offset])) --offset;
  return offset;
}

/// The text as it can be shown on one line: newlines, tabs and other control
/// bytes become spaces (one byte each, so columns are unchanged).
std::string printable(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  }
  return out;
}

}  // namespace

TextPosition positionOf(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  TextPosition position;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++position.line;
      position.column = 1;
    } else if (!isContinuationByte(text[i])) {
      ++position.column;
    }
  }
  return position;
}

std::string describeLocation(std::string_view text, size_t offset) {
  const TextPosition position = positionOf(text, offset);
  const bool multiLine = text.find('\n') != std::string_view::npos;
  std::string where = multiLine ? fmt::format("line {}, column {}", position.line, position.column)
                                : fmt::format("column {}", position.column);
  if (text.size() <= kQuoteWholeBytes) return fmt::format("{} of \"{}\"", where, printable(text));
  offset = std::min(offset, text.size());
  const size_t begin = codePointStart(text, offset > kWindowBytes ? offset - kWindowBytes : 0);
  const size_t end = codePointStart(text, std::min(text.size(), offset + kWindowBytes));
  return fmt::format("{} near \"{}{}{}\"", where, begin > 0 ? "..." : "",
                     printable(text.substr(begin, end - begin)), end < text.size() ? "..." : "");
}

Status syntaxError(std::string_view text, size_t offset, std::string_view what) {
  return Status::invalid("syntax error at {}: {}", describeLocation(text, offset), what);
}

Status invalidAt(std::string_view text, size_t offset, std::string_view what) {
  return Status::invalid("{} (at {})", what, describeLocation(text, offset));
}

Status unsupportedAt(std::string_view text, size_t offset, std::string_view what) {
  return Status::unsupported("{} (at {})", what, describeLocation(text, offset));
}

}  // namespace sabot::sql
