#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sabot/base/Result.h"
#include "sabot/formats/ChunkedInput.h"

namespace sabot::formats {

/// One CSV record split into unescaped fields. Reused from record to record.
struct CsvRecord {
  int64_t line = 0;         ///< 1-based line of the record's first byte
  std::string error;        ///< a quoting error, empty if the record is well-formed
  int64_t errorField = -1;  ///< the field the quoting error is in

  size_t numFields() const { return ends_.size(); }
  std::string_view field(size_t index) const {
    const size_t begin = index == 0 ? 0 : ends_[index - 1];
    return std::string_view(data_).substr(begin, ends_[index] - begin);
  }
  /// Whether the field was enclosed in quotes (quoted values are never null
  /// strings in text columns).
  bool quoted(size_t index) const { return quoted_[index] != 0; }
  /// The record as it appeared in the input, without its line terminator.
  /// Valid until the next CsvTokenizer::next(), or for good after keepRaw().
  std::string_view raw() const { return ownsRaw_ ? std::string_view(rawCopy_) : raw_; }
  /// Copies raw() into the record, so it outlives the tokenizer's window.
  void keepRaw() {
    if (ownsRaw_) return;
    rawCopy_.assign(raw_);
    ownsRaw_ = true;
  }

 private:
  friend class CsvTokenizer;
  void clear() {
    error.clear();
    errorField = -1;
    data_.clear();
    ends_.clear();
    quoted_.clear();
    raw_ = {};
    rawCopy_.clear();
    ownsRaw_ = false;
  }

  std::string data_;          // the unescaped fields, back to back
  std::vector<size_t> ends_;  // end of each field in data_
  std::vector<uint8_t> quoted_;
  std::string_view raw_;
  std::string rawCopy_;
  bool ownsRaw_ = false;
};

/// Splits CSV text into records following RFC 4180: fields separated by the
/// delimiter; fields in quotes may hold delimiters, line breaks and doubled
/// quotes; records end with LF, CRLF or CR, or at the end of the input (no
/// final line break needed). A UTF-8 byte order mark at the start is dropped.
/// Being lenient where it is harmless, a quote inside an unquoted field is
/// kept as a literal character. Malformed quoting (text after a closing quote,
/// a quote left open at the end) is reported in CsvRecord::error, so the
/// reader's error policy decides.
///
/// The tokenizer resumes where it stopped when a record runs past the window,
/// so a record spanning many chunks costs no rescanning.
class CsvTokenizer {
 public:
  CsvTokenizer(ChunkedInput& input, char delimiter, char quote, int64_t maxRecordBytes)
      : input_(input), delimiter_(delimiter), quote_(quote), maxRecordBytes_(maxRecordBytes) {}

  /// Reads the next record into `record`; false at the end of the input. An
  /// error only for I/O or a record longer than maxRecordBytes.
  Result<bool> next(CsvRecord& record);

  /// The line the next record starts on.
  int64_t line() const { return line_; }

 private:
  enum class State { kFieldStart, kUnquoted, kQuoted, kQuoteInQuoted };

  Status prepare();

  ChunkedInput& input_;
  const char delimiter_;
  const char quote_;
  const int64_t maxRecordBytes_;
  int64_t line_ = 1;
  size_t pendingConsume_ = 0;  // the previous record, consumed lazily so its raw text stays valid
  bool started_ = false;       // the byte order mark was looked at
  bool pendingCr_ = false;     // the previous record ended with CR: skip an LF that follows
};

}  // namespace sabot::formats
