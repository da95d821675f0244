#include "sabot/ipc/SchemaFlatbuffer.h"

#include <string>

namespace sabot::ipc {

using columnar::DataType;
using columnar::DataTypePtr;
using columnar::Field;
using columnar::FieldPtr;
using columnar::KeyValueMetadata;
using columnar::TimeUnit;
using columnar::TypeId;

namespace {

using FbOffset = flatbuffers::Offset<void>;

// ---------------------------------------------------------------- writing

fb::TimeUnit toFbUnit(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kSecond: return fb::TimeUnit::SECOND;
    case TimeUnit::kMilli: return fb::TimeUnit::MILLISECOND;
    case TimeUnit::kMicro: return fb::TimeUnit::MICROSECOND;
    case TimeUnit::kNano: return fb::TimeUnit::NANOSECOND;
  }
  return fb::TimeUnit::SECOND;
}

flatbuffers::Offset<fb::Int> writeIntType(flatbuffers::FlatBufferBuilder& builder,
                                          const DataType& type) {
  return fb::CreateInt(builder, type.bitWidth(), columnar::isSignedInteger(type.id()));
}

/// The Type union member of a (value) type: its tag and table.
std::pair<fb::Type, FbOffset> writeTypeTable(flatbuffers::FlatBufferBuilder& builder,
                                             const DataType& type) {
  switch (type.id()) {
    case TypeId::kNull: return {fb::Type::Null, fb::CreateNull(builder).Union()};
    case TypeId::kBool: return {fb::Type::Bool, fb::CreateBool(builder).Union()};
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
    case TypeId::kUInt8:
    case TypeId::kUInt16:
    case TypeId::kUInt32:
    case TypeId::kUInt64: return {fb::Type::Int, writeIntType(builder, type).Union()};
    case TypeId::kFloat32:
      return {fb::Type::FloatingPoint, fb::CreateFloatingPoint(builder, fb::Precision::SINGLE).Union()};
    case TypeId::kFloat64:
      return {fb::Type::FloatingPoint, fb::CreateFloatingPoint(builder, fb::Precision::DOUBLE).Union()};
    case TypeId::kUtf8: return {fb::Type::Utf8, fb::CreateUtf8(builder).Union()};
    case TypeId::kLargeUtf8: return {fb::Type::LargeUtf8, fb::CreateLargeUtf8(builder).Union()};
    case TypeId::kBinary: return {fb::Type::Binary, fb::CreateBinary(builder).Union()};
    case TypeId::kLargeBinary: return {fb::Type::LargeBinary, fb::CreateLargeBinary(builder).Union()};
    case TypeId::kTimestamp: {
      const auto zone = type.timezone().empty() ? 0 : builder.CreateString(type.timezone());
      return {fb::Type::Timestamp, fb::CreateTimestamp(builder, toFbUnit(type.timeUnit()), zone).Union()};
    }
    case TypeId::kDate32: return {fb::Type::Date, fb::CreateDate(builder, fb::DateUnit::DAY).Union()};
    case TypeId::kDecimal128:
      return {fb::Type::Decimal,
              fb::CreateDecimal(builder, type.precision(), type.scale(), 128).Union()};
    case TypeId::kStruct: return {fb::Type::Struct_, fb::CreateStruct_(builder).Union()};
    case TypeId::kList: return {fb::Type::List, fb::CreateList(builder).Union()};
    case TypeId::kDictionary: break;  // handled by the caller through the value type
  }
  return {fb::Type::NONE, 0};
}

flatbuffers::Offset<fb::Field> writeField(flatbuffers::FlatBufferBuilder& builder, const Field& field,
                                          int64_t& nextDictionaryId) {
  const DataType& fieldType = *field.type();
  const bool isDictionary = fieldType.id() == TypeId::kDictionary;
  // Pre-order: this field's dictionary id comes before its children's.
  const int64_t dictionaryId = isDictionary ? nextDictionaryId++ : -1;
  const DataType& valueType = isDictionary ? *fieldType.valueType() : fieldType;

  std::vector<flatbuffers::Offset<fb::Field>> children;
  children.reserve(valueType.fields().size());
  for (const FieldPtr& child : valueType.fields()) {
    children.push_back(writeField(builder, *child, nextDictionaryId));
  }
  const auto childrenVector = builder.CreateVector(children);
  const auto name = builder.CreateString(field.name());
  const auto metadata = writeMetadata(builder, field.metadata());
  flatbuffers::Offset<fb::DictionaryEncoding> encoding = 0;
  if (isDictionary) {
    const auto indexType = writeIntType(builder, *fieldType.indexType());
    encoding = fb::CreateDictionaryEncoding(builder, dictionaryId, indexType, fieldType.ordered());
  }
  const auto [typeTag, typeTable] = writeTypeTable(builder, valueType);
  return fb::CreateField(builder, name, field.nullable(), typeTag, typeTable, encoding, childrenVector,
                         metadata);
}

Status checkWritableType(const DataType& type, bool insideDictionary, const std::string& path) {
  if (type.id() == TypeId::kDictionary) {
    if (insideDictionary) {
      return Status::unsupported("field '{}': dictionaries nested in dictionary values cannot be written",
                                 path);
    }
    if (!type.indexType() || !columnar::isInteger(type.indexType()->id())) {
      return Status::invalid("field '{}': dictionary index type must be an integer", path);
    }
    return checkWritableType(*type.valueType(), true, path);
  }
  for (const FieldPtr& child : type.fields()) {
    SABOT_RETURN_NOT_OK(checkWritableType(*child->type(), insideDictionary, path + "." + child->name()));
  }
  return Status::OK();
}

// ---------------------------------------------------------------- reading

std::string_view typeTagName(fb::Type tag) {
  const char* name = fb::EnumNameType(tag);
  return name && *name ? name : "unknown";
}

Result<TimeUnit> fromFbUnit(fb::TimeUnit unit) {
  switch (unit) {
    case fb::TimeUnit::SECOND: return TimeUnit::kSecond;
    case fb::TimeUnit::MILLISECOND: return TimeUnit::kMilli;
    case fb::TimeUnit::MICROSECOND: return TimeUnit::kMicro;
    case fb::TimeUnit::NANOSECOND: return TimeUnit::kNano;
  }
  return Status::corrupt("unknown time unit {}", static_cast<int>(unit));
}

Result<DataTypePtr> readIntType(const fb::Int& type) {
  const bool isSigned = type.is_signed();
  switch (type.bitWidth()) {
    case 8: return isSigned ? columnar::int8() : columnar::uint8();
    case 16: return isSigned ? columnar::int16() : columnar::uint16();
    case 32: return isSigned ? columnar::int32() : columnar::uint32();
    case 64: return isSigned ? columnar::int64() : columnar::uint64();
    default: return Status::corrupt("integer type with bit width {}", type.bitWidth());
  }
}

KeyValueMetadata readMetadata(
    const flatbuffers::Vector<flatbuffers::Offset<fb::KeyValue>>* entries) {
  KeyValueMetadata metadata;
  if (!entries) return metadata;
  metadata.reserve(entries->size());
  for (const fb::KeyValue* entry : *entries) {
    if (!entry) continue;
    metadata.emplace_back(entry->key() ? entry->key()->str() : std::string(),
                          entry->value() ? entry->value()->str() : std::string());
  }
  return metadata;
}

class SchemaReader {
 public:
  Result<FieldPtr> readField(const fb::Field* field, const std::string& parentPath, bool insideDictionary) {
    if (!field) return Status::corrupt("field under '{}' is missing", parentPath);
    std::string name = field->name() ? field->name()->str() : std::string();
    const std::string path = parentPath.empty() ? name : parentPath + "." + name;

    // Children are read before this field's dictionary id is recorded. That is
    // still pre-order: a dictionary's children are its values' fields, which
    // may not hold dictionaries themselves (rejected below).
    std::vector<FieldPtr> children;
    if (field->children()) {
      children.reserve(field->children()->size());
      for (const fb::Field* child : *field->children()) {
        SABOT_ASSIGN_OR_RAISE(FieldPtr converted,
                              readField(child, path, insideDictionary || field->dictionary()));
        children.push_back(std::move(converted));
      }
    }
    SABOT_ASSIGN_OR_RAISE(DataTypePtr type, readValueType(*field, path, std::move(children)));

    if (const fb::DictionaryEncoding* encoding = field->dictionary()) {
      if (insideDictionary) {
        return Status::unsupported("field '{}': dictionaries nested in dictionary values", path);
      }
      DataTypePtr indexType = columnar::int32();
      if (encoding->indexType()) {
        SABOT_ASSIGN_OR_RAISE(indexType, readIntType(*encoding->indexType()));
      }
      const int64_t id = encoding->id();
      auto [known, inserted] = info_.dictionaryValueTypes.emplace(id, type);
      if (!inserted && !known->second->equals(*type)) {
        return Status::corrupt("field '{}': dictionary id {} is used with values of type {} and {}",
                               path, id, known->second->toString(), type->toString());
      }
      info_.dictionaryIds.push_back(id);
      type = columnar::dictionary(std::move(indexType), std::move(type), encoding->isOrdered());
    }
    return columnar::field(std::move(name), std::move(type), field->nullable(),
                           readMetadata(field->custom_metadata()));
  }

