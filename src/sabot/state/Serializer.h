#pragma once

#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>

#include "sabot/base/Result.h"
#include "sabot/state/ByteCodec.h"

namespace sabot::state {

/// How a state key, namespace or value becomes bytes and back. The byte
/// format is part of Sabot's stable savepoint format (docs/state.md), so a
/// serializer's output must never change for a given signature(): a new
/// format needs a new signature.
///
/// A serializer is a small copyable value with:
///   using Value = T;
///   void serialize(const T& value, std::string* out) const;  // appends
///   Result<T> deserialize(ByteReader& in) const;             // consumes
///   std::string signature() const;  // e.g. "int64", "tuple<int64,string>"
///
/// Every serialized value is self-delimiting (a reader knows where it ends),
/// so serializers compose: a tuple is its fields one after another.
/// Snapshots record each state's signatures; restoring a state with a
/// different serializer is a TypeError instead of misread bytes.
template <typename S>
concept StateSerializer = std::copy_constructible<S> && requires(const S& serializer, const typename S::Value& value,
                                                                  std::string* out, ByteReader& in) {
  { serializer.serialize(value, out) } -> std::same_as<void>;
  { serializer.deserialize(in) } -> std::same_as<Result<typename S::Value>>;
  { serializer.signature() } -> std::convertible_to<std::string>;
};

/// int64: 8 bytes, little-endian two's complement.
struct Int64Serializer {
  using Value = int64_t;
  void serialize(int64_t value, std::string* out) const { bytes::appendFixedLittleEndian(out, value); }
  Result<int64_t> deserialize(ByteReader& in) const { return in.readFixedLittleEndian<int64_t>(); }
  std::string signature() const { return "int64"; }
};

/// int32: 4 bytes, little-endian two's complement.
struct Int32Serializer {
  using Value = int32_t;
  void serialize(int32_t value, std::string* out) const { bytes::appendFixedLittleEndian(out, value); }
  Result<int32_t> deserialize(ByteReader& in) const { return in.readFixedLittleEndian<int32_t>(); }
  std::string signature() const { return "int32"; }
};

/// float64: the 8 bytes of the IEEE 754 binary64 value, little-endian.
struct DoubleSerializer {
  using Value = double;
  void serialize(double value, std::string* out) const { bytes::appendFixedLittleEndian(out, value); }
  Result<double> deserialize(ByteReader& in) const { return in.readFixedLittleEndian<double>(); }
  std::string signature() const { return "float64"; }
};

/// bool: one byte, 0 or 1 (any other byte is Corrupt).
struct BoolSerializer {
  using Value = bool;
  void serialize(bool value, std::string* out) const { out->push_back(value ? 1 : 0); }
  Result<bool> deserialize(ByteReader& in) const {
    SABOT_ASSIGN_OR_RAISE(auto byte, in.readFixedLittleEndian<uint8_t>());
    if (byte > 1) return in.corrupt("bool byte is neither 0 nor 1");
    return byte == 1;
  }
  std::string signature() const { return "bool"; }
};

/// utf8 string: varint(byte length) then the bytes (not validated as UTF-8:
/// the state layer stores what it was given).
struct StringSerializer {
  using Value = std::string;
  void serialize(const std::string& value, std::string* out) const { bytes::appendLengthPrefixed(out, value); }
  Result<std::string> deserialize(ByteReader& in) const {
    SABOT_ASSIGN_OR_RAISE(auto view, in.readLengthPrefixed());
    return std::string(view);
  }
  std::string signature() const { return "string"; }
};

/// Opaque bytes: the same encoding as a string, with its own signature so a
/// binary state is not silently read back as text.
struct BytesSerializer {
  using Value = std::string;
  void serialize(const std::string& value, std::string* out) const { bytes::appendLengthPrefixed(out, value); }
  Result<std::string> deserialize(ByteReader& in) const {
    SABOT_ASSIGN_OR_RAISE(auto view, in.readLengthPrefixed());
    return std::string(view);
  }
  std::string signature() const { return "bytes"; }
};

/// The empty namespace of state that is not scoped by a window: zero bytes.
struct VoidNamespace {
  bool operator==(const VoidNamespace&) const = default;
};
struct VoidNamespaceSerializer {
  using Value = VoidNamespace;
  void serialize(const VoidNamespace&, std::string*) const {}
  Result<VoidNamespace> deserialize(ByteReader&) const { return VoidNamespace{}; }
  std::string signature() const { return "void"; }
};

/// The serializer a state type uses when none is named.
template <typename T>
struct DefaultSerializerFor;
template <>
struct DefaultSerializerFor<int64_t> {
  using Type = Int64Serializer;
};
template <>
struct DefaultSerializerFor<int32_t> {
  using Type = Int32Serializer;
};
template <>
struct DefaultSerializerFor<double> {
  using Type = DoubleSerializer;
};
template <>
struct DefaultSerializerFor<bool> {
  using Type = BoolSerializer;
};
template <>
struct DefaultSerializerFor<std::string> {
  using Type = StringSerializer;
};
template <>
struct DefaultSerializerFor<VoidNamespace> {
  using Type = VoidNamespaceSerializer;
};
template <typename T>
using DefaultSerializer = typename DefaultSerializerFor<T>::Type;

/// Serializes one value into a fresh string.
template <StateSerializer S>
std::string serializeToString(const S& serializer, const typename S::Value& value) {
  std::string out;
  serializer.serialize(value, &out);
  return out;
}

/// Deserializes a value that must use all of `data`: trailing bytes mean the
/// wrong serializer or corrupt data.
template <StateSerializer S>
Result<typename S::Value> deserializeExactly(const S& serializer, std::string_view data,
                                             std::string_view what = "state value") {
  ByteReader in(data, what);
  SABOT_ASSIGN_OR_RAISE(auto value, serializer.deserialize(in));
  if (!in.atEnd()) return in.corrupt(fmt::format("{} trailing bytes after a {}", in.remaining(), serializer.signature()));
  return value;
}

}  // namespace sabot::state
