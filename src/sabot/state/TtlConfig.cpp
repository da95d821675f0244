#include "sabot/state/TtlConfig.h"

namespace sabot::state {

Status StateTtlConfig::validate() const {
  if (ttlMillis < 0) return Status::invalid("state TTL must be >= 0 ms (0 disables it), got {}", ttlMillis);
  if (incrementalCleanupSize < 0) {
    return Status::invalid("state TTL incrementalCleanupSize must be >= 0, got {}", incrementalCleanupSize);
  }
  if (updateType != TtlUpdateType::kOnCreateAndWrite && updateType != TtlUpdateType::kOnReadAndWrite) {
    return Status::invalid("state TTL update type {} is unknown", static_cast<int>(updateType));
  }
  if (visibility != TtlStateVisibility::kNeverReturnExpired &&
      visibility != TtlStateVisibility::kReturnExpiredIfNotCleanedUp) {
    return Status::invalid("state TTL visibility {} is unknown", static_cast<int>(visibility));
  }
  return Status::OK();
}

}  // namespace sabot::state
