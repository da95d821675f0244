#include "sabot/formats/ReadOptions.h"

namespace sabot::formats {

Status ReadOptions::validate() const {
  if (batchSize <= 0) return Status::invalid("batchSize must be positive, got {}", batchSize);
  if (chunkBytes <= 0) return Status::invalid("chunkBytes must be positive, got {}", chunkBytes);
  if (maxRecordBytes <= 0)
    return Status::invalid("maxRecordBytes must be positive, got {}", maxRecordBytes);
  if (inferenceRows < 0)
    return Status::invalid("inferenceRows must not be negative, got {}", inferenceRows);
  if (pool == nullptr) return Status::invalid("the memory pool is null");
  return BadRecordHandler::validate(onError, deadLetterSink.get());
}

}  // namespace sabot::formats
