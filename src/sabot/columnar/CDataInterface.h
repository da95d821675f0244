#pragma once

// The Arrow C Data Interface: a small, ABI-stable pair of C structs through
// which Arrow arrays and their types cross library boundaries inside one
// process without copying (https://arrow.apache.org/docs/format/CDataInterface.html).
//
// Export hands Sabot memory to a consumer (another Arrow library, Python via
// a capsule, DuckDB, ...): the structs keep the exported buffers alive until
// the consumer calls their release callback. Import wraps a producer's
// buffers zero-copy; the producer's release callback runs when the last
// Sabot buffer referencing them goes away.

#include <cstdint>
#include <memory>

#include "sabot/base/Result.h"
#include "sabot/columnar/Array.h"
#include "sabot/columnar/RecordBatch.h"
#include "sabot/columnar/Schema.h"

// The struct definitions follow the specification to the letter; the guard
// is the canonical one, so these coexist with copies in other headers (Arrow
// C++, nanoarrow, DuckDB) included into the same translation unit.
extern "C" {

#ifndef ARROW_C_DATA_INTERFACE
#define ARROW_C_DATA_INTERFACE

#define ARROW_FLAG_DICTIONARY_ORDERED 1
#define ARROW_FLAG_NULLABLE 2
#define ARROW_FLAG_MAP_KEYS_SORTED 4

struct ArrowSchema {
  // Array type description
  const char* format;
  const char* name;
  const char* metadata;
  int64_t flags;
  int64_t n_children;
  struct ArrowSchema** children;
  struct ArrowSchema* dictionary;

  // Release callback
  void (*release)(struct ArrowSchema*);
  // Opaque producer-specific data
  void* private_data;
};

struct ArrowArray {
  // Array data description
  int64_t length;
  int64_t null_count;
  int64_t offset;
  int64_t n_buffers;
  int64_t n_children;
  const void** buffers;
  struct ArrowArray** children;
  struct ArrowArray* dictionary;

  // Release callback
  void (*release)(struct ArrowArray*);
  // Opaque producer-specific data
  void* private_data;
};

#endif  // ARROW_C_DATA_INTERFACE

}  // extern "C"

namespace sabot::columnar {

// ------------------------------------------------------------------ export
//
// Every export fills `out` only on success; on failure `out` is untouched.
// The consumer owns the filled struct and must call its release callback
// exactly once (moving the struct, as the specification allows, moves that
// duty with it). Release frees everything the export allocated, including
// children and dictionary that were not moved out, and sets `release` to
// NULL.

/// Exports a type as a nameless, nullable ArrowSchema ("l", "tsm:UTC",
/// "+s" with one child per field, the index format with a `dictionary`
/// member for dictionary types, ...).
Status exportType(const DataType& type, ArrowSchema* out);
/// Exports a field: its type plus name, the ARROW_FLAG_NULLABLE flag and
/// key/value metadata.
Status exportField(const Field& field, ArrowSchema* out);
/// Exports a schema as a "+s" ArrowSchema with one child per field and the
/// schema metadata on the top level.
Status exportSchema(const Schema& schema, ArrowSchema* out);

/// Exports an array zero-copy: the ArrowArray points at the array's own
/// buffers (offset and length as in the array) and keeps them alive until
/// released. With `outSchema`, also exports the array's type there.
Status exportArray(const Array& array, ArrowArray* out, ArrowSchema* outSchema = nullptr);
/// Exports a record batch as a non-null struct array with one child per
/// column. With `outSchema`, also exports the batch schema there.
Status exportRecordBatch(const RecordBatch& batch, ArrowArray* out,
                         ArrowSchema* outSchema = nullptr);

// ------------------------------------------------------------------ import
//
// Imports consume their C structs whether they succeed or fail: an
// ArrowSchema is released before returning; an ArrowArray is moved into a
// private owner (its `release` set to NULL in place) that calls the
// producer's release callback once the last buffer wrapping its memory is
// gone, or at once if the import fails. Passing an already released struct
// is an error. Imported arrays are checked with validateArray (full UTF-8
// check included); malformed structs give an error, never a crash, as far as
// the struct's own fields allow (buffer sizes cannot be checked by a
// consumer: they are computed from the type, length and offsets).

/// Imports the type described by `schema` (name, flags and metadata of the
/// top level are ignored). Unsupported format strings give an Unsupported
/// error naming the format.
Result<DataTypePtr> importType(ArrowSchema* schema);
/// Imports a field: type, name, nullability and metadata.
Result<FieldPtr> importField(ArrowSchema* schema);
/// Imports a "+s" ArrowSchema as a schema (children become the fields).
Result<SchemaPtr> importSchema(ArrowSchema* schema);

/// Imports an array of a known type.
Result<Array> importArray(ArrowArray* array, const DataTypePtr& type);
/// Imports an array and its type; both structs are consumed.
Result<Array> importArray(ArrowArray* array, ArrowSchema* schema);
/// Imports a struct array without nulls as a record batch of a known schema.
Result<RecordBatchPtr> importRecordBatch(ArrowArray* array, const SchemaPtr& schema);
/// Imports a struct array without nulls and its "+s" schema as a record
/// batch; both structs are consumed.
Result<RecordBatchPtr> importRecordBatch(ArrowArray* array, ArrowSchema* schema);

}  // namespace sabot::columnar
