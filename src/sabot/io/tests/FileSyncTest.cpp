#include "sabot/io/FileSync.h"

#include <gtest/gtest.h>

#include <fstream>

#include "sabot/base/testing/TestDirectory.h"

namespace sabot::io {
namespace {

TEST(FileSyncTest, SyncsFilesAndDirectoriesAndNamesWhatIsMissing) {
  const std::filesystem::path directory = sabot::testing::freshTestDirectory("sabot-file-sync");
  std::filesystem::create_directories(directory);
  const std::filesystem::path file = directory / "data.txt";
  std::ofstream(file) << "rows";
  EXPECT_TRUE(syncFile(file).ok());
  EXPECT_TRUE(syncDirectory(directory).ok());

  const Status missing = syncFile(directory / "gone.txt");
  EXPECT_FALSE(missing.ok());
  EXPECT_NE(missing.message().find("gone.txt"), std::string::npos) << missing;
  const Status notADirectory = syncDirectory(file);
  EXPECT_FALSE(notADirectory.ok()) << "a file is not a directory";
  std::filesystem::remove_all(directory);
}

}  // namespace
}  // namespace sabot::io
