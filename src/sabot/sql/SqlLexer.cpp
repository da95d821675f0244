#include "sabot/sql/SqlLexer.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "sabot/columnar/Utf8.h"

namespace sabot::sql {

namespace {

// Sorted, so isReservedWord() can binary-search. The clause keywords (FROM,
// WHERE, ...) are reserved already so that the select-list parser stops at
// them once a SQL front end puts statements around it.
constexpr std::array<std::string_view, 37> kReservedWords = {
    "ALL",  "AND",   "ANY",      "AS",    "ASC",   "BETWEEN",  "BY",    "CASE",
    "CAST", "DESC",  "DISTINCT", "ELSE",  "END",   "EXISTS",   "FALSE", "FOR",
    "FROM", "GROUP", "HAVING",   "ILIKE", "IN",    "INTERVAL", "IS",    "JOIN",
    "LIKE", "LIMIT", "NOT",      "NULL",  "ON",    "OR",       "ORDER", "SELECT",
    "THEN", "TRUE",  "UNION",    "WHEN",  "WHERE",
};

static_assert(std::is_sorted(kReservedWords.begin(), kReservedWords.end()));

// Tokens longer than this are cut in describeToken().
constexpr size_t kDescribeBytes = 32;

bool isAsciiLetter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool isDigit(char c) {
  return c >= '0' && c <= '9';
}
bool isNonAscii(char c) {
  return static_cast<unsigned char>(c) >= 0x80;
}
// Non-ASCII bytes may appear in bare words, so names in any script work
// unquoted; the word as a whole must still be valid UTF-8.
bool isWordStart(char c) {
  return isAsciiLetter(c) || c == '_' || isNonAscii(c);
}
bool isWordPart(char c) {
  return isWordStart(c) || isDigit(c) || c == '$';
}
bool isSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

char toUpperAscii(char c) {
  return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (toUpperAscii(a[i]) != toUpperAscii(b[i])) return false;
  }
  return true;
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  std::vector<Token> run() {
    std::vector<Token> tokens;
    while (true) {
      if (!skipSpaceAndComments()) {
        tokens.push_back(std::move(error_));
        return tokens;
      }
      if (position_ >= text_.size()) {
        tokens.push_back(Token{TokenKind::kEnd, text_.size(), 0, {}});
        return tokens;
      }
      Token token = next();
      const bool failed = token.kind == TokenKind::kError;
      tokens.push_back(std::move(token));
      if (failed) return tokens;
    }
  }

 private:
  char at(size_t index) const { return index < text_.size() ? text_[index] : '\0'; }

  Token error(size_t offset, std::string message) const {
    return Token{TokenKind::kError, offset, 0, std::move(message)};
  }

  /// False (with error_ set) on an unterminated block comment.
  bool skipSpaceAndComments() {
    while (position_ < text_.size()) {
      const char c = text_[position_];
      if (isSpace(c)) {
        ++position_;
      } else if (c == '-' && at(position_ + 1) == '-') {
        const size_t newline = text_.find('\n', position_);
        position_ = newline == std::string_view::npos ? text_.size() : newline + 1;
      } else if (c == '/' && at(position_ + 1) == '*') {
        const size_t close = text_.find("*/", position_ + 2);
        if (close == std::string_view::npos) {
          error_ = error(position_, "unterminated /* comment");
          return false;
        }
        position_ = close + 2;
      } else {
        break;
      }
    }
    return true;
  }

  Token make(TokenKind kind, size_t start, std::string value = {}) {
    return Token{kind, start, position_ - start, std::move(value)};
  }

  Token next() {
    const size_t start = position_;
    const char c = text_[position_];
    if (isWordStart(c)) return word(start);
    if (isDigit(c) || (c == '.' && isDigit(at(position_ + 1)))) return number(start);
    if (c == '\'') return quoted(start, '\'', TokenKind::kString, "string literal");
    if (c == '"') return quoted(start, '"', TokenKind::kQuotedIdentifier, "quoted identifier");
    return punctuation(start);
  }

  Token word(size_t start) {
    while (position_ < text_.size() && isWordPart(text_[position_])) ++position_;
    const std::string_view spelling = text_.substr(start, position_ - start);
    if (!columnar::isValidUtf8(spelling)) return error(start, "invalid UTF-8 in a name");
    return make(TokenKind::kWord, start, std::string(spelling));
  }

  Token number(size_t start) {
    bool decimal = false;
    while (isDigit(at(position_))) ++position_;
    if (at(position_) == '.') {
      decimal = true;
      ++position_;
      while (isDigit(at(position_))) ++position_;
    }
    const char e = at(position_);
    if (e == 'e' || e == 'E') {
      size_t exponent = position_ + 1;
      if (at(exponent) == '+' || at(exponent) == '-') ++exponent;
      if (isDigit(at(exponent))) {
        decimal = true;
        position_ = exponent;
        while (isDigit(at(position_))) ++position_;
      }
    }
    // "12abc" or "1.2.3" is a typo, not the number 12 followed by an alias.
    if (isWordPart(at(position_)) || at(position_) == '.') {
      while (position_ < text_.size() && (isWordPart(text_[position_]) || text_[position_] == '.'))
        ++position_;
      const std::string_view spelling = text_.substr(start, position_ - start);
      if (!columnar::isValidUtf8(spelling)) return error(start, "invalid number");
      return error(start, fmt::format("invalid number '{}'", spelling));
    }
    return make(decimal ? TokenKind::kDecimal : TokenKind::kInteger, start,
                std::string(text_.substr(start, position_ - start)));
  }

