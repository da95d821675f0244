#include "sabot/columnar/ArrayBuilder.h"

#include <cstring>
#include <limits>

namespace sabot::columnar {

// ---------------------------------------------------------------- ArrayBuilder

ArrayBuilder::ArrayBuilder(DataTypePtr type, MemoryPool* pool)
    : type_(std::move(type)), pool_(pool) {}

Status ArrayBuilder::appendNulls(int64_t count) {
  for (int64_t i = 0; i < count; ++i) SABOT_RETURN_NOT_OK(appendNull());
  return Status::OK();
}

Status ArrayBuilder::reserve(int64_t additional) {
  if (validity_) return validity_->reserve(bitmap::bytesForBits(length_ + additional));
  return Status::OK();
}

Status ArrayBuilder::appendValidity(bool valid) {
  // The bitmap is created at the first null, so all-valid arrays carry none.
  if (!valid && !validity_) {
    SABOT_ASSIGN_OR_RAISE(validity_, MutableBuffer::make(bitmap::bytesForBits(length_ + 1), pool_));
    bitmap::setBitsTo(validity_->mutableData(), 0, length_, true);
  }
  if (validity_) {
    SABOT_RETURN_NOT_OK(validity_->resize(bitmap::bytesForBits(length_ + 1)));
    if (valid) bitmap::setBit(validity_->mutableData(), length_);
  }
  nullCount_ += valid ? 0 : 1;
  ++length_;
  return Status::OK();
}

Status ArrayBuilder::appendValidBits(int64_t count) {
  if (validity_) {
    SABOT_RETURN_NOT_OK(validity_->resize(bitmap::bytesForBits(length_ + count)));
    bitmap::setBitsTo(validity_->mutableData(), length_, count, true);
  }
  length_ += count;
  return Status::OK();
}

Result<Array> ArrayBuilder::finish() {
  ArrayData data;
  data.type = type_;
  data.length = length_;
  data.nullCount = nullCount_;
  if (numBuffers(type_->id()) > 0) {
    data.buffers.push_back(nullCount_ > 0 ? BufferPtr(std::move(validity_)) : nullptr);
  }
  validity_.reset();
  SABOT_RETURN_NOT_OK(finishInto(data));
  length_ = 0;
  nullCount_ = 0;
  return Array(std::make_shared<const ArrayData>(std::move(data)));
}

// -------------------------------------------------------------- NumericBuilder

template <typename T>
NumericBuilder<T>::NumericBuilder(DataTypePtr type, MemoryPool* pool)
    : ArrayBuilder(std::move(type), pool) {
  SABOT_CHECK(type_->byteWidth() == static_cast<int>(sizeof(T)) && type_->id() != TypeId::kBool,
              "NumericBuilder of {}-byte values cannot build {}", sizeof(T), type_->toString());
}

template <typename T>
Status NumericBuilder<T>::appendRaw(T value) {
  if (!values_) {
    SABOT_ASSIGN_OR_RAISE(values_, MutableBuffer::make(0, pool_));
  }
  const int64_t offset = values_->size();
  SABOT_RETURN_NOT_OK(values_->resize(offset + static_cast<int64_t>(sizeof(T))));
  std::memcpy(values_->mutableData() + offset, &value, sizeof(T));
  return Status::OK();
}

template <typename T>
Status NumericBuilder<T>::appendNull() {
  SABOT_RETURN_NOT_OK(appendValidity(false));
  return appendRaw(T{});
}

template <typename T>
Status NumericBuilder<T>::appendValues(const T* values, int64_t count, const bool* valid) {
  if (!values_) {
    SABOT_ASSIGN_OR_RAISE(values_, MutableBuffer::make(0, pool_));
  }
  const int64_t offset = values_->size();
  SABOT_RETURN_NOT_OK(values_->resize(offset + count * static_cast<int64_t>(sizeof(T))));
  std::memcpy(values_->mutableData() + offset, values, static_cast<size_t>(count) * sizeof(T));
  if (valid == nullptr) return appendValidBits(count);
  for (int64_t i = 0; i < count; ++i) SABOT_RETURN_NOT_OK(appendValidity(valid[i]));
  return Status::OK();
}

template <typename T>
Status NumericBuilder<T>::appendFrom(const Array& array, int64_t index) {
  if (array.isNull(index)) return appendNull();
  return append(array.value<T>(index));
}

template <typename T>
Status NumericBuilder<T>::reserve(int64_t additional) {
  SABOT_RETURN_NOT_OK(ArrayBuilder::reserve(additional));
  if (!values_) {
    SABOT_ASSIGN_OR_RAISE(values_, MutableBuffer::make(0, pool_));
  }
  return values_->reserve((length_ + additional) * static_cast<int64_t>(sizeof(T)));
}

template <typename T>
Status NumericBuilder<T>::finishInto(ArrayData& data) {
  if (!values_) {
    SABOT_ASSIGN_OR_RAISE(values_, MutableBuffer::make(0, pool_));
  }
  data.buffers.push_back(std::move(values_));
  return Status::OK();
}

template class NumericBuilder<int8_t>;
template class NumericBuilder<int16_t>;
template class NumericBuilder<int32_t>;
template class NumericBuilder<int64_t>;
template class NumericBuilder<uint8_t>;
template class NumericBuilder<uint16_t>;
template class NumericBuilder<uint32_t>;
template class NumericBuilder<uint64_t>;
template class NumericBuilder<float>;
template class NumericBuilder<double>;

// -------------------------------------------------------------- BooleanBuilder

BooleanBuilder::BooleanBuilder(MemoryPool* pool) : ArrayBuilder(boolean(), pool) {}

Status BooleanBuilder::append(bool value) {
  if (!values_) {
    SABOT_ASSIGN_OR_RAISE(values_, MutableBuffer::make(0, pool_));
  }
  SABOT_RETURN_NOT_OK(values_->resize(bitmap::bytesForBits(length_ + 1)));
  if (value) bitmap::setBit(values_->mutableData(), length_);
  return appendValidity(true);
}

Status BooleanBuilder::appendNull() {
  if (!values_) {
    SABOT_ASSIGN_OR_RAISE(values_, MutableBuffer::make(0, pool_));
  }
  SABOT_RETURN_NOT_OK(values_->resize(bitmap::bytesForBits(length_ + 1)));
  return appendValidity(false);
}

Status BooleanBuilder::appendFrom(const Array& array, int64_t index) {
  if (array.isNull(index)) return appendNull();
  return append(array.boolValue(index));
}

Status BooleanBuilder::reserve(int64_t additional) {
  SABOT_RETURN_NOT_OK(ArrayBuilder::reserve(additional));
  if (!values_) {
    SABOT_ASSIGN_OR_RAISE(values_, MutableBuffer::make(0, pool_));
  }
  return values_->reserve(bitmap::bytesForBits(length_ + additional));
}

Status BooleanBuilder::finishInto(ArrayData& data) {
  if (!values_) {
    SABOT_ASSIGN_OR_RAISE(values_, MutableBuffer::make(0, pool_));
  }
  data.buffers.push_back(std::move(values_));
  return Status::OK();
}

// ----------------------------------------------------------- BaseBinaryBuilder

template <typename OffsetType>
BaseBinaryBuilder<OffsetType>::BaseBinaryBuilder(DataTypePtr type, MemoryPool* pool)
    : ArrayBuilder(std::move(type), pool) {
  constexpr bool kLarge = sizeof(OffsetType) == 8;
  SABOT_CHECK(kLarge ? isLargeBinaryLike(type_->id()) : isBinaryLike(type_->id()),
              "binary builder with {}-byte offsets cannot build {}", sizeof(OffsetType),
              type_->toString());
}

template <typename OffsetType>
Status BaseBinaryBuilder<OffsetType>::appendOffset() {
  if (!offsets_) {
    SABOT_ASSIGN_OR_RAISE(offsets_, MutableBuffer::make(sizeof(OffsetType), pool_));  // leading 0
  }
  if (dataLength_ > std::numeric_limits<OffsetType>::max()) {
    return Status::invalid("{} data exceeds {} bytes; use the large_ type", type_->toString(),
                           std::numeric_limits<OffsetType>::max());
  }
  const int64_t size = offsets_->size();
  SABOT_RETURN_NOT_OK(offsets_->resize(size + static_cast<int64_t>(sizeof(OffsetType))));
  const auto offset = static_cast<OffsetType>(dataLength_);
  std::memcpy(offsets_->mutableData() + size, &offset, sizeof(OffsetType));
  return Status::OK();
}

template <typename OffsetType>
Status BaseBinaryBuilder<OffsetType>::append(std::string_view value) {
  if (!data_) {
    SABOT_ASSIGN_OR_RAISE(data_, MutableBuffer::make(0, pool_));
  }
  const auto size = static_cast<int64_t>(value.size());
  SABOT_RETURN_NOT_OK(data_->resize(dataLength_ + size));
  if (size > 0) std::memcpy(data_->mutableData() + dataLength_, value.data(), value.size());
  dataLength_ += size;
  SABOT_RETURN_NOT_OK(appendOffset());
  return appendValidity(true);
}

template <typename OffsetType>
Status BaseBinaryBuilder<OffsetType>::appendNull() {
  SABOT_RETURN_NOT_OK(appendOffset());
  return appendValidity(false);
}

template <typename OffsetType>
Status BaseBinaryBuilder<OffsetType>::appendFrom(const Array& array, int64_t index) {
  if (array.isNull(index)) return appendNull();
  return append(array.stringValue(index));
}

template <typename OffsetType>
Status BaseBinaryBuilder<OffsetType>::reserve(int64_t additional) {
  SABOT_RETURN_NOT_OK(ArrayBuilder::reserve(additional));
  if (!offsets_) {
    SABOT_ASSIGN_OR_RAISE(offsets_, MutableBuffer::make(sizeof(OffsetType), pool_));
  }
  return offsets_->reserve((length_ + additional + 1) * static_cast<int64_t>(sizeof(OffsetType)));
}

template <typename OffsetType>
Status BaseBinaryBuilder<OffsetType>::reserveData(int64_t bytes) {
  if (!data_) {
    SABOT_ASSIGN_OR_RAISE(data_, MutableBuffer::make(0, pool_));
  }
  return data_->reserve(dataLength_ + bytes);
}

template <typename OffsetType>
Status BaseBinaryBuilder<OffsetType>::finishInto(ArrayData& data) {
  if (!offsets_) {
    SABOT_ASSIGN_OR_RAISE(offsets_, MutableBuffer::make(sizeof(OffsetType), pool_));
  }
  if (!data_) {
    SABOT_ASSIGN_OR_RAISE(data_, MutableBuffer::make(0, pool_));
  }
  data.buffers.push_back(std::move(offsets_));
  data.buffers.push_back(std::move(data_));
  dataLength_ = 0;
  return Status::OK();
}

template class BaseBinaryBuilder<int32_t>;
template class BaseBinaryBuilder<int64_t>;

// ----------------------------------------------------------- Decimal128Builder

Decimal128Builder::Decimal128Builder(DataTypePtr type, MemoryPool* pool)
    : ArrayBuilder(std::move(type), pool) {
  SABOT_CHECK(type_->id() == TypeId::kDecimal128, "Decimal128Builder cannot build {}",
              type_->toString());
}

Status Decimal128Builder::append(__int128 unscaled) {
  if (!values_) {
    SABOT_ASSIGN_OR_RAISE(values_, MutableBuffer::make(0, pool_));
  }
  const int64_t offset = values_->size();
  SABOT_RETURN_NOT_OK(values_->resize(offset + 16));
  std::memcpy(values_->mutableData() + offset, &unscaled, 16);
  return appendValidity(true);
}

Status Decimal128Builder::appendNull() {
  if (!values_) {
    SABOT_ASSIGN_OR_RAISE(values_, MutableBuffer::make(0, pool_));
  }
  SABOT_RETURN_NOT_OK(values_->resize(values_->size() + 16));
  return appendValidity(false);
}

Status Decimal128Builder::appendFrom(const Array& array, int64_t index) {
  if (array.isNull(index)) return appendNull();
  return append(array.decimalValue(index));
}

Status Decimal128Builder::reserve(int64_t additional) {
  SABOT_RETURN_NOT_OK(ArrayBuilder::reserve(additional));
  if (!values_) {
    SABOT_ASSIGN_OR_RAISE(values_, MutableBuffer::make(0, pool_));
  }
  return values_->reserve((length_ + additional) * 16);
}

Status Decimal128Builder::finishInto(ArrayData& data) {
  if (!values_) {
    SABOT_ASSIGN_OR_RAISE(values_, MutableBuffer::make(0, pool_));
  }
  data.buffers.push_back(std::move(values_));
  return Status::OK();
}

// --------------------------------------------------------------- StructBuilder

StructBuilder::StructBuilder(DataTypePtr type,
                             std::vector<std::unique_ptr<ArrayBuilder>> fieldBuilders,
                             MemoryPool* pool)
    : ArrayBuilder(std::move(type), pool), fieldBuilders_(std::move(fieldBuilders)) {
  SABOT_CHECK(type_->id() == TypeId::kStruct &&
                  static_cast<int>(fieldBuilders_.size()) == type_->numFields(),
              "StructBuilder for {} got {} field builders", type_->toString(), fieldBuilders_.size());
}

Status StructBuilder::append() { return appendValidity(true); }

Status StructBuilder::appendNull() {
  for (auto& builder : fieldBuilders_) SABOT_RETURN_NOT_OK(builder->appendNull());
  return appendValidity(false);
}

Status StructBuilder::appendFrom(const Array& array, int64_t index) {
  if (array.isNull(index)) return appendNull();
  for (int i = 0; i < numFields(); ++i) {
    SABOT_RETURN_NOT_OK(fieldBuilders_[static_cast<size_t>(i)]->appendFrom(array.structField(i), index));
  }
  return append();
}

Status StructBuilder::finishInto(ArrayData& data) {
  for (int i = 0; i < numFields(); ++i) {
    auto& builder = fieldBuilders_[static_cast<size_t>(i)];
    if (builder->length() != data.length) {
      return Status::invalid("struct field '{}' has {} values but the struct has {} rows",
                             type_->field(i)->name(), builder->length(), data.length);
    }
    SABOT_ASSIGN_OR_RAISE(Array child, builder->finish());
    data.children.push_back(child.data());
  }
  return Status::OK();
}

// ----------------------------------------------------------------- ListBuilder

ListBuilder::ListBuilder(DataTypePtr type, std::unique_ptr<ArrayBuilder> valueBuilder,
                         MemoryPool* pool)
    : ArrayBuilder(std::move(type), pool), valueBuilder_(std::move(valueBuilder)) {
  SABOT_CHECK(type_->id() == TypeId::kList, "ListBuilder cannot build {}", type_->toString());
}

Status ListBuilder::appendOffset() {
  if (!offsets_) {
    SABOT_ASSIGN_OR_RAISE(offsets_, MutableBuffer::make(sizeof(int32_t), pool_));
  }
  if (valueBuilder_->length() > std::numeric_limits<int32_t>::max()) {
    return Status::invalid("list values exceed 2^31 elements");
  }
  const int64_t size = offsets_->size();
  SABOT_RETURN_NOT_OK(offsets_->resize(size + 4));
  const auto offset = static_cast<int32_t>(valueBuilder_->length());
  std::memcpy(offsets_->mutableData() + size, &offset, 4);
  return Status::OK();
}

// append() records where each list starts; the end of the last list is
// written by finishInto(), giving the length + 1 offsets Arrow expects.
Status ListBuilder::append() {
  if (!offsets_) {
    SABOT_ASSIGN_OR_RAISE(offsets_, MutableBuffer::make(0, pool_));
  }
  SABOT_RETURN_NOT_OK(appendOffset());
  return appendValidity(true);
}

Status ListBuilder::appendNull() {
  if (!offsets_) {
    SABOT_ASSIGN_OR_RAISE(offsets_, MutableBuffer::make(0, pool_));
  }
  SABOT_RETURN_NOT_OK(appendOffset());
  return appendValidity(false);
}

Status ListBuilder::appendFrom(const Array& array, int64_t index) {
  if (array.isNull(index)) return appendNull();
  SABOT_RETURN_NOT_OK(append());
  const Array values = array.listValues();
  const int64_t start = array.listStart(index);
  for (int64_t i = 0; i < array.listLength(index); ++i) {
    SABOT_RETURN_NOT_OK(valueBuilder_->appendFrom(values, start + i));
  }
  return Status::OK();
}

Status ListBuilder::finishInto(ArrayData& data) {
  if (!offsets_) {
    SABOT_ASSIGN_OR_RAISE(offsets_, MutableBuffer::make(0, pool_));
  }
  SABOT_RETURN_NOT_OK(appendOffset());  // end of the last list
  data.buffers.push_back(std::move(offsets_));
  SABOT_ASSIGN_OR_RAISE(Array values, valueBuilder_->finish());
  data.children.push_back(values.data());
  return Status::OK();
}

// ----------------------------------------------------------- DictionaryBuilder

DictionaryBuilder::DictionaryBuilder(DataTypePtr type, MemoryPool* pool)
    : ArrayBuilder(std::move(type), pool) {
  SABOT_CHECK(type_->id() == TypeId::kDictionary && isInteger(type_->indexType()->id()) &&
                  (isBinaryLike(type_->valueType()->id()) ||
                   isLargeBinaryLike(type_->valueType()->id())),
              "DictionaryBuilder builds string/binary dictionaries, not {}", type_->toString());
  indexBuilder_ = makeBuilder(type_->indexType(), pool).valueOrDie();
  valueBuilder_ = makeBuilder(type_->valueType(), pool).valueOrDie();
}

namespace {
Status appendIndex(ArrayBuilder* builder, int64_t index) {
  switch (builder->type()->id()) {
    case TypeId::kInt8: return static_cast<NumericBuilder<int8_t>*>(builder)->append(static_cast<int8_t>(index));
    case TypeId::kUInt8: return static_cast<NumericBuilder<uint8_t>*>(builder)->append(static_cast<uint8_t>(index));
    case TypeId::kInt16: return static_cast<NumericBuilder<int16_t>*>(builder)->append(static_cast<int16_t>(index));
    case TypeId::kUInt16: return static_cast<NumericBuilder<uint16_t>*>(builder)->append(static_cast<uint16_t>(index));
    case TypeId::kInt32: return static_cast<NumericBuilder<int32_t>*>(builder)->append(static_cast<int32_t>(index));
    case TypeId::kUInt32: return static_cast<NumericBuilder<uint32_t>*>(builder)->append(static_cast<uint32_t>(index));
    case TypeId::kInt64: return static_cast<NumericBuilder<int64_t>*>(builder)->append(index);
    default: return static_cast<NumericBuilder<uint64_t>*>(builder)->append(static_cast<uint64_t>(index));
  }
}
}  // namespace

Status DictionaryBuilder::append(std::string_view value) {
  auto [entry, inserted] = memo_.try_emplace(std::string(value), dictionarySize());
  if (inserted) {
    const int64_t maxIndex = type_->indexType()->bitWidth() >= 63
                                 ? std::numeric_limits<int64_t>::max()
                                 : (int64_t{1} << (type_->indexType()->bitWidth() -
                                                   (isSignedInteger(type_->indexType()->id()) ? 1 : 0))) - 1;
    if (entry->second > maxIndex) {
      memo_.erase(entry);
      return Status::invalid("dictionary with {} indices cannot hold more than {} distinct values",
                             type_->indexType()->toString(), maxIndex + 1);
    }
    SABOT_RETURN_NOT_OK(isLargeBinaryLike(valueBuilder_->type()->id())
                            ? static_cast<LargeStringBuilder*>(valueBuilder_.get())->append(value)
                            : static_cast<StringBuilder*>(valueBuilder_.get())->append(value));
  }
  SABOT_RETURN_NOT_OK(appendIndex(indexBuilder_.get(), entry->second));
  return appendValidity(true);
}

Status DictionaryBuilder::appendNull() {
  SABOT_RETURN_NOT_OK(indexBuilder_->appendNull());
  return appendValidity(false);
}

Status DictionaryBuilder::appendFrom(const Array& array, int64_t index) {
  if (array.isNull(index)) return appendNull();
  if (array.typeId() == TypeId::kDictionary) {
    return append(array.dictionary().stringValue(array.dictionaryIndex(index)));
  }
  return append(array.stringValue(index));
}

Status DictionaryBuilder::finishInto(ArrayData& data) {
  SABOT_ASSIGN_OR_RAISE(Array indices, indexBuilder_->finish());
  SABOT_ASSIGN_OR_RAISE(Array values, valueBuilder_->finish());
  data.buffers.push_back(indices.data()->buffers[1]);
  data.dictionary = values.data();
  memo_.clear();
  return Status::OK();
}

// ----------------------------------------------------------------- NullBuilder

NullBuilder::NullBuilder(MemoryPool* pool) : ArrayBuilder(null(), pool) {}

Status NullBuilder::appendNull() {
  ++length_;
  ++nullCount_;
  return Status::OK();
}

Status NullBuilder::appendFrom(const Array&, int64_t) { return appendNull(); }

Status NullBuilder::finishInto(ArrayData&) { return Status::OK(); }

// ----------------------------------------------------------------- makeBuilder

Result<std::unique_ptr<ArrayBuilder>> makeBuilder(const DataTypePtr& type, MemoryPool* pool) {
  switch (type->id()) {
    case TypeId::kNull: return std::unique_ptr<ArrayBuilder>(new NullBuilder(pool));
    case TypeId::kBool: return std::unique_ptr<ArrayBuilder>(new BooleanBuilder(pool));
    case TypeId::kInt8: return std::unique_ptr<ArrayBuilder>(new NumericBuilder<int8_t>(type, pool));
    case TypeId::kInt16: return std::unique_ptr<ArrayBuilder>(new NumericBuilder<int16_t>(type, pool));
    case TypeId::kInt32:
    case TypeId::kDate32: return std::unique_ptr<ArrayBuilder>(new NumericBuilder<int32_t>(type, pool));
    case TypeId::kInt64:
    case TypeId::kTimestamp: return std::unique_ptr<ArrayBuilder>(new NumericBuilder<int64_t>(type, pool));
    case TypeId::kUInt8: return std::unique_ptr<ArrayBuilder>(new NumericBuilder<uint8_t>(type, pool));
    case TypeId::kUInt16: return std::unique_ptr<ArrayBuilder>(new NumericBuilder<uint16_t>(type, pool));
    case TypeId::kUInt32: return std::unique_ptr<ArrayBuilder>(new NumericBuilder<uint32_t>(type, pool));
    case TypeId::kUInt64: return std::unique_ptr<ArrayBuilder>(new NumericBuilder<uint64_t>(type, pool));
    case TypeId::kFloat32: return std::unique_ptr<ArrayBuilder>(new NumericBuilder<float>(type, pool));
    case TypeId::kFloat64: return std::unique_ptr<ArrayBuilder>(new NumericBuilder<double>(type, pool));
    case TypeId::kUtf8:
    case TypeId::kBinary: return std::unique_ptr<ArrayBuilder>(new StringBuilder(type, pool));
    case TypeId::kLargeUtf8:
    case TypeId::kLargeBinary: return std::unique_ptr<ArrayBuilder>(new LargeStringBuilder(type, pool));
    case TypeId::kDecimal128: return std::unique_ptr<ArrayBuilder>(new Decimal128Builder(type, pool));
    case TypeId::kStruct: {
      std::vector<std::unique_ptr<ArrayBuilder>> children;
      for (const auto& childField : type->fields()) {
        SABOT_ASSIGN_OR_RAISE(auto child, makeBuilder(childField->type(), pool));
        children.push_back(std::move(child));
      }
      return std::unique_ptr<ArrayBuilder>(new StructBuilder(type, std::move(children), pool));
    }
    case TypeId::kList: {
      SABOT_ASSIGN_OR_RAISE(auto values, makeBuilder(type->field(0)->type(), pool));
      return std::unique_ptr<ArrayBuilder>(new ListBuilder(type, std::move(values), pool));
    }
    case TypeId::kDictionary:
      if (!isInteger(type->indexType()->id()) ||
          !(isBinaryLike(type->valueType()->id()) || isLargeBinaryLike(type->valueType()->id()))) {
        return Status::unsupported("building dictionary arrays of type {}", type->toString());
      }
      return std::unique_ptr<ArrayBuilder>(new DictionaryBuilder(type, pool));
  }
  return Status::unsupported("no builder for type {}", type->toString());
}

Array makeStringArray(const std::vector<std::optional<std::string>>& values,
                      const DataTypePtr& type) {
  auto builder = makeBuilder(type).valueOrDie();
  for (const auto& value : values) {
    if (!value) {
      SABOT_CHECK_OK(builder->appendNull());
    } else if (isLargeBinaryLike(type->id())) {
      SABOT_CHECK_OK(static_cast<LargeStringBuilder*>(builder.get())->append(std::string_view(*value)));
    } else {
      SABOT_CHECK_OK(static_cast<StringBuilder*>(builder.get())->append(std::string_view(*value)));
    }
  }
  return builder->finish().valueOrDie();
}

Array makeBoolArray(const std::vector<std::optional<bool>>& values) {
  BooleanBuilder builder;
  for (const auto& value : values) SABOT_CHECK_OK(builder.append(value));
  return builder.finish().valueOrDie();
}

}  // namespace sabot::columnar
