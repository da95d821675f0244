#include "sabot/ipc/IpcStreamReader.h"

#include "sabot/io/BufferInputStream.h"
#include "sabot/io/FileInputStream.h"
#include "sabot/ipc/BodyDecoder.h"
#include "sabot/ipc/MessageReader.h"

namespace sabot::ipc {

class StreamReaderState {
 public:
  StreamReaderState(std::unique_ptr<io::InputStream> input, const IpcReadOptions& options, SchemaInfo schema)
      : input(std::move(input)),
        options(options),
        schema(std::move(schema)),
        dictionaries(this->schema.dictionaryValueTypes) {}

  std::unique_ptr<io::InputStream> input;
  IpcReadOptions options;
  SchemaInfo schema;
  DictionaryMemo dictionaries;
  int64_t numDictionaryBatches = 0;
  bool finished = false;
  /// A failure is final: the position in the stream is lost.
  Status failure;
};

namespace {

Status atByte(const Status& status, int64_t offset) {
  return status.withContext("IPC stream at byte {}", offset);
}

}  // namespace

Result<std::unique_ptr<IpcStreamReader>> IpcStreamReader::make(std::unique_ptr<io::InputStream> input,
                                                               const IpcReadOptions& options) {
  if (!input) return Status::invalid("IPC stream reader without an input");
  if (!options.pool) return Status::invalid("IPC stream reader without a memory pool");
  const int64_t start = input->position();
  auto first = readStreamMessage(*input, options);
  if (!first.ok()) return atByte(first.status(), start);
  if (!first->has_value()) {
    return Status::corrupt("IPC stream at byte {}: the stream ends before its schema message", start);
  }
  const IpcMessage& message = **first;
  if (message.message->header_type() != fb::MessageHeader::Schema) {
    return Status::corrupt("IPC stream at byte {}: the first message is a {}, not a Schema", start,
                           fb::EnumNameMessageHeader(message.message->header_type()));
  }
  auto schema = readSchema(*message.message->header_as_Schema());
  if (!schema.ok()) return atByte(schema.status(), start);
  auto state = std::make_unique<StreamReaderState>(std::move(input), options, std::move(schema).value());
  return std::make_unique<IpcStreamReader>(std::move(state));
}

Result<std::unique_ptr<IpcStreamReader>> IpcStreamReader::make(const std::filesystem::path& path,
                                                               const IpcReadOptions& options) {
  SABOT_ASSIGN_OR_RAISE(auto input, io::FileInputStream::open(path));
  auto reader = make(std::unique_ptr<io::InputStream>(std::move(input)), options);
  if (!reader.ok()) return reader.status().withContext("{}", path.string());
  return reader;
}

Result<std::unique_ptr<IpcStreamReader>> IpcStreamReader::make(columnar::BufferPtr bytes,
                                                               const IpcReadOptions& options) {
  if (!bytes) return Status::invalid("IPC stream reader without input bytes");
  return make(std::make_unique<io::BufferInputStream>(std::move(bytes)), options);
}

IpcStreamReader::IpcStreamReader(std::unique_ptr<StreamReaderState> state) : state_(std::move(state)) {}

IpcStreamReader::~IpcStreamReader() = default;

columnar::SchemaPtr IpcStreamReader::schema() const { return state_->schema.schema; }

int64_t IpcStreamReader::numDictionaryBatchesRead() const { return state_->numDictionaryBatches; }

Result<columnar::RecordBatchPtr> IpcStreamReader::next() {
  StreamReaderState& state = *state_;
  if (!state.failure.ok()) return state.failure;
  while (!state.finished) {
    const int64_t offset = state.input->position();
    auto read = readStreamMessage(*state.input, state.options);
    if (!read.ok()) return state.failure = atByte(read.status(), offset);
    if (!read->has_value()) {
      state.finished = true;
      break;
    }
    const IpcMessage& message = **read;
    switch (message.message->header_type()) {
      case fb::MessageHeader::RecordBatch: {
        auto batch = decodeRecordBatch(*message.message->header_as_RecordBatch(), message.body,
                                       state.schema, state.dictionaries, state.options);
        if (!batch.ok()) return state.failure = atByte(batch.status(), offset);
        return batch;
      }
      case fb::MessageHeader::DictionaryBatch: {
        Status applied = decodeDictionaryBatch(*message.message->header_as_DictionaryBatch(), message.body,
                                               state.dictionaries, /*allowReplacement=*/true, state.options);
        if (!applied.ok()) return state.failure = atByte(applied, offset);
        ++state.numDictionaryBatches;
        break;
      }
      default:
        return state.failure = Status::corrupt("IPC stream at byte {}: unexpected {} message after the schema",
                                               offset, fb::EnumNameMessageHeader(message.message->header_type()));
    }
  }
  return columnar::RecordBatchPtr();
}

}  // namespace sabot::ipc
