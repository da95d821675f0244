// Fuzzes the checkpoint `_metadata` parser. Random bytes almost never carry
// a valid trailing checksum, so each input is parsed twice: as it is, and
// with its last 8 bytes replaced by the xxh3 of the rest, which lets the
// mutations reach the field parsing behind the checksum. Besides not
// crashing, it checks that every error is a Corrupt or Unsupported status
// naming the file, and that whatever parses serializes back to the very
// same bytes (the format has one encoding per metadata; older versions
// serialize to the current one).

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "sabot/checkpoint/CheckpointStorage.h"

namespace {

using namespace sabot;

constexpr const char* kWhere = "fuzz/chk-1/_metadata";
/// The format version CheckpointMetadata::serialize() writes (after the
/// length-prefixed magic, at byte 16).
constexpr uint32_t kCurrentVersion = 2;

void require(bool condition, const char* what, std::string_view input) {
  if (condition) return;
  std::fprintf(stderr, "CheckpointMetadataFuzz: %s (input of %zu bytes)\n", what, input.size());
  std::abort();
}

void parseAndCheck(std::string_view bytes) {
  auto parsed = checkpoint::CheckpointMetadata::parse(bytes, kWhere);
  if (!parsed.ok()) {
    const Status& error = parsed.status();
    require(error.code() == StatusCode::kCorrupt || error.code() == StatusCode::kUnsupported,
            "a parse error is neither Corrupt nor Unsupported", bytes);
    require(error.message().find(kWhere) != std::string::npos, "a parse error does not name the file", bytes);
    return;
  }
  // The current format has one encoding per metadata; an older version
  // (format 1) is written back as the current one, which must then be a
  // fixpoint.
  const std::string written = parsed->serialize();
  uint32_t version = 0;
  if (bytes.size() >= 20) std::memcpy(&version, bytes.data() + 16, sizeof(version));
  if (version == kCurrentVersion) {
    require(written == bytes, "parsed metadata does not serialize back to its bytes", bytes);
  } else {
    auto reparsed = checkpoint::CheckpointMetadata::parse(written, kWhere);
    require(reparsed.ok() && reparsed->serialize() == written,
            "old-format metadata does not serialize to current-format metadata that reads back", bytes);
  }
  for (const auto& file : parsed->files) {
    require(!file.name.empty() && file.name.find('/') == std::string::npos && file.name[0] != '.',
            "a state file name that could leave the checkpoint directory was accepted", bytes);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  parseAndCheck(input);
  if (size >= sizeof(uint64_t)) {
    std::string fixed(input);
    const std::string_view body(fixed.data(), fixed.size() - sizeof(uint64_t));
    const uint64_t checksum = checkpoint::checksumOf(body);
    std::memcpy(fixed.data() + body.size(), &checksum, sizeof(checksum));
    parseAndCheck(fixed);
  }
  return 0;
}
