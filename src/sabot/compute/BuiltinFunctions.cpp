// The built-in functions of the registry: each entry names a kernel and the
// type rule bind() checks calls against. docs/compute.md lists them.

#include <fmt/format.h>

#include "sabot/compute/Arithmetic.h"
#include "sabot/compute/Boolean.h"
#include "sabot/compute/Cast.h"
#include "sabot/compute/Comparison.h"
#include "sabot/compute/ConditionalFunctions.h"
#include "sabot/compute/CountChar.h"
#include "sabot/compute/Expression.h"
#include "sabot/compute/FunctionRegistry.h"
#include "sabot/compute/Hash.h"
#include "sabot/compute/RegexFunctions.h"
#include "sabot/compute/StringFunctions.h"
#include "sabot/compute/TemporalFunctions.h"
#include "sabot/compute/TypeRules.h"

namespace sabot::compute {

namespace {

using columnar::isInteger;
using columnar::isStringLike;

// ------------------------------------------------------------ type rules

/// For two-argument functions: a literal meeting a column takes the column's
/// type when exact. Returns the effective types and the literal conversions.
struct AdaptedPair {
  DataTypePtr left;
  DataTypePtr right;
  std::vector<DataTypePtr> literalTypes{nullptr, nullptr};
};

AdaptedPair adaptLiterals(const std::vector<ArgumentInfo>& args) {
  AdaptedPair pair{args[0].type, args[1].type};
  if (args[0].type->equals(*args[1].type)) return pair;
  for (int side = 0; side < 2; ++side) {
    const ArgumentInfo& literal = args[static_cast<size_t>(side)];
    const ArgumentInfo& other = args[static_cast<size_t>(1 - side)];
    if (literal.literal == nullptr || other.literal != nullptr) continue;
    if (auto adapted = adaptLiteral(*literal.literal, other.type)) {
      (side == 0 ? pair.left : pair.right) = adapted->type();
      pair.literalTypes[static_cast<size_t>(side)] = adapted->type();
    }
  }
  return pair;
}

TypeResolver comparisonResolver() {
  return [](const std::vector<ArgumentInfo>& args, const FunctionOptions*) -> Result<ResolvedCall> {
    AdaptedPair pair = adaptLiterals(args);
    auto common = comparisonType(pair.left, pair.right);
    if (!common.ok()) {
      return typeMismatch("compare", args[0].description, "with", args[1].description, common.status());
    }
    return ResolvedCall{columnar::boolean(), std::move(pair.literalTypes)};
  };
}

TypeResolver arithmeticResolver(std::string verb,
                                Result<DataTypePtr> (*rule)(const DataTypePtr&, const DataTypePtr&) = arithmeticType) {
  return [verb, rule](const std::vector<ArgumentInfo>& args, const FunctionOptions*) -> Result<ResolvedCall> {
    AdaptedPair pair = adaptLiterals(args);
    auto common = rule(pair.left, pair.right);
    if (!common.ok()) {
      return typeMismatch(verb, args[0].description, "and", args[1].description, common.status());
    }
    return ResolvedCall{*common, std::move(pair.literalTypes)};
  };
}

/// Every argument must be bool; a null literal of the null type becomes a
/// bool null.
TypeResolver booleanResolver(std::string name) {
  return [name](const std::vector<ArgumentInfo>& args, const FunctionOptions*) -> Result<ResolvedCall> {
    ResolvedCall resolved{columnar::boolean(), std::vector<DataTypePtr>(args.size())};
    for (size_t i = 0; i < args.size(); ++i) {
      const TypeId id = args[i].type->id();
      if (id == TypeId::kNull && args[i].literal != nullptr) {
        resolved.literalTypes[i] = columnar::boolean();
      } else if (id != TypeId::kBool) {
        return Status::typeError("{} needs bool arguments, got {}", name, args[i].description);
      }
    }
    return resolved;
  };
}

Result<ResolvedCall> anyToBool(const std::vector<ArgumentInfo>& args, const FunctionOptions*) {
  return ResolvedCall{columnar::boolean(), {}};
}

Result<ResolvedCall> resolveNegate(const std::vector<ArgumentInfo>& args, const FunctionOptions*) {
  const TypeId id = args[0].type->id();
  if (!columnar::isSignedInteger(id) && !columnar::isFloating(id)) {
    return Status::typeError("cannot negate {}", args[0].description);
  }
  return ResolvedCall{args[0].type, {}};
}

Result<ResolvedCall> resolveCast(const std::vector<ArgumentInfo>& args, const FunctionOptions* options) {
  const auto* castOptions = dynamic_cast<const CastFunctionOptions*>(options);
  if (castOptions == nullptr || !castOptions->to()) {
    return Status::invalid("cast needs CastFunctionOptions naming the target type");
  }
  if (!canCast(args[0].type, castOptions->to())) {
    return Status::typeError("cannot cast {} to {}", args[0].description, castOptions->to()->toString());
  }
  return ResolvedCall{castOptions->to(), {}};
}

Status requireStringArgument(std::string_view name, const ArgumentInfo& arg, bool allowBinary) {
  const TypeId id = arg.type->id();
  const bool binary = id == TypeId::kBinary || id == TypeId::kLargeBinary;
  if (isStringLike(id) || (allowBinary && binary)) return Status::OK();
  return Status::typeError("{} needs a {} argument, got {}", name, allowBinary ? "utf8 or binary" : "utf8",
                           arg.description);
}

Status requireLiteral(std::string_view name, size_t position, const ArgumentInfo& arg, bool wantString) {
  const bool typeOk = wantString ? isStringLike(arg.type->id()) : isInteger(arg.type->id());
  if (arg.literal == nullptr || !typeOk || arg.literal->isNull()) {
    return Status::typeError("{} needs a non-null {} literal as argument {}, got {}", name,
                             wantString ? "utf8" : "integer", position + 1, arg.description);
  }
  return Status::OK();
}

DataTypePtr lengthType(const DataTypePtr& strings) {
  return columnar::isLargeBinaryLike(strings->id()) ? columnar::int64() : columnar::int32();
}

TypeResolver unaryStringResolver(std::string name, bool allowBinary, bool lengthOutput) {
  return [=](const std::vector<ArgumentInfo>& args, const FunctionOptions*) -> Result<ResolvedCall> {
    SABOT_RETURN_NOT_OK(requireStringArgument(name, args[0], allowBinary));
    return ResolvedCall{lengthOutput ? lengthType(args[0].type) : args[0].type, {}};
  };
}

TypeResolver patternResolver(std::string name) {
  return [name](const std::vector<ArgumentInfo>& args, const FunctionOptions*) -> Result<ResolvedCall> {
    SABOT_RETURN_NOT_OK(requireStringArgument(name, args[0], true));
    SABOT_RETURN_NOT_OK(requireLiteral(name, 1, args[1], true));
    return ResolvedCall{columnar::boolean(), {}};
  };
}

Result<ResolvedCall> resolveSubstring(const std::vector<ArgumentInfo>& args, const FunctionOptions*) {
  SABOT_RETURN_NOT_OK(requireStringArgument("substring", args[0], false));
  for (size_t i = 1; i < args.size(); ++i) SABOT_RETURN_NOT_OK(requireLiteral("substring", i, args[i], false));
  return ResolvedCall{args[0].type, std::vector<DataTypePtr>(args.size())};
}

Result<ResolvedCall> resolveSplit(const std::vector<ArgumentInfo>& args, const FunctionOptions*) {
  SABOT_RETURN_NOT_OK(requireStringArgument("split", args[0], false));
  SABOT_RETURN_NOT_OK(requireLiteral("split", 1, args[1], true));
  return ResolvedCall{columnar::list(args[0].type), {}};
}

Result<ResolvedCall> resolveSplitIndex(const std::vector<ArgumentInfo>& args, const FunctionOptions*) {
  SABOT_RETURN_NOT_OK(requireStringArgument("split_index", args[0], false));
  SABOT_RETURN_NOT_OK(requireLiteral("split_index", 1, args[1], true));
  SABOT_RETURN_NOT_OK(requireLiteral("split_index", 2, args[2], false));
  return ResolvedCall{args[0].type, std::vector<DataTypePtr>(args.size())};
}

Result<ResolvedCall> resolveHash(const std::vector<ArgumentInfo>& args, const FunctionOptions*) {
  return ResolvedCall{columnar::uint64(), {}};
}

// ---------------------------------------------------------------- kernels

/// Unary kernels receive their first argument as an array: calls on
/// literals only are folded at bind time into one-row arrays.
const Array& firstArray(const std::vector<Datum>& args) { return args[0].array(); }

Result<int64_t> integerLiteral(const Datum& datum) {
  SABOT_ASSIGN_OR_RAISE(Scalar wide, cast(datum.scalar(), columnar::int64()));
  return wide.value<int64_t>();
}

Result<Array> castKernel(const std::vector<Datum>& args, const FunctionOptions* options, MemoryPool* pool) {
  const auto& castOptions = static_cast<const CastFunctionOptions&>(*options);
  return cast(firstArray(args), castOptions.to(), castOptions.castOptions(), pool);
}

Result<Array> substringKernel(const std::vector<Datum>& args, const FunctionOptions*, MemoryPool* pool) {
  SABOT_ASSIGN_OR_RAISE(int64_t start, integerLiteral(args[1]));
  std::optional<int64_t> length;
  if (args.size() > 2) {
    SABOT_ASSIGN_OR_RAISE(length, integerLiteral(args[2]));
  }
  return substring(firstArray(args), start, length, pool);
}

Result<Array> splitIndexKernel(const std::vector<Datum>& args, const FunctionOptions*, MemoryPool* pool) {
  SABOT_ASSIGN_OR_RAISE(int64_t index, integerLiteral(args[2]));
  return splitIndex(firstArray(args), args[1].scalar().stringValue(), index, pool);
}

Result<Array> hashKernel(const std::vector<Datum>& args, const FunctionOptions*, MemoryPool* pool) {
  int64_t length = 1;
  for (const Datum& arg : args) {
    if (arg.isArray()) length = arg.array().length();
  }
  std::vector<Array> keys;
  for (const Datum& arg : args) {
    if (arg.isArray()) {
      keys.push_back(arg.array());
    } else {
      SABOT_ASSIGN_OR_RAISE(Array repeated, arg.scalar().toArray(length, pool));
      keys.push_back(std::move(repeated));
    }
  }
  return hash64(keys, pool);
}

using UnaryKernel = Result<Array> (*)(const Array&, MemoryPool*);
using PatternKernel = Result<Array> (*)(const Array&, std::string_view, MemoryPool*);

KernelFunction unary(UnaryKernel kernel) {
  return [kernel](const std::vector<Datum>& args, const FunctionOptions*, MemoryPool* pool) {
    return kernel(firstArray(args), pool);
  };
}

KernelFunction withPattern(PatternKernel kernel) {
  return [kernel](const std::vector<Datum>& args, const FunctionOptions*, MemoryPool* pool) {
    return kernel(firstArray(args), args[1].scalar().stringValue(), pool);
  };
}

}  // namespace

Status registerBuiltinFunctions(FunctionRegistry& registry) {
  for (CompareOp op : {CompareOp::kEqual, CompareOp::kNotEqual, CompareOp::kLess, CompareOp::kLessEqual,
                       CompareOp::kGreater, CompareOp::kGreaterEqual}) {
    const std::string name(compareOpName(op));
    SABOT_RETURN_NOT_OK(registry.add(Function{
        name, 2, 2, fmt::format("{}(a, b) -> bool: compares numbers, strings, temporal, decimal, bool", name),
        comparisonResolver(),
        [op](const std::vector<Datum>& args, const FunctionOptions*, MemoryPool* pool) {
          return compare(op, args[0], args[1], pool);
        }}));
  }
  for (ArithmeticOp op : {ArithmeticOp::kAdd, ArithmeticOp::kSubtract, ArithmeticOp::kMultiply,
                          ArithmeticOp::kDivide}) {
    const std::string name(arithmeticOpName(op));
    for (bool checked : {true, false}) {
      if (!checked && op == ArithmeticOp::kDivide) continue;
      const std::string fullName = checked ? name : name + "_wrapping";
      SABOT_RETURN_NOT_OK(registry.add(Function{
          fullName, 2, 2,
          fmt::format("{}(a, b) -> promoted numeric type{}", fullName,
                      checked ? "; integer overflow is an error" : "; integers wrap on overflow"),
          arithmeticResolver(name),
          [op, checked](const std::vector<Datum>& args, const FunctionOptions*, MemoryPool* pool) {
            ArithmeticOptions options;
            options.checkOverflow = checked;
            return arithmetic(op, args[0], args[1], options, pool);
          }}));
    }
  }
  SABOT_RETURN_NOT_OK(registry.add(Function{
      "modulo", 2, 2,
      "modulo(a, b) -> promoted integer type: SQL's MOD(a, b) and a % b, with the sign of a; b = 0 is an error",
      arithmeticResolver("take the modulo of", moduloType),
      [](const std::vector<Datum>& args, const FunctionOptions*, MemoryPool* pool) {
        return modulo(args[0], args[1], ArithmeticOptions{}, pool);
      }}));
  SABOT_RETURN_NOT_OK(registry.add(Function{
      "negate", 1, 1, "negate(a) -> same type: -a for signed integers and floats", resolveNegate,
      [](const std::vector<Datum>& args, const FunctionOptions*, MemoryPool* pool) {
        return negate(firstArray(args), ArithmeticOptions{}, pool);
      }}));

  SABOT_RETURN_NOT_OK(registry.add(Function{
      "and", 2, 2, "and(a, b) -> bool: Kleene AND (false AND null = false)", booleanResolver("and"),
      [](const std::vector<Datum>& args, const FunctionOptions*, MemoryPool* pool) {
        return booleanAnd(args[0], args[1], pool);
      }}));
  SABOT_RETURN_NOT_OK(registry.add(Function{
      "or", 2, 2, "or(a, b) -> bool: Kleene OR (true OR null = true)", booleanResolver("or"),
      [](const std::vector<Datum>& args, const FunctionOptions*, MemoryPool* pool) {
        return booleanOr(args[0], args[1], pool);
      }}));
  SABOT_RETURN_NOT_OK(registry.add(Function{
      "xor", 2, 2, "xor(a, b) -> bool: null if either is null", booleanResolver("xor"),
      [](const std::vector<Datum>& args, const FunctionOptions*, MemoryPool* pool) {
        return booleanXor(args[0], args[1], pool);
      }}));
  SABOT_RETURN_NOT_OK(registry.add(Function{"not", 1, 1, "not(a) -> bool", booleanResolver("not"),
                                            unary(booleanNot)}));
  SABOT_RETURN_NOT_OK(registry.add(Function{"is_null", 1, 1, "is_null(a) -> bool, never null", anyToBool,
                                            unary(isNull)}));
  SABOT_RETURN_NOT_OK(registry.add(Function{"is_valid", 1, 1, "is_valid(a) -> bool, never null", anyToBool,
                                            unary(isValid)}));

  SABOT_RETURN_NOT_OK(registry.add(Function{
      "cast", 1, 1, "cast(a) with CastFunctionOptions -> the target type (see Cast.h)", resolveCast, castKernel}));

  SABOT_RETURN_NOT_OK(registry.add(Function{"byte_length", 1, 1, "byte_length(s) -> int32/int64: bytes",
                                            unaryStringResolver("byte_length", true, true), unary(byteLength)}));
  SABOT_RETURN_NOT_OK(registry.add(Function{"char_length", 1, 1, "char_length(s) -> int32/int64: code points",
                                            unaryStringResolver("char_length", false, true), unary(charLength)}));
  SABOT_RETURN_NOT_OK(registry.add(Function{"lower", 1, 1, "lower(s) -> utf8: ASCII lower case",
                                            unaryStringResolver("lower", false, false), unary(lower)}));
  SABOT_RETURN_NOT_OK(registry.add(Function{"upper", 1, 1, "upper(s) -> utf8: ASCII upper case",
                                            unaryStringResolver("upper", false, false), unary(upper)}));
  SABOT_RETURN_NOT_OK(registry.add(Function{"starts_with", 2, 2, "starts_with(s, 'literal') -> bool",
                                            patternResolver("starts_with"), withPattern(startsWith)}));
  SABOT_RETURN_NOT_OK(registry.add(Function{"ends_with", 2, 2, "ends_with(s, 'literal') -> bool",
                                            patternResolver("ends_with"), withPattern(endsWith)}));
  SABOT_RETURN_NOT_OK(registry.add(Function{"contains", 2, 2, "contains(s, 'literal') -> bool",
                                            patternResolver("contains"), withPattern(contains)}));
  SABOT_RETURN_NOT_OK(registry.add(Function{
      "substring", 2, 3, "substring(s, start[, length]) -> utf8: 1-based code points, as SQL", resolveSubstring,
      substringKernel}));
  SABOT_RETURN_NOT_OK(registry.add(Function{"split", 2, 2, "split(s, 'delimiter') -> list<utf8>", resolveSplit,
                                            withPattern(split)}));
  SABOT_RETURN_NOT_OK(registry.add(Function{
      "split_index", 3, 3,
      "split_index(s, 'delimiter', index) -> utf8: piece `index` (0-based) of split(s, delimiter), null if none",
      resolveSplitIndex, splitIndexKernel}));
  SABOT_RETURN_NOT_OK(registry.add(Function{
      "hash64", 1, -1, "hash64(a, ...) -> uint64: the key-group hash of the row (see Hash.h)", resolveHash,
      hashKernel}));

  // Functions defined in their own files.
  SABOT_RETURN_NOT_OK(registerTemporalFunctions(registry));
  SABOT_RETURN_NOT_OK(registerRegexFunctions(registry));
  SABOT_RETURN_NOT_OK(registerCountChar(registry));
  SABOT_RETURN_NOT_OK(registerConditionalFunctions(registry));

  // SQL spellings.
  SABOT_RETURN_NOT_OK(registry.addAlias("length", "char_length"));
  SABOT_RETURN_NOT_OK(registry.addAlias("is_not_null", "is_valid"));
  return Status::OK();
}

}  // namespace sabot::compute
