#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sabot/columnar/Array.h"

namespace sabot::columnar {

/// Base of the typed builders: accumulates values and a validity bitmap in
/// pool memory, then `finish()` hands them over as an immutable Array and
/// leaves the builder empty for reuse.
class ArrayBuilder {
 public:
  ArrayBuilder(DataTypePtr type, MemoryPool* pool);
  ArrayBuilder(const ArrayBuilder&) = delete;
  ArrayBuilder& operator=(const ArrayBuilder&) = delete;
  virtual ~ArrayBuilder() = default;

  const DataTypePtr& type() const { return type_; }
  int64_t length() const { return length_; }
  int64_t nullCount() const { return nullCount_; }
  MemoryPool* pool() const { return pool_; }

  virtual Status appendNull() = 0;
  Status appendNulls(int64_t count);
  /// Appends element `index` of `array`, which must have this builder's type.
  /// The generic (slow) path used by readers and kernels without a fast path.
  virtual Status appendFrom(const Array& array, int64_t index) = 0;
  /// Makes room for `additional` more elements.
  virtual Status reserve(int64_t additional);

  /// The array built so far; the builder is reset.
  Result<Array> finish();

 protected:
  /// Subclasses fill in their buffers and children; `data` has type, length,
  /// null count and validity already set.
  virtual Status finishInto(ArrayData& data) = 0;

  Status appendValidity(bool valid);
  Status appendValidBits(int64_t count);

  DataTypePtr type_;
  MemoryPool* pool_;
  int64_t length_ = 0;
  int64_t nullCount_ = 0;

 private:
  std::shared_ptr<MutableBuffer> validity_;
};

/// Builds fixed-width arrays of C type T: integers, floats, and the temporal
/// types stored as integers (timestamp: int64, date32: int32).
template <typename T>
class NumericBuilder final : public ArrayBuilder {
 public:
  explicit NumericBuilder(DataTypePtr type, MemoryPool* pool = MemoryPool::defaultPool());

  Status append(T value) {
    SABOT_RETURN_NOT_OK(appendValidity(true));
    return appendRaw(value);
  }
  /// Appends `count` values; `valid` (one flag per value) may be nullptr.
  Status appendValues(const T* values, int64_t count, const bool* valid = nullptr);
  Status append(std::optional<T> value) { return value ? append(*value) : appendNull(); }
  Status appendNull() override;
  Status appendFrom(const Array& array, int64_t index) override;
  Status reserve(int64_t additional) override;

  /// The values appended so far (for builders that patch values in place).
  T* mutableValues() { return values_->template mutableDataAs<T>(); }

 protected:
  Status finishInto(ArrayData& data) override;

 private:
  Status appendRaw(T value);
  std::shared_ptr<MutableBuffer> values_;
};

class BooleanBuilder final : public ArrayBuilder {
 public:
  explicit BooleanBuilder(MemoryPool* pool = MemoryPool::defaultPool());
  Status append(bool value);
  Status append(std::optional<bool> value) { return value ? append(*value) : appendNull(); }
  Status appendNull() override;
  Status appendFrom(const Array& array, int64_t index) override;
  Status reserve(int64_t additional) override;

 protected:
  Status finishInto(ArrayData& data) override;

 private:
  std::shared_ptr<MutableBuffer> values_;
};

/// Builds utf8, binary (int32 offsets) and large_utf8, large_binary (int64
/// offsets) arrays.
template <typename OffsetType>
class BaseBinaryBuilder final : public ArrayBuilder {
 public:
  explicit BaseBinaryBuilder(DataTypePtr type, MemoryPool* pool = MemoryPool::defaultPool());
  Status append(std::string_view value);
  Status appendNull() override;
  Status appendFrom(const Array& array, int64_t index) override;
  Status reserve(int64_t additional) override;
  /// Makes room for `bytes` more bytes of string data.
  Status reserveData(int64_t bytes);
  int64_t dataLength() const { return dataLength_; }

 protected:
  Status finishInto(ArrayData& data) override;

 private:
  Status appendOffset();
  std::shared_ptr<MutableBuffer> offsets_;
  std::shared_ptr<MutableBuffer> data_;
  int64_t dataLength_ = 0;
};

using StringBuilder = BaseBinaryBuilder<int32_t>;       ///< utf8 or binary
using LargeStringBuilder = BaseBinaryBuilder<int64_t>;  ///< large_utf8 or large_binary

/// Builds decimal128 arrays from unscaled 128-bit integers.
class Decimal128Builder final : public ArrayBuilder {
 public:
  explicit Decimal128Builder(DataTypePtr type, MemoryPool* pool = MemoryPool::defaultPool());
  Status append(__int128 unscaled);
  Status appendNull() override;
  Status appendFrom(const Array& array, int64_t index) override;
  Status reserve(int64_t additional) override;

