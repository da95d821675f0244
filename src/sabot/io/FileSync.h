#pragma once

#include <filesystem>

#include "sabot/base/Status.h"

namespace sabot::io {

/// Flushes a file's data to the disk (fsync). Writers that publish files by
/// renaming them call it before the rename, so a crash after the rename
/// cannot leave a visible name over missing data.
Status syncFile(const std::filesystem::path& path);

/// Flushes a directory's entries (fsync of the directory): makes renames
/// and creations in it durable.
Status syncDirectory(const std::filesystem::path& directory);

}  // namespace sabot::io
