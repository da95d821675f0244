#include "sabot/ipc/IpcFileReader.h"

#include <flatbuffers/flatbuffers.h>

#include <cstring>

#include "sabot/io/MappedFile.h"
#include "sabot/ipc/BodyDecoder.h"
#include "sabot/ipc/IpcFormat.h"
#include "sabot/ipc/MessageReader.h"

namespace sabot::ipc {

using columnar::Buffer;
using columnar::BufferPtr;

class FileReaderState {
 public:
  FileReaderState(BufferPtr file, BufferPtr footerBytes, const fb::Footer* footer, int64_t dataEnd,
                  SchemaInfo schema, const IpcReadOptions& options)
      : file(std::move(file)),
        footerBytes(std::move(footerBytes)),
        footer(footer),
        dataEnd(dataEnd),
        schema(std::move(schema)),
        dictionaries(this->schema.dictionaryValueTypes),
        options(options) {}

  BufferPtr file;
  BufferPtr footerBytes;  ///< keeps `footer` alive
  const fb::Footer* footer;
  int64_t dataEnd;  ///< where the footer starts
  SchemaInfo schema;
  DictionaryMemo dictionaries;
  IpcReadOptions options;
  columnar::KeyValueMetadata footerMetadata;
  int numDictionaryBatches = 0;
};

namespace {

constexpr int64_t kLeadingMagicBytes = 8;  // "ARROW1" + 2 bytes of padding
constexpr int64_t kTrailerBytes = 4 + 6;    // int32 footer length + "ARROW1"

Status atByte(const Status& status, int64_t offset) { return status.withContext("IPC file at byte {}", offset); }

Status readDictionaries(FileReaderState& state) {
  const auto* blocks = state.footer->dictionaries();
  if (!blocks) return Status::OK();
  for (flatbuffers::uoffset_t i = 0; i < blocks->size(); ++i) {
    const fb::Block block = loadStruct(*blocks, i);
    auto message = readFileMessage(state.file, block, state.dataEnd, state.options);
    if (!message.ok()) return atByte(message.status().withContext("dictionary block {}", i), block.offset());
    if (message->message->header_type() != fb::MessageHeader::DictionaryBatch) {
      return Status::corrupt("IPC file at byte {}: dictionary block {} holds a {} message", block.offset(), i,
                             fb::EnumNameMessageHeader(message->message->header_type()));
    }
    Status applied = decodeDictionaryBatch(*message->message->header_as_DictionaryBatch(), message->body,
                                           state.dictionaries, /*allowReplacement=*/false, state.options);
    if (!applied.ok()) return atByte(applied.withContext("dictionary block {}", i), block.offset());
    ++state.numDictionaryBatches;
  }
  return Status::OK();
}

}  // namespace

Result<std::unique_ptr<IpcFileReader>> IpcFileReader::make(const std::filesystem::path& path,
                                                           const IpcReadOptions& options) {
  SABOT_ASSIGN_OR_RAISE(BufferPtr bytes, io::mapFile(path));
  auto reader = make(std::move(bytes), options);
  if (!reader.ok()) return reader.status().withContext("{}", path.string());
  return reader;
}

Result<std::unique_ptr<IpcFileReader>> IpcFileReader::make(BufferPtr bytes, const IpcReadOptions& options) {
  if (!bytes) return Status::invalid("IPC file reader without input bytes");
  if (!options.pool) return Status::invalid("IPC file reader without a memory pool");
  const int64_t size = bytes->size();
  const uint8_t* data = bytes->data();
  if (size < static_cast<int64_t>(kFileMagic.size()) ||
      std::memcmp(data, kFileMagic.data(), kFileMagic.size()) != 0) {
    return Status::corrupt("IPC file at byte 0: does not start with the ARROW1 magic");
  }
  if (size < kLeadingMagicBytes + kTrailerBytes) {
    return Status::corrupt("IPC file at byte {}: the file ends after {} bytes, before its footer", size, size);
  }
  if (std::memcmp(data + size - 6, kFileMagic.data(), kFileMagic.size()) != 0) {
    return Status::corrupt("IPC file at byte {}: does not end with the ARROW1 magic (truncated file?)",
                           size - 6);
  }
  int32_t footerLength;
  std::memcpy(&footerLength, data + size - kTrailerBytes, 4);
  if (footerLength <= 0 || footerLength > size - kLeadingMagicBytes - kTrailerBytes) {
    return Status::corrupt("IPC file at byte {}: footer length {} does not fit a file of {} bytes",
                           size - kTrailerBytes, footerLength, size);
  }
  const int64_t footerStart = size - kTrailerBytes - footerLength;
  SABOT_ASSIGN_OR_RAISE(BufferPtr footerBytes,
                        ensureAligned(Buffer::slice(bytes, footerStart, footerLength), options.pool));
  flatbuffers::Verifier verifier(footerBytes->data(), static_cast<size_t>(footerBytes->size()), 128,
                                 maxFlatbufferTables(footerBytes->size()));
  if (!fb::VerifyFooterBuffer(verifier)) {
    return Status::corrupt("IPC file at byte {}: the footer ({} bytes) is not a valid Footer flatbuffer",
                           footerStart, footerLength);
  }
  const fb::Footer* footer = fb::GetFooter(footerBytes->data());
  if (!footer->schema()) return Status::corrupt("IPC file at byte {}: the footer has no schema", footerStart);
  auto schema = readSchema(*footer->schema());
  if (!schema.ok()) return atByte(schema.status().withContext("footer schema"), footerStart);

  auto state = std::make_unique<FileReaderState>(std::move(bytes), std::move(footerBytes), footer, footerStart,
                                                 std::move(schema).value(), options);
  if (const auto* metadata = footer->custom_metadata()) {
    for (const fb::KeyValue* entry : *metadata) {
      state->footerMetadata.emplace_back(entry->key() ? entry->key()->str() : "",
                                         entry->value() ? entry->value()->str() : "");
    }
  }
  SABOT_RETURN_NOT_OK(readDictionaries(*state));
  return std::make_unique<IpcFileReader>(std::move(state));
}

IpcFileReader::IpcFileReader(std::unique_ptr<FileReaderState> state) : state_(std::move(state)) {}

IpcFileReader::~IpcFileReader() = default;

columnar::SchemaPtr IpcFileReader::schema() const { return state_->schema.schema; }

int IpcFileReader::numRecordBatches() const {
  const auto* blocks = state_->footer->recordBatches();
  return blocks ? static_cast<int>(blocks->size()) : 0;
}

int IpcFileReader::numDictionaryBatches() const { return state_->numDictionaryBatches; }

const columnar::KeyValueMetadata& IpcFileReader::footerMetadata() const { return state_->footerMetadata; }

Result<columnar::RecordBatchPtr> IpcFileReader::readRecordBatch(int index) const {
  if (index < 0 || index >= numRecordBatches()) {
    return Status::indexError("record batch {} of an IPC file with {} batches", index, numRecordBatches());
  }
  const FileReaderState& state = *state_;
  const fb::Block block = loadStruct(*state.footer->recordBatches(), static_cast<flatbuffers::uoffset_t>(index));
  auto message = readFileMessage(state.file, block, state.dataEnd, state.options);
  if (!message.ok()) return atByte(message.status().withContext("record batch {}", index), block.offset());
  if (message->message->header_type() != fb::MessageHeader::RecordBatch) {
    return Status::corrupt("IPC file at byte {}: record batch block {} holds a {} message", block.offset(),
                           index, fb::EnumNameMessageHeader(message->message->header_type()));
  }
  auto batch = decodeRecordBatch(*message->message->header_as_RecordBatch(), message->body, state.schema,
                                 state.dictionaries, state.options);
  if (!batch.ok()) return atByte(batch.status().withContext("record batch {}", index), block.offset());
  return batch;
}

Result<columnar::RecordBatchPtr> IpcFileReader::next() {
  if (nextBatch_ >= numRecordBatches()) return columnar::RecordBatchPtr();
  SABOT_ASSIGN_OR_RAISE(columnar::RecordBatchPtr batch, readRecordBatch(nextBatch_));
  ++nextBatch_;
  return batch;
}

}  // namespace sabot::ipc
