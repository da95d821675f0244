#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sabot/base/Check.h"
#include "sabot/base/Result.h"
#include "sabot/columnar/Bitmap.h"
#include "sabot/columnar/Buffer.h"
#include "sabot/columnar/DataType.h"

namespace sabot::columnar {

struct ArrayData;
using ArrayDataPtr = std::shared_ptr<const ArrayData>;

/// The physical contents of an array in the Arrow layout. Immutable once
/// shared. `offset` and `length` select a window of the buffers (zero-copy
/// slicing); the same window applies to struct children.
///
/// Buffers by type (buffers[0] is the validity bitmap; nullptr = all valid):
///   fixed width (numbers, bool, temporal, decimal): [validity, values]
///   utf8/binary (int32 offsets), large_* (int64):   [validity, offsets, data]
///   list: [validity, int32 offsets], values in children[0]
///   struct: [validity], one child per field
///   dictionary: the index layout [validity, indices], values in `dictionary`
///   null: no buffers
struct ArrayData {
  DataTypePtr type;
  int64_t length = 0;
  /// Always exact: builders, importers and slicing keep it up to date.
  int64_t nullCount = 0;
  int64_t offset = 0;
  std::vector<BufferPtr> buffers;
  std::vector<ArrayDataPtr> children;
  ArrayDataPtr dictionary;

  /// A window of this array; shares every buffer.
  ArrayDataPtr slice(int64_t sliceOffset, int64_t sliceLength) const;
  /// Counts the null entries of the window from the validity bitmap.
  int64_t computeNullCount() const;
};

/// A handle to an immutable array with typed, bounds-unchecked accessors (the
/// caller checks the type; hot loops work on the raw buffers instead).
class Array {
 public:
  Array() = default;
  explicit Array(ArrayDataPtr data) : data_(std::move(data)) {}

  /// Checks the layout (buffer sizes, offsets, child lengths) before wrapping.
  static Result<Array> make(ArrayData data);

  bool valid() const { return data_ != nullptr; }
  const ArrayDataPtr& data() const { return data_; }
  const DataTypePtr& type() const { return data_->type; }
  TypeId typeId() const { return data_->type->id(); }
  int64_t length() const { return data_->length; }
  int64_t offset() const { return data_->offset; }
  int64_t nullCount() const { return data_->nullCount; }

  /// The validity bitmap (indexed with offset() added), or nullptr if all valid.
  const uint8_t* validityBits() const {
    return data_->buffers.empty() || !data_->buffers[0] ? nullptr : data_->buffers[0]->data();
  }
  bool isValid(int64_t index) const {
    if (typeId() == TypeId::kNull) return false;
    const uint8_t* bits = validityBits();
    return bits == nullptr || bitmap::getBit(bits, data_->offset + index);
  }
  bool isNull(int64_t index) const { return !isValid(index); }

  /// Values of a fixed-width array, already adjusted for the offset.
  template <typename T>
  const T* values() const {
    return data_->buffers[1]->dataAs<T>() + data_->offset;
  }
  template <typename T>
  T value(int64_t index) const {
    return values<T>()[index];
  }
  bool boolValue(int64_t index) const {
    return bitmap::getBit(data_->buffers[1]->data(), data_->offset + index);
  }
  __int128 decimalValue(int64_t index) const;

  /// The bytes of element `index` of a utf8/binary/large_* array.
  std::string_view stringValue(int64_t index) const {
    if (isLargeBinaryLike(typeId())) {
      const int64_t* offsets = data_->buffers[1]->dataAs<int64_t>() + data_->offset;
      return {reinterpret_cast<const char*>(data_->buffers[2]->data()) + offsets[index],
              static_cast<size_t>(offsets[index + 1] - offsets[index])};
    }
    const int32_t* offsets = data_->buffers[1]->dataAs<int32_t>() + data_->offset;
    return {reinterpret_cast<const char*>(data_->buffers[2]->data()) + offsets[index],
            static_cast<size_t>(offsets[index + 1] - offsets[index])};
  }

  /// List arrays: element `index` is listValues().slice(listStart, listLength).
  int64_t listStart(int64_t index) const {
    return data_->buffers[1]->dataAs<int32_t>()[data_->offset + index];
  }
  int64_t listLength(int64_t index) const {
    const int32_t* offsets = data_->buffers[1]->dataAs<int32_t>() + data_->offset;
    return offsets[index + 1] - offsets[index];
  }
  Array listValues() const { return Array(data_->children[0]); }

  /// Struct arrays: field `index`, windowed to this array's offset and length.
  Array structField(int index) const;
  int numChildren() const { return static_cast<int>(data_->children.size()); }

  /// Dictionary arrays: the index of element `index` and the dictionary.
  int64_t dictionaryIndex(int64_t index) const;
  Array dictionary() const { return Array(data_->dictionary); }

  /// A zero-copy window.
  Array slice(int64_t offset, int64_t length) const { return Array(data_->slice(offset, length)); }
  Array slice(int64_t offset) const { return slice(offset, length() - offset); }

  /// Same type, length and values (nulls equal nulls; NaN equals NaN).
  bool equals(const Array& other) const;

  /// "[1, null, 3]"; long arrays are abbreviated with "...".
  std::string toString(int64_t maxElements = 64) const;
  /// One element rendered as text ("null" for nulls; strings unquoted).
  std::string formatValue(int64_t index) const;

 private:
  ArrayDataPtr data_;
};

/// Checks that `data` is a well-formed Arrow array: buffer count and sizes,
/// offsets in range and non-decreasing, child lengths, dictionary indices in
/// range, null count. With `full`, also that utf8 data is valid UTF-8. Every
/// array from outside (IPC, C Data import) passes through this.
Status validateArray(const ArrayData& data, bool full = true);

}  // namespace sabot::columnar
