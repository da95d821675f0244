#include "sabot/formats/ValueFormatting.h"

#include <fmt/format.h>

#include <cmath>
#include <iterator>

#include "sabot/columnar/Decimal.h"
#include "sabot/columnar/Temporal.h"
#include "sabot/formats/Base64.h"
#include "sabot/formats/JsonEscape.h"

namespace sabot::formats {

using columnar::Array;
using columnar::TypeId;

namespace {

template <typename T>
void appendFloatImpl(std::string& out, T value) {
  if (std::isnan(value)) {
    out += "NaN";
    return;
  }
  if (std::isinf(value)) {
    out += value < 0 ? "-Infinity" : "Infinity";
    return;
  }
  const size_t start = out.size();
  // fmt's "{}" is the shortest round-trip representation (Dragonbox).
  fmt::format_to(std::back_inserter(out), "{}", value);
  if (out.find_first_of(".e", start) == std::string::npos) out += ".0";
}

template <typename T>
void appendInteger(std::string& out, T value) {
  fmt::format_to(std::back_inserter(out), "{}", value);
}

}  // namespace

void appendFloat(std::string& out, double value) {
  appendFloatImpl(out, value);
}
void appendFloat(std::string& out, float value) {
  appendFloatImpl(out, value);
}

void appendTimestamp(std::string& out, int64_t value, const columnar::DataType& type) {
  std::string text = columnar::formatTimestamp(value, type.timeUnit());
  const size_t space = text.find(' ');
  if (space != std::string::npos) text[space] = 'T';
  out += text;
  if (!type.timezone().empty()) out += 'Z';
}

void appendScalarText(std::string& out, const Array& array, int64_t index) {
  switch (array.typeId()) {
    case TypeId::kBool:
      out += array.boolValue(index) ? "true" : "false";
      return;
    case TypeId::kInt8:
      appendInteger(out, array.value<int8_t>(index));
      return;
    case TypeId::kInt16:
      appendInteger(out, array.value<int16_t>(index));
      return;
    case TypeId::kInt32:
      appendInteger(out, array.value<int32_t>(index));
      return;
    case TypeId::kInt64:
      appendInteger(out, array.value<int64_t>(index));
      return;
    case TypeId::kUInt8:
      appendInteger(out, array.value<uint8_t>(index));
      return;
    case TypeId::kUInt16:
      appendInteger(out, array.value<uint16_t>(index));
      return;
    case TypeId::kUInt32:
      appendInteger(out, array.value<uint32_t>(index));
      return;
    case TypeId::kUInt64:
      appendInteger(out, array.value<uint64_t>(index));
      return;
    case TypeId::kFloat32:
      appendFloat(out, array.value<float>(index));
      return;
    case TypeId::kFloat64:
      appendFloat(out, array.value<double>(index));
      return;
    case TypeId::kUtf8:
    case TypeId::kLargeUtf8:
    case TypeId::kBinary:
    case TypeId::kLargeBinary:
      out += array.stringValue(index);
      return;
    case TypeId::kTimestamp:
      appendTimestamp(out, array.value<int64_t>(index), *array.type());
      return;
    case TypeId::kDate32:
      out += columnar::formatDate32(array.value<int32_t>(index));
      return;
    case TypeId::kDecimal128:
      out += columnar::formatDecimal128(array.decimalValue(index), array.type()->scale());
      return;
    case TypeId::kDictionary: {
      const Array dictionary = array.dictionary();
      appendScalarText(out, dictionary, array.dictionaryIndex(index));
      return;
    }
    case TypeId::kNull:
    case TypeId::kStruct:
    case TypeId::kList:
      return;
  }
}

Status appendJsonValue(std::string& out, const Array& array, int64_t index) {
  if (array.isNull(index)) {
    out += "null";
    return Status::OK();
  }
  switch (array.typeId()) {
    case TypeId::kUtf8:
    case TypeId::kLargeUtf8:
      if (!appendJsonString(out, array.stringValue(index))) {
        return Status::invalid("a {} value is not valid UTF-8", array.type()->toString());
      }
      return Status::OK();
    case TypeId::kBinary:
    case TypeId::kLargeBinary:
      out += '"';
      appendBase64(out, array.stringValue(index));
      out += '"';
      return Status::OK();
    case TypeId::kFloat32:
    case TypeId::kFloat64: {
      const bool finite = array.typeId() == TypeId::kFloat32
                              ? std::isfinite(array.value<float>(index))
                              : std::isfinite(array.value<double>(index));
      if (!finite) out += '"';
      appendScalarText(out, array, index);
      if (!finite) out += '"';
      return Status::OK();
    }
    case TypeId::kTimestamp:
    case TypeId::kDate32:
    case TypeId::kDecimal128:
      // As strings: JSON has no time types, and a JSON number would lose a
      // decimal's digits in most parsers.
      out += '"';
      appendScalarText(out, array, index);
      out += '"';
      return Status::OK();
    case TypeId::kStruct: {
      out += '{';
      for (int i = 0; i < array.numChildren(); ++i) {
        if (i > 0) out += ',';
        appendJsonStringLossy(out, array.type()->field(i)->name());
        out += ':';
        SABOT_RETURN_NOT_OK(appendJsonValue(out, array.structField(i), index));
      }
      out += '}';
      return Status::OK();
    }
    case TypeId::kList: {
      out += '[';
      const Array values = array.listValues();
      const int64_t start = array.listStart(index);
      for (int64_t i = 0; i < array.listLength(index); ++i) {
        if (i > 0) out += ',';
        SABOT_RETURN_NOT_OK(appendJsonValue(out, values, start + i));
      }
      out += ']';
      return Status::OK();
    }
    case TypeId::kDictionary: {
      const Array dictionary = array.dictionary();
      return appendJsonValue(out, dictionary, array.dictionaryIndex(index));
    }
    case TypeId::kNull:
      out += "null";
      return Status::OK();
    default:
      appendScalarText(out, array, index);
      return Status::OK();
  }
}

}  // namespace sabot::formats