 protected:
  Status finishInto(ArrayData& data) override;

 private:
  std::shared_ptr<MutableBuffer> values_;
};

/// Builds struct arrays: call append() (or appendNull()) for each row and
/// append the row's values to every fieldBuilder(i). appendNull() appends a
/// null to each field builder itself.
class StructBuilder final : public ArrayBuilder {
 public:
  StructBuilder(DataTypePtr type, std::vector<std::unique_ptr<ArrayBuilder>> fieldBuilders,
                MemoryPool* pool = MemoryPool::defaultPool());
  Status append();
  Status appendNull() override;
  Status appendFrom(const Array& array, int64_t index) override;
  ArrayBuilder* fieldBuilder(int index) { return fieldBuilders_[static_cast<size_t>(index)].get(); }
  int numFields() const { return static_cast<int>(fieldBuilders_.size()); }

 protected:
  Status finishInto(ArrayData& data) override;

 private:
  std::vector<std::unique_ptr<ArrayBuilder>> fieldBuilders_;
};

/// Builds list arrays: call append() to start a list, then append its
/// elements to valueBuilder().
class ListBuilder final : public ArrayBuilder {
 public:
  ListBuilder(DataTypePtr type, std::unique_ptr<ArrayBuilder> valueBuilder,
              MemoryPool* pool = MemoryPool::defaultPool());
  Status append();
  Status appendNull() override;
  Status appendFrom(const Array& array, int64_t index) override;
  ArrayBuilder* valueBuilder() { return valueBuilder_.get(); }

 protected:
  Status finishInto(ArrayData& data) override;

 private:
  Status appendOffset();
  std::unique_ptr<ArrayBuilder> valueBuilder_;
  std::shared_ptr<MutableBuffer> offsets_;
};

/// Builds dictionary-encoded arrays of utf8/binary values with int8/16/32/64
/// indices, assigning each distinct value an index in first-seen order.
class DictionaryBuilder final : public ArrayBuilder {
 public:
  explicit DictionaryBuilder(DataTypePtr type, MemoryPool* pool = MemoryPool::defaultPool());
  Status append(std::string_view value);
  Status appendNull() override;
  Status appendFrom(const Array& array, int64_t index) override;
  int64_t dictionarySize() const { return static_cast<int64_t>(memo_.size()); }

 protected:
  Status finishInto(ArrayData& data) override;

 private:
  std::unique_ptr<ArrayBuilder> indexBuilder_;
  std::unique_ptr<ArrayBuilder> valueBuilder_;
  std::unordered_map<std::string, int64_t> memo_;
};

class NullBuilder final : public ArrayBuilder {
 public:
  explicit NullBuilder(MemoryPool* pool = MemoryPool::defaultPool());
  Status appendNull() override;
  Status appendFrom(const Array& array, int64_t index) override;

 protected:
  Status finishInto(ArrayData& data) override;
};

/// A builder for any supported type (nested types get nested builders).
Result<std::unique_ptr<ArrayBuilder>> makeBuilder(const DataTypePtr& type,
                                                  MemoryPool* pool = MemoryPool::defaultPool());

/// Convenience for tests and small literals: an array from optional values.
template <typename T>
Array makeArray(const DataTypePtr& type, const std::vector<std::optional<T>>& values) {
  NumericBuilder<T> builder(type);
  for (const auto& value : values) SABOT_CHECK_OK(builder.append(value));
  return builder.finish().valueOrDie();
}
Array makeStringArray(const std::vector<std::optional<std::string>>& values,
                      const DataTypePtr& type = utf8());
Array makeBoolArray(const std::vector<std::optional<bool>>& values);

extern template class NumericBuilder<int8_t>;
extern template class NumericBuilder<int16_t>;
extern template class NumericBuilder<int32_t>;
extern template class NumericBuilder<int64_t>;
extern template class NumericBuilder<uint8_t>;
extern template class NumericBuilder<uint16_t>;
extern template class NumericBuilder<uint32_t>;
extern template class NumericBuilder<uint64_t>;
extern template class NumericBuilder<float>;
extern template class NumericBuilder<double>;
extern template class BaseBinaryBuilder<int32_t>;
extern template class BaseBinaryBuilder<int64_t>;

}  // namespace sabot::columnar
