#include "sabot/sql/ExpressionParser.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "sabot/columnar/Temporal.h"
#include "sabot/sql/ErrorLocation.h"
#include "sabot/sql/LikePattern.h"
#include "sabot/sql/SqlLexer.h"
#include "sabot/sql/SqlType.h"

namespace sabot::sql {

namespace {

using compute::Expression;
using compute::Scalar;

// Parsing, bind(), evaluate() and even the destruction of an expression
// recurse once per level of the tree, so hostile input such as 100000 '(' or
// `1+1+...+1` is rejected here instead of overflowing the stack later.
constexpr int kMaxNesting = 256;  // parser recursion: parentheses, arguments, NOT, unary signs
constexpr int kMaxDepth = 256;    // levels of the resulting expression tree

/// A parsed expression and the number of levels of its tree.
struct Parsed {
  Expression expression;
  int depth = 1;
};

Parsed leaf(Expression expression) {
  return Parsed{std::move(expression), 1};
}

char toLowerAscii(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

/// Unquoted function names are case-insensitive: registry names are lower
/// case. A few standard SQL spellings map onto the registry's names.
std::string registryFunctionName(std::string_view written) {
  std::string name(written);
  std::transform(name.begin(), name.end(), name.begin(), toLowerAscii);
  if (name == "character_length") return "char_length";
  if (name == "octet_length") return "byte_length";
  if (name == "substr") return "substring";
  if (name == "mod") return "modulo";
  return name;
}

const char* comparisonFunction(TokenKind kind) {
  switch (kind) {
    case TokenKind::kEqual:
      return "equal";
    case TokenKind::kNotEqual:
      return "not_equal";
    case TokenKind::kLess:
      return "less";
    case TokenKind::kLessEqual:
      return "less_equal";
    case TokenKind::kGreater:
      return "greater";
    case TokenKind::kGreaterEqual:
      return "greater_equal";
    default:
      return nullptr;
  }
}

const char* likeFunction(LikeMatch::Kind kind) {
  switch (kind) {
    case LikeMatch::Kind::kEquals:
      return "equal";
    case LikeMatch::Kind::kStartsWith:
      return "starts_with";
    case LikeMatch::Kind::kEndsWith:
      return "ends_with";
    case LikeMatch::Kind::kContains:
      return "contains";
  }
  return "equal";
}

/// A word that can name a column or an alias without quotes.
bool isName(const Token& token) {
  return token.kind == TokenKind::kQuotedIdentifier ||
         (token.kind == TokenKind::kWord && !isReservedWord(token.value));
}

/// Precedence climbing, one method per level, loosest first:
///   OR < AND < NOT < comparison (= <> < IS IN BETWEEN LIKE) < + - < * / < unary - + < primary
/// Tokens are all read up front; the vector never changes afterwards, so
/// references to its elements stay valid while parsing.
class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text), tokens_(tokenizeSql(text)) {}

  Result<Expression> parseWholeExpression() {
    SABOT_ASSIGN_OR_RAISE(Parsed parsed, parseOr());
    if (peek().kind != TokenKind::kEnd)
      return errorAt(peek(), "an operator or the end of the input");
    return parsed.expression;
  }

