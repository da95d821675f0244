#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sabot/base/Result.h"
#include "sabot/columnar/DataType.h"

namespace sabot::columnar {

/// The ordered, named and typed columns of a record batch or stream, with
/// optional key/value metadata.
class Schema {
 public:
  explicit Schema(std::vector<FieldPtr> fields, KeyValueMetadata metadata = {})
      : fields_(std::move(fields)), metadata_(std::move(metadata)) {}

  int numFields() const { return static_cast<int>(fields_.size()); }
  const FieldPtr& field(int index) const { return fields_[static_cast<size_t>(index)]; }
  const std::vector<FieldPtr>& fields() const { return fields_; }
  const KeyValueMetadata& metadata() const { return metadata_; }

  /// Index of the first field called `name`, or -1.
  int fieldIndex(std::string_view name) const;
  /// Like fieldIndex, but a KeyError naming the known fields when missing.
  Result<int> requireFieldIndex(std::string_view name) const;

  bool equals(const Schema& other, bool checkMetadata = false) const;
  bool operator==(const Schema& other) const { return equals(other); }
  /// One "name: type" line per field.
  std::string toString() const;

 private:
  std::vector<FieldPtr> fields_;
  KeyValueMetadata metadata_;
};

using SchemaPtr = std::shared_ptr<const Schema>;

SchemaPtr schema(std::vector<FieldPtr> fields, KeyValueMetadata metadata = {});

}  // namespace sabot::columnar
