#pragma once

#include <filesystem>

#include "sabot/base/Result.h"
#include "sabot/columnar/Buffer.h"

namespace sabot::io {

/// Maps a whole file read-only into memory. The returned buffer unmaps it
/// when its last reference (including slices) goes. An empty file gives an
/// empty buffer. The file must not shrink while mapped.
Result<columnar::BufferPtr> mapFile(const std::filesystem::path& path);

}  // namespace sabot::io
