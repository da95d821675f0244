#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sabot/columnar/Schema.h"
#include "sabot/formats/JsonParser.h"
#include "sabot/formats/TextTypeInference.h"

namespace sabot::formats {

/// Infers a schema from sampled JSON objects. Per key, in order of first
/// appearance: only numbers -> int64 (float64 if any has a fraction, an
/// exponent or exceeds int64); only booleans -> bool; only strings -> date32 or
/// timestamp if all parse, else utf8; only objects -> struct of the merged
/// keys; only arrays -> list of the merged element type; nulls are ignored; a
/// key with no non-null value, or with values of several kinds, -> utf8 (values
/// that are not strings then read as their JSON text). Every field is nullable.
class JsonTypeInference {
 public:
  JsonTypeInference();
  ~JsonTypeInference();

  /// Merges the object at tape node `index` into the inferred fields.
  void observeObject(const JsonTape& tape, uint32_t index);
  columnar::SchemaPtr resolve(columnar::TimeUnit defaultTimestampUnit) const;

 private:
  struct Node;
  std::unique_ptr<Node> root_;
};

}  // namespace sabot::formats
