// `sabot checkpoint list|inspect|verify`: look into a checkpoint directory
// (DIR/chk-N/_metadata + task files) without running the job.

#include <fmt/format.h>

#include <cstdio>
#include <ctime>
#include <filesystem>

#include "sabot/checkpoint/CheckpointStorage.h"
#include "sabot/checkpoint/SnapshotStream.h"
#include "sabot/cli/Cli.h"
#include "sabot/cli/Command.h"

namespace sabot::cli {

namespace {

namespace fs = std::filesystem;
using checkpoint::CheckpointStorage;
using checkpoint::CheckpointVerification;

struct CheckpointOptions {
  std::string path;
  std::string id;  ///< inspect: a checkpoint id or "latest"
};

int fail(const std::string& command, int exitCode, const std::string& message) {
  std::fprintf(stderr, "sabot checkpoint %s: %s\n", command.c_str(), message.c_str());
  return exitCode;
}

std::string formatTime(int64_t timestampMs) {
  const std::time_t seconds = static_cast<std::time_t>(timestampMs / 1000);
  std::tm utc{};
  if (gmtime_r(&seconds, &utc) == nullptr) return fmt::format("{} ms", timestampMs);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%d %H:%M:%S", &utc);
  return fmt::format("{}.{:03} UTC", text, timestampMs % 1000 < 0 ? 0 : timestampMs % 1000);
}

bool isCheckpoint(const fs::path& path) {
  std::error_code error;
  return checkpoint::checkpointIdOf(path).has_value() && fs::is_directory(path, error);
}

/// What a path on the command line names: one checkpoint (`chk-N`) or a
/// checkpoint directory holding `chk-N` directories. A clear error for
/// anything else.
struct Target {
  bool single = false;
  fs::path path;
};

Result<Target> resolveTarget(const std::string& given) {
  if (given.empty()) return Status::invalid("no directory given");
  const fs::path path(given);
  std::error_code error;
  const fs::file_status status = fs::status(path, error);
  if (!fs::exists(status)) return Status::invalid("'{}' does not exist", given);
  if (!fs::is_directory(status)) {
    return Status::invalid("'{}' is not a directory (give a checkpoint directory or one of its chk-N directories)",
                           given);
  }
  // A trailing slash makes filename() empty; normalise it away.
  fs::path normal = path.lexically_normal();
  if (normal.filename().empty()) normal = normal.parent_path();
  if (isCheckpoint(normal)) return Target{true, normal};
  if (fs::exists(normal / CheckpointStorage::kMetadataName, error)) {
    return Status::invalid("'{}' holds a _metadata file but is not named chk-N", given);
  }
  for (const fs::directory_entry& entry : fs::directory_iterator(normal, error)) {
    if (isCheckpoint(entry.path())) return Target{false, normal};
  }
  return Status::invalid("'{}' is not a checkpoint directory: it holds no chk-N directories", given);
}

/// Checkpoints of a directory, newest first.
Result<std::vector<fs::path>> checkpointsIn(const fs::path& directory) {
  SABOT_ASSIGN_OR_RAISE(CheckpointStorage storage, CheckpointStorage::open(directory));
  return storage.listAll();
}

std::string statusWord(const CheckpointVerification& verification) {
  if (!verification.hasMetadata) return "incomplete";
  return verification.complete() ? "complete" : "damaged";
}

int runList(const CheckpointOptions& options) {
  auto target = resolveTarget(options.path);
  if (!target.ok()) return fail("list", kExitUsage, target.status().message());
  std::vector<fs::path> checkpoints;
  if (target->single) {
    checkpoints.push_back(target->path);
  } else {
    auto found = checkpointsIn(target->path);
    if (!found.ok()) return fail("list", kExitFailure, found.status().message());
    checkpoints = std::move(*found);
  }
  std::printf("%-8s %-10s %-27s %12s %6s  %s\n", "ID", "STATUS", "TRIGGERED", "BYTES", "FILES", "PATH");
  for (const fs::path& path : checkpoints) {
    const CheckpointVerification verification = CheckpointStorage::verify(path);
    std::string triggered = "-", bytes = "-", files = "-";
    if (verification.metadata) {
      uint64_t total = 0;
      for (const auto& file : verification.metadata->files) total += file.size;
      std::error_code error;
      const auto metadataSize = fs::file_size(path / CheckpointStorage::kMetadataName, error);
      if (!error) total += metadataSize;
      triggered = formatTime(verification.metadata->timestampMs);
      bytes = std::to_string(total);
      files = std::to_string(verification.metadata->files.size());
    }
    std::printf("%-8s %-10s %-27s %12s %6s  %s\n",
                verification.id ? std::to_string(*verification.id).c_str() : "?", statusWord(verification).c_str(),
                triggered.c_str(), bytes.c_str(), files.c_str(), path.string().c_str());
    if (verification.damaged()) {
      for (const std::string& problem : verification.problems()) std::printf("         %s\n", problem.c_str());
    }
  }
  return kExitSuccess;
}

/// The operators' sections of one task state file (as Task writes them: a
/// count, then per operator its node id and its bytes), for inspect.
std::string describeSections(const std::string& bytes, const checkpoint::CheckpointMetadata& metadata,
                             const std::string& where) {
  checkpoint::SnapshotReader reader(bytes, where);
  auto count = reader.readCount(12);
  if (!count.ok()) return "      (cannot read its operator sections: " + count.status().message() + ")\n";
  std::string text;
  for (uint64_t i = 0; i < *count; ++i) {
    auto nodeId = reader.read<uint32_t>();
    auto section = nodeId.ok() ? reader.readString() : Result<std::string>(nodeId.status());
    if (!section.ok()) return text + "      (cannot read its operator sections: " + section.status().message() + ")\n";
    const std::string name = *nodeId < metadata.operators.size() ? metadata.operators[*nodeId].name : "?";
    text += fmt::format("      operator [{}] {:<28} {:>10} bytes\n", *nodeId, "'" + name + "'", section->size());
  }
  if (!reader.atEnd()) text += "      (bytes left over after the operator sections)\n";
  return text;
}

int runInspect(const CheckpointOptions& options) {
  auto target = resolveTarget(options.path);
  if (!target.ok()) return fail("inspect", kExitUsage, target.status().message());
  fs::path checkpointPath = target->path;
  if (target->single) {
    if (!options.id.empty()) return fail("inspect", kExitUsage, "--id goes with a checkpoint directory, not a chk-N");
  } else {
    if (options.id.empty()) {
      return fail("inspect", kExitUsage,
                  fmt::format("'{}' is a checkpoint directory: give --id N or --id latest, or a chk-N directory",
                              options.path));
    }
    if (options.id == "latest") {
      std::vector<std::string> skipped;
      auto storage = CheckpointStorage::open(target->path);
      if (!storage.ok()) return fail("inspect", kExitFailure, storage.status().message());
      auto latest = storage->loadLatest(&skipped);
      for (const std::string& why : skipped) std::fprintf(stderr, "sabot checkpoint inspect: skipping %s\n", why.c_str());
      if (!latest.ok()) return fail("inspect", kExitFailure, latest.status().message());
      checkpointPath = latest->path;
    } else {
      if (options.id.find_first_not_of("0123456789") != std::string::npos) {
        return fail("inspect", kExitUsage, fmt::format("--id must be a number or 'latest', not '{}'", options.id));
      }
      checkpointPath = target->path / ("chk-" + options.id);
      std::error_code error;
      if (!fs::is_directory(checkpointPath, error)) {
        return fail("inspect", kExitUsage, fmt::format("there is no checkpoint {} ('{}')", options.id,
                                                       checkpointPath.string()));
      }
    }
  }
  const CheckpointVerification verification = CheckpointStorage::verify(checkpointPath);
  if (!verification.metadata) {
    return fail("inspect", kExitFailure,
                verification.problems().empty() ? checkpointPath.string() + ": unreadable" : verification.problems()[0]);
  }
  const checkpoint::CheckpointMetadata& metadata = *verification.metadata;
  uint64_t stateBytes = 0;
  for (const auto& file : metadata.files) stateBytes += file.size;
  std::printf("checkpoint %lld  %s\n", static_cast<long long>(metadata.checkpointId), checkpointPath.string().c_str());
  std::printf("  status     %s\n", statusWord(verification).c_str());
  std::printf("  job        %s\n", metadata.jobName.c_str());
  std::printf("  triggered  %s (%lld ms)\n", formatTime(metadata.timestampMs).c_str(),
              static_cast<long long>(metadata.timestampMs));
  std::printf("  state      %zu files, %llu bytes\n", metadata.files.size(), static_cast<unsigned long long>(stateBytes));
  std::printf("operators:\n");
  for (size_t i = 0; i < metadata.operators.size(); ++i) {
    std::printf("  [%zu] %-32s parallelism %d\n", i, ("'" + metadata.operators[i].name + "'").c_str(),
                metadata.operators[i].parallelism);
  }
  std::printf("state files (task-C-S.state: chain C, subtask S):\n");
  // The state as the job reads it (decompressed), for the sections.
  auto loaded = CheckpointStorage::load(checkpointPath);
  for (size_t i = 0; i < metadata.files.size(); ++i) {
    const auto& file = metadata.files[i];
    const CheckpointVerification::FileCheck& check = verification.files[i];
    const std::string compression =
        file.compression == ipc::Compression::kNone
            ? std::string()
            : fmt::format("  ({}, {} bytes decompressed)", ipc::compressionName(file.compression), file.rawSize);
    std::printf("  %-20s %10llu bytes  xxh3 %016llx  %s%s\n", file.name.c_str(),
                static_cast<unsigned long long>(file.size), static_cast<unsigned long long>(file.checksum),
                check.error.ok() ? "ok" : "DAMAGED", compression.c_str());
    if (!check.error.ok()) {
      std::printf("      %s\n", check.error.message().c_str());
      continue;
    }
    if (loaded.ok()) {
      std::printf("%s",
                  describeSections(loaded->files.at(file.name), metadata, (checkpointPath / file.name).string()).c_str());
    }
  }
  return verification.complete() ? kExitSuccess : kExitFailure;
}

int runVerify(const CheckpointOptions& options) {
  auto target = resolveTarget(options.path);
  if (!target.ok()) return fail("verify", kExitUsage, target.status().message());
  std::vector<fs::path> checkpoints;
  if (target->single) {
    checkpoints.push_back(target->path);
  } else {
    auto found = checkpointsIn(target->path);
    if (!found.ok()) return fail("verify", kExitFailure, found.status().message());
    checkpoints = std::move(*found);
  }
  int complete = 0;
  int damaged = 0;
  for (const fs::path& path : checkpoints) {
    const CheckpointVerification verification = CheckpointStorage::verify(path);
    if (!verification.hasMetadata) {
      std::printf("%s: incomplete (no _metadata: it never completed; restoring ignores it)\n", path.string().c_str());
      continue;
    }
    if (verification.complete()) {
      ++complete;
      std::printf("%s: ok (%zu state files, every checksum matches)\n", path.string().c_str(),
                  verification.files.size());
      continue;
    }
    ++damaged;
    std::printf("%s: DAMAGED\n", path.string().c_str());
    for (const std::string& problem : verification.problems()) {
      std::fprintf(stderr, "sabot checkpoint verify: %s\n", problem.c_str());
    }
  }
  if (damaged > 0) {
    return fail("verify", kExitFailure, fmt::format("{} damaged checkpoint{}, {} ok", damaged, damaged == 1 ? "" : "s",
                                                    complete));
  }
  if (complete == 0) return fail("verify", kExitFailure, fmt::format("no completed checkpoint in '{}'", options.path));
  return kExitSuccess;
}

}  // namespace

void registerCheckpointCommand(CLI::App& app, CommandAction& chosen) {
  auto* command = app.add_subcommand(
      "checkpoint",
      "List, inspect and verify checkpoints (DIR/chk-N/_metadata + task-C-S.state files):\n"
      "  sabot checkpoint list DIR                   every chk-N: id, complete/damaged/incomplete,\n"
      "                                              trigger time, bytes, number of state files\n"
      "  sabot checkpoint inspect DIR/chk-N          one checkpoint: its operators, state files\n"
      "  sabot checkpoint inspect DIR --id N|latest  and each operator's bytes per subtask\n"
      "  sabot checkpoint verify DIR|DIR/chk-N       check every size and xxh3 checksum; names\n"
      "                                              each damaged file\n"
      "Exit codes: 0 ok, 1 a damaged checkpoint (or none completed), 2 bad usage or a path that\n"
      "is not a checkpoint directory. See docs/checkpoints.md.");
  command->require_subcommand(1);
  auto options = std::make_shared<CheckpointOptions>();

  auto* list = command->add_subcommand("list", "List the checkpoints of a checkpoint directory, newest first");
  list->add_option("DIR", options->path, "A checkpoint directory (--checkpoint-dir of the job)")->required();
  list->callback([&chosen, options] { chosen.action = [options] { return runList(*options); }; });

  auto* inspect = command->add_subcommand(
      "inspect", "Show one checkpoint: job, operators, state files and the bytes per operator and subtask");
  inspect->add_option("PATH", options->path, "A chk-N directory, or a checkpoint directory with --id")->required();
  inspect->add_option("--id", options->id, "With a checkpoint directory: the checkpoint id, or 'latest' (the newest "
                                           "that verifies, as --restore-from latest picks it)");
  inspect->callback([&chosen, options] { chosen.action = [options] { return runInspect(*options); }; });

  auto* verify = command->add_subcommand(
      "verify", "Check every checksum of one checkpoint or of every checkpoint in a directory; exit 1 naming each "
                "damaged file");
  verify->add_option("PATH", options->path, "A checkpoint directory or one chk-N directory")->required();
  verify->callback([&chosen, options] { chosen.action = [options] { return runVerify(*options); }; });
}

}  // namespace sabot::cli
