#include "sabot/columnar/Decimal.h"

#include <algorithm>

namespace sabot::columnar {

std::string int128ToString(__int128 value) {
  if (value == 0) return "0";
  const bool negative = value < 0;
  // Work on the magnitude as unsigned so the minimum value does not overflow.
  unsigned __int128 magnitude =
      negative ? static_cast<unsigned __int128>(0) - static_cast<unsigned __int128>(value)
               : static_cast<unsigned __int128>(value);
  std::string digits;
  while (magnitude > 0) {
    digits.push_back(static_cast<char>('0' + static_cast<int>(magnitude % 10)));
    magnitude /= 10;
  }
  if (negative) digits.push_back('-');
  std::reverse(digits.begin(), digits.end());
  return digits;
}

std::string formatDecimal128(__int128 unscaled, int32_t scale) {
  std::string digits = int128ToString(unscaled);
  if (scale <= 0) return digits;
  const bool negative = digits[0] == '-';
  if (negative) digits.erase(0, 1);
  if (static_cast<int32_t>(digits.size()) <= scale) {
    digits.insert(0, static_cast<size_t>(scale) - digits.size() + 1, '0');
  }
  digits.insert(digits.size() - static_cast<size_t>(scale), ".");
  return negative ? "-" + digits : digits;
}

std::optional<__int128> parseDecimal128(std::string_view text, int32_t precision, int32_t scale) {
  size_t position = 0;
  bool negative = false;
  if (position < text.size() && (text[position] == '-' || text[position] == '+')) {
    negative = text[position++] == '-';
  }
  __int128 value = 0;
  int digits = 0;
  int fractionDigits = 0;
  bool seenPoint = false;
  bool seenDigit = false;
  for (; position < text.size(); ++position) {
    const char c = text[position];
    if (c == '.' && !seenPoint) {
      seenPoint = true;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    seenDigit = true;
    if (seenPoint) {
      if (fractionDigits == scale) {
        if (c != '0') return std::nullopt;  // would lose precision
        continue;
      }
      ++fractionDigits;
    }
    if (value != 0 || c != '0') ++digits;
    if (digits > 38) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  if (!seenDigit) return std::nullopt;
  // Pad to the scale, checking the precision before each step so that the
  // multiplication cannot overflow 128 bits (38 digits always fit).
  const int maxDigits = std::min(precision, 38);
  for (; fractionDigits < scale; ++fractionDigits) {
    if (value != 0 && ++digits > maxDigits) return std::nullopt;
    value *= 10;
  }
  if (digits > precision) return std::nullopt;
  return negative ? -value : value;
}

}  // namespace sabot::columnar
