#include "sabot/compute/Boolean.h"

#include <bit>

#include "sabot/compute/BitWords.h"
#include "sabot/compute/KernelOutput.h"

namespace sabot::compute {

namespace {

/// A bool operand read 64 rows at a time: an array's value and validity
/// bits, or a scalar repeated.
class BoolWords {
 public:
  explicit BoolWords(const Datum& datum) {
    if (datum.isScalar()) {
      const Scalar& scalar = datum.scalar();
      constantValid_ = scalar.isValid() ? ~uint64_t{0} : 0;
      constantValue_ = scalar.isValid() && scalar.boolValue() ? ~uint64_t{0} : 0;
      return;
    }
    const ArrayData& data = *datum.array().data();
    values_ = data.buffers[1]->data();
    offset_ = data.offset;
    validity_ = validityView(data);
  }
  uint64_t values(int64_t word, int64_t bits) const {
    return values_ ? bitwords::read(values_, offset_ + word * 64, bits) : constantValue_;
  }
  uint64_t valid(int64_t word, int64_t bits) const {
    if (values_ == nullptr) return constantValid_;
    if (validity_.bits == nullptr) return ~uint64_t{0};
    return bitwords::read(validity_.bits, validity_.offset + word * 64, bits);
  }

 private:
  const uint8_t* values_ = nullptr;
  int64_t offset_ = 0;
  ValidityView validity_;
  uint64_t constantValue_ = 0;
  uint64_t constantValid_ = 0;
};

struct WordResult {
  uint64_t values;
  uint64_t valid;
};

/// Applies `combine(leftValues, leftValid, rightValues, rightValid)` word by
/// word and assembles a bool array.
template <typename Combine>
Result<Array> combineBools(const char* name, const Datum& left, const Datum& right,
                           MemoryPool* pool, Combine combine) {
  for (const Datum* side : {&left, &right}) {
    if (side->type()->id() != TypeId::kBool) {
      return Status::typeError("cannot {} {} and {}: both sides must be bool", name,
                               left.type()->toString(), right.type()->toString());
    }
  }
  if (left.isArray() && right.isArray() && left.array().length() != right.array().length()) {
    return Status::invalid("cannot {} arrays of different lengths ({} and {})", name,
                           left.array().length(), right.array().length());
  }
  const int64_t length = left.isArray() ? left.array().length() : right.isArray() ? right.array().length() : 1;
  const BoolWords l(left);
  const BoolWords r(right);
  SABOT_ASSIGN_OR_RAISE(auto values, allocateBitmap(length, pool));
  SABOT_ASSIGN_OR_RAISE(auto validity, allocateBitmap(length, pool));
  int64_t validCount = 0;
  for (int64_t w = 0; w < bitwords::wordCount(length); ++w) {
    const int64_t n = bitwords::bitsInWord(w, length);
    WordResult result = combine(l.values(w, n), l.valid(w, n), r.values(w, n), r.valid(w, n));
    if (n < 64) result.valid &= (uint64_t{1} << n) - 1;
    validCount += std::popcount(result.valid);
    bitwords::write(values->mutableData(), w, result.values & result.valid, n);
    bitwords::write(validity->mutableData(), w, result.valid, n);
  }
  OutputValidity output;
  if (validCount < length) output = OutputValidity{std::move(validity), length - validCount};
  return makeFixedWidthArray(columnar::boolean(), length, std::move(values), std::move(output));
}

Result<Array> validityAsBools(const Array& array, bool wantValid, MemoryPool* pool) {
  const int64_t length = array.length();
  SABOT_ASSIGN_OR_RAISE(auto values, allocateBitmap(length, pool));
  const ValidityView view = validityView(*array.data());
  const bool allNull = array.typeId() == TypeId::kNull;
  for (int64_t w = 0; w < bitwords::wordCount(length); ++w) {
    const int64_t n = bitwords::bitsInWord(w, length);
    uint64_t valid = allNull ? 0 : view.bits ? bitwords::read(view.bits, view.offset + w * 64, n) : ~uint64_t{0};
    bitwords::write(values->mutableData(), w, wantValid ? valid : ~valid, n);
  }
  return makeFixedWidthArray(columnar::boolean(), length, std::move(values), OutputValidity{});
}

}  // namespace

Result<Array> booleanAnd(const Datum& left, const Datum& right, MemoryPool* pool) {
  return combineBools("and", left, right, pool, [](uint64_t a, uint64_t av, uint64_t b, uint64_t bv) {
    // A valid false on either side decides the row.
    const uint64_t valid = (av & bv) | (av & ~a) | (bv & ~b);
    return WordResult{a & b & av & bv, valid};
  });
}

Result<Array> booleanOr(const Datum& left, const Datum& right, MemoryPool* pool) {
  return combineBools("or", left, right, pool, [](uint64_t a, uint64_t av, uint64_t b, uint64_t bv) {
    // A valid true on either side decides the row.
    const uint64_t anyTrue = (av & a) | (bv & b);
    return WordResult{anyTrue, (av & bv) | anyTrue};
  });
}

Result<Array> booleanXor(const Datum& left, const Datum& right, MemoryPool* pool) {
  return combineBools("xor", left, right, pool, [](uint64_t a, uint64_t av, uint64_t b, uint64_t bv) {
    return WordResult{a ^ b, av & bv};
  });
}

Result<Array> booleanNot(const Array& array, MemoryPool* pool) {
  if (array.typeId() != TypeId::kBool) {
    return Status::typeError("cannot apply not to {}: it must be bool", array.type()->toString());
  }
  const int64_t length = array.length();
  SABOT_ASSIGN_OR_RAISE(auto values, allocateBitmap(length, pool));
  const uint8_t* in = array.data()->buffers[1]->data();
  for (int64_t w = 0; w < bitwords::wordCount(length); ++w) {
    const int64_t n = bitwords::bitsInWord(w, length);
    bitwords::write(values->mutableData(), w, ~bitwords::read(in, array.offset() + w * 64, n), n);
  }
  SABOT_ASSIGN_OR_RAISE(OutputValidity validity, intersectValidity({array.data().get()}, length, pool));
  return makeFixedWidthArray(columnar::boolean(), length, std::move(values), std::move(validity));
}

Result<Array> isNull(const Array& array, MemoryPool* pool) { return validityAsBools(array, false, pool); }
Result<Array> isValid(const Array& array, MemoryPool* pool) { return validityAsBools(array, true, pool); }

}  // namespace sabot::compute
