#include "sabot/formats/JsonValueStager.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "sabot/formats/Base64.h"
#include "sabot/formats/ValueParsing.h"

namespace sabot::formats {

using columnar::DataType;
using columnar::TypeId;

namespace {
constexpr uint32_t kMissing = std::numeric_limits<uint32_t>::max();
}  // namespace

/// The conversion of one type, with what a struct needs to find its fields:
/// the member names and a scratch vector of the tape node of each field.
struct JsonValueStager::Plan {
  columnar::DataTypePtr type;
  bool nullable = true;
  std::vector<Plan> children;  // struct fields, or the list's element
  std::unordered_map<std::string_view, int> fieldIndex;
  std::vector<uint32_t> slots;

  static Plan make(const columnar::DataTypePtr& type, bool nullable) {
    Plan plan;
    plan.type = type;
    plan.nullable = nullable;
    if (type->id() == TypeId::kStruct) {
      for (int i = 0; i < type->numFields(); ++i) {
        const auto& child = type->field(i);
        plan.children.push_back(make(child->type(), child->nullable()));
        plan.fieldIndex.try_emplace(child->name(), i);  // the first of duplicate names wins
      }
      plan.slots.resize(plan.children.size());
    } else if (type->id() == TypeId::kList) {
      plan.children.push_back(make(type->field(0)->type(), type->field(0)->nullable()));
    }
    return plan;
  }

  // Points slots[i] at the value of field i in the object at `index`, or
  // kMissing. A repeated key: the last one wins.
  void mapMembers(const JsonTape& tape, uint32_t index) {
    std::fill(slots.begin(), slots.end(), kMissing);
    uint32_t child = index + 1;
    for (uint32_t i = 0; i < tape.nodes[index].count; ++i) {
      auto entry = fieldIndex.find(tape.string(child));
      if (entry != fieldIndex.end()) slots[static_cast<size_t>(entry->second)] = child + 1;
      child = tape.nodes[child + 1].end;
    }
  }

