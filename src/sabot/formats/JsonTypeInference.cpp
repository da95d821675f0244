#include "sabot/formats/JsonTypeInference.h"

#include "sabot/formats/ValueParsing.h"

namespace sabot::formats {

using columnar::DataTypePtr;
using columnar::TimeUnit;

struct JsonTypeInference::Node {
  enum Kind : uint8_t {
    kBool = 1,
    kInteger = 2,
    kFloat = 4,
    kString = 8,
    kObject = 16,
    kArray = 32,
  };

  uint8_t kinds = 0;
  TextTypeInference strings{/*temporalOnly=*/true};
  std::vector<std::pair<std::string, std::unique_ptr<Node>>> members;
  std::unordered_map<std::string, size_t> memberIndex;
  std::unique_ptr<Node> element;

  void observe(const JsonTape& tape, uint32_t index) {
    const JsonNode& node = tape.nodes[index];
    switch (node.kind) {
      case JsonKind::kNull:
        return;
      case JsonKind::kTrue:
      case JsonKind::kFalse:
        kinds |= kBool;
        return;
      case JsonKind::kNumber: {
        int64_t value;
        kinds |= node.integer && parseInteger(tape.raw(index), value) ? kInteger : kFloat;
        return;
      }
      case JsonKind::kString:
        kinds |= kString;
        strings.observe(tape.string(index));
        return;
      case JsonKind::kObject:
        kinds |= kObject;
        observeMembers(tape, index);
        return;
      case JsonKind::kArray: {
        kinds |= kArray;
        if (!element) element = std::make_unique<Node>();
        uint32_t child = index + 1;
        for (uint32_t i = 0; i < node.count; ++i) {
          element->observe(tape, child);
          child = tape.nodes[child].end;
        }
        return;
      }
    }
  }

  void observeMembers(const JsonTape& tape, uint32_t index) {
    uint32_t child = index + 1;
    for (uint32_t i = 0; i < tape.nodes[index].count; ++i) {
      const uint32_t valueIndex = child + 1;
      std::string key(tape.string(child));
      auto [entry, inserted] = memberIndex.try_emplace(key, members.size());
      if (inserted) members.emplace_back(std::move(key), std::make_unique<Node>());
      members[entry->second].second->observe(tape, valueIndex);
      child = tape.nodes[valueIndex].end;
    }
  }

  std::vector<columnar::FieldPtr> resolveMembers(TimeUnit unit) const {
    std::vector<columnar::FieldPtr> fields;
    fields.reserve(members.size());
    for (const auto& [name, member] : members) {
      fields.push_back(columnar::field(name, member->resolve(unit)));
    }
    return fields;
  }

  DataTypePtr resolve(TimeUnit unit) const {
    switch (kinds) {
      case kBool:
        return columnar::boolean();
      case kInteger:
        return columnar::int64();
      case kFloat:
      case kInteger | kFloat:
        return columnar::float64();
      case kString:
        return strings.resolve(unit);
      case kObject:
        return columnar::struct_(resolveMembers(unit));
      case kArray:
        return columnar::list(element->resolve(unit));
      default:
        return columnar::utf8();  // nothing but nulls, or mixed kinds
    }
  }
};

JsonTypeInference::JsonTypeInference() : root_(std::make_unique<Node>()) {}
JsonTypeInference::~JsonTypeInference() = default;

void JsonTypeInference::observeObject(const JsonTape& tape, uint32_t index) {
  root_->observeMembers(tape, index);
}

columnar::SchemaPtr JsonTypeInference::resolve(TimeUnit defaultTimestampUnit) const {
  return columnar::schema(root_->resolveMembers(defaultTimestampUnit));
}

}  // namespace sabot::formats
