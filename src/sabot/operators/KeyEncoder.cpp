#include "sabot/operators/KeyEncoder.h"

#include <cstring>

#include "sabot/compute/Hash.h"

namespace sabot::operators {

using columnar::Array;
using columnar::ArrayBuilder;
using columnar::TypeId;

namespace {

bool supportedKeyType(TypeId id) {
  return (columnar::isFixedWidth(id) && id != TypeId::kDecimal128) || columnar::isBinaryLike(id) ||
         columnar::isLargeBinaryLike(id);
}

void appendFixed(std::string& out, const Array& column, int64_t row, int width) {
  // values<uint8_t>() adds the offset in bytes; fixed-width values sit at
  // (offset + row) * width in the data buffer.
  const auto* data = reinterpret_cast<const char*>(column.values<uint8_t>() - column.offset());
  out.append(data + (column.offset() + row) * width, static_cast<size_t>(width));
}

template <typename T>
Status appendDecoded(ArrayBuilder* builder, const char* bytes) {
  T value;
  std::memcpy(&value, bytes, sizeof(T));
  return static_cast<columnar::NumericBuilder<T>*>(builder)->append(value);
}

}  // namespace

Result<KeyEncoder> KeyEncoder::make(const columnar::Schema& schema, std::vector<int> keyColumns) {
  if (keyColumns.empty()) return Status::invalid("a key needs at least one column");
  std::vector<columnar::FieldPtr> fields;
  for (int column : keyColumns) {
    if (column < 0 || column >= schema.numFields()) return Status::indexError("key column {} is out of range", column);
    const columnar::FieldPtr& field = schema.field(column);
    if (!supportedKeyType(field->type()->id())) {
      return Status::typeError("key column '{}' has type {}, which cannot be a key (use integers, floats, bool, "
                               "dates, timestamps or strings)",
                               field->name(), field->type()->toString());
    }
    fields.push_back(field);
  }
  return KeyEncoder(std::move(keyColumns), std::move(fields));
}

Result<std::vector<int32_t>> KeyEncoder::keyGroups(const columnar::RecordBatch& batch, int32_t maxParallelism,
                                                   columnar::MemoryPool* pool) const {
  std::vector<columnar::Array> keyArrays;
  keyArrays.reserve(keyColumns_.size());
  for (int column : keyColumns_) keyArrays.push_back(batch.column(column));
  SABOT_ASSIGN_OR_RAISE(columnar::Array hashes, compute::hash64(keyArrays, pool));
  const uint64_t* values = hashes.values<uint64_t>();
  std::vector<int32_t> groups(static_cast<size_t>(batch.numRows()));
  for (size_t row = 0; row < groups.size(); ++row) {
    groups[row] = static_cast<int32_t>(values[row] % static_cast<uint64_t>(maxParallelism));
  }
  return groups;
}

Result<std::vector<std::string>> KeyEncoder::encode(const columnar::RecordBatch& batch) const {
  std::vector<std::string> keys(static_cast<size_t>(batch.numRows()));
  for (size_t k = 0; k < keyColumns_.size(); ++k) {
    const Array& column = batch.column(keyColumns_[k]);
    const TypeId id = column.typeId();
    for (int64_t row = 0; row < batch.numRows(); ++row) {
      std::string& key = keys[static_cast<size_t>(row)];
      if (!column.isValid(row)) {
        key.push_back('\0');
        continue;
      }
      key.push_back('\1');
      if (id == TypeId::kBool) {
        key.push_back(column.boolValue(row) ? '\1' : '\0');
      } else if (columnar::isFixedWidth(id)) {
        appendFixed(key, column, row, column.type()->byteWidth());
      } else {
        const std::string_view bytes = column.stringValue(row);
        const auto length = static_cast<uint32_t>(bytes.size());
        key.append(reinterpret_cast<const char*>(&length), sizeof(length));
        key.append(bytes.data(), bytes.size());
      }
    }
  }
  return keys;
}

Result<std::vector<std::unique_ptr<ArrayBuilder>>> KeyEncoder::makeBuilders(columnar::MemoryPool* pool) const {
  std::vector<std::unique_ptr<ArrayBuilder>> builders;
  for (const columnar::FieldPtr& field : keyFields_) {
    SABOT_ASSIGN_OR_RAISE(auto builder, columnar::makeBuilder(field->type(), pool));
    builders.push_back(std::move(builder));
  }
  return builders;
}

Status KeyEncoder::decode(std::string_view encoded, const std::vector<std::unique_ptr<ArrayBuilder>>& builders) const {
  size_t at = 0;
  auto need = [&](size_t bytes) -> Status {
    if (at + bytes > encoded.size()) return Status::corrupt("an encoded key ends early ({} bytes)", encoded.size());
    return Status::OK();
  };
  for (size_t k = 0; k < keyFields_.size(); ++k) {
    ArrayBuilder* builder = builders[k].get();
    SABOT_RETURN_NOT_OK(need(1));
    if (encoded[at++] == '\0') {
      SABOT_RETURN_NOT_OK(builder->appendNull());
      continue;
    }
    const TypeId id = keyFields_[k]->type()->id();
    const char* bytes = encoded.data() + at;
    if (columnar::isBinaryLike(id) || columnar::isLargeBinaryLike(id)) {
      uint32_t length;
      SABOT_RETURN_NOT_OK(need(sizeof(length)));
      std::memcpy(&length, bytes, sizeof(length));
      at += sizeof(length);
      SABOT_RETURN_NOT_OK(need(length));
      const std::string_view value(encoded.data() + at, length);
      at += length;
      if (columnar::isBinaryLike(id)) {
        SABOT_RETURN_NOT_OK(static_cast<columnar::StringBuilder*>(builder)->append(value));
      } else {
        SABOT_RETURN_NOT_OK(static_cast<columnar::LargeStringBuilder*>(builder)->append(value));
      }
      continue;
    }
    const size_t width = id == TypeId::kBool ? 1 : static_cast<size_t>(keyFields_[k]->type()->byteWidth());
    SABOT_RETURN_NOT_OK(need(width));
    at += width;
    switch (id) {
      case TypeId::kBool: SABOT_RETURN_NOT_OK(static_cast<columnar::BooleanBuilder*>(builder)->append(*bytes != '\0')); break;
      case TypeId::kInt8: SABOT_RETURN_NOT_OK(appendDecoded<int8_t>(builder, bytes)); break;
      case TypeId::kInt16: SABOT_RETURN_NOT_OK(appendDecoded<int16_t>(builder, bytes)); break;
      case TypeId::kInt32:
      case TypeId::kDate32: SABOT_RETURN_NOT_OK(appendDecoded<int32_t>(builder, bytes)); break;
      case TypeId::kInt64:
      case TypeId::kTimestamp: SABOT_RETURN_NOT_OK(appendDecoded<int64_t>(builder, bytes)); break;
      case TypeId::kUInt8: SABOT_RETURN_NOT_OK(appendDecoded<uint8_t>(builder, bytes)); break;
      case TypeId::kUInt16: SABOT_RETURN_NOT_OK(appendDecoded<uint16_t>(builder, bytes)); break;
      case TypeId::kUInt32: SABOT_RETURN_NOT_OK(appendDecoded<uint32_t>(builder, bytes)); break;
      case TypeId::kUInt64: SABOT_RETURN_NOT_OK(appendDecoded<uint64_t>(builder, bytes)); break;
      case TypeId::kFloat32: SABOT_RETURN_NOT_OK(appendDecoded<float>(builder, bytes)); break;
      case TypeId::kFloat64: SABOT_RETURN_NOT_OK(appendDecoded<double>(builder, bytes)); break;
      default: return Status::internal("unexpected key type {}", keyFields_[k]->type()->toString());
    }
  }
  if (at != encoded.size()) return Status::corrupt("an encoded key has {} bytes left over", encoded.size() - at);
  return Status::OK();
}

}  // namespace sabot::operators
