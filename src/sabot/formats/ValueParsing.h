#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>

#include "sabot/columnar/DataType.h"

namespace sabot::formats {

// Text -> value parsers shared by the CSV and JSON-lines readers. All of them
// take the whole text (no surrounding spaces) and are locale-independent.

/// Decimal integer with an optional sign; false if malformed or outside T.
template <typename T>
bool parseInteger(std::string_view text, T& out) {
  static_assert(std::is_integral_v<T>);
  if (text.size() > 1 && text[0] == '+' && text[1] != '-') text.remove_prefix(1);
  const char* end = text.data() + text.size();
  const auto [next, error] = std::from_chars(text.data(), end, out, 10);
  return error == std::errc() && next == end && !text.empty();
}

/// Decimal or scientific notation with an optional sign, or nan / inf /
/// infinity in any case. Correctly rounded, so the shortest text a writer
/// produced reads back as the same value. false if malformed or out of range.
template <typename T>
bool parseFloatingPoint(std::string_view text, T& out) {
  static_assert(std::is_floating_point_v<T>);
  if (text.size() > 1 && text[0] == '+' && text[1] != '-') text.remove_prefix(1);
  const char* end = text.data() + text.size();
  const auto [next, error] = std::from_chars(text.data(), end, out, std::chars_format::general);
  return error == std::errc() && next == end && !text.empty();
}

/// "true" / "false" in any case, "1" / "0".
bool parseBoolean(std::string_view text, bool& out);

/// For text that parsed as a timestamp: whether it names its zone ("Z",
/// "+01:00"), which makes an inferred column UTC-zoned.
bool hasZoneDesignator(std::string_view text);

/// For text that parsed as a timestamp: the coarsest unit that holds its
/// fraction of a second exactly (trailing zeros do not count).
columnar::TimeUnit unitForFraction(std::string_view text);

/// `text` for an error message: at most 64 bytes, then "...".
std::string abbreviate(std::string_view text);

}  // namespace sabot::formats
