#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sabot::formats {

/// Appends `text` to `out` as a JSON string literal (quotes included),
/// escaping '"', '\\' and control characters. Returns false, leaving `out`
/// partly written, if `text` is not valid UTF-8.
bool appendJsonString(std::string& out, std::string_view text);

/// Like appendJsonString, but writes each byte that is not part of valid UTF-8
/// as U+FFFD, so any bytes (a rejected record) give valid JSON.
void appendJsonStringLossy(std::string& out, std::string_view text);

/// Length of the valid UTF-8 sequence starting at `text[0]` (1 to 4), or 0 if
/// the bytes there are not valid UTF-8 (overlong, surrogate, above U+10FFFF,
/// truncated). `text` must not be empty.
size_t utf8SequenceLength(std::string_view text);

}  // namespace sabot::formats
