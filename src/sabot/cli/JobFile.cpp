// The YAML form of a run-file job:
//
//   name: expensive bids
//   input:  {path: bids.csv, format: csv, schema: "...", on_error: skip}
//   where:  price > 100 AND category IN (10, 12)
//   select: [auction, price * 0.908 AS euros]
//   output: {path: out/, format: jsonl}
//   parallelism: 2

#include <yaml-cpp/yaml.h>

#include <fmt/format.h>

#include <fstream>
#include <set>
#include <sstream>

#include "sabot/cli/RunFileJob.h"
#include "sabot/runtime/RestartStrategy.h"

namespace sabot::cli {

namespace {

/// Turns yaml-cpp's exceptions into errors that name the file and line.
class JobFileReader {
 public:
  explicit JobFileReader(std::string sourceName) : sourceName_(std::move(sourceName)) {}

  Status error(const YAML::Mark& mark, const std::string& message) const {
    if (mark.line < 0) return Status::invalid("{}: {}", sourceName_, message);
    return Status::invalid("{}:{}:{}: {}", sourceName_, mark.line + 1, mark.column + 1, message);
  }

  /// Every key of `map` must be one of `known`.
  Status checkKeys(const YAML::Node& map, const std::string& section, const std::set<std::string>& known) const {
    if (!map.IsMap()) return error(map.Mark(), fmt::format("'{}' must be a mapping of keys to values", section));
    for (const auto& entry : map) {
      const std::string key = entry.first.as<std::string>();
      if (known.count(key) == 0) {
        return error(entry.first.Mark(), fmt::format("unknown key '{}' in {}; expected one of: {}", key, section,
                                                     fmt::join(known, ", ")));
      }
    }
    return Status::OK();
  }

  template <typename T>
  Status read(const YAML::Node& map, const char* key, T& target) const {
    const YAML::Node value = map[key];
    if (!value) return Status::OK();
    if (!value.IsScalar()) return error(value.Mark(), fmt::format("'{}' must be a single value", key));
    try {
      target = value.as<T>();
    } catch (const YAML::BadConversion&) {
      return error(value.Mark(), fmt::format("'{}' has a value of the wrong kind: '{}'", key, value.Scalar()));
    }
    return Status::OK();
  }

  /// A string, or a list of strings joined with ", " (select lists).
  Status readList(const YAML::Node& map, const char* key, std::string& target) const {
    const YAML::Node value = map[key];
    if (!value) return Status::OK();
    if (value.IsScalar()) return read(map, key, target);
    if (!value.IsSequence()) return error(value.Mark(), fmt::format("'{}' must be a string or a list", key));
    std::vector<std::string> items;
    for (const YAML::Node& item : value) {
      if (!item.IsScalar()) return error(item.Mark(), fmt::format("every item of '{}' must be a string", key));
      items.push_back(item.Scalar());
    }
    target = fmt::format("{}", fmt::join(items, ", "));
    return Status::OK();
  }