  Result<std::vector<Expression>> parseSelectList(const columnar::Schema& inputSchema) {
    std::vector<Expression> items;
    // Output name -> the 1-based number of the item that produced it.
    std::unordered_map<std::string, size_t> itemOfName;
    for (size_t itemNumber = 1;; ++itemNumber) {
      const Token& start = peek();
      auto claimName = [&](const std::string& name) -> Status {
        auto [existing, inserted] = itemOfName.emplace(name, itemNumber);
        if (inserted) return Status::OK();
        return invalidAt(
            text_, start.offset,
            fmt::format(
                "duplicate output column name \"{}\": select items {} and {} both produce it; "
                "rename one with AS",
                name, existing->second, itemNumber));
      };
      if (start.kind == TokenKind::kEnd) return errorAt(start, "an expression or '*'");
      if (start.kind == TokenKind::kStar) {
        advance();
        if (atKeyword("AS") || isName(peek()))
          return syntaxError(text_, peek().offset, "'*' cannot have an alias");
        for (int i = 0; i < inputSchema.numFields(); ++i) {
          const std::string& name = inputSchema.field(i)->name();
          SABOT_RETURN_NOT_OK(claimName(name));
          items.push_back(compute::col(name));
        }
      } else {
        const size_t first = index_;
        SABOT_ASSIGN_OR_RAISE(Parsed parsed, parseOr());
        const size_t afterExpression = index_;
        std::optional<std::string> alias;
        if (acceptKeyword("AS")) {
          if (!isName(peek())) return errorAt(peek(), "a name after AS");
          alias = advance().value;
        } else if (isName(peek())) {
          alias = advance().value;
        }
        Expression item = parsed.expression;
        std::string outputName;
        if (alias) {
          outputName = *alias;
          item = item.alias(outputName);
        } else if (item.isColumn()) {
          outputName = item.columnName();  // bind() names a bare column after itself
        } else {
          outputName = sourceText(first, afterExpression);
          item = item.alias(outputName);
        }
        SABOT_RETURN_NOT_OK(claimName(outputName));
        items.push_back(std::move(item));
      }
      if (accept(TokenKind::kComma)) continue;
      if (peek().kind == TokenKind::kEnd) return items;
      return errorAt(peek(), "',' or the end of the select list");
    }
  }

 private:
  /// Counts one level of parser recursion for as long as it lives.
  class Nesting {
   public:
    explicit Nesting(int& depth) : depth_(depth) { ++depth_; }
    ~Nesting() { --depth_; }
    Nesting(const Nesting&) = delete;
    Nesting& operator=(const Nesting&) = delete;

   private:
    int& depth_;
  };

  // ------------------------------------------------------------ tokens

  /// The token `ahead` places on; past the end, the final kEnd/kError token.
  const Token& peek(size_t ahead = 0) const {
    return tokens_[std::min(index_ + ahead, tokens_.size() - 1)];
  }
  /// Consumes and returns the current token (never moves past the last one).
  const Token& advance() {
    const Token& token = peek();
    if (index_ + 1 < tokens_.size()) ++index_;
    return token;
  }
  bool atKeyword(std::string_view keyword, size_t ahead = 0) const {
    return peek(ahead).isKeyword(keyword);
  }
  bool acceptKeyword(std::string_view keyword) {
    if (!atKeyword(keyword)) return false;
    advance();
    return true;
  }
  bool accept(TokenKind kind) {
    if (peek().kind != kind) return false;
    advance();
    return true;
  }
  Status expect(TokenKind kind, std::string_view expected) {
    if (accept(kind)) return Status::OK();
    return errorAt(peek(), expected);
  }

  /// The text of tokens [first, end) as written, with every gap (whitespace,
  /// comments) shown as one space.
  std::string sourceText(size_t first, size_t end) const {
    std::string out;
    for (size_t i = first; i < end && i < tokens_.size(); ++i) {
      const Token& token = tokens_[i];
      if (i > first) {
        const Token& previous = tokens_[i - 1];
        if (token.offset > previous.offset + previous.length) out.push_back(' ');
      }
      out.append(text_.substr(token.offset, token.length));
    }
    return out;
  }

  // ------------------------------------------------------------ errors

  /// "expected <expected>, found <token>" at the token; a lexical error token
  /// reports itself instead.
  Status errorAt(const Token& token, std::string_view expected) const {
    if (token.kind == TokenKind::kError) return syntaxError(text_, token.offset, token.value);
    return syntaxError(text_, token.offset,
                       fmt::format("expected {}, found {}", expected, describeToken(token)));
  }
  Status unsupported(const Token& token, std::string_view what) const {
    return unsupportedAt(text_, token.offset, what);
  }
  Status tooDeep(const Token& token) const {
    return invalidAt(
        text_, token.offset,
        fmt::format("the expression is nested too deeply (more than {} levels)", kMaxDepth));
  }
  /// A location-free Status from a helper (LIKE patterns), placed at `token`.
  Status locate(const Status& status, const Token& token) const {
    if (status.code() == StatusCode::kUnsupported)
      return unsupportedAt(text_, token.offset, status.message());
    return invalidAt(text_, token.offset, status.message());
  }

  // ------------------------------------------------------------ building

