#pragma once

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <vector>

#include "sabot/base/Result.h"
#include "sabot/columnar/Array.h"
#include "sabot/columnar/Buffer.h"
#include "sabot/columnar/MemoryPool.h"

// How kernels allocate and assemble their outputs: values buffers sized up
// front and written in place, and the output validity computed as the AND of
// the input validities a word at a time.

namespace sabot::compute {

using columnar::Array;
using columnar::ArrayData;
using columnar::BufferPtr;
using columnar::DataTypePtr;
using columnar::MemoryPool;
using columnar::TypeId;
using columnar::MutableBuffer;

/// The validity bitmap of an input as bits plus a bit offset; `bits` is
/// nullptr when the input has no nulls (even if it carries a bitmap).
struct ValidityView {
  const uint8_t* bits = nullptr;
  int64_t offset = 0;
};
ValidityView validityView(const ArrayData& data);

/// An output validity bitmap (nullptr when every row is valid) and its null count.
struct OutputValidity {
  BufferPtr buffer;
  int64_t nullCount = 0;
};

/// The AND of the validities of `inputs` (arrays of `length` rows, any
/// offsets). Shares the input's bitmap when only one input has nulls and its
/// offset is byte aligned; otherwise computes a fresh bitmap 64 rows at a time.
Result<OutputValidity> intersectValidity(std::initializer_list<const ArrayData*> inputs,
                                         int64_t length, MemoryPool* pool);
Result<OutputValidity> intersectValidity(const std::vector<const ArrayData*>& inputs,
                                         int64_t length, MemoryPool* pool);

/// A validity bitmap from `bits` at `offset`, re-based to start at bit 0
/// (shared when byte aligned). `bits` may be nullptr (all valid).
Result<BufferPtr> rebaseBitmap(const BufferPtr& bits, int64_t offset, int64_t length,
                               MemoryPool* pool);

/// A buffer for `length` values of T; contents unspecified.
template <typename T>
Result<std::shared_ptr<MutableBuffer>> allocateValues(int64_t length, MemoryPool* pool) {
  return MutableBuffer::make(length * static_cast<int64_t>(sizeof(T)), pool, /*zeroFill=*/false);
}
/// A zeroed bitmap of `length` bits.
Result<std::shared_ptr<MutableBuffer>> allocateBitmap(int64_t length, MemoryPool* pool);

/// Wraps kernel output buffers as an array with offset 0.
Array makeOutputArray(DataTypePtr type, int64_t length, std::vector<BufferPtr> buffers,
                      int64_t nullCount);
/// A fixed-width (or bool) array from a values buffer and an output validity.
Array makeFixedWidthArray(DataTypePtr type, int64_t length, BufferPtr values,
                          OutputValidity validity);

/// An array of `length` nulls of any type.
Result<Array> makeAllNullArray(const DataTypePtr& type, int64_t length, MemoryPool* pool);

}  // namespace sabot::compute
