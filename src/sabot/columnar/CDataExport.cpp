// Export of Sabot types, arrays and record batches through the Arrow C Data
// Interface. Each exported struct's private_data owns everything its pointers
// refer to (format and name strings, metadata bytes, child structs, buffer
// pointer arrays, a reference to the array data), so the consumer may keep or
// move the struct for as long as it likes and the release callback frees it
// all in one place.

#include <fmt/format.h>

#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "sabot/columnar/CDataInterface.h"

namespace sabot::columnar {

namespace {

// ------------------------------------------------------------------ schemas

struct ExportedSchema {
  std::string format;
  std::string name;
  std::string metadata;  // the binary encoding; unused when hasMetadata is false
  bool hasMetadata = false;
  std::vector<ArrowSchema> children;
  std::vector<ArrowSchema*> childPointers;
  ArrowSchema dictionary{};
  bool hasDictionary = false;

  ExportedSchema() = default;
  ExportedSchema(const ExportedSchema&) = delete;
  ExportedSchema& operator=(const ExportedSchema&) = delete;

  // Children the consumer moved out have release == NULL and belong to it.
  ~ExportedSchema() {
    for (ArrowSchema& child : children) {
      if (child.release != nullptr) child.release(&child);
    }
    if (hasDictionary && dictionary.release != nullptr) dictionary.release(&dictionary);
  }
};

void releaseExportedSchema(ArrowSchema* schema) {
  if (schema == nullptr || schema->release == nullptr) return;
  delete static_cast<ExportedSchema*>(schema->private_data);
  schema->release = nullptr;
  schema->private_data = nullptr;
}

Result<std::string> formatString(const DataType& type) {
  switch (type.id()) {
    case TypeId::kNull: return std::string("n");
    case TypeId::kBool: return std::string("b");
    case TypeId::kInt8: return std::string("c");
    case TypeId::kUInt8: return std::string("C");
    case TypeId::kInt16: return std::string("s");
    case TypeId::kUInt16: return std::string("S");
    case TypeId::kInt32: return std::string("i");
    case TypeId::kUInt32: return std::string("I");
    case TypeId::kInt64: return std::string("l");
    case TypeId::kUInt64: return std::string("L");
    case TypeId::kFloat32: return std::string("f");
    case TypeId::kFloat64: return std::string("g");
    case TypeId::kUtf8: return std::string("u");
    case TypeId::kLargeUtf8: return std::string("U");
    case TypeId::kBinary: return std::string("z");
    case TypeId::kLargeBinary: return std::string("Z");
    case TypeId::kDate32: return std::string("tdD");
    case TypeId::kTimestamp: {
      static constexpr char kUnitLetters[] = {'s', 'm', 'u', 'n'};
      return fmt::format("ts{}:{}", kUnitLetters[static_cast<int>(type.timeUnit())],
                         type.timezone());
    }
    case TypeId::kDecimal128: return fmt::format("d:{},{}", type.precision(), type.scale());
    case TypeId::kStruct: return std::string("+s");
    case TypeId::kList: return std::string("+l");
    case TypeId::kDictionary:
      if (!type.indexType() || !isInteger(type.indexType()->id()) || !type.valueType()) {
        return Status::invalid("cannot export {}: dictionary indices must be integers",
                               type.toString());
      }
      return formatString(*type.indexType());
  }
  return Status::unsupported("exporting type {} through the C data interface", type.toString());
}

// Number of pairs, then each key and value, every count and length an int32
// in native byte order (the specification's encoding).
Result<std::string> encodeMetadata(const KeyValueMetadata& metadata) {
  constexpr size_t kMax = static_cast<size_t>(std::numeric_limits<int32_t>::max());
  if (metadata.size() > kMax) return Status::invalid("{} metadata entries are too many", metadata.size());
  std::string out;
  auto appendInt32 = [&out](size_t value) {
    const auto narrow = static_cast<int32_t>(value);
    out.append(reinterpret_cast<const char*>(&narrow), sizeof(narrow));
  };
  appendInt32(metadata.size());
  for (const auto& [key, value] : metadata) {
    if (key.size() > kMax || value.size() > kMax) {
      return Status::invalid("metadata entry '{}' is too long to export", key.substr(0, 64));
    }
    appendInt32(key.size());
    out += key;
    appendInt32(value.size());
    out += value;
  }
  return out;
}

Status fillSchema(const DataType& type, std::string_view name, int64_t flags,
                  const KeyValueMetadata& metadata, ArrowSchema* out);

Status fillFieldSchema(const Field& field, ArrowSchema* out) {
  return fillSchema(*field.type(), field.name(), field.nullable() ? ARROW_FLAG_NULLABLE : 0,
                    field.metadata(), out);
}

// Fills `out` only on success; a failure part way frees what was built.
Status fillSchema(const DataType& type, std::string_view name, int64_t flags,
                  const KeyValueMetadata& metadata, ArrowSchema* out) {
  auto exported = std::make_unique<ExportedSchema>();
  SABOT_ASSIGN_OR_RAISE(exported->format, formatString(type));
  exported->name = name;
  if (!metadata.empty()) {
    SABOT_ASSIGN_OR_RAISE(exported->metadata, encodeMetadata(metadata));
    exported->hasMetadata = true;
  }
  const std::vector<FieldPtr>& fields = type.fields();  // empty unless struct or list
  // Sized once: the pointers handed out below must stay put.
  exported->children.resize(fields.size());
  for (ArrowSchema& child : exported->children) child = ArrowSchema{};
  for (size_t i = 0; i < fields.size(); ++i) {
    SABOT_RETURN_NOT_OK(fillFieldSchema(*fields[i], &exported->children[i]));
    exported->childPointers.push_back(&exported->children[i]);
  }
  if (type.id() == TypeId::kDictionary) {
    SABOT_RETURN_NOT_OK(fillSchema(*type.valueType(), "", ARROW_FLAG_NULLABLE, {},
                                   &exported->dictionary));
    exported->hasDictionary = true;
    if (type.ordered()) flags |= ARROW_FLAG_DICTIONARY_ORDERED;
  }

  out->format = exported->format.c_str();
  out->name = exported->name.c_str();
  out->metadata = exported->hasMetadata ? exported->metadata.data() : nullptr;
  out->flags = flags;
  out->n_children = static_cast<int64_t>(exported->children.size());
  out->children = exported->childPointers.empty() ? nullptr : exported->childPointers.data();
  out->dictionary = exported->hasDictionary ? &exported->dictionary : nullptr;
  out->release = &releaseExportedSchema;
  out->private_data = exported.release();
  return Status::OK();
}

// ------------------------------------------------------------------- arrays

struct ExportedArray {
  ArrayDataPtr data;  // keeps every buffer alive; null for a record batch
  std::vector<const void*> buffers;
  std::vector<ArrowArray> children;
  std::vector<ArrowArray*> childPointers;
  ArrowArray dictionary{};
  bool hasDictionary = false;

