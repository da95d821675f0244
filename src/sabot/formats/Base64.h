#pragma once

#include <string>
#include <string_view>

namespace sabot::formats {

/// Appends the standard base64 (RFC 4648, with '=' padding) of `bytes`. JSON
/// has no bytes type, so binary columns travel as base64 strings.
void appendBase64(std::string& out, std::string_view bytes);

/// Decodes standard base64, with or without padding, appending to `out`.
/// false if `text` is not base64.
bool decodeBase64(std::string_view text, std::string& out);

}  // namespace sabot::formats