  Result<Parsed> makeCall(const Token& at, std::string function, std::vector<Parsed> arguments,
                          std::shared_ptr<const compute::FunctionOptions> options = nullptr) const {
    int depth = 0;
    std::vector<Expression> expressions;
    expressions.reserve(arguments.size());
    for (Parsed& argument : arguments) {
      depth = std::max(depth, argument.depth);
      expressions.push_back(std::move(argument.expression));
    }
    if (depth + 1 > kMaxDepth) return tooDeep(at);
    return Parsed{compute::call(std::move(function), std::move(expressions), std::move(options)),
                  depth + 1};
  }

  /// `function` (and/or) over operands [begin, end) as a balanced tree, so a
  /// long `a OR b OR ...` or IN list stays shallow. Both are associative, so
  /// the shape does not change the result; the split keeps two or three
  /// operands in the left-nested shape the C++ operators build.
  Result<Parsed> balanced(const Token& at, const char* function, std::vector<Parsed>& operands,
                          size_t begin, size_t end) const {
    if (end - begin == 1) return operands[begin];
    const size_t middle = begin + (end - begin + 1) / 2;
    SABOT_ASSIGN_OR_RAISE(Parsed left, balanced(at, function, operands, begin, middle));
    SABOT_ASSIGN_OR_RAISE(Parsed right, balanced(at, function, operands, middle, end));
    return makeCall(at, function, {std::move(left), std::move(right)});
  }

  // ------------------------------------------------------------ grammar

  Result<Parsed> parseOr() {
    Nesting nesting(nesting_);
    if (nesting_ > kMaxNesting) return tooDeep(peek());
    return parseChain("OR", "or", &Parser::parseAnd);
  }

  Result<Parsed> parseAnd() { return parseChain("AND", "and", &Parser::parseNot); }

  Result<Parsed> parseChain(std::string_view keyword, const char* function,
                            Result<Parsed> (Parser::*operand)()) {
    SABOT_ASSIGN_OR_RAISE(Parsed first, (this->*operand)());
    if (!atKeyword(keyword)) return first;
    const Token& at = peek();
    std::vector<Parsed> operands;
    operands.push_back(std::move(first));
    while (acceptKeyword(keyword)) {
      SABOT_ASSIGN_OR_RAISE(Parsed next, (this->*operand)());
      operands.push_back(std::move(next));
    }
    return balanced(at, function, operands, 0, operands.size());
  }

  Result<Parsed> parseNot() {
    if (!atKeyword("NOT")) return parseComparison();
    const Token& at = advance();
    Nesting nesting(nesting_);
    if (nesting_ > kMaxNesting) return tooDeep(at);
    SABOT_ASSIGN_OR_RAISE(Parsed operand, parseNot());
    return makeCall(at, "not", {std::move(operand)});
  }

  /// Comparisons and the SQL predicates, left-associative at one level:
  /// `a = b IS NULL` is is_null(equal(a, b)).
  Result<Parsed> parseComparison() {
    SABOT_ASSIGN_OR_RAISE(Parsed left, parseAdditive());
    while (true) {
      const Token& token = peek();
      if (const char* function = comparisonFunction(token.kind)) {
        advance();
        SABOT_ASSIGN_OR_RAISE(Parsed right, parseAdditive());
        SABOT_ASSIGN_OR_RAISE(left, makeCall(token, function, {std::move(left), std::move(right)}));
        continue;
      }
      if (token.isKeyword("IS")) {
        advance();
        SABOT_ASSIGN_OR_RAISE(left, parseIs(token, std::move(left)));
        continue;
      }
      bool negated = false;
      if (token.isKeyword("NOT") && (atKeyword("IN", 1) || atKeyword("BETWEEN", 1) ||
                                     atKeyword("LIKE", 1) || atKeyword("ILIKE", 1))) {
        negated = true;
        advance();
      }
      const Token& predicate = peek();
      if (predicate.isKeyword("IN")) {
        advance();
        SABOT_ASSIGN_OR_RAISE(left, parseIn(predicate, std::move(left), negated));
      } else if (predicate.isKeyword("BETWEEN")) {
        advance();
        SABOT_ASSIGN_OR_RAISE(left, parseBetween(predicate, std::move(left), negated));
      } else if (predicate.isKeyword("LIKE")) {
        advance();
        SABOT_ASSIGN_OR_RAISE(left, parseLike(predicate, std::move(left), negated));
      } else if (predicate.isKeyword("ILIKE")) {
        return unsupported(predicate, "ILIKE is not supported yet; use lower(x) LIKE 'pattern'");
      } else {
        return left;
      }
    }
  }

