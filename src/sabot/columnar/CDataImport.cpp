// Import of types, arrays and record batches through the Arrow C Data
// Interface. The structs come from another library and are not trusted: every
// field the specification constrains is checked before it is used, and the
// resulting arrays go through validateArray. What a consumer cannot check is
// the size of the memory behind each buffer pointer; sizes are computed from
// the type, length, offset and (for offsets-based types) the last offset, as
// the specification prescribes.

#include <charconv>
#include <cstring>
#include <string>
#include <string_view>

#include "sabot/columnar/CDataInterface.h"

namespace sabot::columnar {

namespace {

// Deeper nesting than this is surely malformed, and recursing further could
// exhaust the stack.
constexpr int kMaxNestingDepth = 64;
// Lengths and offsets above this cannot be real and would overflow the size
// arithmetic (the same bound validateArray uses).
constexpr int64_t kMaxLength = int64_t{1} << 50;

// ------------------------------------------------------------------ schemas

Status checkSchemaStruct(const ArrowSchema* schema) {
  if (schema == nullptr) return Status::invalid("ArrowSchema pointer is null");
  if (schema->release == nullptr) return Status::invalid("ArrowSchema is released");
  if (schema->format == nullptr) return Status::invalid("ArrowSchema has no format string");
  if (schema->n_children < 0) {
    return Status::invalid("ArrowSchema '{}' has n_children {}", schema->format, schema->n_children);
  }
  if (schema->n_children > 0 && schema->children == nullptr) {
    return Status::invalid("ArrowSchema '{}' has {} children but a null children pointer",
                           schema->format, schema->n_children);
  }
  return Status::OK();
}

Result<int32_t> readInt32(const char*& cursor) {
  int32_t value;
  std::memcpy(&value, cursor, sizeof(value));
  cursor += sizeof(value);
  if (value < 0) return Status::invalid("ArrowSchema metadata holds a negative count {}", value);
  return value;
}

Result<KeyValueMetadata> decodeMetadata(const char* metadata) {
  KeyValueMetadata out;
  if (metadata == nullptr) return out;
  const char* cursor = metadata;
  SABOT_ASSIGN_OR_RAISE(const int32_t count, readInt32(cursor));
  out.reserve(static_cast<size_t>(count));
  for (int32_t i = 0; i < count; ++i) {
    SABOT_ASSIGN_OR_RAISE(const int32_t keyLength, readInt32(cursor));
    std::string key(cursor, static_cast<size_t>(keyLength));
    cursor += keyLength;
    SABOT_ASSIGN_OR_RAISE(const int32_t valueLength, readInt32(cursor));
    std::string value(cursor, static_cast<size_t>(valueLength));
    cursor += valueLength;
    out.emplace_back(std::move(key), std::move(value));
  }
  return out;
}

Result<int32_t> parseDecimalParameter(std::string_view text, std::string_view format) {
  int32_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    return Status::invalid("malformed decimal format string '{}'", format);
  }
  return value;
}

// "d:P,S" or "d:P,S,BITS".
Result<DataTypePtr> parseDecimal(std::string_view format) {
  std::string_view rest = format.substr(2);
  const size_t comma = rest.find(',');
  if (comma == std::string_view::npos) {
    return Status::invalid("malformed decimal format string '{}': expected 'd:precision,scale'",
                           format);
  }
  SABOT_ASSIGN_OR_RAISE(const int32_t precision,
                        parseDecimalParameter(rest.substr(0, comma), format));
  rest = rest.substr(comma + 1);
  const size_t secondComma = rest.find(',');
  SABOT_ASSIGN_OR_RAISE(const int32_t scale,
                        parseDecimalParameter(rest.substr(0, secondComma), format));
  if (secondComma != std::string_view::npos) {
    SABOT_ASSIGN_OR_RAISE(const int32_t bits,
                          parseDecimalParameter(rest.substr(secondComma + 1), format));
    if (bits != 128) {
      return Status::unsupported("format string '{}': only 128-bit decimals are supported",
                                 format);
    }
  }
  if (precision < 1 || precision > 38 || scale < 0 || scale > precision) {
    return Status::unsupported(
        "format string '{}': decimal128 needs precision 1..38 and scale 0..precision", format);
  }
  return decimal128(precision, scale);
}

Result<FieldPtr> parseField(const ArrowSchema& schema, int depth);

// The type of a non-dictionary schema from its format string and children.
Result<DataTypePtr> parseFormat(const ArrowSchema& schema, int depth) {
  const std::string_view format(schema.format);
  int64_t expectedChildren = 0;
  DataTypePtr type;
  if (format.size() == 1) {
    switch (format[0]) {
      case 'n': type = null(); break;
      case 'b': type = boolean(); break;
      case 'c': type = int8(); break;
      case 'C': type = uint8(); break;
      case 's': type = int16(); break;
      case 'S': type = uint16(); break;
      case 'i': type = int32(); break;
      case 'I': type = uint32(); break;
      case 'l': type = int64(); break;
      case 'L': type = uint64(); break;
      case 'f': type = float32(); break;
      case 'g': type = float64(); break;
      case 'u': type = utf8(); break;
      case 'U': type = largeUtf8(); break;
      case 'z': type = binary(); break;
      case 'Z': type = largeBinary(); break;
      default: break;
    }
  } else if (format == "tdD") {
    type = date32();
  } else if (format.size() >= 4 && format.substr(0, 2) == "ts" && format[3] == ':') {
    TimeUnit unit;
    switch (format[2]) {
      case 's': unit = TimeUnit::kSecond; break;
      case 'm': unit = TimeUnit::kMilli; break;
      case 'u': unit = TimeUnit::kMicro; break;
      case 'n': unit = TimeUnit::kNano; break;
      default: return Status::invalid("malformed timestamp format string '{}'", format);
    }
    type = timestamp(unit, std::string(format.substr(4)));
  } else if (format.size() > 2 && format.substr(0, 2) == "d:") {
    SABOT_ASSIGN_OR_RAISE(type, parseDecimal(format));
  } else if (format == "+s" || format == "+l") {
    expectedChildren = format == "+l" ? 1 : schema.n_children;
    if (schema.n_children != expectedChildren) {
      return Status::invalid("list ArrowSchema '+l' needs exactly one child, has {}",
                             schema.n_children);
    }
    std::vector<FieldPtr> fields;
    for (int64_t i = 0; i < schema.n_children; ++i) {
      const ArrowSchema* childSchema = schema.children[i];
      if (childSchema == nullptr) {
        return Status::invalid("child {} of ArrowSchema '{}' is null", i, format);
      }
      auto child = parseField(*childSchema, depth + 1);
      if (!child.ok()) {
        return child.status().withContext("in child {} ('{}') of '{}'", i,
                                          childSchema->name ? childSchema->name : "", format);
      }
      fields.push_back(std::move(child).valueOrDie());
    }
    type = format == "+l" ? list(std::move(fields[0])) : struct_(std::move(fields));
  }
  if (!type) {
    return Status::unsupported("Arrow C data format string '{}' is not supported", format);
  }
  if (schema.n_children != expectedChildren) {
    return Status::invalid("ArrowSchema of format '{}' has {} children, expected {}", format,
                           schema.n_children, expectedChildren);
  }
  return type;
}

Result<DataTypePtr> parseType(const ArrowSchema& schema, int depth) {
  SABOT_RETURN_NOT_OK(checkSchemaStruct(&schema));
  if (depth > kMaxNestingDepth) {
    return Status::invalid("ArrowSchema nests deeper than {} levels", kMaxNestingDepth);
  }
  SABOT_ASSIGN_OR_RAISE(DataTypePtr type, parseFormat(schema, depth));
  if (schema.dictionary == nullptr) return type;
  if (!isInteger(type->id())) {
    return Status::invalid("dictionary-encoded ArrowSchema has index format '{}', not an integer",
                           schema.format);
  }
  auto valueType = parseType(*schema.dictionary, depth + 1);
  if (!valueType.ok()) return valueType.status().withContext("in dictionary");
  return dictionary(std::move(type), std::move(valueType).valueOrDie(),
                    (schema.flags & ARROW_FLAG_DICTIONARY_ORDERED) != 0);
}

Result<FieldPtr> parseField(const ArrowSchema& schema, int depth) {
  SABOT_RETURN_NOT_OK(checkSchemaStruct(&schema));
  const std::string name = schema.name != nullptr ? schema.name : "";
  SABOT_ASSIGN_OR_RAISE(DataTypePtr type, parseType(schema, depth));
  SABOT_ASSIGN_OR_RAISE(KeyValueMetadata metadata, decodeMetadata(schema.metadata));
  return field(name, std::move(type), (schema.flags & ARROW_FLAG_NULLABLE) != 0,
               std::move(metadata));
}

// Releases a consumed ArrowSchema when the import returns.
class SchemaReleaser {
 public:
  explicit SchemaReleaser(ArrowSchema* schema) : schema_(schema) {}
  ~SchemaReleaser() {
    if (schema_ != nullptr && schema_->release != nullptr) schema_->release(schema_);
  }
  SchemaReleaser(const SchemaReleaser&) = delete;
  SchemaReleaser& operator=(const SchemaReleaser&) = delete;