  ExportedArray() = default;
  ExportedArray(const ExportedArray&) = delete;
  ExportedArray& operator=(const ExportedArray&) = delete;

  ~ExportedArray() {
    for (ArrowArray& child : children) {
      if (child.release != nullptr) child.release(&child);
    }
    if (hasDictionary && dictionary.release != nullptr) dictionary.release(&dictionary);
  }
};

void releaseExportedArray(ArrowArray* array) {
  if (array == nullptr || array->release == nullptr) return;
  delete static_cast<ExportedArray*>(array->private_data);
  array->release = nullptr;
  array->private_data = nullptr;
}

void publishArray(std::unique_ptr<ExportedArray> exported, int64_t length, int64_t nullCount,
                  int64_t offset, ArrowArray* out) {
  // The specification wants a valid pointer even for zero buffers or children.
  const auto numBuffers = static_cast<int64_t>(exported->buffers.size());
  exported->buffers.reserve(1);
  out->length = length;
  out->null_count = nullCount;
  out->offset = offset;
  out->n_buffers = numBuffers;
  out->n_children = static_cast<int64_t>(exported->children.size());
  out->buffers = exported->buffers.data();
  out->children = exported->childPointers.empty() ? nullptr : exported->childPointers.data();
  out->dictionary = exported->hasDictionary ? &exported->dictionary : nullptr;
  out->release = &releaseExportedArray;
  out->private_data = exported.release();
}

Status fillArray(const ArrayDataPtr& data, ArrowArray* out) {
  if (!data || !data->type) return Status::invalid("cannot export an array without data or type");
  const size_t expectedBuffers = static_cast<size_t>(numBuffers(data->type->id()));
  if (data->buffers.size() != expectedBuffers) {
    return Status::invalid("cannot export {} array: it has {} buffers, the layout has {}",
                           data->type->toString(), data->buffers.size(), expectedBuffers);
  }
  auto exported = std::make_unique<ExportedArray>();
  exported->data = data;
  // A null validity pointer means "all valid". Other buffers of zero bytes
  // get a valid pointer anyway: some consumers reject NULL data buffers.
  alignas(kBufferAlignment) static const uint8_t kEmptyBuffer[kBufferAlignment] = {};
  for (size_t i = 0; i < data->buffers.size(); ++i) {
    const BufferPtr& buffer = data->buffers[i];
    const uint8_t* pointer = buffer ? buffer->data() : nullptr;
    if (pointer == nullptr && i > 0) pointer = kEmptyBuffer;
    exported->buffers.push_back(pointer);
  }
  exported->children.resize(data->children.size());
  for (ArrowArray& child : exported->children) child = ArrowArray{};
  for (size_t i = 0; i < data->children.size(); ++i) {
    SABOT_RETURN_NOT_OK(fillArray(data->children[i], &exported->children[i]));
    exported->childPointers.push_back(&exported->children[i]);
  }
  if (data->type->id() == TypeId::kDictionary) {
    SABOT_RETURN_NOT_OK(fillArray(data->dictionary, &exported->dictionary));
    exported->hasDictionary = true;
  }
  publishArray(std::move(exported), data->length, data->nullCount, data->offset, out);
  return Status::OK();
}

}  // namespace

Status exportType(const DataType& type, ArrowSchema* out) {
  return fillSchema(type, "", ARROW_FLAG_NULLABLE, {}, out);
}

Status exportField(const Field& field, ArrowSchema* out) { return fillFieldSchema(field, out); }

Status exportSchema(const Schema& schema, ArrowSchema* out) {
  // A schema travels as a struct type whose children are the fields.
  return fillSchema(*struct_(schema.fields()), "", 0, schema.metadata(), out);
}

Status exportArray(const Array& array, ArrowArray* out, ArrowSchema* outSchema) {
  if (!array.valid()) return Status::invalid("cannot export an empty Array handle");
  ArrowArray exported{};
  SABOT_RETURN_NOT_OK(fillArray(array.data(), &exported));
  if (outSchema != nullptr) {
    const Status status = exportType(*array.type(), outSchema);
    if (!status.ok()) {
      exported.release(&exported);
      return status;
    }
  }
  *out = exported;
  return Status::OK();
}

Status exportRecordBatch(const RecordBatch& batch, ArrowArray* out, ArrowSchema* outSchema) {
  auto exported = std::make_unique<ExportedArray>();
  exported->buffers.push_back(nullptr);  // the struct has no nulls
  exported->children.resize(static_cast<size_t>(batch.numColumns()));
  for (ArrowArray& child : exported->children) child = ArrowArray{};
  for (int i = 0; i < batch.numColumns(); ++i) {
    const auto index = static_cast<size_t>(i);
    SABOT_RETURN_NOT_OK_CONTEXT(fillArray(batch.column(i).data(), &exported->children[index]),
                                "column '{}'", batch.schema()->field(i)->name());
    exported->childPointers.push_back(&exported->children[index]);
  }
  if (outSchema != nullptr) SABOT_RETURN_NOT_OK(exportSchema(*batch.schema(), outSchema));
  publishArray(std::move(exported), batch.numRows(), 0, 0, out);
  return Status::OK();
}

}  // namespace sabot::columnar
