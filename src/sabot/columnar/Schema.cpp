#include "sabot/columnar/Schema.h"

namespace sabot::columnar {

int Schema::fieldIndex(std::string_view name) const {
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (fields_[i]->name() == name) return static_cast<int>(i);
  }
  return -1;
}

Result<int> Schema::requireFieldIndex(std::string_view name) const {
  const int index = fieldIndex(name);
  if (index >= 0) return index;
  std::string known;
  for (const auto& entry : fields_) {
    if (!known.empty()) known += ", ";
    known += entry->name();
  }
  return Status::keyError("no column named '{}' (columns: {})", name, known);
}

bool Schema::equals(const Schema& other, bool checkMetadata) const {
  if (fields_.size() != other.fields_.size()) return false;
  if (checkMetadata && metadata_ != other.metadata_) return false;
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (!fields_[i]->equals(*other.fields_[i], checkMetadata)) return false;
  }
  return true;
}

std::string Schema::toString() const {
  std::string out;
  for (const auto& entry : fields_) {
    out += entry->toString();
    out += '\n';
  }
  return out;
}

SchemaPtr schema(std::vector<FieldPtr> fields, KeyValueMetadata metadata) {
  return std::make_shared<const Schema>(std::move(fields), std::move(metadata));
}

}  // namespace sabot::columnar
