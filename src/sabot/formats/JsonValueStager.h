#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sabot/base/Result.h"
#include "sabot/columnar/Schema.h"
#include "sabot/formats/JsonParser.h"
#include "sabot/formats/StagedValue.h"

namespace sabot::formats {

/// Converts parsed JSON values to staged values of Sabot types (see
/// RowStager). Used for every JSON-lines record, and by the CSV reader for
/// struct and list columns, whose cells hold JSON text.
///
/// Conversions: null or a missing key -> null; numbers -> integers (range
/// checked), floats, decimal128, utf8 (their text), timestamp / date32 (as
/// ticks / days); strings -> utf8, binary (base64), and by parsing their text
/// any other scalar type ("2024-01-01", "12.50", "NaN"); booleans -> bool or
/// utf8; objects -> struct (keys matched by name, unknown keys ignored);
/// arrays -> list; objects and arrays -> utf8 as their JSON text.
class JsonValueStager {
 public:
  /// For the fields of a record: a JSON object whose keys are the schema's
  /// field names.
  static JsonValueStager forRecord(const columnar::Schema& schema);
  /// For single values of `field`'s type.
  static JsonValueStager forField(const columnar::FieldPtr& field);

  JsonValueStager(JsonValueStager&&) noexcept;
  JsonValueStager& operator=(JsonValueStager&&) noexcept;
  ~JsonValueStager();

  /// Stages the fields of the object at tape node 0, one staged tree per
  /// field in schema order. On error `errorPath` names the key ("price",
  /// "user.age", "tags[2]").
  Status stageRecord(const JsonTape& tape, RowStager& stager, std::string& errorPath);
  /// Stages the value at tape node 0 (forField()).
  Status stageValue(const JsonTape& tape, RowStager& stager, std::string& errorPath);

 private:
  struct Plan;
  explicit JsonValueStager(std::unique_ptr<Plan> root);
  std::unique_ptr<Plan> root_;
};

}  // namespace sabot::formats