  SchemaInfo& info() { return info_; }

 private:
  Result<DataTypePtr> readValueType(const fb::Field& field, const std::string& path,
                                    std::vector<FieldPtr> children) {
    const fb::Type tag = field.type_type();
    if (tag == fb::Type::NONE) return Status::corrupt("field '{}' has no type", path);
    if (!field.type()) return Status::corrupt("field '{}': {} type table is missing", path, typeTagName(tag));
    switch (tag) {
      case fb::Type::Null: return columnar::null();
      case fb::Type::Bool: return columnar::boolean();
      case fb::Type::Int: return readIntType(*field.type_as_Int());
      case fb::Type::FloatingPoint:
        switch (field.type_as_FloatingPoint()->precision()) {
          case fb::Precision::SINGLE: return columnar::float32();
          case fb::Precision::DOUBLE: return columnar::float64();
          case fb::Precision::HALF:
            return Status::unsupported("field '{}': float16 is not supported", path);
        }
        return Status::corrupt("field '{}': unknown floating point precision", path);
      case fb::Type::Utf8: return columnar::utf8();
      case fb::Type::LargeUtf8: return columnar::largeUtf8();
      case fb::Type::Binary: return columnar::binary();
      case fb::Type::LargeBinary: return columnar::largeBinary();
      case fb::Type::Date:
        if (field.type_as_Date()->unit() == fb::DateUnit::DAY) return columnar::date32();
        return Status::unsupported("field '{}': date64 (milliseconds) is not supported", path);
      case fb::Type::Timestamp: {
        const fb::Timestamp* timestamp = field.type_as_Timestamp();
        SABOT_ASSIGN_OR_RAISE(TimeUnit unit, fromFbUnit(timestamp->unit()));
        return columnar::timestamp(unit, timestamp->timezone() ? timestamp->timezone()->str() : "");
      }
      case fb::Type::Decimal: {
        const fb::Decimal* decimal = field.type_as_Decimal();
        if (decimal->bitWidth() != 128) {
          return Status::unsupported("field '{}': decimal{} is not supported", path, decimal->bitWidth());
        }
        if (decimal->precision() < 1 || decimal->precision() > 38 || decimal->scale() < 0 ||
            decimal->scale() > decimal->precision()) {
          return Status::unsupported("field '{}': decimal128 precision {} scale {} (Sabot needs "
                                     "precision 1..38 and 0 <= scale <= precision)",
                                     path, decimal->precision(), decimal->scale());
        }
        return columnar::decimal128(decimal->precision(), decimal->scale());
      }
      case fb::Type::List:
        if (children.size() != 1) {
          return Status::corrupt("field '{}': a list needs exactly one child field, has {}", path,
                                 children.size());
        }
        return columnar::list(std::move(children[0]));
      case fb::Type::Struct_: return columnar::struct_(std::move(children));
      default:
        return Status::unsupported("field '{}': Arrow type {} is not supported by Sabot", path,
                                   typeTagName(tag));
    }
  }

