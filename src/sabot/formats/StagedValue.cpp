#include "sabot/formats/StagedValue.h"

#include "sabot/columnar/Decimal.h"
#include "sabot/columnar/Temporal.h"
#include "sabot/columnar/Utf8.h"
#include "sabot/formats/ValueParsing.h"

namespace sabot::formats {

using columnar::ArrayBuilder;
using columnar::DataType;
using columnar::TypeId;

namespace {

Status cannotParse(std::string_view text, const DataType& type) {
  return Status::invalid("cannot parse '{}' as {}", abbreviate(text), type.toString());
}

template <typename T>
Status stageSigned(const DataType& type, std::string_view text, StagedValue& out) {
  T value;
  if (!parseInteger(text, value)) return cannotParse(text, type);
  out.int64 = static_cast<int64_t>(value);  // int8_t is a number here, not a character
  return Status::OK();
}

template <typename T>
Status stageUnsigned(const DataType& type, std::string_view text, StagedValue& out) {
  T value;
  if (!parseInteger(text, value)) return cannotParse(text, type);
  out.uint64 = value;
  return Status::OK();
}

Status stageString(const DataType& type, std::string_view text, StagedValue& out) {
  if (!columnar::isValidUtf8(text)) {
    return Status::invalid("'{}' is not valid UTF-8 (column type {})", abbreviate(text),
                           type.toString());
  }
  out.text = text;
  return Status::OK();
}

template <typename T>
Status appendNumber(ArrayBuilder* builder, T value) {
  return static_cast<columnar::NumericBuilder<T>*>(builder)->append(value);
}

}  // namespace

Status stageText(const DataType& type, std::string_view text, StagedValue& out) {
  out.valid = true;
  switch (type.id()) {
    case TypeId::kBool:
      if (!parseBoolean(text, out.boolean)) return cannotParse(text, type);
      return Status::OK();
    case TypeId::kInt8:
      return stageSigned<int8_t>(type, text, out);
    case TypeId::kInt16:
      return stageSigned<int16_t>(type, text, out);
    case TypeId::kInt32:
      return stageSigned<int32_t>(type, text, out);
    case TypeId::kInt64:
      return stageSigned<int64_t>(type, text, out);
    case TypeId::kUInt8:
      return stageUnsigned<uint8_t>(type, text, out);
    case TypeId::kUInt16:
      return stageUnsigned<uint16_t>(type, text, out);
    case TypeId::kUInt32:
      return stageUnsigned<uint32_t>(type, text, out);
    case TypeId::kUInt64:
      return stageUnsigned<uint64_t>(type, text, out);
    case TypeId::kFloat32:
      if (!parseFloatingPoint(text, out.float32)) return cannotParse(text, type);
      return Status::OK();
    case TypeId::kFloat64:
      if (!parseFloatingPoint(text, out.float64)) return cannotParse(text, type);
      return Status::OK();
    case TypeId::kUtf8:
    case TypeId::kLargeUtf8:
      return stageString(type, text, out);
    case TypeId::kBinary:
    case TypeId::kLargeBinary:
      out.text = text;
      return Status::OK();
    case TypeId::kTimestamp: {
      auto value = columnar::parseTimestamp(text, type.timeUnit());
      if (!value) return cannotParse(text, type);
      out.int64 = *value;
      return Status::OK();
    }
    case TypeId::kDate32: {
      auto value = columnar::parseDate32(text);
      if (!value) return cannotParse(text, type);
      out.int64 = *value;
      return Status::OK();
    }
    case TypeId::kDecimal128: {
      auto value = columnar::parseDecimal128(text, type.precision(), type.scale());
      if (!value) return cannotParse(text, type);
      out.decimal = *value;
      return Status::OK();
    }
    case TypeId::kDictionary:
      if (isStringLike(type.valueType()->id())) return stageString(type, text, out);
      out.text = text;
      return Status::OK();
    case TypeId::kNull:
      return cannotParse(text, type);
    case TypeId::kStruct:
    case TypeId::kList:
      break;
  }
  return Status::unsupported("converting text to {}", type.toString());
}

Status RowStager::commit(const DataType& type, ArrayBuilder* builder, size_t& cursor) {
  const StagedValue& value = values_[cursor++];
  if (!value.valid) return builder->appendNull();
  std::string_view text = value.text;
  if (value.scratchOffset >= 0) {
    text = std::string_view(scratch_).substr(static_cast<size_t>(value.scratchOffset),
                                             static_cast<size_t>(value.scratchLength));
  }
  switch (type.id()) {
    case TypeId::kNull:
      return builder->appendNull();
    case TypeId::kBool:
      return static_cast<columnar::BooleanBuilder*>(builder)->append(value.boolean);
    case TypeId::kInt8:
      return appendNumber(builder, static_cast<int8_t>(value.int64));
    case TypeId::kInt16:
      return appendNumber(builder, static_cast<int16_t>(value.int64));
    case TypeId::kInt32:
      return appendNumber(builder, static_cast<int32_t>(value.int64));
    case TypeId::kInt64:
    case TypeId::kTimestamp:
      return appendNumber(builder, value.int64);
    case TypeId::kDate32:
      return appendNumber(builder, static_cast<int32_t>(value.int64));
    case TypeId::kUInt8:
      return appendNumber(builder, static_cast<uint8_t>(value.uint64));
    case TypeId::kUInt16:
      return appendNumber(builder, static_cast<uint16_t>(value.uint64));
    case TypeId::kUInt32:
      return appendNumber(builder, static_cast<uint32_t>(value.uint64));
    case TypeId::kUInt64:
      return appendNumber(builder, value.uint64);
    case TypeId::kFloat32:
      return appendNumber(builder, value.float32);
    case TypeId::kFloat64:
      return appendNumber(builder, value.float64);
    case TypeId::kUtf8:
    case TypeId::kBinary:
      return static_cast<columnar::StringBuilder*>(builder)->append(text);
    case TypeId::kLargeUtf8:
    case TypeId::kLargeBinary:
      return static_cast<columnar::LargeStringBuilder*>(builder)->append(text);
    case TypeId::kDecimal128:
      return static_cast<columnar::Decimal128Builder*>(builder)->append(value.decimal);
    case TypeId::kDictionary:
      return static_cast<columnar::DictionaryBuilder*>(builder)->append(text);
    case TypeId::kStruct: {
      auto* structBuilder = static_cast<columnar::StructBuilder*>(builder);
      for (int i = 0; i < type.numFields(); ++i) {
        SABOT_RETURN_NOT_OK(commit(*type.field(i)->type(), structBuilder->fieldBuilder(i), cursor));
      }
      return structBuilder->append();
    }
    case TypeId::kList: {
      auto* listBuilder = static_cast<columnar::ListBuilder*>(builder);
      SABOT_RETURN_NOT_OK(listBuilder->append());
      for (int64_t i = 0; i < value.listLength; ++i) {
        SABOT_RETURN_NOT_OK(commit(*type.field(0)->type(), listBuilder->valueBuilder(), cursor));
      }
      return Status::OK();
    }
  }
  return Status::internal("committing a value of type {}", type.toString());
}

}  // namespace sabot::formats
