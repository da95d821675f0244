#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sabot::columnar {

/// The logical types Sabot supports, following the Arrow columnar format.
enum class TypeId : uint8_t {
  kNull,
  kBool,
  kInt8,
  kInt16,
  kInt32,
  kInt64,
  kUInt8,
  kUInt16,
  kUInt32,
  kUInt64,
  kFloat32,
  kFloat64,
  kUtf8,
  kLargeUtf8,
  kBinary,
  kLargeBinary,
  kTimestamp,
  kDate32,
  kDecimal128,
  kStruct,
  kList,
  kDictionary,
};

enum class TimeUnit : uint8_t { kSecond, kMilli, kMicro, kNano };

std::string_view timeUnitName(TimeUnit unit);  // "s", "ms", "us", "ns"
/// Ticks of `unit` in one second (1, 1e3, 1e6, 1e9).
int64_t ticksPerSecond(TimeUnit unit);

class DataType;
class Field;
using DataTypePtr = std::shared_ptr<const DataType>;
using FieldPtr = std::shared_ptr<const Field>;
using KeyValueMetadata = std::vector<std::pair<std::string, std::string>>;

/// An immutable description of a column's type. Parametric types carry their
/// parameters (time unit and zone, decimal precision and scale, child fields,
/// dictionary index and value types). Create types with the factory functions
/// below (`int64()`, `timestamp(TimeUnit::kMilli, "UTC")`, ...).
class DataType {
 public:
  TypeId id() const { return id_; }

  /// Width in bits of one value for fixed-width types (bool: 1), else 0. For a
  /// dictionary type, the width of its indices.
  int bitWidth() const;
  /// Width in bytes of one value for fixed-width types other than bool.
  int byteWidth() const { return bitWidth() / 8; }

  TimeUnit timeUnit() const { return timeUnit_; }
  const std::string& timezone() const { return timezone_; }
  int32_t precision() const { return precision_; }
  int32_t scale() const { return scale_; }

  /// Child fields: the members of a struct, the single value field of a list.
  const std::vector<FieldPtr>& fields() const { return fields_; }
  int numFields() const { return static_cast<int>(fields_.size()); }
  const FieldPtr& field(int index) const { return fields_[index]; }

  /// For dictionary types: the integer type of the indices and the type of the
  /// dictionary values.
  const DataTypePtr& indexType() const { return indexType_; }
  const DataTypePtr& valueType() const { return valueType_; }
  bool ordered() const { return ordered_; }

  bool equals(const DataType& other, bool checkMetadata = false) const;
  bool operator==(const DataType& other) const { return equals(other); }

  /// Arrow-style spelling: "int64", "timestamp[ms, tz=UTC]", "list<item: int32>".
  std::string toString() const;

  // Use the factory functions; the constructor is public for make_shared only.
  struct Params;
  explicit DataType(Params params);

 private:
  TypeId id_;
  TimeUnit timeUnit_ = TimeUnit::kSecond;
  std::string timezone_;
  int32_t precision_ = 0;
  int32_t scale_ = 0;
  std::vector<FieldPtr> fields_;
  DataTypePtr indexType_;
  DataTypePtr valueType_;
  bool ordered_ = false;
};

struct DataType::Params {
  TypeId id;
  TimeUnit timeUnit = TimeUnit::kSecond;
  std::string timezone;
  int32_t precision = 0;
  int32_t scale = 0;
  std::vector<FieldPtr> fields;
  DataTypePtr indexType;
  DataTypePtr valueType;
  bool ordered = false;
};

/// A named, typed column slot: a schema entry or a child of a nested type.
class Field {
 public:
  Field(std::string name, DataTypePtr type, bool nullable = true, KeyValueMetadata metadata = {})
      : name_(std::move(name)),
        type_(std::move(type)),
        nullable_(nullable),
        metadata_(std::move(metadata)) {}

  const std::string& name() const { return name_; }
  const DataTypePtr& type() const { return type_; }
  bool nullable() const { return nullable_; }
  const KeyValueMetadata& metadata() const { return metadata_; }

  FieldPtr withName(std::string name) const;
  FieldPtr withType(DataTypePtr type) const;

  bool equals(const Field& other, bool checkMetadata = false) const;
  bool operator==(const Field& other) const { return equals(other); }
  /// "name: type" plus " not null" when not nullable.
  std::string toString() const;

 private:
  std::string name_;
  DataTypePtr type_;
  bool nullable_;
  KeyValueMetadata metadata_;
};

FieldPtr field(std::string name, DataTypePtr type, bool nullable = true,
               KeyValueMetadata metadata = {});

// Type factories. Parameterless types are shared singletons.
DataTypePtr null();
DataTypePtr boolean();
DataTypePtr int8();
DataTypePtr int16();
DataTypePtr int32();
DataTypePtr int64();
DataTypePtr uint8();
DataTypePtr uint16();
DataTypePtr uint32();
DataTypePtr uint64();
DataTypePtr float32();
DataTypePtr float64();
DataTypePtr utf8();
DataTypePtr largeUtf8();
DataTypePtr binary();
DataTypePtr largeBinary();
DataTypePtr date32();
DataTypePtr timestamp(TimeUnit unit, std::string timezone = "");
/// precision 1..38, 0 <= scale <= precision (checked by validateType).
DataTypePtr decimal128(int32_t precision, int32_t scale);
DataTypePtr struct_(std::vector<FieldPtr> fields);
DataTypePtr list(FieldPtr valueField);
DataTypePtr list(DataTypePtr valueType);  ///< value field named "item"
DataTypePtr dictionary(DataTypePtr indexType, DataTypePtr valueType, bool ordered = false);

/// The singleton for a parameterless type id; nullptr for parametric ids.
DataTypePtr typeForId(TypeId id);

// Classification of type ids.
bool isInteger(TypeId id);
bool isSignedInteger(TypeId id);
bool isUnsignedInteger(TypeId id);
bool isFloating(TypeId id);
bool isNumeric(TypeId id);  ///< integer or floating
/// Fixed-width values in one data buffer (numbers, bool, temporal, decimal).
bool isFixedWidth(TypeId id);
/// utf8/binary with 32-bit offsets.
bool isBinaryLike(TypeId id);
/// large utf8/binary with 64-bit offsets.
bool isLargeBinaryLike(TypeId id);
bool isStringLike(TypeId id);  ///< utf8 or large utf8
bool isNested(TypeId id);      ///< struct or list

/// How many buffers an array of this type has in the Arrow layout (validity
/// included): fixed width 2, binary-like 3, struct 1, list 2, null 0,
/// dictionary as its index type.
int numBuffers(TypeId id);

}  // namespace sabot::columnar
