#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sabot::formats {

enum class JsonKind : uint8_t { kNull, kFalse, kTrue, kNumber, kString, kObject, kArray };

/// One JSON value in a JsonTape. Containers are followed by their children in
/// document order; an object's children alternate key (a kString node) and
/// value.
struct JsonNode {
  JsonKind kind = JsonKind::kNull;
  bool integer = false;   ///< numbers: no fraction and no exponent
  uint32_t count = 0;     ///< objects: members; arrays: elements
  uint32_t end = 0;       ///< index of the first node after this subtree
  uint32_t rawBegin = 0;  ///< the value's text in the parsed input
  uint32_t rawLength = 0;
  uint32_t stringBegin = 0;  ///< strings and keys: unescaped bytes in JsonTape::strings
  uint32_t stringLength = 0;
};

/// A parsed JSON value, flat: nodes in document order plus the unescaped
/// string bytes. Reused from line to line so parsing allocates only while the
/// tape grows.
struct JsonTape {
  std::string_view source;
  std::vector<JsonNode> nodes;
  std::string strings;

  std::string_view raw(uint32_t index) const {
    return source.substr(nodes[index].rawBegin, nodes[index].rawLength);
  }
  std::string_view string(uint32_t index) const {
    return std::string_view(strings).substr(nodes[index].stringBegin, nodes[index].stringLength);
  }
};

struct JsonSyntaxError {
  size_t offset = 0;  ///< 0-based byte offset in the input
  std::string message;
};

/// A strict RFC 8259 parser for one JSON text (one line of a JSON-lines file).
///
/// Hand-written rather than nlohmann's SAX API: the reader needs, per line, a
/// flat tape it can walk twice (convert, then append) and raw text spans for
/// values that end up in string columns; building that from SAX callbacks
/// costs a virtual call per token and a std::string per key. The parser checks
/// UTF-8, escapes and surrogate pairs, and bounds nesting depth so hostile
/// input cannot exhaust the stack.
class JsonParser {
 public:
  static constexpr int kMaxDepth = 128;

  /// Parses `text`, which must hold exactly one value (whitespace around it is
  /// fine). On failure returns false and describes the first error.
  bool parse(std::string_view text, JsonTape& tape, JsonSyntaxError& error);

 private:
  bool parseValue(int depth);
  bool parseString(uint32_t nodeIndex);
  bool parseNumber(uint32_t nodeIndex);
  bool parseLiteral(std::string_view literal, JsonKind kind, uint32_t nodeIndex);
  void skipWhitespace();
  bool fail(std::string message);

  std::string_view text_;
  size_t position_ = 0;
  JsonTape* tape_ = nullptr;
  JsonSyntaxError* error_ = nullptr;
};

}  // namespace sabot::formats
