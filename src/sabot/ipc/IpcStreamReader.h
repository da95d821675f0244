#pragma once

#include <filesystem>
#include <memory>

#include "sabot/base/Result.h"
#include "sabot/columnar/RecordBatchReader.h"
#include "sabot/io/InputStream.h"
#include "sabot/ipc/IpcOptions.h"

namespace sabot::ipc {

class StreamReaderState;

/// Reads the Arrow IPC stream format message by message: only the current
/// message is in memory (when the input is in memory, batches are zero-copy
/// slices of it instead). Dictionary batches (replacements and deltas) are
/// applied as they come; the batches already returned keep the dictionary
/// they were read with.
///
/// Every message is verified (flatbuffers verifier, then offsets, lengths
/// and counts against the body and the schema, then columnar::validateArray
/// on every column); malformed input gives a Corrupt error such as
/// "IPC stream at byte 1234: record batch body is 80 bytes but buffer 3
/// (data of 'name') ends at byte 96". A stream that ends between messages
/// without the end-of-stream marker is accepted, as in Arrow C++.
class IpcStreamReader final : public columnar::RecordBatchReader {
 public:
  /// Reads the schema message; fails if the input does not start with one.
  static Result<std::unique_ptr<IpcStreamReader>> make(std::unique_ptr<io::InputStream> input,
                                                       const IpcReadOptions& options = {});
  static Result<std::unique_ptr<IpcStreamReader>> make(const std::filesystem::path& path,
                                                       const IpcReadOptions& options = {});
  /// Reads from memory; batches share `bytes`.
  static Result<std::unique_ptr<IpcStreamReader>> make(columnar::BufferPtr bytes,
                                                       const IpcReadOptions& options = {});
  ~IpcStreamReader() override;

  columnar::SchemaPtr schema() const override;
  /// The next record batch, or nullptr at the end of the stream.
  Result<columnar::RecordBatchPtr> next() override;

  /// Dictionary batches applied so far (deltas included).
  int64_t numDictionaryBatchesRead() const;

  explicit IpcStreamReader(std::unique_ptr<StreamReaderState> state);

 private:
  std::unique_ptr<StreamReaderState> state_;
};

}  // namespace sabot::ipc