  SchemaInfo info_;
};

}  // namespace

flatbuffers::Offset<flatbuffers::Vector<flatbuffers::Offset<fb::KeyValue>>> writeMetadata(
    flatbuffers::FlatBufferBuilder& builder, const KeyValueMetadata& metadata) {
  if (metadata.empty()) return 0;
  std::vector<flatbuffers::Offset<fb::KeyValue>> entries;
  entries.reserve(metadata.size());
  for (const auto& [key, value] : metadata) {
    const auto keyOffset = builder.CreateString(key);
    const auto valueOffset = builder.CreateString(value);
    entries.push_back(fb::CreateKeyValue(builder, keyOffset, valueOffset));
  }
  return builder.CreateVector(entries);
}

Status checkWritableSchema(const columnar::Schema& schema) {
  for (const FieldPtr& field : schema.fields()) {
    SABOT_RETURN_NOT_OK(checkWritableType(*field->type(), false, field->name()));
  }
  return Status::OK();
}

flatbuffers::Offset<fb::Schema> writeSchema(flatbuffers::FlatBufferBuilder& builder,
                                            const columnar::Schema& schema) {
  int64_t nextDictionaryId = 0;
  std::vector<flatbuffers::Offset<fb::Field>> fields;
  fields.reserve(schema.fields().size());
  for (const FieldPtr& field : schema.fields()) {
    fields.push_back(writeField(builder, *field, nextDictionaryId));
  }
  const auto fieldsVector = builder.CreateVector(fields);
  const auto metadata = writeMetadata(builder, schema.metadata());
  return fb::CreateSchema(builder, fb::Endianness::Little, fieldsVector, metadata);
}

Result<SchemaInfo> readSchema(const fb::Schema& schema) {
  if (schema.endianness() != fb::Endianness::Little) {
    return Status::unsupported("big-endian Arrow data is not supported");
  }
  SchemaReader reader;
  std::vector<FieldPtr> fields;
  if (schema.fields()) {
    fields.reserve(schema.fields()->size());
    for (const fb::Field* field : *schema.fields()) {
      SABOT_ASSIGN_OR_RAISE(FieldPtr converted, reader.readField(field, "", false));
      fields.push_back(std::move(converted));
    }
  }
  SchemaInfo info = std::move(reader.info());
  info.schema = columnar::schema(std::move(fields), readMetadata(schema.custom_metadata()));
  return info;
}

int countDictionaries(const DataType& type) {
  int count = type.id() == TypeId::kDictionary ? 1 : 0;
  const DataType& valueType = type.id() == TypeId::kDictionary ? *type.valueType() : type;
  for (const FieldPtr& child : valueType.fields()) count += countDictionaries(*child->type());
  return count;
}

}  // namespace sabot::ipc
