#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

// The tokens of Sabot's SQL dialect. The lexer never fails: a lexical error
// (an unterminated string, a stray '#') becomes a final token of kind kError,
// and the parser reports it only if it gets that far. That way the leftmost
// error in the text is the one the user sees.

namespace sabot::sql {

enum class TokenKind : uint8_t {
  kEnd,               ///< After the last token.
  kError,             ///< A lexical error; `value` is the message. Always last.
  kWord,              ///< A bare word: a keyword or an identifier, as written.
  kQuotedIdentifier,  ///< "Some Name"; `value` is the name with "" unescaped.
  kInteger,           ///< Digits only; `value` is the digits.
  kDecimal,           ///< 1.5, .5, 1., 1e3, 2.5E-3; `value` as written.
  kString,            ///< 'text'; `value` is the text with '' unescaped.
  kLeftParen,         ///< (
  kRightParen,        ///< )
  kLeftBracket,       ///< [  (only inside type names: timestamp[ms])
  kRightBracket,      ///< ]
  kComma,             ///< ,
  kDot,               ///< .
  kColon,             ///< :
  kPlus,              ///< +
  kMinus,             ///< -
  kStar,              ///< *
  kSlash,             ///< /
  kPercent,           ///< %
  kConcat,            ///< ||
  kEqual,             ///< = or ==
  kNotEqual,          ///< <> or !=
  kLess,              ///< <
  kLessEqual,         ///< <=
  kGreater,           ///< >
  kGreaterEqual,      ///< >=
};

/// One token and where it came from.
struct Token {
  TokenKind kind = TokenKind::kEnd;
  /// Byte offset of the token's first byte in the source text.
  size_t offset = 0;
  /// Bytes the token spans in the source text (quotes included).
  size_t length = 0;
  /// The decoded value; see TokenKind.
  std::string value;

  /// True for a bare word spelled `keyword` in any case. `keyword` must be
  /// upper case ("AND").
  bool isKeyword(std::string_view keyword) const;
};

/// Splits `text` into tokens. Whitespace, `-- line` and `/* block */`
/// comments separate tokens and are dropped. The result always ends with one
/// kEnd or kError token.
std::vector<Token> tokenizeSql(std::string_view text);

/// True for the words that cannot be bare column names or aliases (AND, AS,
/// FROM, NULL, ...): they must be double-quoted to be used as names. Any case.
bool isReservedWord(std::string_view word);

/// A token as error messages show it: AND, price, 12, 'abc', '(', or "the end
/// of the input". Long tokens are shortened.
std::string describeToken(const Token& token);

}  // namespace sabot::sql