  /// After IS: [NOT] NULL, [NOT] TRUE, [NOT] FALSE.
  Result<Parsed> parseIs(const Token& at, Parsed subject) {
    const bool negated = acceptKeyword("NOT");
    const Token& what = peek();
    if (what.isKeyword("NULL")) {
      advance();
      return makeCall(at, negated ? "is_valid" : "is_null", {std::move(subject)});
    }
    if (what.isKeyword("TRUE") || what.isKeyword("FALSE")) {
      advance();
      // x IS TRUE is never null: is_valid(x) AND x is false for a null x
      // under Kleene logic.
      Parsed value = subject;
      if (what.isKeyword("FALSE")) {
        SABOT_ASSIGN_OR_RAISE(value, makeCall(at, "not", {subject}));
      }
      SABOT_ASSIGN_OR_RAISE(Parsed valid, makeCall(at, "is_valid", {subject}));
      SABOT_ASSIGN_OR_RAISE(Parsed test, makeCall(at, "and", {std::move(valid), std::move(value)}));
      if (!negated) return test;
      return makeCall(at, "not", {std::move(test)});
    }
    if (what.isKeyword("DISTINCT"))
      return unsupported(what, "IS [NOT] DISTINCT FROM is not supported yet");
    return errorAt(what, "NULL, TRUE or FALSE after IS");
  }

  /// x IN (a, b) is x = a OR x = b, which also gives SQL's null semantics:
  /// 1 IN (2, NULL) is null, and so is its NOT.
  Result<Parsed> parseIn(const Token& at, const Parsed& subject, bool negated) {
    SABOT_RETURN_NOT_OK(expect(TokenKind::kLeftParen, "'(' after IN"));
    if (atKeyword("SELECT")) return unsupported(peek(), "subqueries are not supported");
    std::vector<Parsed> equalities;
    while (true) {
      SABOT_ASSIGN_OR_RAISE(Parsed value, parseOr());
      SABOT_ASSIGN_OR_RAISE(Parsed equality, makeCall(at, "equal", {subject, std::move(value)}));
      equalities.push_back(std::move(equality));
      if (accept(TokenKind::kComma)) continue;
      SABOT_RETURN_NOT_OK(expect(TokenKind::kRightParen, "',' or ')' in the IN list"));
      break;
    }
    SABOT_ASSIGN_OR_RAISE(Parsed any, balanced(at, "or", equalities, 0, equalities.size()));
    if (!negated) return any;
    return makeCall(at, "not", {std::move(any)});
  }

  /// x BETWEEN lo AND hi is x >= lo AND x <= hi. The bounds are additive
  /// expressions, so the AND in between is never taken for a conjunction.
  Result<Parsed> parseBetween(const Token& at, const Parsed& subject, bool negated) {
    SABOT_ASSIGN_OR_RAISE(Parsed low, parseAdditive());
    if (!acceptKeyword("AND")) return errorAt(peek(), "AND in BETWEEN ... AND ...");
    SABOT_ASSIGN_OR_RAISE(Parsed high, parseAdditive());
    SABOT_ASSIGN_OR_RAISE(Parsed atLeast, makeCall(at, "greater_equal", {subject, std::move(low)}));
    SABOT_ASSIGN_OR_RAISE(Parsed atMost, makeCall(at, "less_equal", {subject, std::move(high)}));
    SABOT_ASSIGN_OR_RAISE(Parsed within,
                          makeCall(at, "and", {std::move(atLeast), std::move(atMost)}));
    if (!negated) return within;
    return makeCall(at, "not", {std::move(within)});
  }

