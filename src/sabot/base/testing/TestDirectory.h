#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

namespace sabot::testing {

/// An empty directory under ::testing::TempDir() that belongs to this test
/// process alone. CTest runs every test case in its own process, several at
/// once, so a name fixed in the source would be shared between cases that
/// happen to pick the same one (one would delete the other's checkpoints); the
/// process id keeps them apart. The directory is not created, only cleared.
inline std::filesystem::path freshTestDirectory(const std::string& name) {
  const std::filesystem::path path =
      std::filesystem::path(::testing::TempDir()) / (name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(path);
  return path;
}

}  // namespace sabot::testing