 private:
  ArrowSchema* schema_;
};

void releaseArray(ArrowArray* array) {
  if (array != nullptr && array->release != nullptr) array->release(array);
}

// ------------------------------------------------------------------- arrays

// Holds the moved ArrowArray; the producer's release callback runs when the
// last buffer wrapping its memory (each holds a reference) is destroyed.
struct ImportedArray {
  ArrowArray array{};

  ImportedArray() = default;
  ImportedArray(const ImportedArray&) = delete;
  ImportedArray& operator=(const ImportedArray&) = delete;
  ~ImportedArray() {
    if (array.release != nullptr) array.release(&array);
  }
};

class ArrayImporter {
 public:
  explicit ArrayImporter(std::shared_ptr<const ImportedArray> owner) : owner_(std::move(owner)) {}

  Result<ArrayDataPtr> importNode(const ArrowArray& source, const DataTypePtr& type, int depth);

 private:
  Status checkStruct(const ArrowArray& source, const DataType& type, int depth);
  /// Wraps buffer `index` of `source` (`size` bytes) zero-copy; copies it when
  /// it is not aligned for `alignment`-byte values, since Sabot reads values
  /// through typed pointers. A null pointer is allowed only for zero bytes.
  Result<BufferPtr> wrapBuffer(const ArrowArray& source, const DataType& type, int index,
                               int64_t size, int alignment, const char* what);
  Status importOffsetsAndData(const ArrowArray& source, const DataType& type, int offsetWidth,
                              ArrayData& data);