 private:
  std::string sourceName_;
};

Status readInput(const JobFileReader& reader, const YAML::Node& input, RunFileSpec& spec) {
  SABOT_RETURN_NOT_OK(reader.checkKeys(
      input, "input",
      {"path", "format", "schema", "on_error", "dead_letter", "delimiter", "header", "batch_rows", "infer_rows"}));
  SABOT_RETURN_NOT_OK(reader.read(input, "path", spec.input));
  SABOT_RETURN_NOT_OK(reader.read(input, "format", spec.inputFormat));
  SABOT_RETURN_NOT_OK(reader.read(input, "schema", spec.text.schema));
  SABOT_RETURN_NOT_OK(reader.read(input, "on_error", spec.text.onError));
  SABOT_RETURN_NOT_OK(reader.read(input, "dead_letter", spec.text.deadLetter));
  std::string delimiter(1, spec.text.delimiter);
  SABOT_RETURN_NOT_OK(reader.read(input, "delimiter", delimiter));
  if (delimiter.size() != 1) return reader.error(input["delimiter"].Mark(), "'delimiter' must be one character");
  spec.text.delimiter = delimiter[0];
  bool header = !spec.text.noHeader;
  SABOT_RETURN_NOT_OK(reader.read(input, "header", header));
  spec.text.noHeader = !header;
  SABOT_RETURN_NOT_OK(reader.read(input, "batch_rows", spec.text.batchSize));
  SABOT_RETURN_NOT_OK(reader.read(input, "infer_rows", spec.text.inferenceRows));
  return Status::OK();
}

Status readOutput(const JobFileReader& reader, const YAML::Node& output, RunFileSpec& spec) {
  if (output.IsScalar()) {
    spec.output = output.Scalar();
    return Status::OK();
  }
  SABOT_RETURN_NOT_OK(reader.checkKeys(output, "output", {"path", "format", "compression", "overwrite"}));
  SABOT_RETURN_NOT_OK(reader.read(output, "path", spec.output));
  SABOT_RETURN_NOT_OK(reader.read(output, "format", spec.outputFormat));
  SABOT_RETURN_NOT_OK(reader.read(output, "compression", spec.compression));
  SABOT_RETURN_NOT_OK(reader.read(output, "overwrite", spec.force));
  return Status::OK();
}

}  // namespace

Result<RunFileSpec> parseJobYaml(const std::string& text, const std::string& sourceName,
                                 const std::filesystem::path& baseDirectory) {
  JobFileReader reader(sourceName);
  RunFileSpec spec;
  spec.baseDirectory = baseDirectory;
  try {
    const YAML::Node root = YAML::Load(text);
    if (!root || root.IsNull()) return Status::invalid("{}: the job file is empty", sourceName);
    SABOT_RETURN_NOT_OK(
        reader.checkKeys(root, "the job", {"name", "input", "where", "select", "output", "parallelism", "checkpoints", "state",
                                           "restart"}));
    if (const YAML::Node state = root["state"]) {
      SABOT_RETURN_NOT_OK(reader.checkKeys(state, "state", {"backend", "dir"}));
      SABOT_RETURN_NOT_OK(reader.read(state, "backend", spec.checkpointing.stateBackend));
      SABOT_RETURN_NOT_OK(reader.read(state, "dir", spec.checkpointing.stateDir));
    }
    if (const YAML::Node checkpoints = root["checkpoints"]) {
      SABOT_RETURN_NOT_OK(reader.checkKeys(checkpoints, "checkpoints", {"dir", "interval_ms", "restore_from", "compression"}));
      SABOT_RETURN_NOT_OK(reader.read(checkpoints, "dir", spec.checkpointing.checkpointDir));
      SABOT_RETURN_NOT_OK(reader.read(checkpoints, "interval_ms", spec.checkpointing.checkpointIntervalMs));
      SABOT_RETURN_NOT_OK(reader.read(checkpoints, "restore_from", spec.checkpointing.restoreFrom));
      SABOT_RETURN_NOT_OK(reader.read(checkpoints, "compression", spec.checkpointing.checkpointCompression));
    }
    SABOT_RETURN_NOT_OK(reader.read(root, "restart", spec.restartStrategy));
    if (const YAML::Node restart = root["restart"]) {
      auto parsed = runtime::parseRestartStrategy(spec.restartStrategy);
      if (!parsed.ok()) return reader.error(restart.Mark(), parsed.status().message());
    }
    SABOT_RETURN_NOT_OK(reader.read(root, "name", spec.name));
    if (root["input"]) {
      if (root["input"].IsScalar()) {
        spec.input = root["input"].Scalar();
      } else {
        SABOT_RETURN_NOT_OK(readInput(reader, root["input"], spec));
      }
    }
    SABOT_RETURN_NOT_OK(reader.read(root, "where", spec.where));
    SABOT_RETURN_NOT_OK(reader.readList(root, "select", spec.select));
    if (root["output"]) SABOT_RETURN_NOT_OK(readOutput(reader, root["output"], spec));
    SABOT_RETURN_NOT_OK(reader.read(root, "parallelism", spec.parallelism));
    if (spec.input.empty()) return reader.error(root.Mark(), "the job needs an input (input: PATH or input: {path: PATH})");
    if (spec.output.empty()) return reader.error(root.Mark(), "the job needs an output (output: PATH or output: {path: PATH})");
  } catch (const YAML::Exception& error) {
    return reader.error(error.mark, error.msg);
  }
  return spec;
}

Result<RunFileSpec> parseJobFile(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return Status::ioError("cannot open job file '{}'", path.string());
  std::ostringstream text;
  text << file.rdbuf();
  if (file.bad()) return Status::ioError("cannot read job file '{}'", path.string());
  return parseJobYaml(text.str(), path.string(), path.parent_path());
}

}  // namespace sabot::cli
