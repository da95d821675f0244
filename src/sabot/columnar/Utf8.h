#pragma once

#include <string_view>

namespace sabot::columnar {

/// True if `text` is well-formed UTF-8 (no overlongs, surrogates or code
/// points above U+10FFFF). ASCII runs are checked eight bytes at a time.
bool isValidUtf8(std::string_view text);

}  // namespace sabot::columnar
