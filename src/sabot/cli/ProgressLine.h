#pragma once

#include <cstdint>
#include <string>

namespace sabot::cli {

/// A status line on stderr that rewrites itself ("\r"), shown only when
/// stderr is a terminal so logs and pipes stay clean.
class ProgressLine {
 public:
  ProgressLine();
  ~ProgressLine();
  bool enabled() const { return enabled_; }
  /// Replaces the line with `text`.
  void show(const std::string& text);
  /// Ends the line so what follows starts on a new one.
  void finish();

  /// "1,234,567".
  static std::string withThousands(int64_t value);
  /// "1.23 M", "456.0 K", "12": a rate, the unit left to the caller.
  static std::string rate(double perSecond);

 private:
  bool enabled_;
  bool shown_ = false;
  size_t lastLength_ = 0;
};

}  // namespace sabot::cli
