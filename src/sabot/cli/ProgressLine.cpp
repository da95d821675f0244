#include "sabot/cli/ProgressLine.h"

#include <unistd.h>

#include <cstdio>

#include <fmt/format.h>

namespace sabot::cli {

ProgressLine::ProgressLine() : enabled_(isatty(STDERR_FILENO) == 1) {}

ProgressLine::~ProgressLine() { finish(); }

void ProgressLine::show(const std::string& text) {
  if (!enabled_) return;
  std::string line = "\r" + text;
  if (text.size() < lastLength_) line.append(lastLength_ - text.size(), ' ');
  lastLength_ = text.size();
  std::fputs(line.c_str(), stderr);
  std::fflush(stderr);
  shown_ = true;
}

void ProgressLine::finish() {
  if (!shown_) return;
  std::fputc('\n', stderr);
  shown_ = false;
  lastLength_ = 0;
}

std::string ProgressLine::withThousands(int64_t value) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  std::string grouped;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ',';
    grouped += digits[i];
  }
  return value < 0 ? "-" + grouped : grouped;
}

std::string ProgressLine::rate(double perSecond) {
  if (perSecond >= 1e6) return fmt::format("{:.2f} M", perSecond / 1e6);
  if (perSecond >= 1e3) return fmt::format("{:.1f} K", perSecond / 1e3);
  return fmt::format("{:.0f}", perSecond);
}

}  // namespace sabot::cli