  /// x LIKE 'pattern' [ESCAPE 'c'], mapped onto equal / starts_with /
  /// ends_with / contains (see LikePattern.h).
  Result<Parsed> parseLike(const Token& at, const Parsed& subject, bool negated) {
    const Token& pattern = peek();
    if (pattern.kind != TokenKind::kString) {
      if (pattern.kind == TokenKind::kEnd || pattern.kind == TokenKind::kError) {
        return errorAt(pattern, "a pattern string after LIKE");
      }
      return unsupported(pattern, "LIKE needs a string literal pattern such as 'abc%'");
    }
    advance();
    std::optional<char> escape;
    if (atKeyword("ESCAPE")) {
      advance();
      const Token& escapeToken = peek();
      if (escapeToken.kind != TokenKind::kString)
        return errorAt(escapeToken, "a one-character string after ESCAPE");
      if (escapeToken.value.size() != 1) {
        return invalidAt(text_, escapeToken.offset,
                         fmt::format("the ESCAPE string must be one ASCII character, got '{}'",
                                     escapeToken.value));
      }
      advance();
      escape = escapeToken.value[0];
    }
    auto match = classifyLikePattern(pattern.value, escape);
    if (!match.ok()) return locate(match.status(), pattern);
    SABOT_ASSIGN_OR_RAISE(Parsed test,
                          makeCall(at, likeFunction(match->kind),
                                   {subject, leaf(compute::lit(Scalar::utf8(match->literal)))}));
    if (!negated) return test;
    return makeCall(at, "not", {std::move(test)});
  }

  Result<Parsed> parseAdditive() {
    SABOT_ASSIGN_OR_RAISE(Parsed left, parseMultiplicative());
    while (true) {
      const Token& op = peek();
      if (op.kind == TokenKind::kConcat) {
        return unsupported(op, "the || operator (string concatenation) is not supported yet");
      }
      const char* function = op.kind == TokenKind::kPlus    ? "add"
                             : op.kind == TokenKind::kMinus ? "subtract"
                                                            : nullptr;
      if (function == nullptr) return left;
      advance();
      SABOT_ASSIGN_OR_RAISE(Parsed right, parseMultiplicative());
      SABOT_ASSIGN_OR_RAISE(left, makeCall(op, function, {std::move(left), std::move(right)}));
    }
  }

  Result<Parsed> parseMultiplicative() {
    SABOT_ASSIGN_OR_RAISE(Parsed left, parseUnary());
    while (true) {
      const Token& op = peek();
      const char* function = op.kind == TokenKind::kStar      ? "multiply"
                             : op.kind == TokenKind::kSlash   ? "divide"
                             : op.kind == TokenKind::kPercent ? "modulo"
                                                              : nullptr;
      if (function == nullptr) return left;
      advance();
      SABOT_ASSIGN_OR_RAISE(Parsed right, parseUnary());
      SABOT_ASSIGN_OR_RAISE(left, makeCall(op, function, {std::move(left), std::move(right)}));
    }
  }

  Result<Parsed> parseUnary() {
    const Token& op = peek();
    if (op.kind != TokenKind::kMinus && op.kind != TokenKind::kPlus) return parsePrimary();
    advance();
    Nesting nesting(nesting_);
    if (nesting_ > kMaxNesting) return tooDeep(op);
    const Token& operand = peek();
    // A minus sign and a number make one literal, which is how
    // -9223372036854775808 (whose magnitude is beyond int64) can be written.
    if (op.kind == TokenKind::kMinus &&
        (operand.kind == TokenKind::kInteger || operand.kind == TokenKind::kDecimal)) {
      advance();
      return numberLiteral(operand, /*negative=*/true);
    }
    SABOT_ASSIGN_OR_RAISE(Parsed value, parseUnary());
    if (op.kind == TokenKind::kPlus) return value;
    return makeCall(op, "negate", {std::move(value)});
  }

  Result<Parsed> parsePrimary() {
    const Token& token = peek();
    switch (token.kind) {
      case TokenKind::kInteger:
      case TokenKind::kDecimal:
        advance();
        return numberLiteral(token, /*negative=*/false);
      case TokenKind::kString:
        advance();
        return leaf(compute::lit(Scalar::utf8(token.value)));
      case TokenKind::kQuotedIdentifier:
        advance();
        return parseName(token, token.value);
      case TokenKind::kWord:
        advance();
        return parseWord(token);
      case TokenKind::kLeftParen: {
        advance();
        if (atKeyword("SELECT")) return unsupported(peek(), "subqueries are not supported");
        SABOT_ASSIGN_OR_RAISE(Parsed inner, parseOr());
        SABOT_RETURN_NOT_OK(expect(TokenKind::kRightParen, "')'"));
        return inner;
      }
      default:
        return errorAt(token, "an expression");
    }
  }

