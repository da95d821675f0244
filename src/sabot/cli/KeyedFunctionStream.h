#pragma once

#include <memory>
#include <string>

#include "sabot/api/DataStream.h"
#include "sabot/base/Result.h"

namespace sabot::cli {

/// `input` through a keyed process function `Function` (with static
/// `make(options, inputSchema)`), whose output is `output`, named `name`.
/// The options were checked when `output` was derived from them, so each
/// subtask's make() fails only if it runs out of memory (the operator then
/// reports that the factory returned nothing).
template <typename Function, typename Options>
api::DataStream keyedFunctionStream(const api::KeyedStream& input, const Options& options,
                                    const columnar::SchemaPtr& output, const std::string& name) {
  const columnar::SchemaPtr schema = input.schema();
  api::KeyedProcessFunctionFactory factory = [options, schema]() -> std::unique_ptr<operators::KeyedProcessFunction> {
    auto function = Function::make(options, *schema);
    if (!function.ok()) return nullptr;
    return std::move(*function);
  };
  api::DataStream stream = input.process(factory, output);
  stream.name(name);
  return stream;
}

}  // namespace sabot::cli