  std::shared_ptr<const ImportedArray> owner_;
};

Status ArrayImporter::checkStruct(const ArrowArray& source, const DataType& type, int depth) {
  const std::string name = type.toString();
  if (depth > kMaxNestingDepth) {
    return Status::invalid("ArrowArray nests deeper than {} levels", kMaxNestingDepth);
  }
  if (source.release == nullptr) return Status::invalid("{} ArrowArray is released", name);
  if (source.length < 0 || source.length > kMaxLength) {
    return Status::invalid("{} ArrowArray has impossible length {}", name, source.length);
  }
  if (source.offset < 0 || source.offset > kMaxLength) {
    return Status::invalid("{} ArrowArray has impossible offset {}", name, source.offset);
  }
  if (source.null_count < -1 || source.null_count > source.length) {
    return Status::invalid("{} ArrowArray of length {} has impossible null_count {}", name,
                           source.length, source.null_count);
  }
  const int64_t expectedBuffers = numBuffers(type.id());
  if (source.n_buffers != expectedBuffers) {
    return Status::invalid("{} ArrowArray has n_buffers {}, the layout has {}", name,
                           source.n_buffers, expectedBuffers);
  }
  if (source.n_buffers > 0 && source.buffers == nullptr) {
    return Status::invalid("{} ArrowArray has a null buffers pointer", name);
  }
  const int64_t expectedChildren =
      type.id() == TypeId::kStruct || type.id() == TypeId::kList ? type.numFields() : 0;
  if (source.n_children != expectedChildren) {
    return Status::invalid("{} ArrowArray has n_children {}, expected {}", name,
                           source.n_children, expectedChildren);
  }
  if (source.n_children > 0 && source.children == nullptr) {
    return Status::invalid("{} ArrowArray has a null children pointer", name);
  }
  for (int64_t i = 0; i < source.n_children; ++i) {
    if (source.children[i] == nullptr) {
      return Status::invalid("{} ArrowArray: child {} is null", name, i);
    }
  }
  if (type.id() == TypeId::kDictionary && source.dictionary == nullptr) {
    return Status::invalid("{} ArrowArray has no dictionary", name);
  }
  if (type.id() != TypeId::kDictionary && source.dictionary != nullptr) {
    return Status::invalid("{} ArrowArray has a dictionary but its type is not dictionary-encoded",
                           name);
  }
  return Status::OK();
}

Result<BufferPtr> ArrayImporter::wrapBuffer(const ArrowArray& source, const DataType& type,
                                            int index, int64_t size, int alignment,
                                            const char* what) {
  static const BufferPtr kEmpty = std::make_shared<Buffer>(reinterpret_cast<const uint8_t*>(""), 0);
  const auto* pointer = static_cast<const uint8_t*>(source.buffers[index]);
  if (pointer == nullptr) {
    if (size == 0) return kEmpty;
    return Status::invalid("{} ArrowArray of length {} at offset {}: {} buffer (#{}) is null but {} "
                           "bytes are needed",
                           type.toString(), source.length, source.offset, what, index, size);
  }
  if (reinterpret_cast<uintptr_t>(pointer) % static_cast<uintptr_t>(alignment) != 0) {
    return Buffer::copyOf(
        std::string_view(reinterpret_cast<const char*>(pointer), static_cast<size_t>(size)));
  }
  return std::make_shared<Buffer>(pointer, size, owner_);
}

Status ArrayImporter::importOffsetsAndData(const ArrowArray& source, const DataType& type,
                                           int offsetWidth, ArrayData& data) {
  const int64_t end = source.offset + source.length;
  // With no elements the offsets buffer may be absent altogether.
  const bool noOffsets = source.length == 0 && source.buffers[1] == nullptr;
  const int64_t offsetsSize = noOffsets ? 0 : (end + 1) * offsetWidth;
  SABOT_ASSIGN_OR_RAISE(BufferPtr offsets,
                        wrapBuffer(source, type, 1, offsetsSize, offsetWidth, "offsets"));
  data.buffers.push_back(offsets);
  if (type.id() == TypeId::kList) return Status::OK();

  int64_t dataSize = 0;
  if (!noOffsets) {
    if (offsetWidth == 4) {
      int32_t last;
      std::memcpy(&last, offsets->data() + end * 4, sizeof(last));
      dataSize = last;
    } else {
      std::memcpy(&dataSize, offsets->data() + end * 8, sizeof(dataSize));
    }
  }
  if (dataSize < 0) {
    return Status::invalid("{} ArrowArray: last offset {} is negative", type.toString(), dataSize);
  }
  SABOT_ASSIGN_OR_RAISE(BufferPtr values, wrapBuffer(source, type, 2, dataSize, 1, "data"));
  data.buffers.push_back(std::move(values));
  return Status::OK();
}

Result<ArrayDataPtr> ArrayImporter::importNode(const ArrowArray& source, const DataTypePtr& type,
                                               int depth) {
  SABOT_RETURN_NOT_OK(checkStruct(source, *type, depth));
  const TypeId id = type->id();
  auto data = std::make_shared<ArrayData>();
  data->type = type;
  data->length = source.length;
  data->offset = source.offset;
  const int64_t end = source.offset + source.length;

  if (id != TypeId::kNull) {
    if (source.buffers[0] == nullptr) {
      if (source.null_count > 0) {
        return Status::invalid("{} ArrowArray has null_count {} but no validity buffer",
                               type->toString(), source.null_count);
      }
      data->buffers.push_back(nullptr);
    } else {
      SABOT_ASSIGN_OR_RAISE(BufferPtr validity,
                            wrapBuffer(source, *type, 0, bitmap::bytesForBits(end), 1, "validity"));
      data->buffers.push_back(std::move(validity));
    }
  }

  if (id == TypeId::kBool) {
    SABOT_ASSIGN_OR_RAISE(BufferPtr values,
                          wrapBuffer(source, *type, 1, bitmap::bytesForBits(end), 1, "values"));
    data->buffers.push_back(std::move(values));
  } else if (isFixedWidth(id) || id == TypeId::kDictionary) {
    const int width = type->byteWidth();
    SABOT_ASSIGN_OR_RAISE(BufferPtr values,
                          wrapBuffer(source, *type, 1, end * width, std::min(width, 8),
                                     id == TypeId::kDictionary ? "indices" : "values"));
    data->buffers.push_back(std::move(values));
  } else if (isBinaryLike(id) || isLargeBinaryLike(id) || id == TypeId::kList) {
    SABOT_RETURN_NOT_OK(importOffsetsAndData(source, *type, isLargeBinaryLike(id) ? 8 : 4, *data));
  }

  for (int64_t i = 0; i < source.n_children; ++i) {
    const Field& childField = *type->field(static_cast<int>(i));
    auto child = importNode(*source.children[i], childField.type(), depth + 1);
    if (!child.ok()) {
      return id == TypeId::kList ? child.status().withContext("in list values")
                                 : child.status().withContext("in struct field '{}'", childField.name());
    }
    data->children.push_back(std::move(child).valueOrDie());
  }
  if (id == TypeId::kDictionary) {
    auto dictionaryData = importNode(*source.dictionary, type->valueType(), depth + 1);
    if (!dictionaryData.ok()) return dictionaryData.status().withContext("in dictionary");
    data->dictionary = std::move(dictionaryData).valueOrDie();
  }

  if (id == TypeId::kNull) {
    data->nullCount = data->length;
  } else if (source.null_count == -1) {
    // -1 means "not computed": count from the bitmap, whose size is known.
    data->nullCount = data->computeNullCount();
  } else {
    data->nullCount = source.null_count;
  }
  return ArrayDataPtr(std::move(data));
}

}  // namespace

