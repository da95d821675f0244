// Runs the end-to-end scenarios of tests/scenarios/ (see its README): each
// is a run-file job, its input files and its expected output or error.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sabot/base/testing/TestDirectory.h"
#include "sabot/cli/RunFileJob.h"

namespace sabot::cli {
namespace {

namespace fs = std::filesystem;

struct Section {
  std::string header;  ///< the words after "=== "
  std::string body;
};

std::vector<Section> readSections(const fs::path& path) {
  std::ifstream file(path);
  std::vector<Section> sections;
  std::string line;
  while (std::getline(file, line)) {
    if (line.rfind("=== ", 0) == 0) {
      sections.push_back(Section{line.substr(4), ""});
    } else if (!sections.empty()) {
      sections.back().body += line + "\n";
    }
  }
  return sections;
}

std::vector<std::string> splitWords(const std::string& text) {
  std::istringstream stream(text);
  std::vector<std::string> words;
  std::string word;
  while (stream >> word) words.push_back(word);
  return words;
}

std::vector<std::string> readLines(const fs::path& path) {
  std::ifstream file(path);
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(file, line)) lines.push_back(line);
  return lines;
}

std::vector<std::string> linesOf(const std::string& text) {
  std::istringstream stream(text);
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(stream, line)) lines.push_back(line);
  return lines;
}

/// The lines of an output file, or of every part file of a directory with
/// the (CSV) header kept once.
std::vector<std::string> readOutput(const fs::path& path, bool directory, bool header) {
  if (!directory) return readLines(path);
  std::vector<fs::path> parts;
  for (const auto& entry : fs::directory_iterator(path)) {
    const std::string name = entry.path().filename().string();
    EXPECT_NE(name[0], '.') << "an in-progress file was left behind: " << name;
    parts.push_back(entry.path());
  }
  std::sort(parts.begin(), parts.end());
  std::vector<std::string> lines;
  for (const fs::path& part : parts) {
    std::vector<std::string> partLines = readLines(part);
    if (header && !partLines.empty()) {
      if (lines.empty()) {
        lines.push_back(partLines.front());
      } else {
        EXPECT_EQ(partLines.front(), lines.front()) << "part files disagree on the header: " << part;
      }
      partLines.erase(partLines.begin());
    }
    lines.insert(lines.end(), partLines.begin(), partLines.end());
  }
  return lines;
}

void sortAfterHeader(std::vector<std::string>& lines, bool header) {
  std::sort(lines.begin() + (header && !lines.empty() ? 1 : 0), lines.end());
}

std::string joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) text += line + "\n";
  return text;
}

class ScenarioTest : public ::testing::TestWithParam<fs::path> {};

TEST_P(ScenarioTest, Runs) {
  const fs::path scenario = GetParam();
  const std::vector<Section> sections = readSections(scenario);
  ASSERT_FALSE(sections.empty()) << scenario << " has no sections";
  const fs::path work = sabot::testing::freshTestDirectory("sabot-scenario-" + scenario.stem().string());
  fs::create_directories(work);

  std::string jobText;
  for (const Section& section : sections) {
    const std::vector<std::string> words = splitWords(section.header);
    ASSERT_FALSE(words.empty()) << "empty section header in " << scenario;
    if (words[0] == "job") {
      jobText = section.body;
    } else if (words[0] == "file") {
      ASSERT_EQ(words.size(), 2u) << section.header;
      const fs::path file = work / words[1];
      fs::create_directories(file.parent_path());
      std::ofstream(file, std::ios::binary) << section.body;
    }
  }
  ASSERT_FALSE(jobText.empty()) << scenario << " has no job section";
  std::ofstream(work / "job.yaml") << jobText;

  // Plan, then run: an error is attributed to the phase it happened in.
  std::string phase;
  Status error;
  auto spec = parseJobFile(work / "job.yaml");
  std::unique_ptr<RunFileJob> job;
  if (!spec.ok()) {
    phase = "plan";
    error = spec.status();
  } else {
    auto planned = RunFileJob::plan(*spec);
    if (!planned.ok()) {
      phase = "plan";
      error = planned.status();
    } else {
      job = std::move(*planned);
      auto report = job->run();
      if (!report.ok()) {
        phase = "run";
        error = report.status();
      }
    }
  }

  bool expectsError = false;
  for (const Section& section : sections) {
    const std::vector<std::string> words = splitWords(section.header);
    if (words[0] != "expect") continue;
    ASSERT_GE(words.size(), 2u) << section.header;
    if (words[1] == "error") {
      expectsError = true;
      ASSERT_EQ(words.size(), 3u) << "expect error plan|run";
      ASSERT_FALSE(error.ok()) << "expected the job to fail while it " << (words[2] == "plan" ? "is planned" : "runs");
      EXPECT_EQ(phase, words[2]) << error;
      for (const std::string& fragment : linesOf(section.body)) {
        if (fragment.empty()) continue;
        EXPECT_NE(error.toString().find(fragment), std::string::npos)
            << "the error lacks '" << fragment << "':\n  " << error;
      }
    } else if (words[1] == "missing") {
      ASSERT_EQ(words.size(), 3u);
      EXPECT_FALSE(fs::exists(work / words[2])) << words[2] << " should not exist";
    } else {
      const std::string& target = words[1];
      const bool unordered = words.size() > 2 && words[2] == "unordered";
      const bool directory = target.back() == '/';
      const bool header = fs::path(target).extension() == ".csv" || directory;
      ASSERT_TRUE(error.ok()) << "the job failed (" << phase << "): " << error;
      ASSERT_TRUE(fs::exists(work / target)) << target << " was not written";
      std::vector<std::string> actual = readOutput(work / target, directory, header);
      std::vector<std::string> expected = linesOf(section.body);
      if (unordered) {
        sortAfterHeader(actual, header);
        sortAfterHeader(expected, header);
      }
      EXPECT_EQ(joined(actual), joined(expected)) << "output " << target << " of " << scenario.filename();
    }
  }
  if (!expectsError) {
    EXPECT_TRUE(error.ok()) << "the job failed (" << phase << "): " << error;
  }
}

std::vector<fs::path> allScenarios() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(fs::path(SABOT_SOURCE_DIR) / "tests" / "scenarios")) {
    if (entry.path().extension() == ".scenario") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

INSTANTIATE_TEST_SUITE_P(Scenarios, ScenarioTest, ::testing::ValuesIn(allScenarios()),
                         [](const auto& info) { return info.param.stem().string(); });

}  // namespace
}  // namespace sabot::cli
