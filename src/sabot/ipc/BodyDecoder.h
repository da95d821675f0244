#pragma once

// Internal: turns the FieldNodes and Buffers of a RecordBatch header plus the
// message body into arrays, checking every count, offset and length against
// the schema and the body before touching memory.

#include <vector>

#include "sabot/base/Result.h"
#include "sabot/columnar/RecordBatch.h"
#include "sabot/ipc/DictionaryMemo.h"
#include "sabot/ipc/IpcOptions.h"
#include "sabot/ipc/SchemaFlatbuffer.h"
#include "sabot/ipc/format/Message_generated.h"

namespace sabot::ipc {

/// Decodes a record batch message. Every column passes
/// columnar::validateArray. Errors are Corrupt (or Unsupported) without
/// position context; the reader adds it.
Result<columnar::RecordBatchPtr> decodeRecordBatch(const fb::RecordBatch& header,
                                                   const columnar::BufferPtr& body, const SchemaInfo& schema,
                                                   const DictionaryMemo& dictionaries,
                                                   const IpcReadOptions& options);

/// Decodes a dictionary batch message and applies it to `dictionaries`.
/// `allowReplacement` is false for the file format.
Status decodeDictionaryBatch(const fb::DictionaryBatch& header, const columnar::BufferPtr& body,
                             DictionaryMemo& dictionaries, bool allowReplacement,
                             const IpcReadOptions& options);

}  // namespace sabot::ipc