Result<DataTypePtr> importType(ArrowSchema* schema) {
  SABOT_RETURN_NOT_OK(checkSchemaStruct(schema));
  SchemaReleaser releaser(schema);
  return parseType(*schema, 0);
}

Result<FieldPtr> importField(ArrowSchema* schema) {
  SABOT_RETURN_NOT_OK(checkSchemaStruct(schema));
  SchemaReleaser releaser(schema);
  return parseField(*schema, 0);
}

Result<SchemaPtr> importSchema(ArrowSchema* schema) {
  SABOT_RETURN_NOT_OK(checkSchemaStruct(schema));
  SchemaReleaser releaser(schema);
  if (std::string_view(schema->format) != "+s") {
    return Status::invalid("a schema travels as a struct ArrowSchema ('+s'), not format '{}'",
                           schema->format);
  }
  SABOT_ASSIGN_OR_RAISE(DataTypePtr type, parseType(*schema, 0));
  SABOT_ASSIGN_OR_RAISE(KeyValueMetadata metadata, decodeMetadata(schema->metadata));
  return columnar::schema(type->fields(), std::move(metadata));
}

Result<Array> importArray(ArrowArray* array, const DataTypePtr& type) {
  if (array == nullptr) return Status::invalid("ArrowArray pointer is null");
  if (array->release == nullptr) return Status::invalid("ArrowArray is released");
  // Move the struct, as the specification describes: from here on the owner
  // is responsible for calling the producer's release callback.
  auto owner = std::make_shared<ImportedArray>();
  owner->array = *array;
  array->release = nullptr;
  if (!type) return Status::invalid("importing an ArrowArray needs a type");

  ArrayImporter importer(owner);
  auto data = importer.importNode(owner->array, type, 0);
  if (!data.ok()) return data.status().withContext("importing {} ArrowArray", type->toString());
  SABOT_RETURN_NOT_OK_CONTEXT(validateArray(**data), "importing {} ArrowArray", type->toString());
  return Array(std::move(data).valueOrDie());
}

