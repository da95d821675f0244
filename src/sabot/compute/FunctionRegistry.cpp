#include "sabot/compute/FunctionRegistry.h"

#include <algorithm>

namespace sabot::compute {

FunctionRegistry* FunctionRegistry::defaultRegistry() {
  static FunctionRegistry* registry = [] {
    auto* built = new FunctionRegistry();  // lives for the whole process
    SABOT_CHECK_OK(registerBuiltinFunctions(*built));
    return built;
  }();
  return registry;
}

Status FunctionRegistry::add(Function function) {
  if (function.name.empty()) return Status::invalid("a function needs a name");
  if (!function.resolve || !function.kernel) {
    return Status::invalid("function '{}' needs a type resolver and a kernel", function.name);
  }
  if (functions_.count(function.name) > 0) {
    return Status::invalid("function '{}' is already registered", function.name);
  }
  std::string name = function.name;
  functions_.emplace(std::move(name), std::make_shared<const Function>(std::move(function)));
  return Status::OK();
}

Status FunctionRegistry::addAlias(std::string alias, std::string_view name) {
  auto function = find(name);
  if (!function) return Status::keyError("cannot alias unknown function '{}'", name);
  if (functions_.count(alias) > 0) return Status::invalid("function '{}' is already registered", alias);
  functions_.emplace(std::move(alias), std::move(function));
  return Status::OK();
}

std::shared_ptr<const Function> FunctionRegistry::find(std::string_view name) const {
  auto it = functions_.find(std::string(name));
  return it == functions_.end() ? nullptr : it->second;
}

std::vector<std::string> FunctionRegistry::names() const {
  std::vector<std::string> out;
  for (const auto& entry : functions_) out.push_back(entry.first);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace sabot::compute
