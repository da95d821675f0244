#include "sabot/compute/TemporalFunctions.h"

#include <fmt/format.h>

#include <optional>

#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/columnar/Temporal.h"

namespace sabot::compute {

namespace {

constexpr int64_t kSecondsPerDay = 86'400;

int64_t floorDivide(int64_t a, int64_t b) { return a / b - ((a % b) < 0 ? 1 : 0); }

Status requireTimestamps(std::string_view name, const Array& array) {
  if (array.typeId() == TypeId::kTimestamp) return Status::OK();
  return Status::typeError("{} needs a timestamp argument, got {}", name, array.type()->toString());
}

/// Appends `value` with at least `width` digits (zero padded); negative
/// values get a leading '-'.
void appendPadded(std::string& out, int64_t value, int width) {
  if (value < 0) {
    out.push_back('-');
    value = -value;
  }
  char digits[24];
  int count = 0;
  do {
    digits[count++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value > 0);
  for (int pad = count; pad < width; ++pad) out.push_back('0');
  while (count > 0) out.push_back(digits[--count]);
}

}  // namespace

Result<Array> hourOfDay(const Array& timestamps, MemoryPool* pool) {
  SABOT_RETURN_NOT_OK(requireTimestamps("hour", timestamps));
  const int64_t perSecond = columnar::ticksPerSecond(timestamps.type()->timeUnit());
  const int64_t perHour = perSecond * 3600;
  const int64_t perDay = perSecond * kSecondsPerDay;
  columnar::NumericBuilder<int64_t> hours(columnar::int64(), pool);
  SABOT_RETURN_NOT_OK(hours.reserve(timestamps.length()));
  const int64_t* ticks = timestamps.nullCount() == timestamps.length() ? nullptr : timestamps.values<int64_t>();
  for (int64_t i = 0; i < timestamps.length(); ++i) {
    if (!timestamps.isValid(i)) {
      SABOT_RETURN_NOT_OK(hours.appendNull());
      continue;
    }
    // The time of day first, rounded toward the past, so that times before
    // 1970 get their hour too.
    const int64_t ofDay = ticks[i] - floorDivide(ticks[i], perDay) * perDay;
    SABOT_RETURN_NOT_OK(hours.append(ofDay / perHour));
  }
  return hours.finish();
}

Result<TimestampPattern> TimestampPattern::parse(std::string_view pattern) {
  TimestampPattern parsed;
  const auto addText = [&parsed](std::string_view text) {
    if (parsed.pieces_.empty() || parsed.pieces_.back().field != Field::kText) {
      parsed.pieces_.push_back(Piece{Field::kText, ""});
    }
    parsed.pieces_.back().text.append(text);
  };
  size_t i = 0;
  while (i < pattern.size()) {
    const char c = pattern[i];
    if (c == '\'') {
      // '' is a quote; 'text' is copied as it is ('' inside it too).
      if (i + 1 < pattern.size() && pattern[i + 1] == '\'') {
        addText("'");
        i += 2;
        continue;
      }
      size_t j = i + 1;
      std::string text;
      bool closed = false;
      while (j < pattern.size()) {
        if (pattern[j] == '\'') {
          if (j + 1 < pattern.size() && pattern[j + 1] == '\'') {
            text.push_back('\'');
            j += 2;
            continue;
          }
          closed = true;
          break;
        }
        text.push_back(pattern[j++]);
      }
      if (!closed) {
        return Status::invalid("date_format pattern '{}': the quote at position {} is not closed", pattern, i + 1);
      }
      addText(text);
      i = j + 1;
      continue;
    }
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!letter) {
      addText(std::string_view(&pattern[i], 1));
      ++i;
      continue;
    }
    size_t run = i;
    while (run < pattern.size() && pattern[run] == c) ++run;
    const std::string_view letters = pattern.substr(i, run - i);
    std::optional<Field> field;
    if (letters == "yyyy") field = Field::kYear4;
    if (letters == "yy") field = Field::kYear2;
    if (letters == "MM") field = Field::kMonth;
    if (letters == "dd") field = Field::kDay;
    if (letters == "HH") field = Field::kHour;
    if (letters == "mm") field = Field::kMinute;
    if (letters == "ss") field = Field::kSecond;
    if (letters == "SSS") field = Field::kMillisecond;
    if (!field) {
      return Status::invalid(
          "date_format pattern '{}': unsupported letters '{}' at position {} (supported: yyyy, yy, MM, dd, HH, mm, "
          "ss, SSS; quote text with '...')",
          pattern, letters, i + 1);
    }
    parsed.pieces_.push_back(Piece{*field, ""});
    i = run;
  }
  return parsed;
}

void TimestampPattern::format(int64_t ticks, int64_t ticksPerSecond, std::string& out) const {
  const int64_t seconds = floorDivide(ticks, ticksPerSecond);
  const int64_t subsecond = ticks - seconds * ticksPerSecond;
  const int64_t days = floorDivide(seconds, kSecondsPerDay);
  const int64_t ofDay = seconds - days * kSecondsPerDay;
  const columnar::CivilDate date = columnar::civilFromDays(days);
  for (const Piece& piece : pieces_) {
    switch (piece.field) {
      case Field::kText: out.append(piece.text); break;
      case Field::kYear4: appendPadded(out, date.year, 4); break;
      case Field::kYear2: appendPadded(out, ((date.year % 100) + 100) % 100, 2); break;
      case Field::kMonth: appendPadded(out, date.month, 2); break;
      case Field::kDay: appendPadded(out, date.day, 2); break;
      case Field::kHour: appendPadded(out, ofDay / 3600, 2); break;
      case Field::kMinute: appendPadded(out, ofDay / 60 % 60, 2); break;
      case Field::kSecond: appendPadded(out, ofDay % 60, 2); break;
      case Field::kMillisecond: appendPadded(out, subsecond * 1000 / ticksPerSecond, 3); break;
    }
  }
}

Result<Array> formatTimestamps(const Array& timestamps, std::string_view pattern, MemoryPool* pool) {
  SABOT_RETURN_NOT_OK(requireTimestamps("date_format", timestamps));
  SABOT_ASSIGN_OR_RAISE(TimestampPattern parsed, TimestampPattern::parse(pattern));
  const int64_t perSecond = columnar::ticksPerSecond(timestamps.type()->timeUnit());
  columnar::StringBuilder out(columnar::utf8(), pool);
  SABOT_RETURN_NOT_OK(out.reserve(timestamps.length()));
  const int64_t* ticks = timestamps.nullCount() == timestamps.length() ? nullptr : timestamps.values<int64_t>();
  std::string text;
  for (int64_t i = 0; i < timestamps.length(); ++i) {
    if (!timestamps.isValid(i)) {
      SABOT_RETURN_NOT_OK(out.appendNull());
      continue;
    }
    text.clear();
    parsed.format(ticks[i], perSecond, text);
    SABOT_RETURN_NOT_OK(out.append(text));
  }
  return out.finish();
}

namespace {

Result<ResolvedCall> resolveHour(const std::vector<ArgumentInfo>& args, const FunctionOptions*) {
  if (args[0].type->id() != TypeId::kTimestamp) {
    return Status::typeError("hour needs a timestamp argument, got {}", args[0].description);
  }
  return ResolvedCall{columnar::int64(), {}};
}

Result<ResolvedCall> resolveDateFormat(const std::vector<ArgumentInfo>& args, const FunctionOptions*) {
  if (args[0].type->id() != TypeId::kTimestamp) {
    return Status::typeError("date_format needs a timestamp as argument 1, got {}", args[0].description);
  }
  if (args[1].literal == nullptr || !columnar::isStringLike(args[1].type->id()) || args[1].literal->isNull()) {
    return Status::typeError("date_format needs a non-null utf8 literal pattern as argument 2, got {}",
                             args[1].description);
  }
  // A bad pattern is a planning error, not one of the first batch.
  SABOT_RETURN_NOT_OK(TimestampPattern::parse(args[1].literal->stringValue()).status());
  return ResolvedCall{columnar::utf8(), {}};
}

}  // namespace

Status registerTemporalFunctions(FunctionRegistry& registry) {
  SABOT_RETURN_NOT_OK(registry.add(Function{
      "hour", 1, 1, "hour(ts) -> int64: the hour of the day (0-23) of a timestamp, read as UTC", resolveHour,
      [](const std::vector<Datum>& args, const FunctionOptions*, MemoryPool* pool) {
        return hourOfDay(args[0].array(), pool);
      }}));
  SABOT_RETURN_NOT_OK(registry.add(Function{
      "date_format", 2, 2,
      "date_format(ts, 'pattern') -> utf8: Flink's DATE_FORMAT with Java pattern letters yyyy yy MM dd HH mm ss SSS",
      resolveDateFormat,
      [](const std::vector<Datum>& args, const FunctionOptions*, MemoryPool* pool) {
        return formatTimestamps(args[0].array(), args[1].scalar().stringValue(), pool);
      }}));
  return Status::OK();
}

}  // namespace sabot::compute
