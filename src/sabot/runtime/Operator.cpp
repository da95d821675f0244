#include "sabot/runtime/Operator.h"

#include <fmt/format.h>

namespace sabot::runtime {

std::string OperatorContext::subtaskName() const {
  return fmt::format("{} ({}/{})", operatorName, subtaskIndex + 1, parallelism);
}

}  // namespace sabot::runtime
