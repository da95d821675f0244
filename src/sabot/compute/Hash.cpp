#include "sabot/compute/Hash.h"

#include <cmath>
#include <cstring>
#include <limits>

#include "sabot/compute/KernelOutput.h"
#include "sabot/compute/PhysicalType.h"

// The whole of xxHash inline, so the short fixed-size inputs of key columns
// compile to a few multiplies without a call.
#define XXH_INLINE_ALL
#include <xxhash.h>

namespace sabot::compute {

using columnar::bitmap::getBit;

namespace {

inline uint64_t hashBytes(const void* bytes, size_t size, uint64_t seed) {
  return XXH3_64bits_withSeed(bytes, size, seed);
}

inline uint64_t hashNull(uint64_t seed) { return XXH3_64bits_withSeed(nullptr, 0, seed ^ kNullSeedMix); }

template <typename T>
inline T canonical(T value) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(value)) return std::numeric_limits<T>::quiet_NaN();
    if (value == T{0}) return T{0};  // -0.0 -> 0.0
  }
  return value;
}

/// Chains element `index` of `array` into `seed`; the general path for
/// nested values.
uint64_t hashElement(const Array& array, int64_t index, uint64_t seed) {
  if (array.isNull(index)) return hashNull(seed);
  const TypeId id = array.typeId();
  if (id == TypeId::kBool) {
    const uint8_t byte = array.boolValue(index) ? 1 : 0;
    return hashBytes(&byte, 1, seed);
  }
  if (isByteFixedWidth(id)) {
    return visitFixedWidth(id, [&]<typename T>() {
      const T value = canonical(array.value<T>(index));
      return hashBytes(&value, sizeof(T), seed);
    });
  }
  if (columnar::isBinaryLike(id) || columnar::isLargeBinaryLike(id)) {
    const std::string_view bytes = array.stringValue(index);
    return hashBytes(bytes.data(), bytes.size(), seed);
  }
  if (id == TypeId::kDictionary) return hashElement(array.dictionary(), array.dictionaryIndex(index), seed);
  if (id == TypeId::kStruct) {
    for (int f = 0; f < array.numChildren(); ++f) seed = hashElement(array.structField(f), index, seed);
    return seed;
  }
  if (id == TypeId::kList) {
    const int64_t length = array.listLength(index);
    seed = hashBytes(&length, sizeof(length), seed);
    const Array values = array.listValues();
    const int64_t start = array.listStart(index);
    for (int64_t i = 0; i < length; ++i) seed = hashElement(values, start + i, seed);
    return seed;
  }
  return hashNull(seed);  // the null type
}

/// Chains every row of `column` into hashes[row]; tight loops for flat types.
void hashColumn(const Array& column, uint64_t* hashes) {
  const int64_t length = column.length();
  const TypeId id = column.typeId();
  const ValidityView validity = validityView(*column.data());
  auto isValidRow = [&](int64_t i) {
    return validity.bits == nullptr || getBit(validity.bits, validity.offset + i);
  };
  if (isByteFixedWidth(id)) {
    visitFixedWidth(id, [&]<typename T>() {
      const T* values = column.values<T>();
      if (validity.bits == nullptr) {
        for (int64_t i = 0; i < length; ++i) {
          const T value = canonical(values[i]);
          hashes[i] = hashBytes(&value, sizeof(T), hashes[i]);
        }
      } else {
        for (int64_t i = 0; i < length; ++i) {
          const T value = canonical(values[i]);
          hashes[i] = isValidRow(i) ? hashBytes(&value, sizeof(T), hashes[i]) : hashNull(hashes[i]);
        }
      }
    });
    return;
  }
  if (columnar::isBinaryLike(id) || columnar::isLargeBinaryLike(id)) {
    for (int64_t i = 0; i < length; ++i) {
      if (!isValidRow(i)) {
        hashes[i] = hashNull(hashes[i]);
        continue;
      }
      const std::string_view bytes = column.stringValue(i);
      hashes[i] = hashBytes(bytes.data(), bytes.size(), hashes[i]);
    }
    return;
  }
  for (int64_t i = 0; i < length; ++i) hashes[i] = hashElement(column, i, hashes[i]);
}

}  // namespace

uint64_t nullKeyHash() { return hashNull(0); }

Result<Array> hash64(const std::vector<Array>& keys, MemoryPool* pool) {
  if (keys.empty()) return Status::invalid("hash64: needs at least one key column");
  const int64_t length = keys[0].length();
  for (size_t k = 1; k < keys.size(); ++k) {
    if (keys[k].length() != length) {
      return Status::invalid("hash64: key column {} has {} rows, column 0 has {}", k, keys[k].length(), length);
    }
  }
  SABOT_ASSIGN_OR_RAISE(auto values, allocateValues<uint64_t>(length, pool));
  uint64_t* hashes = values->mutableDataAs<uint64_t>();
  if (length > 0) std::memset(hashes, 0, static_cast<size_t>(length) * sizeof(uint64_t));
  for (const Array& key : keys) hashColumn(key, hashes);
  return makeFixedWidthArray(columnar::uint64(), length, std::move(values), OutputValidity{});
}

Result<Array> hash64(const Array& key, MemoryPool* pool) { return hash64(std::vector<Array>{key}, pool); }

}  // namespace sabot::compute