  Status stage(const JsonTape& tape, uint32_t index, RowStager& stager, std::string& path);
  Status stageScalar(const JsonTape& tape, uint32_t index, StagedValue& out, RowStager& stager);
  Status stageFields(const JsonTape& tape, uint32_t index, RowStager& stager, std::string& path);
};

namespace {

Status cannotConvert(const JsonTape& tape, uint32_t index, const DataType& type) {
  return Status::invalid("cannot convert {} to {}", abbreviate(tape.raw(index)), type.toString());
}

// The key path of a failed field: "user" + "age" -> "user.age", "tags" + "[2]".
void prependPath(std::string& path, std::string_view step) {
  if (path.empty() || path[0] == '[') {
    path.insert(0, step);
  } else {
    path.insert(0, std::string(step) + ".");
  }
}

}  // namespace

Status JsonValueStager::Plan::stageFields(const JsonTape& tape, uint32_t index, RowStager& stager,
                                          std::string& path) {
  mapMembers(tape, index);
  for (size_t i = 0; i < children.size(); ++i) {
    Status status = children[i].stage(tape, slots[i], stager, path);
    if (!status.ok()) {
      prependPath(path, type->field(static_cast<int>(i))->name());
      return status;
    }
  }
  return Status::OK();
}

Status JsonValueStager::Plan::stage(const JsonTape& tape, uint32_t index, RowStager& stager,
                                    std::string& path) {
  if (index == kMissing || tape.nodes[index].kind == JsonKind::kNull) {
    if (!nullable) {
      if (index == kMissing) return Status::invalid("missing value for a non-nullable field");
      return Status::invalid("null value for a non-nullable field");
    }
    stager.add();  // null
    return Status::OK();
  }
  const JsonNode& node = tape.nodes[index];
  switch (type->id()) {
    case TypeId::kStruct: {
      if (node.kind != JsonKind::kObject) {
        if (node.kind == JsonKind::kString) {
          return Status::invalid("expected a JSON object for {}, found a string", type->toString());
        }
        return cannotConvert(tape, index, *type);
      }
      stager.add().valid = true;
      return stageFields(tape, index, stager, path);
    }
    case TypeId::kList: {
      if (node.kind != JsonKind::kArray) return cannotConvert(tape, index, *type);
      const size_t entry = stager.size();
      stager.add().valid = true;
      stager.at(entry).listLength = node.count;
      uint32_t child = index + 1;
      for (uint32_t i = 0; i < node.count; ++i) {
        Status status = children[0].stage(tape, child, stager, path);
        if (!status.ok()) {
          prependPath(path, fmt::format("[{}]", i));
          return status;
        }
        child = tape.nodes[child].end;
      }
      return Status::OK();
    }
    default: {
      StagedValue& value = stager.add();
      return stageScalar(tape, index, value, stager);
    }
  }
}

Status JsonValueStager::Plan::stageScalar(const JsonTape& tape, uint32_t index, StagedValue& out,
                                          RowStager& stager) {
  const JsonNode& node = tape.nodes[index];
  const TypeId id = type->id();
  const bool stringColumn =
      isStringLike(id) || (id == TypeId::kDictionary && isStringLike(type->valueType()->id()));
  out.valid = true;
  switch (node.kind) {
    case JsonKind::kString: {
      const std::string_view text = tape.string(index);
      if (stringColumn) {
        out.text = text;  // the parser checked its UTF-8
        return Status::OK();
      }
      if (id == TypeId::kBinary || id == TypeId::kLargeBinary) {
        std::string& scratch = stager.scratch();
        out.scratchOffset = static_cast<int64_t>(scratch.size());
        if (!decodeBase64(text, scratch)) {
          return Status::invalid("cannot convert {} to {}: not base64", abbreviate(tape.raw(index)),
                                 type->toString());
        }
        out.scratchLength = static_cast<int64_t>(scratch.size()) - out.scratchOffset;
        return Status::OK();
      }
      return stageText(*type, text, out);
    }
    case JsonKind::kNumber:
      if (stringColumn) {
        out.text = tape.raw(index);
        return Status::OK();
      }
      if (isNumeric(id) || id == TypeId::kDecimal128) return stageText(*type, tape.raw(index), out);
      if (id == TypeId::kTimestamp || id == TypeId::kDate32) {
        // Integers are ticks of the unit (timestamp) or days (date32).
        int64_t ticks;
        if (!node.integer || !parseInteger(tape.raw(index), ticks) ||
            (id == TypeId::kDate32 && (ticks < std::numeric_limits<int32_t>::min() ||
                                       ticks > std::numeric_limits<int32_t>::max()))) {
          return cannotConvert(tape, index, *type);
        }
        out.int64 = ticks;
        return Status::OK();
      }
      return cannotConvert(tape, index, *type);
    case JsonKind::kTrue:
    case JsonKind::kFalse:
      if (id == TypeId::kBool) {
        out.boolean = node.kind == JsonKind::kTrue;
        return Status::OK();
      }
      if (stringColumn) {
        out.text = tape.raw(index);
        return Status::OK();
      }
      return cannotConvert(tape, index, *type);
    case JsonKind::kObject:
    case JsonKind::kArray:
      if (stringColumn) {
        out.text = tape.raw(index);
        return Status::OK();
      }
      return cannotConvert(tape, index, *type);
    case JsonKind::kNull:
      break;
  }
  return Status::internal("staging a JSON null as a scalar");
}

JsonValueStager::JsonValueStager(std::unique_ptr<Plan> root) : root_(std::move(root)) {}
JsonValueStager::JsonValueStager(JsonValueStager&&) noexcept = default;
JsonValueStager& JsonValueStager::operator=(JsonValueStager&&) noexcept = default;
JsonValueStager::~JsonValueStager() = default;

JsonValueStager JsonValueStager::forRecord(const columnar::Schema& schema) {
  return JsonValueStager(
      std::make_unique<Plan>(Plan::make(columnar::struct_(schema.fields()), /*nullable=*/false)));
}

JsonValueStager JsonValueStager::forField(const columnar::FieldPtr& field) {
  return JsonValueStager(std::make_unique<Plan>(Plan::make(field->type(), field->nullable())));
}

Status JsonValueStager::stageRecord(const JsonTape& tape, RowStager& stager,
                                    std::string& errorPath) {
  errorPath.clear();
  return root_->stageFields(tape, 0, stager, errorPath);
}

Status JsonValueStager::stageValue(const JsonTape& tape, RowStager& stager,
                                   std::string& errorPath) {
  errorPath.clear();
  return root_->stage(tape, 0, stager, errorPath);
}

}  // namespace sabot::formats
