#pragma once

#include <string_view>

#include <rocksdb/status.h>

#include "sabot/base/Status.h"

namespace sabot::state {

/// Converts a RocksDB status at the boundary: `operation` is what was being
/// done ("put", "open"), `where` names the state and directory. I/O and
/// out-of-space errors become IOError, corruption Corrupt, so a failing disk
/// fails the job with a message saying what and where.
Status fromRocksDb(const rocksdb::Status& status, std::string_view operation, std::string_view where);

}  // namespace sabot::state
