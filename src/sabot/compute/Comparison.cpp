#include "sabot/compute/Comparison.h"

#include <cstring>
#include <functional>

#include "sabot/compute/BinaryOperands.h"
#include "sabot/compute/BitWords.h"
#include "sabot/compute/KernelOutput.h"
#include "sabot/compute/PhysicalType.h"
#include "sabot/compute/Selection.h"
#include "sabot/compute/TargetClones.h"
#include "sabot/compute/TypeRules.h"

namespace sabot::compute {

std::string_view compareOpName(CompareOp op) {
  switch (op) {
    case CompareOp::kEqual: return "equal";
    case CompareOp::kNotEqual: return "not_equal";
    case CompareOp::kLess: return "less";
    case CompareOp::kLessEqual: return "less_equal";
    case CompareOp::kGreater: return "greater";
    case CompareOp::kGreaterEqual: return "greater_equal";
  }
  return "?";
}

CompareOp flipCompareOp(CompareOp op) {
  switch (op) {
    case CompareOp::kLess: return CompareOp::kGreater;
    case CompareOp::kLessEqual: return CompareOp::kGreaterEqual;
    case CompareOp::kGreater: return CompareOp::kLess;
    case CompareOp::kGreaterEqual: return CompareOp::kLessEqual;
    default: return op;
  }
}

namespace {

/// Calls fn.template operator()<Functor>() with the std:: comparison functor of `op`.
template <typename Fn>
decltype(auto) visitCompareOp(CompareOp op, Fn&& fn) {
  switch (op) {
    case CompareOp::kEqual: return fn.template operator()<std::equal_to<>>();
    case CompareOp::kNotEqual: return fn.template operator()<std::not_equal_to<>>();
    case CompareOp::kLess: return fn.template operator()<std::less<>>();
    case CompareOp::kLessEqual: return fn.template operator()<std::less_equal<>>();
    case CompareOp::kGreater: return fn.template operator()<std::greater<>>();
    case CompareOp::kGreaterEqual: break;
  }
  return fn.template operator()<std::greater_equal<>>();
}

/// Compares `length` values of `left` with `right` (an array, or one value
/// repeated when kScalar) into a bitmap: 64 results into a byte block, which
/// vectorises, then packed into a word.
template <typename T, typename Op, bool kScalar>
SABOT_TARGET_CLONES void compareLoop(const T* left, const T* right, int64_t length, uint8_t* out) {
  alignas(64) uint8_t block[64];
  const T scalar = kScalar ? *right : T{};
  int64_t i = 0;
  for (; i + 64 <= length; i += 64) {
    const T* a = left + i;
    const T* b = kScalar ? right : right + i;
    for (int j = 0; j < 64; ++j) block[j] = static_cast<uint8_t>(Op{}(a[j], kScalar ? scalar : b[j]));
    const uint64_t word = bitwords::packBytes64(block);
    std::memcpy(out + i / 8, &word, 8);
  }
  if (i < length) {
    std::memset(block, 0, sizeof(block));
    for (int64_t j = 0; i + j < length; ++j) {
      block[j] = static_cast<uint8_t>(Op{}(left[i + j], kScalar ? scalar : right[i + j]));
    }
    bitwords::write(out, i / 64, bitwords::packBytes64(block), length - i);
  }
}

void compareFixed(CompareOp op, TypeId id, const Array& left, const Datum& right, uint8_t* out) {
  const int64_t length = left.length();
  visitFixedWidth(id, [&]<typename T>() {
    const T* a = left.values<T>();
    visitCompareOp(op, [&]<typename Op>() {
      if (right.isScalar()) {
        const T b = right.scalar().value<T>();
        compareLoop<T, Op, true>(a, &b, length, out);
      } else {
        compareLoop<T, Op, false>(a, right.array().values<T>(), length, out);
      }
    });
  });
}

uint64_t compareBoolWords(CompareOp op, uint64_t a, uint64_t b) {
  switch (op) {
    case CompareOp::kEqual: return ~(a ^ b);
    case CompareOp::kNotEqual: return a ^ b;
    case CompareOp::kLess: return ~a & b;
    case CompareOp::kLessEqual: return ~a | b;
    case CompareOp::kGreater: return a & ~b;
    case CompareOp::kGreaterEqual: return a | ~b;
  }
  return 0;
}

void compareBool(CompareOp op, const Array& left, const Datum& right, uint8_t* out) {
  const int64_t length = left.length();
  const uint8_t* a = left.data()->buffers[1]->data();
  const uint64_t scalarWord = right.isScalar() && right.scalar().boolValue() ? ~uint64_t{0} : 0;
  for (int64_t w = 0; w < bitwords::wordCount(length); ++w) {
    const int64_t n = bitwords::bitsInWord(w, length);
    const uint64_t aw = bitwords::read(a, left.offset() + w * 64, n);
    const uint64_t bw = right.isScalar()
                            ? scalarWord
                            : bitwords::read(right.array().data()->buffers[1]->data(),
                                             right.array().offset() + w * 64, n);
    bitwords::write(out, w, compareBoolWords(op, aw, bw), n);
  }
}

template <typename OffsetType>
std::string_view stringAt(const ArrayData& data, int64_t i) {
  const OffsetType* offsets = data.buffers[1]->dataAs<OffsetType>() + data.offset;
  const char* chars = data.buffers[2] ? reinterpret_cast<const char*>(data.buffers[2]->data()) : "";
  return {chars + offsets[i], static_cast<size_t>(offsets[i + 1] - offsets[i])};
}

template <typename OffsetType>
void compareStrings(CompareOp op, const Array& left, const Datum& right, uint8_t* out) {
  const ArrayData& a = *left.data();
  visitCompareOp(op, [&]<typename Op>() {
    if (right.isScalar()) {
      const std::string_view b = right.scalar().stringValue();
      bitwords::fillFromPredicate(out, left.length(), [&](int64_t i) {
        return Op{}(stringAt<OffsetType>(a, i).compare(b), 0);
      });
    } else {
      const ArrayData& b = *right.array().data();
      bitwords::fillFromPredicate(out, left.length(), [&](int64_t i) {
        return Op{}(stringAt<OffsetType>(a, i).compare(stringAt<OffsetType>(b, i)), 0);
      });
    }
  });
}

/// A dictionary against a scalar: compare each dictionary entry once, then
/// gather the answers by the indices.
Result<Array> compareDictionaryWithScalar(CompareOp op, const Array& dictionaryArray,
                                          const Scalar& scalar, MemoryPool* pool) {
  SABOT_ASSIGN_OR_RAISE(Array perEntry, compare(op, dictionaryArray.dictionary(), scalar, pool));
  auto indices = std::make_shared<ArrayData>(*dictionaryArray.data());
  indices->type = dictionaryArray.type()->indexType();
  indices->dictionary = nullptr;
  return take(perEntry, Array(std::move(indices)), pool);
}

}  // namespace

Result<Array> compare(CompareOp op, const Datum& left, const Datum& right, MemoryPool* pool) {
  if (left.isScalar() && right.isArray()) return compare(flipCompareOp(op), right, left, pool);
  if (left.isArray() && right.isScalar() && left.array().typeId() == TypeId::kDictionary &&
      comparisonType(left.type(), right.type()).ok()) {
    return compareDictionaryWithScalar(op, left.array(), right.scalar(), pool);
  }
  SABOT_ASSIGN_OR_RAISE(BinaryOperands operands,
                        prepareBinaryOperands(left, right, comparisonType, "compare", "with", pool));
  const Array& a = operands.left.array();  // the scalar, if any, is on the right
  const int64_t length = operands.length;
  if (operands.right.isScalar() && operands.right.scalar().isNull()) {
    return makeAllNullArray(columnar::boolean(), length, pool);
  }
  const TypeId id = operands.type->id();
  if (id == TypeId::kNull) return makeAllNullArray(columnar::boolean(), length, pool);
  SABOT_ASSIGN_OR_RAISE(auto bits, allocateBitmap(length, pool));
  uint8_t* out = bits->mutableData();
  if (id == TypeId::kBool) {
    compareBool(op, a, operands.right, out);
  } else if (isByteFixedWidth(id)) {
    compareFixed(op, id, a, operands.right, out);
  } else if (columnar::isBinaryLike(id)) {
    compareStrings<int32_t>(op, a, operands.right, out);
  } else if (columnar::isLargeBinaryLike(id)) {
    compareStrings<int64_t>(op, a, operands.right, out);
  } else {
    return Status::typeError("cannot compare {} values", operands.type->toString());
  }
  const ArrayData* rightData = operands.right.isArray() ? operands.right.array().data().get() : nullptr;
  SABOT_ASSIGN_OR_RAISE(OutputValidity validity,
                        intersectValidity({a.data().get(), rightData}, length, pool));
  return makeFixedWidthArray(columnar::boolean(), length, std::move(bits), std::move(validity));
}

}  // namespace sabot::compute
