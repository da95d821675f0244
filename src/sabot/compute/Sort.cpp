#include "sabot/compute/Sort.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <string_view>

#include "sabot/compute/Cast.h"
#include "sabot/compute/KernelOutput.h"
#include "sabot/compute/PhysicalType.h"

namespace sabot::compute {

namespace {

/// Ascending order of one value type: NaN after every number.
template <typename T>
bool valueLess(const T& a, const T& b) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(a)) return false;
    if (std::isnan(b)) return true;
  }
  return a < b;
}

template <typename T>
int valueCompare(const T& a, const T& b) {
  if (valueLess(a, b)) return -1;
  if (valueLess(b, a)) return 1;
  return 0;
}

Status checkSortable(const Array& column) {
  const TypeId id = column.typeId();
  if (columnar::isFixedWidth(id) || columnar::isBinaryLike(id) || columnar::isLargeBinaryLike(id) ||
      id == TypeId::kDictionary || id == TypeId::kNull) {
    return Status::OK();
  }
  return Status::typeError("cannot sort by {} values", column.type()->toString());
}

/// Runs body(getValue) with a typed accessor for the column's values:
/// numbers, temporal and decimal as their C type, bool as uint8_t, strings
/// and binary as std::string_view.
template <typename Body>
decltype(auto) withValueAccessor(const Array& column, Body&& body) {
  const TypeId id = column.typeId();
  if (id == TypeId::kBool) {
    return body([&column](int64_t i) { return static_cast<uint8_t>(column.boolValue(i)); });
  }
  if (columnar::isBinaryLike(id) || columnar::isLargeBinaryLike(id)) {
    return body([&column](int64_t i) { return column.stringValue(i); });
  }
  return visitFixedWidth(id, [&]<typename T>() {
    const T* values = column.values<T>();
    return body([values](int64_t i) { return values[i]; });
  });
}

Result<Array> indicesArray(const std::vector<uint64_t>& indices, MemoryPool* pool) {
  const auto length = static_cast<int64_t>(indices.size());
  SABOT_ASSIGN_OR_RAISE(auto values, allocateValues<uint64_t>(length, pool));
  if (length > 0) std::memcpy(values->mutableData(), indices.data(), indices.size() * sizeof(uint64_t));
  return makeFixedWidthArray(columnar::uint64(), length, std::move(values), OutputValidity{});
}

/// Dictionaries sort by their values.
Result<Array> sortableColumn(const Array& column, MemoryPool* pool) {
  if (column.typeId() == TypeId::kDictionary) return cast(column, column.type()->valueType(), CastOptions{}, pool);
  return column;
}

}  // namespace

Result<Array> sortIndices(const Array& array, SortOrder order, NullPlacement nulls, MemoryPool* pool) {
  SABOT_RETURN_NOT_OK(checkSortable(array));
  SABOT_ASSIGN_OR_RAISE(Array column, sortableColumn(array, pool));
  const int64_t length = column.length();
  const bool allNull = column.typeId() == TypeId::kNull;
  std::vector<uint64_t> nullRows;
  std::vector<uint64_t> sorted;
  sorted.reserve(static_cast<size_t>(length));
  if (!allNull) {
    withValueAccessor(column, [&](auto valueAt) {
      using Value = decltype(valueAt(0));
      // Sorting (value, row) pairs keeps the values in cache; ties broken by
      // row make the unstable std::sort stable.
      std::vector<std::pair<Value, uint64_t>> pairs;
      pairs.reserve(static_cast<size_t>(length - column.nullCount()));
      for (int64_t i = 0; i < length; ++i) {
        if (column.nullCount() > 0 && column.isNull(i)) {
          nullRows.push_back(static_cast<uint64_t>(i));
        } else {
          pairs.emplace_back(valueAt(i), static_cast<uint64_t>(i));
        }
      }
      const bool descending = order == SortOrder::kDescending;
      std::sort(pairs.begin(), pairs.end(), [descending](const auto& a, const auto& b) {
        if (descending ? valueLess(b.first, a.first) : valueLess(a.first, b.first)) return true;
        if (descending ? valueLess(a.first, b.first) : valueLess(b.first, a.first)) return false;
        return a.second < b.second;
      });
      for (const auto& pair : pairs) sorted.push_back(pair.second);
    });
  } else {
    for (int64_t i = 0; i < length; ++i) nullRows.push_back(static_cast<uint64_t>(i));
  }
  std::vector<uint64_t> out;
  out.reserve(static_cast<size_t>(length));
  const bool nullsFirst = nulls == NullPlacement::kAtStart;
  if (nullsFirst) out.insert(out.end(), nullRows.begin(), nullRows.end());
  out.insert(out.end(), sorted.begin(), sorted.end());
  if (!nullsFirst) out.insert(out.end(), nullRows.begin(), nullRows.end());
  return indicesArray(out, pool);
}

Result<Array> sortIndices(const std::vector<SortKey>& keys, MemoryPool* pool) {
  if (keys.empty()) return Status::invalid("sortIndices: needs at least one sort key");
  if (keys.size() == 1) return sortIndices(keys[0].column, keys[0].order, keys[0].nulls, pool);
  const int64_t length = keys[0].column.length();
  std::vector<Array> columns;
  for (size_t k = 0; k < keys.size(); ++k) {
    SABOT_RETURN_NOT_OK(checkSortable(keys[k].column));
    if (keys[k].column.length() != length) {
      return Status::invalid("sortIndices: sort key {} has {} rows, key 0 has {}", k, keys[k].column.length(), length);
    }
    SABOT_ASSIGN_OR_RAISE(Array column, sortableColumn(keys[k].column, pool));
    columns.push_back(std::move(column));
  }
  // One three-way comparator per key, nulls and direction folded in.
  std::vector<std::function<int(int64_t, int64_t)>> comparators;
  for (size_t k = 0; k < keys.size(); ++k) {
    const Array& column = columns[k];
    const int direction = keys[k].order == SortOrder::kDescending ? -1 : 1;
    const int nullSide = keys[k].nulls == NullPlacement::kAtStart ? -1 : 1;
    if (column.typeId() == TypeId::kNull) continue;
    withValueAccessor(column, [&](auto valueAt) {
      comparators.push_back([&column, valueAt, direction, nullSide](int64_t a, int64_t b) {
        const bool aNull = column.isNull(a);
        const bool bNull = column.isNull(b);
        if (aNull || bNull) return aNull == bNull ? 0 : (aNull ? nullSide : -nullSide);
        return direction * valueCompare(valueAt(a), valueAt(b));
      });
    });
  }
  std::vector<uint64_t> indices(static_cast<size_t>(length));
  std::iota(indices.begin(), indices.end(), uint64_t{0});
  std::stable_sort(indices.begin(), indices.end(), [&](uint64_t a, uint64_t b) {
    for (const auto& comparator : comparators) {
      const int result = comparator(static_cast<int64_t>(a), static_cast<int64_t>(b));
      if (result != 0) return result < 0;
    }
    return false;
  });
  return indicesArray(indices, pool);
}

}  // namespace sabot::compute
