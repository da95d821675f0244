#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sabot/base/Result.h"
#include "sabot/compute/Datum.h"

namespace sabot::compute {

/// Extra, non-expression parameters of a call (the target type of a cast).
/// Functions that take options define a subclass.
class FunctionOptions {
 public:
  virtual ~FunctionOptions() = default;
  /// Rendered inside the call's text, e.g. "float64" for cast(x, float64).
  virtual std::string toString() const = 0;
  virtual bool equals(const FunctionOptions& other) const = 0;
};

/// What a type resolver knows about one argument at plan time.
struct ArgumentInfo {
  DataTypePtr type;
  /// The value when the argument is a literal, else nullptr.
  const Scalar* literal = nullptr;
  /// How errors name it: "utf8 column 'name'", "int64 literal 5",
  /// "int64 expression add(a, 1)".
  std::string description;
};

/// The outcome of type resolution for one call.
struct ResolvedCall {
  DataTypePtr outputType;
  /// For each argument that is a literal, the type bind() converts the
  /// literal to before evaluation (nullptr = leave as is). Used by the
  /// comparison and arithmetic functions to adapt literals to the column's
  /// type (see TypeRules.h).
  std::vector<DataTypePtr> literalTypes;
};

/// Checks the argument types of a call and gives its output type; a
/// TypeError names the offending arguments by their descriptions.
using TypeResolver =
    std::function<Result<ResolvedCall>(const std::vector<ArgumentInfo>&, const FunctionOptions*)>;

/// Runs the kernel. At least one argument is an Array (the evaluator turns
/// calls on literals only into one-row arrays), all arrays have the same
/// length, and the argument types passed the resolver.
using KernelFunction = std::function<Result<Array>(const std::vector<Datum>& arguments,
                                                   const FunctionOptions* options, MemoryPool* pool)>;

/// One entry of the registry: a named function over columns.
struct Function {
  std::string name;
  int minArguments = 1;
  /// -1: any number from minArguments up.
  int maxArguments = 1;
  /// One line for the function list: "greater(a, b): a > b, bool".
  std::string summary;
  TypeResolver resolve;
  KernelFunction kernel;
};

/// Maps function names ("add", "greater", "lower", "cast", ...) to their type
/// rules and kernels. bind() looks calls up here, so new functions (user
/// defined, or SQL aliases) are a registration away.
class FunctionRegistry {
 public:
  /// The process-wide registry holding the built-in functions (see
  /// docs/compute.md for the list).
  static FunctionRegistry* defaultRegistry();

  /// Adds `function`; Invalid if the name is taken.
  Status add(Function function);
  /// Adds `alias` as another name for `name`.
  Status addAlias(std::string alias, std::string_view name);
  /// The function called `name`, or nullptr.
  std::shared_ptr<const Function> find(std::string_view name) const;
  /// All names (functions and aliases), sorted.
  std::vector<std::string> names() const;

 private:
  std::unordered_map<std::string, std::shared_ptr<const Function>> functions_;
};

/// Adds the built-in functions to `registry` (defaultRegistry() calls it).
Status registerBuiltinFunctions(FunctionRegistry& registry);

}  // namespace sabot::compute
