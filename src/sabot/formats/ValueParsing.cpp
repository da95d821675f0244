#include "sabot/formats/ValueParsing.h"

namespace sabot::formats {

namespace {
bool equalsIgnoreCase(std::string_view text, std::string_view lowercase) {
  if (text.size() != lowercase.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lowercase[i]) return false;
  }
  return true;
}
}  // namespace

bool parseBoolean(std::string_view text, bool& out) {
  if (text == "1" || equalsIgnoreCase(text, "true")) {
    out = true;
    return true;
  }
  if (text == "0" || equalsIgnoreCase(text, "false")) {
    out = false;
    return true;
  }
  return false;
}

// A parsed timestamp starts with the 10-byte date; after it only the zone can
// hold 'Z', '+' or '-'.
bool hasZoneDesignator(std::string_view text) {
  return text.size() > 10 && text.find_first_of("Z+-", 10) != std::string_view::npos;
}

columnar::TimeUnit unitForFraction(std::string_view text) {
  const size_t point = text.find('.', 10);
  if (point == std::string_view::npos) return columnar::TimeUnit::kSecond;
  size_t end = point + 1;
  while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
  size_t digits = end - point - 1;
  while (digits > 0 && text[point + digits] == '0') --digits;
  if (digits == 0) return columnar::TimeUnit::kSecond;
  if (digits <= 3) return columnar::TimeUnit::kMilli;
  if (digits <= 6) return columnar::TimeUnit::kMicro;
  return columnar::TimeUnit::kNano;
}

std::string abbreviate(std::string_view text) {
  constexpr size_t kMaxBytes = 64;
  if (text.size() <= kMaxBytes) return std::string(text);
  return std::string(text.substr(0, kMaxBytes)) + "...";
}

}  // namespace sabot::formats
