// Export of a RecordBatchReader as an Arrow C Stream Interface producer.

#include <cerrno>
#include <exception>
#include <new>
#include <string>

#include "sabot/columnar/CStreamInterface.h"

namespace sabot::columnar {

namespace {

struct ExportedStream {
  std::shared_ptr<RecordBatchReader> reader;
  std::string lastError;
};

ExportedStream& streamState(ArrowArrayStream* stream) {
  return *static_cast<ExportedStream*>(stream->private_data);
}

int errnoFor(const Status& status) {
  switch (status.code()) {
    case StatusCode::kOutOfMemory: return ENOMEM;
    case StatusCode::kIOError: return EIO;
    case StatusCode::kUnsupported: return ENOSYS;
    default: return EINVAL;
  }
}

int fail(ExportedStream& state, const Status& status) {
  state.lastError = status.toString();
  return errnoFor(status);
}

// The callbacks are called from C: nothing may propagate out of them, so a
// failed allocation inside the C++ code becomes ENOMEM.
int getSchema(ArrowArrayStream* stream, ArrowSchema* out) {
  ExportedStream& state = streamState(stream);
  try {
    state.lastError.clear();
    const SchemaPtr schema = state.reader->schema();
    if (!schema) return fail(state, Status::invalid("the record batch reader has no schema"));
    const Status status = exportSchema(*schema, out);
    return status.ok() ? 0 : fail(state, status);
  } catch (const std::bad_alloc&) {
    return fail(state, Status::outOfMemory("exporting the stream schema"));
  } catch (const std::exception& error) {
    return fail(state, Status::internal("exporting the stream schema: {}", error.what()));
  }
}

int getNext(ArrowArrayStream* stream, ArrowArray* out) {
  ExportedStream& state = streamState(stream);
  try {
    state.lastError.clear();
    auto batch = state.reader->next();
    if (!batch.ok()) return fail(state, batch.status());
    if (!*batch) {
      *out = ArrowArray{};  // end of stream: a released array
      return 0;
    }
    const Status status = exportRecordBatch(**batch, out);
    return status.ok() ? 0 : fail(state, status);
  } catch (const std::bad_alloc&) {
    return fail(state, Status::outOfMemory("exporting the next stream batch"));
  } catch (const std::exception& error) {
    return fail(state, Status::internal("exporting the next stream batch: {}", error.what()));
  }
}

const char* getLastError(ArrowArrayStream* stream) {
  const ExportedStream& state = streamState(stream);
  return state.lastError.empty() ? nullptr : state.lastError.c_str();
}

void releaseStream(ArrowArrayStream* stream) {
  if (stream == nullptr || stream->release == nullptr) return;
  delete static_cast<ExportedStream*>(stream->private_data);
  stream->release = nullptr;
  stream->private_data = nullptr;
}

}  // namespace

Status exportRecordBatchStream(std::shared_ptr<RecordBatchReader> reader, ArrowArrayStream* out) {
  if (!reader) return Status::invalid("cannot export a null record batch reader");
  auto state = std::make_unique<ExportedStream>();
  state->reader = std::move(reader);
  out->get_schema = &getSchema;
  out->get_next = &getNext;
  out->get_last_error = &getLastError;
  out->release = &releaseStream;
  out->private_data = state.release();
  return Status::OK();
}

}  // namespace sabot::columnar
