#include "sabot/compute/CountChar.h"

#include "sabot/columnar/ArrayBuilder.h"

namespace sabot::compute {

namespace {

/// The byte length of the UTF-8 sequence starting with `lead`, 0 if `lead`
/// cannot start one.
size_t sequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  if ((lead & 0xF8) == 0xF0) return 4;
  return 0;
}

Status requireOneCharacter(std::string_view character) {
  if (character.empty() || sequenceLength(static_cast<unsigned char>(character[0])) != character.size()) {
    return Status::invalid("count_char needs exactly one character to count, got '{}' ({} bytes)", character,
                           character.size());
  }
  return Status::OK();
}

std::string_view stringAt(const Array& strings, int64_t i) {
  const auto& buffers = strings.data()->buffers;
  if (buffers.size() < 3 || buffers[2] == nullptr) return {};
  return strings.stringValue(i);
}

}  // namespace

Result<Array> countChar(const Array& strings, std::string_view character, MemoryPool* pool) {
  if (!columnar::isStringLike(strings.typeId())) {
    return Status::typeError("count_char needs utf8 input, got {}", strings.type()->toString());
  }
  SABOT_RETURN_NOT_OK(requireOneCharacter(character));
  columnar::NumericBuilder<int64_t> counts(columnar::int64(), pool);
  SABOT_RETURN_NOT_OK(counts.reserve(strings.length()));
  for (int64_t i = 0; i < strings.length(); ++i) {
    if (!strings.isValid(i)) {
      SABOT_RETURN_NOT_OK(counts.appendNull());
      continue;
    }
    const std::string_view text = stringAt(strings, i);
    int64_t count = 0;
    if (character.size() == 1) {
      for (const char c : text) count += c == character[0] ? 1 : 0;
    } else {
      // A multi-byte character: valid UTF-8 cannot hold its bytes at any
      // position other than a character start, so a substring search is exact.
      for (size_t at = text.find(character); at != std::string_view::npos;
           at = text.find(character, at + character.size())) {
        ++count;
      }
    }
    SABOT_RETURN_NOT_OK(counts.append(count));
  }
  return counts.finish();
}

namespace {

Result<ResolvedCall> resolveCountChar(const std::vector<ArgumentInfo>& args, const FunctionOptions*) {
  if (!columnar::isStringLike(args[0].type->id())) {
    return Status::typeError("count_char needs a utf8 argument 1, got {}", args[0].description);
  }
  if (args[1].literal == nullptr || !columnar::isStringLike(args[1].type->id()) || args[1].literal->isNull()) {
    return Status::typeError("count_char needs a non-null utf8 literal as argument 2, got {}", args[1].description);
  }
  SABOT_RETURN_NOT_OK(requireOneCharacter(args[1].literal->stringValue()));
  return ResolvedCall{columnar::int64(), {}};
}

}  // namespace

Status registerCountChar(FunctionRegistry& registry) {
  return registry.add(Function{
      "count_char", 2, 2, "count_char(s, 'c') -> int64: occurrences of the character c in s (Nexmark's q14 function)",
      resolveCountChar, [](const std::vector<Datum>& args, const FunctionOptions*, MemoryPool* pool) {
        return countChar(args[0].array(), args[1].scalar().stringValue(), pool);
      }});
}

}  // namespace sabot::compute
