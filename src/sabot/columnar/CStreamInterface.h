#pragma once

// The Arrow C Stream Interface: a pull-style stream of record batches with
// one schema, built on the C Data Interface structs
// (https://arrow.apache.org/docs/format/CStreamInterface.html).

#include <memory>

#include "sabot/base/Result.h"
#include "sabot/columnar/CDataInterface.h"
#include "sabot/columnar/RecordBatchReader.h"

extern "C" {

#ifndef ARROW_C_STREAM_INTERFACE
#define ARROW_C_STREAM_INTERFACE

struct ArrowArrayStream {
  // Callbacks providing stream functionality
  int (*get_schema)(struct ArrowArrayStream*, struct ArrowSchema* out);
  int (*get_next)(struct ArrowArrayStream*, struct ArrowArray* out);
  const char* (*get_last_error)(struct ArrowArrayStream*);

  // Release callback
  void (*release)(struct ArrowArrayStream*);

  // Opaque producer-specific data
  void* private_data;
};

#endif  // ARROW_C_STREAM_INTERFACE

}  // extern "C"

namespace sabot::columnar {

/// Exposes `reader` as an ArrowArrayStream. get_schema exports the reader's
/// schema; get_next exports the next batch as a struct array, or writes a
/// released ArrowArray (release == NULL) at the end of the stream. Errors
/// return an errno value (EINVAL, ENOMEM, EIO) and get_last_error describes
/// them until the next call. The reader lives until the consumer releases
/// the stream; batches already handed out live until their own release.
Status exportRecordBatchStream(std::shared_ptr<RecordBatchReader> reader, ArrowArrayStream* out);

/// Wraps a foreign ArrowArrayStream as a reader. The stream is moved into the
/// reader (its `release` set to NULL in place) and released with it; it is
/// released at once if reading the schema fails. next() imports each batch
/// zero-copy and returns nullptr at the end of the stream; a failing
/// get_next becomes an error carrying get_last_error's message.
Result<std::shared_ptr<RecordBatchReader>> importRecordBatchStream(ArrowArrayStream* stream);

}  // namespace sabot::columnar
