#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sabot::columnar {

/// "-123.450" for unscaled -123450 at scale 3.
std::string formatDecimal128(__int128 unscaled, int32_t scale);
/// Decimal digits of a 128-bit integer ("-170141183460469231731687303715884105728").
std::string int128ToString(__int128 value);
/// Parses "-123.45" into an unscaled integer at `scale` (fewer fraction digits
/// are padded; more are an error); nullopt if malformed or beyond `precision`.
std::optional<__int128> parseDecimal128(std::string_view text, int32_t precision, int32_t scale);

}  // namespace sabot::columnar