Result<Array> importArray(ArrowArray* array, ArrowSchema* schema) {
  auto type = importType(schema);
  if (!type.ok()) {
    releaseArray(array);
    return type.status();
  }
  return importArray(array, *type);
}

Result<RecordBatchPtr> importRecordBatch(ArrowArray* array, const SchemaPtr& schema) {
  if (!schema) {
    releaseArray(array);
    return Status::invalid("importing a record batch needs a schema");
  }
  SABOT_ASSIGN_OR_RAISE(Array structArray, importArray(array, struct_(schema->fields())));
  if (structArray.nullCount() != 0) {
    return Status::invalid("a record batch cannot be imported from a struct array with {} nulls",
                           structArray.nullCount());
  }
  std::vector<Array> columns;
  columns.reserve(static_cast<size_t>(schema->numFields()));
  for (int i = 0; i < schema->numFields(); ++i) columns.push_back(structArray.structField(i));
  return RecordBatch::make(schema, structArray.length(), std::move(columns));
}

Result<RecordBatchPtr> importRecordBatch(ArrowArray* array, ArrowSchema* schema) {
  auto imported = importSchema(schema);
  if (!imported.ok()) {
    releaseArray(array);
    return imported.status();
  }
  return importRecordBatch(array, *imported);
}

}  // namespace sabot::columnar
