#include "sabot/columnar/DataType.h"

#include <fmt/format.h>

namespace sabot::columnar {

std::string_view timeUnitName(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kSecond: return "s";
    case TimeUnit::kMilli: return "ms";
    case TimeUnit::kMicro: return "us";
    case TimeUnit::kNano: return "ns";
  }
  return "?";
}

int64_t ticksPerSecond(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kSecond: return 1;
    case TimeUnit::kMilli: return 1000;
    case TimeUnit::kMicro: return 1000000;
    case TimeUnit::kNano: return 1000000000;
  }
  return 1;
}

DataType::DataType(Params params)
    : id_(params.id),
      timeUnit_(params.timeUnit),
      timezone_(std::move(params.timezone)),
      precision_(params.precision),
      scale_(params.scale),
      fields_(std::move(params.fields)),
      indexType_(std::move(params.indexType)),
      valueType_(std::move(params.valueType)),
      ordered_(params.ordered) {}

int DataType::bitWidth() const {
  switch (id_) {
    case TypeId::kBool: return 1;
    case TypeId::kInt8:
    case TypeId::kUInt8: return 8;
    case TypeId::kInt16:
    case TypeId::kUInt16: return 16;
    case TypeId::kInt32:
    case TypeId::kUInt32:
    case TypeId::kFloat32:
    case TypeId::kDate32: return 32;
    case TypeId::kInt64:
    case TypeId::kUInt64:
    case TypeId::kFloat64:
    case TypeId::kTimestamp: return 64;
    case TypeId::kDecimal128: return 128;
    case TypeId::kDictionary: return indexType_->bitWidth();
    default: return 0;
  }
}

bool DataType::equals(const DataType& other, bool checkMetadata) const {
  if (this == &other) return true;
  if (id_ != other.id_) return false;
  switch (id_) {
    case TypeId::kTimestamp:
      return timeUnit_ == other.timeUnit_ && timezone_ == other.timezone_;
    case TypeId::kDecimal128:
      return precision_ == other.precision_ && scale_ == other.scale_;
    case TypeId::kStruct:
    case TypeId::kList:
      if (fields_.size() != other.fields_.size()) return false;
      for (size_t i = 0; i < fields_.size(); ++i) {
        if (!fields_[i]->equals(*other.fields_[i], checkMetadata)) return false;
      }
      return true;
    case TypeId::kDictionary:
      return ordered_ == other.ordered_ && indexType_->equals(*other.indexType_) &&
             valueType_->equals(*other.valueType_, checkMetadata);
    default:
      return true;
  }
}

std::string DataType::toString() const {
  switch (id_) {
    case TypeId::kNull: return "null";
    case TypeId::kBool: return "bool";
    case TypeId::kInt8: return "int8";
    case TypeId::kInt16: return "int16";
    case TypeId::kInt32: return "int32";
    case TypeId::kInt64: return "int64";
    case TypeId::kUInt8: return "uint8";
    case TypeId::kUInt16: return "uint16";
    case TypeId::kUInt32: return "uint32";
    case TypeId::kUInt64: return "uint64";
    case TypeId::kFloat32: return "float32";
    case TypeId::kFloat64: return "float64";
    case TypeId::kUtf8: return "utf8";
    case TypeId::kLargeUtf8: return "large_utf8";
    case TypeId::kBinary: return "binary";
    case TypeId::kLargeBinary: return "large_binary";
    case TypeId::kDate32: return "date32";
    case TypeId::kTimestamp:
      if (timezone_.empty()) return fmt::format("timestamp[{}]", timeUnitName(timeUnit_));
      return fmt::format("timestamp[{}, tz={}]", timeUnitName(timeUnit_), timezone_);
    case TypeId::kDecimal128: return fmt::format("decimal128({}, {})", precision_, scale_);
    case TypeId::kStruct: {
      std::string out = "struct<";
      for (size_t i = 0; i < fields_.size(); ++i) {
        if (i > 0) out += ", ";
        out += fields_[i]->toString();
      }
      return out + ">";
    }
    case TypeId::kList: return fmt::format("list<{}>", fields_[0]->toString());
    case TypeId::kDictionary:
      return fmt::format("dictionary<values={}, indices={}{}>", valueType_->toString(),
                         indexType_->toString(), ordered_ ? ", ordered" : "");
  }
  return "unknown";
}

FieldPtr Field::withName(std::string name) const {
  return std::make_shared<Field>(std::move(name), type_, nullable_, metadata_);
}

FieldPtr Field::withType(DataTypePtr type) const {
  return std::make_shared<Field>(name_, std::move(type), nullable_, metadata_);
}

bool Field::equals(const Field& other, bool checkMetadata) const {
  if (this == &other) return true;
  if (name_ != other.name_ || nullable_ != other.nullable_) return false;
  if (checkMetadata && metadata_ != other.metadata_) return false;
  return type_->equals(*other.type_, checkMetadata);
}

std::string Field::toString() const {
  return fmt::format("{}: {}{}", name_, type_->toString(), nullable_ ? "" : " not null");
}

FieldPtr field(std::string name, DataTypePtr type, bool nullable, KeyValueMetadata metadata) {
  return std::make_shared<Field>(std::move(name), std::move(type), nullable, std::move(metadata));
}

namespace {
DataTypePtr makeSimple(TypeId id) {
  return std::make_shared<const DataType>(DataType::Params{.id = id});
}
}  // namespace

