#pragma once

// Internal: writes encapsulated IPC messages (continuation marker, metadata
// length, Message flatbuffer, padding, body) and builds their flatbuffers.

#include <flatbuffers/flatbuffers.h>

#include <cstdint>

#include "sabot/base/Result.h"
#include "sabot/columnar/Schema.h"
#include "sabot/io/OutputStream.h"
#include "sabot/ipc/BodyEncoder.h"
#include "sabot/ipc/format/File_generated.h"

namespace sabot::ipc {

/// A finished Message flatbuffer for the schema.
void buildSchemaMessage(flatbuffers::FlatBufferBuilder& builder, const columnar::Schema& schema);
/// A finished Message flatbuffer for a record batch of `length` rows.
void buildRecordBatchMessage(flatbuffers::FlatBufferBuilder& builder, int64_t length,
                             const EncodedBody& body, Compression compression);
/// A finished Message flatbuffer for dictionary `id` with `length` values.
void buildDictionaryBatchMessage(flatbuffers::FlatBufferBuilder& builder, int64_t id, bool isDelta,
                                 int64_t length, const EncodedBody& body, Compression compression);

/// Writes one message: its metadata padded so that the body starts at a
/// multiple of `alignment` from the message start, then the body pieces at
/// their offsets. Returns its Block (offset, metadata length, body length).
Result<fb::Block> writeMessage(io::OutputStream& sink, const flatbuffers::FlatBufferBuilder& metadata,
                               const EncodedBody* body, int alignment);

/// The end-of-stream marker: continuation marker then a zero length.
Status writeEndOfStream(io::OutputStream& sink);

}  // namespace sabot::ipc
