#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string_view>

#include "sabot/base/Result.h"
#include "sabot/columnar/Buffer.h"
#include "sabot/columnar/RecordBatchReader.h"
#include "sabot/ipc/IpcOptions.h"

namespace sabot::ipc {

/// Magic bytes at both ends of an IPC file ("ARROW1"); the leading copy is
/// padded with two zero bytes to 8.
inline constexpr std::string_view kFileMagic{"ARROW1", 6};
/// First word of every message prefix since Arrow 0.15.
inline constexpr uint32_t kContinuationMarker = 0xFFFFFFFFu;

enum class IpcFormat : uint8_t {
  kFile,     ///< "ARROW1" + padding + stream + footer + "ARROW1"
  kStream,   ///< a sequence of encapsulated messages
  kUnknown,  ///< neither (too short, or garbage)
};

/// Tells the two formats apart from the first bytes of the data (8 are
/// enough): the file magic, else a message prefix (continuation marker, or
/// the non-negative int32 length of a pre-0.15 stream).
IpcFormat detectIpcFormat(std::string_view firstBytes);

/// Opens a file holding either format and reads its batches in order (file:
/// through the footer; stream: message by message).
Result<std::unique_ptr<columnar::RecordBatchReader>> openIpcReader(
    const std::filesystem::path& path, const IpcReadOptions& options = {});
/// The same over bytes in memory; batches share `bytes` (zero-copy).
Result<std::unique_ptr<columnar::RecordBatchReader>> openIpcReader(
    columnar::BufferPtr bytes, const IpcReadOptions& options = {});

}  // namespace sabot::ipc
