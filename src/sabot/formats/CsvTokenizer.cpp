#include "sabot/formats/CsvTokenizer.h"

namespace sabot::formats {

// Drops the previous record and, at the very start, a byte order mark; after
// a CR terminator, the LF of a CRLF pair (which may be in the next chunk).
Status CsvTokenizer::prepare() {
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
  if (pendingCr_) {
    if (input_.window().empty()) {
      SABOT_ASSIGN_OR_RAISE(bool more, input_.readMore());
      (void)more;
    }
    if (!input_.window().empty() && input_.window()[0] == '\n') input_.consume(1);
    pendingCr_ = false;
  }
  if (input_.window().empty()) {
    SABOT_ASSIGN_OR_RAISE(bool more, input_.readMore());
    (void)more;
  }
  return Status::OK();
}

Result<bool> CsvTokenizer::next(CsvRecord& record) {
  SABOT_RETURN_NOT_OK(prepare());
  std::string_view window = input_.window();
  if (window.empty()) return false;

  record.clear();
  record.line = line_;
  State state = State::kFieldStart;
  bool fieldQuoted = false;
  size_t position = 0;
  const auto endField = [&] {
    record.ends_.push_back(record.data_.size());
    record.quoted_.push_back(fieldQuoted ? 1 : 0);
    fieldQuoted = false;
  };
  const auto setError = [&](std::string message) {
    if (!record.error.empty()) return;
    record.error = std::move(message);
    record.errorField = static_cast<int64_t>(record.ends_.size());
  };

  while (true) {
    if (position == window.size()) {
      if (static_cast<int64_t>(position) > maxRecordBytes_) {
        return Status::invalid(
            "line {}: record is longer than {} bytes (ReadOptions::maxRecordBytes); is a quote "
            "left open?",
            record.line, maxRecordBytes_);
      }
      SABOT_ASSIGN_OR_RAISE(bool more, input_.readMore());
      window = input_.window();
      if (more) continue;
      // The end of the input ends the record.
      if (state == State::kQuoted) setError("unterminated quoted field");
      endField();
      record.raw_ = window.substr(0, position);
      pendingConsume_ = position;
      return true;
    }
    const char c = window[position];
    switch (state) {
      case State::kFieldStart:
        if (c == quote_) {
          fieldQuoted = true;
          state = State::kQuoted;
          ++position;
          continue;
        }
        state = State::kUnquoted;
        [[fallthrough]];
      case State::kUnquoted: {
        const size_t start = position;
        while (position < window.size()) {
          const char d = window[position];
          if (d == delimiter_ || d == '\n' || d == '\r') break;
          ++position;
        }
        record.data_.append(window.data() + start, position - start);
        if (position == window.size()) continue;
        break;  // a delimiter or a line break: handled below
      }
      case State::kQuoted: {
        const size_t start = position;
        while (position < window.size() && window[position] != quote_) {
          if (window[position] == '\n') ++line_;
          ++position;
        }
        record.data_.append(window.data() + start, position - start);
        if (position < window.size()) {
          state = State::kQuoteInQuoted;
          ++position;
        }
        continue;
      }
      case State::kQuoteInQuoted:
        if (c == quote_) {  // a doubled quote stands for one
          record.data_ += quote_;
          state = State::kQuoted;
          ++position;
          continue;
        }
        if (c != delimiter_ && c != '\n' && c != '\r') {
          setError("unexpected character after a closing quote");
          state = State::kUnquoted;
          continue;
        }
        break;
    }
    // window[position] ends the field: a delimiter or a line break.
    const char end = window[position];
    endField();
    if (end == delimiter_) {
      state = State::kFieldStart;
      ++position;
      continue;
    }
    record.raw_ = window.substr(0, position);
    pendingConsume_ = position + 1;
    ++line_;
    pendingCr_ = end == '\r';
    return true;
  }
}

}  // namespace sabot::formats