  /// A bare word in expression position (already consumed): a keyword
  /// literal or construct, a function call, or a column.
  Result<Parsed> parseWord(const Token& word) {
    if (word.isKeyword("TRUE")) return leaf(compute::lit(true));
    if (word.isKeyword("FALSE")) return leaf(compute::lit(false));
    // A null of the null type: bind() adapts it to the type it meets
    // (x = NULL, x + NULL, CAST(NULL AS int64)), and and/or/not take it as bool.
    if (word.isKeyword("NULL")) return leaf(compute::lit(Scalar()));
    if (word.isKeyword("CAST")) return parseCast(word);
    if (word.isKeyword("CASE")) return unsupported(word, "CASE is not supported yet");
    if (word.isKeyword("EXISTS") || word.isKeyword("SELECT"))
      return unsupported(word, "subqueries are not supported");
    if (word.isKeyword("INTERVAL"))
      return unsupported(word, "INTERVAL literals are not supported yet");
    if (isReservedWord(word.value)) return errorAt(word, "an expression");
    // DATE and TIMESTAMP stay usable as column names: only a string right
    // after them makes a typed literal.
    if ((word.isKeyword("DATE") || word.isKeyword("TIMESTAMP")) &&
        peek().kind == TokenKind::kString) {
      return typedLiteral(word, advance());
    }
    return parseName(word, word.value);
  }

  /// A column, or a function call when '(' follows. `name` is the decoded
  /// name; quoted names are used exactly as written, also for functions.
  Result<Parsed> parseName(const Token& token, const std::string& name) {
    if (peek().kind == TokenKind::kLeftParen) {
      const bool quoted = token.kind == TokenKind::kQuotedIdentifier;
      return parseCall(token, quoted ? name : registryFunctionName(name));
    }
    if (peek().kind == TokenKind::kDot) {
      return unsupported(peek(),
                         "qualified names such as table.column are not supported; "
                         "double-quote the whole name if a column is called that");
    }
    return leaf(compute::col(name));
  }

  /// name(arg, ...) — the name is looked up in the function registry at
  /// bind time. Also the standard form substring(s FROM start [FOR length]).
  Result<Parsed> parseCall(const Token& nameToken, std::string function) {
    advance();  // (
    if (peek().kind == TokenKind::kStar) {
      return unsupported(
          peek(), fmt::format("{}(*) is not supported: aggregate functions are not expressions",
                              nameToken.value));
    }
    if (atKeyword("DISTINCT")) {
      return unsupported(
          peek(),
          "DISTINCT in a function call is not supported: aggregate functions are not "
          "expressions");
    }
    std::vector<Parsed> arguments;
    if (!accept(TokenKind::kRightParen)) {
      while (true) {
        SABOT_ASSIGN_OR_RAISE(Parsed argument, parseOr());
        arguments.push_back(std::move(argument));
        if (function == "substring" && arguments.size() == 1 && acceptKeyword("FROM")) {
          SABOT_ASSIGN_OR_RAISE(Parsed start, parseOr());
          arguments.push_back(std::move(start));
          if (acceptKeyword("FOR")) {
            SABOT_ASSIGN_OR_RAISE(Parsed length, parseOr());
            arguments.push_back(std::move(length));
          }
          SABOT_RETURN_NOT_OK(
              expect(TokenKind::kRightParen, "FOR or ')' in substring(... FROM ...)"));
          break;
        }
        if (accept(TokenKind::kComma)) continue;
        SABOT_RETURN_NOT_OK(expect(TokenKind::kRightParen, "',' or ')' in the argument list"));
        break;
      }
    }
    return makeCall(nameToken, std::move(function), std::move(arguments));
  }

