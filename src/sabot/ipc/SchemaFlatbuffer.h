#pragma once

// Internal: Sabot schemas to and from the Schema flatbuffer of the Arrow IPC
// format (Schema.fbs).

#include <flatbuffers/flatbuffers.h>

#include <cstdint>
#include <map>
#include <vector>

#include "sabot/base/Result.h"
#include "sabot/columnar/Schema.h"
#include "sabot/ipc/format/Schema_generated.h"

namespace sabot::ipc {

/// Checks that the writers can encode every field: rejects dictionaries whose
/// values are themselves (or contain) dictionaries, and index types that are
/// not integers.
Status checkWritableSchema(const columnar::Schema& schema);

/// Serialises `schema`. Dictionary-encoded fields get ids 0, 1, 2, ... in
/// pre-order (a field before its children, children in order), the order in
/// which the writers collect dictionaries from a batch.
flatbuffers::Offset<fb::Schema> writeSchema(flatbuffers::FlatBufferBuilder& builder,
                                            const columnar::Schema& schema);

/// Serialises key/value metadata; 0 (absent) when empty.
flatbuffers::Offset<flatbuffers::Vector<flatbuffers::Offset<fb::KeyValue>>> writeMetadata(
    flatbuffers::FlatBufferBuilder& builder, const columnar::KeyValueMetadata& metadata);

/// A schema read from the wire, with what the readers need to resolve
/// dictionary-encoded fields.
struct SchemaInfo {
  columnar::SchemaPtr schema;
  /// Dictionary id of each dictionary-encoded field, in pre-order.
  std::vector<int64_t> dictionaryIds;
  /// The value type of each dictionary id.
  std::map<int64_t, columnar::DataTypePtr> dictionaryValueTypes;
};

/// Converts a verified Schema flatbuffer. Types Sabot lacks give Unsupported;
/// inconsistent metadata (a list without a child, a bad bit width) gives
/// Corrupt.
Result<SchemaInfo> readSchema(const fb::Schema& schema);

/// Number of dictionary-encoded fields in `type` and its descendants.
int countDictionaries(const columnar::DataType& type);

}  // namespace sabot::ipc
