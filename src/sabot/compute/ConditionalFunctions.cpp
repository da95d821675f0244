#include "sabot/compute/ConditionalFunctions.h"

#include "sabot/columnar/ArrayBuilder.h"
#include "sabot/compute/TypeRules.h"

namespace sabot::compute {

Result<Array> caseWhen(const std::vector<Datum>& arguments, const DataTypePtr& type, MemoryPool* pool) {
  if (arguments.size() < 2) return Status::invalid("case_when needs at least one condition and one value");
  const size_t pairs = arguments.size() / 2;
  const bool hasElse = arguments.size() % 2 == 1;
  int64_t length = -1;
  for (const Datum& argument : arguments) {
    if (!argument.isArray()) continue;
    if (length >= 0 && argument.array().length() != length) {
      return Status::invalid("case_when: arguments of {} and {} rows", length, argument.array().length());
    }
    length = argument.array().length();
  }
  if (length < 0) return Status::invalid("case_when needs at least one array argument");

  // Scalars become arrays of `length` rows (once per call), so that the loop
  // below reads every argument the same way.
  std::vector<Array> columns;
  columns.reserve(arguments.size());
  for (size_t i = 0; i < arguments.size(); ++i) {
    const Datum& argument = arguments[i];
    const bool condition = i % 2 == 0 && i / 2 < pairs;
    if (argument.isArray()) {
      columns.push_back(argument.array());
    } else {
      SABOT_ASSIGN_OR_RAISE(Array repeated, argument.scalar().toArray(length, pool));
      columns.push_back(std::move(repeated));
    }
    const Array& column = columns.back();
    const TypeId id = column.typeId();
    if (condition && id != TypeId::kBool && id != TypeId::kNull) {
      return Status::typeError("case_when: condition {} is {}, not bool", i / 2 + 1, column.type()->toString());
    }
    if (!condition && id != TypeId::kNull && !column.type()->equals(*type)) {
      return Status::typeError("case_when: value {} is {}, not {}", i / 2 + 1, column.type()->toString(),
                               type->toString());
    }
  }

  SABOT_ASSIGN_OR_RAISE(auto out, columnar::makeBuilder(type, pool));
  SABOT_RETURN_NOT_OK(out->reserve(length));
  for (int64_t row = 0; row < length; ++row) {
    const Array* chosen = hasElse ? &columns.back() : nullptr;
    for (size_t pair = 0; pair < pairs; ++pair) {
      const Array& condition = columns[2 * pair];
      if (condition.typeId() == TypeId::kBool && condition.isValid(row) && condition.boolValue(row)) {
        chosen = &columns[2 * pair + 1];
        break;
      }
    }
    if (chosen == nullptr || chosen->typeId() == TypeId::kNull || !chosen->isValid(row)) {
      SABOT_RETURN_NOT_OK(out->appendNull());
    } else {
      SABOT_RETURN_NOT_OK(out->appendFrom(*chosen, row));
    }
  }
  return out->finish();
}

namespace {

bool isValuePosition(size_t index, size_t count) { return index % 2 == 1 || index == count - 1; }

Result<ResolvedCall> resolveCaseWhen(const std::vector<ArgumentInfo>& args, const FunctionOptions*) {
  if (args.size() < 2) {
    return Status::typeError("case_when needs condition, value pairs and an optional else value, got {} argument(s)",
                             args.size());
  }
  ResolvedCall resolved{nullptr, std::vector<DataTypePtr>(args.size())};
  // The result type: the first value that is not a literal, else the first
  // value that is not a null; literals of other types adapt to it.
  for (int pass = 0; pass < 2 && resolved.outputType == nullptr; ++pass) {
    for (size_t i = 0; i < args.size(); ++i) {
      if (!isValuePosition(i, args.size()) || args[i].type->id() == TypeId::kNull) continue;
      if (pass == 0 && args[i].literal != nullptr) continue;
      resolved.outputType = args[i].type;
      break;
    }
  }
  if (resolved.outputType == nullptr) {
    return Status::typeError("case_when needs at least one value that is not a null literal");
  }
  for (size_t i = 0; i < args.size(); ++i) {
    const ArgumentInfo& arg = args[i];
    const TypeId id = arg.type->id();
    if (!isValuePosition(i, args.size())) {
      if (id == TypeId::kNull && arg.literal != nullptr) {
        resolved.literalTypes[i] = columnar::boolean();
      } else if (id != TypeId::kBool) {
        return Status::typeError("case_when: condition {} must be bool, got {}", i / 2 + 1, arg.description);
      }
      continue;
    }
    if (arg.type->equals(*resolved.outputType)) continue;
    if (arg.literal != nullptr) {
      if (id == TypeId::kNull) {
        resolved.literalTypes[i] = resolved.outputType;
        continue;
      }
      if (auto adapted = adaptLiteral(*arg.literal, resolved.outputType)) {
        resolved.literalTypes[i] = adapted->type();
        continue;
      }
    }
    return Status::typeError("case_when: every value must have one type, but {} is not {}", arg.description,
                             resolved.outputType->toString());
  }
  return resolved;
}

}  // namespace

Status registerConditionalFunctions(FunctionRegistry& registry) {
  return registry.add(Function{
      "case_when", 2, -1,
      "case_when(c1, v1[, c2, v2 ...][, else]) -> the values' type: SQL's CASE WHEN c1 THEN v1 ... ELSE else END",
      resolveCaseWhen, [](const std::vector<Datum>& args, const FunctionOptions*, MemoryPool* pool) -> Result<Array> {
        // The values' type: bind() gave every value literal the result type.
        DataTypePtr type;
        for (size_t i = 0; i < args.size() && type == nullptr; ++i) {
          if (!isValuePosition(i, args.size())) continue;
          const DataTypePtr& candidate = args[i].isArray() ? args[i].array().type() : args[i].scalar().type();
          if (candidate->id() != TypeId::kNull) type = candidate;
        }
        if (type == nullptr) return Status::typeError("case_when: every value is a null");
        return caseWhen(args, type, pool);
      }});
}

}  // namespace sabot::compute