  /// CAST(expression AS type). The type is the text up to the matching ')',
  /// read by parseSqlType(), so spellings such as decimal(12, 3) and
  /// timestamp[us, tz=UTC] arrive intact.
  Result<Parsed> parseCast(const Token& castToken) {
    SABOT_RETURN_NOT_OK(expect(TokenKind::kLeftParen, "'(' after CAST"));
    SABOT_ASSIGN_OR_RAISE(Parsed operand, parseOr());
    if (!acceptKeyword("AS")) return errorAt(peek(), "AS in CAST(expression AS type)");
    const size_t first = index_;
    int parentheses = 0;
    while (true) {
      const Token& token = peek();
      if (token.kind == TokenKind::kEnd || token.kind == TokenKind::kError) {
        return errorAt(token, index_ == first ? "a type name after AS" : "')' to close CAST");
      }
      if (token.kind == TokenKind::kLeftParen) ++parentheses;
      if (token.kind == TokenKind::kRightParen && parentheses-- == 0) break;
      advance();
    }
    if (index_ == first) return errorAt(peek(), "a type name after AS");
    const Token& firstType = tokens_[first];
    const Token& lastType = tokens_[index_ - 1];
    const std::string_view typeText =
        text_.substr(firstType.offset, lastType.offset + lastType.length - firstType.offset);
    advance();  // )
    auto type = parseSqlType(typeText);
    if (!type.ok()) {
      return syntaxError(
          text_, firstType.offset,
          fmt::format("invalid type '{}' in CAST: {}", typeText, type.status().message()));
    }
    return makeCall(
        castToken, "cast", {std::move(operand)},
        std::make_shared<const compute::CastFunctionOptions>(*type, compute::CastOptions{}));
  }

  /// DATE 'YYYY-MM-DD' (date32) and TIMESTAMP '...' (timestamp[ms], UTC).
  Result<Parsed> typedLiteral(const Token& keyword, const Token& value) const {
    if (keyword.isKeyword("DATE")) {
      const std::optional<int32_t> days = columnar::parseDate32(value.value);
      if (!days) {
        return invalidAt(
            text_, value.offset,
            fmt::format("invalid DATE literal '{}': expected a real date as YYYY-MM-DD",
                        value.value));
      }
      return leaf(compute::lit(Scalar::date32(*days)));
    }
    const std::optional<int64_t> ticks =
        columnar::parseTimestamp(value.value, columnar::TimeUnit::kMilli);
    if (!ticks) {
      return invalidAt(
          text_, value.offset,
          fmt::format(
              "invalid TIMESTAMP literal '{}': expected YYYY-MM-DD[ HH:MM[:SS[.fff]]] with at "
              "most millisecond precision",
              value.value));
    }
    return leaf(
        compute::lit(Scalar::timestamp(*ticks, columnar::timestamp(columnar::TimeUnit::kMilli))));
  }

  /// An integer (int64) or decimal (float64) literal; `negative` when a
  /// minus sign came right before it.
  Result<Parsed> numberLiteral(const Token& token, bool negative) const {
    const char* begin = token.value.data();
    const char* end = begin + token.value.size();
    const char* sign = negative ? "-" : "";
    if (token.kind == TokenKind::kInteger) {
      uint64_t magnitude = 0;
      const auto [stop, error] = std::from_chars(begin, end, magnitude);
      constexpr uint64_t kMaxPositive = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
      if (error != std::errc() || stop != end || magnitude > kMaxPositive + (negative ? 1 : 0)) {
        return invalidAt(
            text_, token.offset,
            fmt::format(
                "integer literal {}{} is out of range for int64 (write {}{}.0 for a float64)", sign,
                token.value, sign, token.value));
      }
      // Modular negation: also right for the magnitude 2^63.
      const auto value = static_cast<int64_t>(negative ? 0 - magnitude : magnitude);
      return leaf(compute::lit(Scalar::int64(value)));
    }
    double value = 0;
    const auto [stop, error] = std::from_chars(begin, end, value);
    if (error == std::errc::result_out_of_range) {
      return invalidAt(text_, token.offset,
                       fmt::format("number {}{} is out of range for float64", sign, token.value));
    }
    if (error != std::errc() || stop != end) {
      return syntaxError(text_, token.offset, fmt::format("invalid number '{}'", token.value));
    }
    return leaf(compute::lit(Scalar::float64(negative ? -value : value)));
  }

  std::string_view text_;
  std::vector<Token> tokens_;
  size_t index_ = 0;
  int nesting_ = 0;
};

}  // namespace

Result<compute::Expression> parseExpression(std::string_view text) {
  return Parser(text).parseWholeExpression();
}

Result<std::vector<compute::Expression>> parseSelectList(std::string_view text,
                                                         const columnar::Schema& inputSchema) {
  return Parser(text).parseSelectList(inputSchema);
}

}  // namespace sabot::sql