  /// 'text' or "name"; a doubled quote stands for one quote character.
  Token quoted(size_t start, char quote, TokenKind kind, std::string_view what) {
    std::string value;
    ++position_;
    while (true) {
      const size_t close = text_.find(quote, position_);
      if (close == std::string_view::npos)
        return error(start, fmt::format("unterminated {}", what));
      value.append(text_.substr(position_, close - position_));
      position_ = close + 1;
      if (at(position_) != quote) break;
      value.push_back(quote);
      ++position_;
    }
    if (!columnar::isValidUtf8(value))
      return error(start, fmt::format("invalid UTF-8 in a {}", what));
    if (kind == TokenKind::kQuotedIdentifier && value.empty())
      return error(start, "empty quoted identifier \"\"");
    return make(kind, start, std::move(value));
  }

  Token punctuation(size_t start) {
    const char c = text_[position_];
    const char following = at(position_ + 1);
    // Punctuation keeps its spelling as the value, for error messages.
    auto one = [&](TokenKind kind) {
      position_ += 1;
      return make(kind, start, std::string(text_.substr(start, 1)));
    };
    auto two = [&](TokenKind kind) {
      position_ += 2;
      return make(kind, start, std::string(text_.substr(start, 2)));
    };
    switch (c) {
      case '(':
        return one(TokenKind::kLeftParen);
      case ')':
        return one(TokenKind::kRightParen);
      case '[':
        return one(TokenKind::kLeftBracket);
      case ']':
        return one(TokenKind::kRightBracket);
      case ',':
        return one(TokenKind::kComma);
      case '.':
        return one(TokenKind::kDot);
      case ':':
        return one(TokenKind::kColon);
      case '+':
        return one(TokenKind::kPlus);
      case '-':
        return one(TokenKind::kMinus);
      case '*':
        return one(TokenKind::kStar);
      case '/':
        return one(TokenKind::kSlash);
      case '%':
        return one(TokenKind::kPercent);
      case '=':
        return following == '=' ? two(TokenKind::kEqual) : one(TokenKind::kEqual);
      case '!':
        if (following == '=') return two(TokenKind::kNotEqual);
        break;
      case '|':
        if (following == '|') return two(TokenKind::kConcat);
        break;
      case '<':
        if (following == '=') return two(TokenKind::kLessEqual);
        if (following == '>') return two(TokenKind::kNotEqual);
        return one(TokenKind::kLess);
      case '>':
        if (following == '=') return two(TokenKind::kGreaterEqual);
        return one(TokenKind::kGreater);
      default:
        break;
    }
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x21 && byte < 0x7F)
      return error(start, fmt::format("unexpected character '{}'", c));
    return error(start, fmt::format("unexpected byte 0x{:02X}", byte));
  }

  std::string_view text_;
  size_t position_ = 0;
  Token error_;
};

}  // namespace

bool Token::isKeyword(std::string_view keyword) const {
  return kind == TokenKind::kWord && equalsIgnoreCase(value, keyword);
}

std::vector<Token> tokenizeSql(std::string_view text) {
  return Lexer(text).run();
}

bool isReservedWord(std::string_view word) {
  if (word.size() > 8) return false;  // longer than the longest reserved word
  std::string upper(word);
  std::transform(upper.begin(), upper.end(), upper.begin(), toUpperAscii);
  return std::binary_search(kReservedWords.begin(), kReservedWords.end(), upper);
}

std::string describeToken(const Token& token) {
  auto shortened = [](std::string_view text) {
    if (text.size() <= kDescribeBytes) return std::string(text);
    size_t cut = kDescribeBytes;
    // Never cut inside a multi-byte character.
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return std::string(text.substr(0, cut)) + "...";
  };
  switch (token.kind) {
    case TokenKind::kEnd:
      return "the end of the input";
    case TokenKind::kError:
      return token.value;
    case TokenKind::kWord: {
      if (!isReservedWord(token.value)) return shortened(token.value);
      std::string upper = token.value;
      std::transform(upper.begin(), upper.end(), upper.begin(), toUpperAscii);
      return upper;
    }
    case TokenKind::kQuotedIdentifier:
      return "\"" + shortened(token.value) + "\"";
    case TokenKind::kString:
      return "'" + shortened(token.value) + "'";
    case TokenKind::kInteger:
    case TokenKind::kDecimal:
      return shortened(token.value);
    default:
      break;
  }
  return "'" + token.value + "'";  // punctuation, as written
}

}  // namespace sabot::sql
