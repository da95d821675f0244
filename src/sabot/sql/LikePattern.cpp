#include "sabot/sql/LikePattern.h"

#include <vector>

namespace sabot::sql {

Result<LikeMatch> classifyLikePattern(std::string_view pattern, std::optional<char> escape) {
  // Split the pattern into literal bytes and wildcards. Escapes and wildcards
  // are ASCII, so working on bytes never splits a UTF-8 character.
  struct Piece {
    char byte;
    bool wildcard;
  };
  std::vector<Piece> pieces;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (escape && c == *escape) {
      if (i + 1 == pattern.size()) {
        return Status::invalid("LIKE pattern '{}' ends with the escape character '{}'", pattern,
                               *escape);
      }
      pieces.push_back(Piece{pattern[++i], false});
    } else if (c == '_') {
      return Status::unsupported(
          "unsupported LIKE pattern '{}': the '_' wildcard is not supported yet (use ESCAPE to "
          "match a literal _)",
          pattern);
    } else {
      pieces.push_back(Piece{c, c == '%'});
    }
  }
  size_t begin = 0;
  size_t end = pieces.size();
  while (begin < end && pieces[begin].wildcard) ++begin;
  while (end > begin && pieces[end - 1].wildcard) --end;
  LikeMatch match;
  for (size_t i = begin; i < end; ++i) {
    if (pieces[i].wildcard) {
      return Status::unsupported(
          "unsupported LIKE pattern '{}': '%' is only supported at the start and/or the end of the "
          "pattern",
          pattern);
    }
    match.literal.push_back(pieces[i].byte);
  }
  const bool leading = begin > 0;
  const bool trailing = end < pieces.size();
  if (leading && trailing) {
    match.kind = LikeMatch::Kind::kContains;
  } else if (trailing || (leading && match.literal.empty())) {
    match.kind = LikeMatch::Kind::kStartsWith;
  } else if (leading) {
    match.kind = LikeMatch::Kind::kEndsWith;
  } else {
    match.kind = LikeMatch::Kind::kEquals;
  }
  return match;
}

}  // namespace sabot::sql
