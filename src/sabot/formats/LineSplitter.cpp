#include "sabot/formats/LineSplitter.h"

#include <cstring>

namespace sabot::formats {

Result<bool> LineSplitter::next(std::string_view& line) {
  input_.consume(pendingConsume_);
  pendingConsume_ = 0;
  if (!started_) {
    while (input_.window().size() < 3) {
      SABOT_ASSIGN_OR_RAISE(bool more, input_.readMore());
      if (!more) break;
    }
    if (input_.window().substr(0, 3) == "\xEF\xBB\xBF") input_.consume(3);
    started_ = true;
  }
  size_t scanned = 0;
  while (true) {
    const std::string_view window = input_.window();
    const void* found = scanned < window.size()
                            ? std::memchr(window.data() + scanned, '\n', window.size() - scanned)
                            : nullptr;
    if (found != nullptr) {
      const auto end = static_cast<size_t>(static_cast<const char*>(found) - window.data());
      line = window.substr(0, end);
      pendingConsume_ = end + 1;
      break;
    }
    scanned = window.size();
    if (static_cast<int64_t>(scanned) > maxLineBytes_) {
      return Status::invalid("line {}: longer than {} bytes (ReadOptions::maxRecordBytes)",
                             lineNumber_ + 1, maxLineBytes_);
    }
    SABOT_ASSIGN_OR_RAISE(bool more, input_.readMore());
    if (!more) {
      if (window.empty()) return false;
      line = input_.window();
      pendingConsume_ = line.size();
      break;
    }
  }
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  ++lineNumber_;
  return true;
}

}  // namespace sabot::formats
