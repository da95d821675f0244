#include "sabot/ipc/IpcOptions.h"

namespace sabot::ipc {

std::string_view compressionName(Compression compression) {
  switch (compression) {
    case Compression::kNone: return "none";
    case Compression::kLz4Frame: return "lz4";
    case Compression::kZstd: return "zstd";
  }
  return "unknown";
}

Result<Compression> parseCompression(std::string_view name) {
  if (name == "none" || name.empty()) return Compression::kNone;
  if (name == "lz4" || name == "lz4_frame") return Compression::kLz4Frame;
  if (name == "zstd") return Compression::kZstd;
  return Status::invalid("unknown IPC compression '{}' (expected none, lz4 or zstd)", name);
}

}  // namespace sabot::ipc
