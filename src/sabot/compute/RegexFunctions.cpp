#include "sabot/compute/RegexFunctions.h"

#include <regex>

#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/compute/Cast.h"

namespace sabot::compute {

namespace {

/// The pattern compiled, with its group checked; errors name both.
Result<std::regex> compile(std::string_view pattern, int64_t group) {
  std::regex regex;
  try {
    regex.assign(pattern.begin(), pattern.end(), std::regex::ECMAScript);
  } catch (const std::regex_error& error) {
    return Status::invalid("regexp_extract: the pattern '{}' is not a valid regular expression: {}", pattern,
                           error.what());
  }
  const auto groups = static_cast<int64_t>(regex.mark_count());
  if (group < 0 || group > groups) {
    return Status::invalid("regexp_extract: group {} does not exist in '{}', which has {} group(s) (0 is the whole match)",
                           group, pattern, groups);
  }
  return regex;
}

/// Element `i` of a string array; also when the array has no data buffer
/// (every value empty).
std::string_view stringAt(const Array& strings, int64_t i) {
  const auto& buffers = strings.data()->buffers;
  if (buffers.size() < 3 || buffers[2] == nullptr) return {};
  return strings.stringValue(i);
}

}  // namespace

Result<Array> regexpExtract(const Array& strings, std::string_view pattern, int64_t group, MemoryPool* pool) {
  if (!columnar::isStringLike(strings.typeId())) {
    return Status::typeError("regexp_extract needs utf8 input, got {}", strings.type()->toString());
  }
  SABOT_ASSIGN_OR_RAISE(std::regex regex, compile(pattern, group));
  SABOT_ASSIGN_OR_RAISE(auto out, columnar::makeBuilder(strings.type(), pool));
  SABOT_RETURN_NOT_OK(out->reserve(strings.length()));
  // makeBuilder gives the builder of the input's offset width.
  const auto append = [&out](std::string_view value) -> Status {
    if (columnar::isLargeBinaryLike(out->type()->id())) {
      return static_cast<columnar::BaseBinaryBuilder<int64_t>*>(out.get())->append(value);
    }
    return static_cast<columnar::BaseBinaryBuilder<int32_t>*>(out.get())->append(value);
  };
  std::cmatch match;
  for (int64_t i = 0; i < strings.length(); ++i) {
    if (!strings.isValid(i)) {
      SABOT_RETURN_NOT_OK(out->appendNull());
      continue;
    }
    const std::string_view text = stringAt(strings, i);
    bool found = false;
    try {
      found = std::regex_search(text.data(), text.data() + text.size(), match, regex);
    } catch (const std::regex_error& error) {
      // std::regex gives up (error_complexity, error_stack) on some inputs.
      return Status::invalid("regexp_extract: matching '{}' against row {} failed: {}", pattern, i, error.what());
    }
    const auto index = static_cast<size_t>(group);
    if (found && match[index].matched) {
      SABOT_RETURN_NOT_OK(append(std::string_view(match[index].first, static_cast<size_t>(match[index].length()))));
    } else {
      SABOT_RETURN_NOT_OK(out->appendNull());
    }
  }
  return out->finish();
}

namespace {

Result<ResolvedCall> resolveRegexpExtract(const std::vector<ArgumentInfo>& args, const FunctionOptions*) {
  if (!columnar::isStringLike(args[0].type->id())) {
    return Status::typeError("regexp_extract needs a utf8 argument 1, got {}", args[0].description);
  }
  if (args[1].literal == nullptr || !columnar::isStringLike(args[1].type->id()) || args[1].literal->isNull()) {
    return Status::typeError("regexp_extract needs a non-null utf8 literal pattern as argument 2, got {}",
                             args[1].description);
  }
  int64_t group = 0;
  if (args.size() > 2) {
    if (args[2].literal == nullptr || !columnar::isInteger(args[2].type->id()) || args[2].literal->isNull()) {
      return Status::typeError("regexp_extract needs a non-null integer literal group as argument 3, got {}",
                               args[2].description);
    }
    SABOT_ASSIGN_OR_RAISE(Scalar wide, cast(*args[2].literal, columnar::int64()));
    group = wide.value<int64_t>();
  }
  // A bad pattern or group is a planning error, not one of the first batch.
  SABOT_RETURN_NOT_OK(compile(args[1].literal->stringValue(), group).status());
  return ResolvedCall{args[0].type, std::vector<DataTypePtr>(args.size())};
}

}  // namespace

Status registerRegexFunctions(FunctionRegistry& registry) {
  return registry.add(Function{
      "regexp_extract", 2, 3,
      "regexp_extract(s, 'pattern'[, group]) -> utf8: group `group` (default 0, the whole match) of the first match; "
      "null if none",
      resolveRegexpExtract, [](const std::vector<Datum>& args, const FunctionOptions*, MemoryPool* pool) -> Result<Array> {
        int64_t group = 0;
        if (args.size() > 2) {
          SABOT_ASSIGN_OR_RAISE(Scalar wide, cast(args[2].scalar(), columnar::int64()));
          group = wide.value<int64_t>();
        }
        return regexpExtract(args[0].array(), args[1].scalar().stringValue(), group, pool);
      }});
}

}  // namespace sabot::compute