#define SABOT_SIMPLE_TYPE(NAME, ID)               \
  DataTypePtr NAME() {                            \
    static const DataTypePtr kType = makeSimple(ID); \
    return kType;                                 \
  }
SABOT_SIMPLE_TYPE(null, TypeId::kNull)
SABOT_SIMPLE_TYPE(boolean, TypeId::kBool)
SABOT_SIMPLE_TYPE(int8, TypeId::kInt8)
SABOT_SIMPLE_TYPE(int16, TypeId::kInt16)
SABOT_SIMPLE_TYPE(int32, TypeId::kInt32)
SABOT_SIMPLE_TYPE(int64, TypeId::kInt64)
SABOT_SIMPLE_TYPE(uint8, TypeId::kUInt8)
SABOT_SIMPLE_TYPE(uint16, TypeId::kUInt16)
SABOT_SIMPLE_TYPE(uint32, TypeId::kUInt32)
SABOT_SIMPLE_TYPE(uint64, TypeId::kUInt64)
SABOT_SIMPLE_TYPE(float32, TypeId::kFloat32)
SABOT_SIMPLE_TYPE(float64, TypeId::kFloat64)
SABOT_SIMPLE_TYPE(utf8, TypeId::kUtf8)
SABOT_SIMPLE_TYPE(largeUtf8, TypeId::kLargeUtf8)
SABOT_SIMPLE_TYPE(binary, TypeId::kBinary)
SABOT_SIMPLE_TYPE(largeBinary, TypeId::kLargeBinary)
SABOT_SIMPLE_TYPE(date32, TypeId::kDate32)
#undef SABOT_SIMPLE_TYPE

DataTypePtr timestamp(TimeUnit unit, std::string timezone) {
  return std::make_shared<const DataType>(
      DataType::Params{.id = TypeId::kTimestamp, .timeUnit = unit, .timezone = std::move(timezone)});
}

DataTypePtr decimal128(int32_t precision, int32_t scale) {
  return std::make_shared<const DataType>(
      DataType::Params{.id = TypeId::kDecimal128, .precision = precision, .scale = scale});
}

DataTypePtr struct_(std::vector<FieldPtr> fields) {
  return std::make_shared<const DataType>(
      DataType::Params{.id = TypeId::kStruct, .fields = std::move(fields)});
}

DataTypePtr list(FieldPtr valueField) {
  return std::make_shared<const DataType>(
      DataType::Params{.id = TypeId::kList, .fields = {std::move(valueField)}});
}

DataTypePtr list(DataTypePtr valueType) { return list(field("item", std::move(valueType))); }

DataTypePtr dictionary(DataTypePtr indexType, DataTypePtr valueType, bool ordered) {
  return std::make_shared<const DataType>(DataType::Params{.id = TypeId::kDictionary,
                                                           .indexType = std::move(indexType),
                                                           .valueType = std::move(valueType),
                                                           .ordered = ordered});
}

DataTypePtr typeForId(TypeId id) {
  switch (id) {
    case TypeId::kNull: return null();
    case TypeId::kBool: return boolean();
    case TypeId::kInt8: return int8();
    case TypeId::kInt16: return int16();
    case TypeId::kInt32: return int32();
    case TypeId::kInt64: return int64();
    case TypeId::kUInt8: return uint8();
    case TypeId::kUInt16: return uint16();
    case TypeId::kUInt32: return uint32();
    case TypeId::kUInt64: return uint64();
    case TypeId::kFloat32: return float32();
    case TypeId::kFloat64: return float64();
    case TypeId::kUtf8: return utf8();
    case TypeId::kLargeUtf8: return largeUtf8();
    case TypeId::kBinary: return binary();
    case TypeId::kLargeBinary: return largeBinary();
    case TypeId::kDate32: return date32();
    default: return nullptr;
  }
}

bool isSignedInteger(TypeId id) {
  return id == TypeId::kInt8 || id == TypeId::kInt16 || id == TypeId::kInt32 ||
         id == TypeId::kInt64;
}
bool isUnsignedInteger(TypeId id) {
  return id == TypeId::kUInt8 || id == TypeId::kUInt16 || id == TypeId::kUInt32 ||
         id == TypeId::kUInt64;
}
bool isInteger(TypeId id) { return isSignedInteger(id) || isUnsignedInteger(id); }
bool isFloating(TypeId id) { return id == TypeId::kFloat32 || id == TypeId::kFloat64; }
bool isNumeric(TypeId id) { return isInteger(id) || isFloating(id); }
bool isFixedWidth(TypeId id) {
  return id == TypeId::kBool || isNumeric(id) || id == TypeId::kTimestamp ||
         id == TypeId::kDate32 || id == TypeId::kDecimal128;
}
bool isBinaryLike(TypeId id) { return id == TypeId::kUtf8 || id == TypeId::kBinary; }
bool isLargeBinaryLike(TypeId id) {
  return id == TypeId::kLargeUtf8 || id == TypeId::kLargeBinary;
}
bool isStringLike(TypeId id) { return id == TypeId::kUtf8 || id == TypeId::kLargeUtf8; }
bool isNested(TypeId id) { return id == TypeId::kStruct || id == TypeId::kList; }

int numBuffers(TypeId id) {
  if (id == TypeId::kNull) return 0;
  if (id == TypeId::kStruct) return 1;
  if (id == TypeId::kList) return 2;
  if (isBinaryLike(id) || isLargeBinaryLike(id)) return 3;
  return 2;  // fixed width, and dictionary indices
}

}  // namespace sabot::columnar
