#pragma once

#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "sabot/state/Serializer.h"

namespace sabot::state {

/// std::tuple<...>: the fields' encodings one after another (no header).
/// Signature "tuple<s1,s2,...>".
template <StateSerializer... Fields>
class TupleSerializer {
 public:
  using Value = std::tuple<typename Fields::Value...>;

  TupleSerializer() = default;
  explicit TupleSerializer(Fields... fields) : fields_(std::move(fields)...) {}

  void serialize(const Value& value, std::string* out) const {
    serializeFields(value, out, std::index_sequence_for<Fields...>{});
  }
  Result<Value> deserialize(ByteReader& in) const {
    Value value;
    SABOT_RETURN_NOT_OK(deserializeFields(in, &value, std::index_sequence_for<Fields...>{}));
    return value;
  }
  std::string signature() const {
    std::string out = "tuple<";
    appendSignatures(&out, std::index_sequence_for<Fields...>{});
    return out + ">";
  }

 private:
  template <size_t... I>
  void serializeFields(const Value& value, std::string* out, std::index_sequence<I...>) const {
    (std::get<I>(fields_).serialize(std::get<I>(value), out), ...);
  }
  template <size_t... I>
  Status deserializeFields(ByteReader& in, Value* value, std::index_sequence<I...>) const {
    Status status;
    // Stops at the first failing field: && short-circuits the fold.
    (void)((status = readField<I>(in, value)).ok() && ...);
    return status;
  }
  template <size_t I>
  Status readField(ByteReader& in, Value* value) const {
    SABOT_ASSIGN_OR_RAISE(std::get<I>(*value), std::get<I>(fields_).deserialize(in));
    return Status::OK();
  }
  template <size_t... I>
  void appendSignatures(std::string* out, std::index_sequence<I...>) const {
    ((*out += (I == 0 ? "" : ","), *out += std::get<I>(fields_).signature()), ...);
  }

  std::tuple<Fields...> fields_;
};

/// std::vector<T>: varint(count) then each element. Signature "list<s>".
template <StateSerializer Element>
class ListSerializer {
 public:
  using Value = std::vector<typename Element::Value>;

  ListSerializer() = default;
  explicit ListSerializer(Element element) : element_(std::move(element)) {}

  void serialize(const Value& value, std::string* out) const {
    bytes::appendVarint(out, value.size());
    for (const auto& item : value) element_.serialize(item, out);
  }
  Result<Value> deserialize(ByteReader& in) const {
    SABOT_ASSIGN_OR_RAISE(uint64_t count, in.readVarint());
    // An element may take zero bytes (void), so a count larger than the data
    // is not necessarily corrupt; but reserving it blindly would let a corrupt
    // count allocate gigabytes, so reserve at most one slot per byte left.
    Value value;
    value.reserve(static_cast<size_t>(std::min<uint64_t>(count, in.remaining())));
    for (uint64_t i = 0; i < count; ++i) {
      SABOT_ASSIGN_OR_RAISE(auto item, element_.deserialize(in));
      value.push_back(std::move(item));
    }
    return value;
  }
  std::string signature() const { return "list<" + element_.signature() + ">"; }

 private:
  Element element_;
};

/// std::optional<T>: one byte 0 (absent) or 1 (present, then the value).
/// Signature "optional<s>".
template <StateSerializer Inner>
class OptionalSerializer {
 public:
  using Value = std::optional<typename Inner::Value>;

  OptionalSerializer() = default;
  explicit OptionalSerializer(Inner inner) : inner_(std::move(inner)) {}

  void serialize(const Value& value, std::string* out) const {
    out->push_back(value.has_value() ? 1 : 0);
    if (value) inner_.serialize(*value, out);
  }
  Result<Value> deserialize(ByteReader& in) const {
    SABOT_ASSIGN_OR_RAISE(auto flag, in.readFixedLittleEndian<uint8_t>());
    if (flag == 0) return Value();
    if (flag != 1) return in.corrupt("optional flag is neither 0 nor 1");
    SABOT_ASSIGN_OR_RAISE(auto inner, inner_.deserialize(in));
    return Value(std::move(inner));
  }
  std::string signature() const { return "optional<" + inner_.signature() + ">"; }

 private:
  Inner inner_;
};

/// One member of a user struct and the serializer of its type, for
/// StructSerializer: StructField<&Trade::price, DoubleSerializer>.
template <auto Member, StateSerializer S>
struct StructField {
  static constexpr auto member = Member;
  using Serializer = S;
};

/// A user struct (default-constructible) as its listed members one after
/// another, like a tuple. The name goes into the signature
/// "struct<Name>{s1,s2,...}", so two structs with the same field types are
/// still told apart on restore.
///
///   struct Trade { int64_t id; double price; };
///   using TradeSerializer = StructSerializer<Trade, StructField<&Trade::id, Int64Serializer>,
///                                            StructField<&Trade::price, DoubleSerializer>>;
///   TradeSerializer serializer("Trade");
template <typename T, typename... Fields>
class StructSerializer {
 public:
  using Value = T;

  explicit StructSerializer(std::string name = "anonymous") : name_(std::move(name)) {}

  void serialize(const T& value, std::string* out) const {
    (typename Fields::Serializer{}.serialize(value.*(Fields::member), out), ...);
  }
  Result<T> deserialize(ByteReader& in) const {
    T value{};
    Status status;
    (void)((status = readField<Fields>(in, &value)).ok() && ...);
    SABOT_RETURN_NOT_OK(status);
    return value;
  }
  std::string signature() const {
    std::string out = "struct<" + name_ + ">{";
    bool first = true;
    ((out += (first ? "" : ","), out += typename Fields::Serializer{}.signature(), first = false), ...);
    return out + "}";
  }

 private:
  template <typename Field>
  static Status readField(ByteReader& in, T* value) {
    SABOT_ASSIGN_OR_RAISE((*value).*(Field::member), typename Field::Serializer{}.deserialize(in));
    return Status::OK();
  }

  std::string name_;
};

}  // namespace sabot::state
