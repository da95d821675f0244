#include "sabot/ipc/IpcFormat.h"

#include <cstring>

#include "sabot/io/FileInputStream.h"
#include "sabot/ipc/IpcFileReader.h"
#include "sabot/ipc/IpcStreamReader.h"

namespace sabot::ipc {

IpcFormat detectIpcFormat(std::string_view firstBytes) {
  if (firstBytes.substr(0, kFileMagic.size()) == kFileMagic) return IpcFormat::kFile;
  if (firstBytes.size() < 4) return IpcFormat::kUnknown;
  uint32_t word;
  std::memcpy(&word, firstBytes.data(), 4);
  if (word == kContinuationMarker) return IpcFormat::kStream;
  // Pre-0.15 streams start with the metadata length itself: positive and,
  // in practice, far below 2^31.
  const auto length = static_cast<int32_t>(word);
  return length > 0 && length < (int32_t{1} << 28) ? IpcFormat::kStream : IpcFormat::kUnknown;
}

Result<std::unique_ptr<columnar::RecordBatchReader>> openIpcReader(columnar::BufferPtr bytes,
                                                                   const IpcReadOptions& options) {
  if (!bytes) return Status::invalid("openIpcReader without input bytes");
  switch (detectIpcFormat(bytes->view().substr(0, 8))) {
    case IpcFormat::kFile: {
      SABOT_ASSIGN_OR_RAISE(auto reader, IpcFileReader::make(std::move(bytes), options));
      return std::unique_ptr<columnar::RecordBatchReader>(std::move(reader));
    }
    case IpcFormat::kStream: {
      SABOT_ASSIGN_OR_RAISE(auto reader, IpcStreamReader::make(std::move(bytes), options));
      return std::unique_ptr<columnar::RecordBatchReader>(std::move(reader));
    }
    case IpcFormat::kUnknown: break;
  }
  return Status::corrupt("IPC data at byte 0: neither the ARROW1 file magic nor a stream message prefix");
}

Result<std::unique_ptr<columnar::RecordBatchReader>> openIpcReader(const std::filesystem::path& path,
                                                                   const IpcReadOptions& options) {
  char head[8] = {};
  int64_t got = 0;
  {
    SABOT_ASSIGN_OR_RAISE(auto probe, io::FileInputStream::open(path));
    SABOT_ASSIGN_OR_RAISE(got, probe->read(8, head));
  }
  switch (detectIpcFormat(std::string_view(head, static_cast<size_t>(got)))) {
    case IpcFormat::kFile: {
      SABOT_ASSIGN_OR_RAISE(auto reader, IpcFileReader::make(path, options));
      return std::unique_ptr<columnar::RecordBatchReader>(std::move(reader));
    }
    case IpcFormat::kStream: {
      SABOT_ASSIGN_OR_RAISE(auto reader, IpcStreamReader::make(path, options));
      return std::unique_ptr<columnar::RecordBatchReader>(std::move(reader));
    }
    case IpcFormat::kUnknown: break;
  }
  return Status::corrupt("{}: IPC data at byte 0: neither the ARROW1 file magic nor a stream message prefix",
                         path.string());
}

}  // namespace sabot::ipc
