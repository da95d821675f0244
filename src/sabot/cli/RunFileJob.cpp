#include "sabot/cli/RunFileJob.h"

#include <condition_variable>
#include <mutex>
#include <thread>

#include "sabot/api/StreamEnvironment.h"
#include "sabot/cli/JobProgress.h"
#include "sabot/connectors/CollectSink.h"
#include "sabot/connectors/FileSink.h"
#include "sabot/connectors/FileSource.h"
#include "sabot/sql/ExpressionParser.h"

namespace sabot::cli {

namespace fs = std::filesystem;
using connectors::FileFormat;

namespace {

/// The dead-letter file, opened (and truncated) only when the job runs, so
/// planning (--explain) leaves an existing file alone.
class DeferredDeadLetterSink final : public formats::DeadLetterSink {
 public:
  explicit DeferredDeadLetterSink(fs::path path) : path_(std::move(path)) {}
  Status open() {
    SABOT_ASSIGN_OR_RAISE(file_, formats::FileDeadLetterSink::make(path_));
    return Status::OK();
  }
  Status write(const formats::BadRecord& record) override {
    if (file_ == nullptr) return Status::internal("the dead-letter file '{}' is not open", path_.string());
    return file_->write(record);
  }
  Status close() override { return file_ == nullptr ? Status::OK() : file_->close(); }

 private:
  fs::path path_;
  std::shared_ptr<formats::FileDeadLetterSink> file_;
};

}  // namespace

struct RunFileJob::State {
  api::StreamEnvironment env = api::StreamEnvironment::create();
  std::shared_ptr<connectors::FileSource> source;
  std::shared_ptr<DeferredDeadLetterSink> deadLetters;
  std::shared_ptr<const connectors::FileSink> fileSink;
};

RunFileJob::RunFileJob(RunFileSpec spec, std::unique_ptr<State> state)
    : spec_(std::move(spec)), state_(std::move(state)) {}
RunFileJob::~RunFileJob() = default;

namespace {

fs::path resolve(const fs::path& base, const std::string& path) {
  const fs::path given(path);
  if (given.is_absolute() || base.empty()) return given;
  return base / given;
}

bool isArrow(FileFormat format) { return format == FileFormat::kArrowFile || format == FileFormat::kArrowStream; }

/// Where and how the rows are written.
Result<std::shared_ptr<const runtime::Sink>> makeSink(const RunFileSpec& spec, const fs::path& input) {
  if (spec.output == "-") {
    if (!spec.outputFormat.empty() && spec.outputFormat != "csv") {
      return Status::invalid("output '-' (stdout) is written as CSV; drop --to {}", spec.outputFormat);
    }
    return std::shared_ptr<const runtime::Sink>(std::make_shared<connectors::PrintSink>());
  }
  const fs::path output = resolve(spec.baseDirectory, spec.output);
  std::error_code error;
  const bool directory = spec.output.back() == '/' || fs::is_directory(output, error);
  FileFormat format;
  if (!spec.outputFormat.empty()) {
    SABOT_ASSIGN_OR_RAISE(format, connectors::parseFileFormat(spec.outputFormat));
  } else if (directory) {
    return Status::invalid("output '{}' is a directory of part files: give its format with --to", spec.output);
  } else {
    SABOT_ASSIGN_OR_RAISE(format, connectors::formatFromExtension(output));
  }
  SABOT_ASSIGN_OR_RAISE(ipc::Compression compression, ipc::parseCompression(spec.compression));
  if (compression != ipc::Compression::kNone && !isArrow(format)) {
    return Status::invalid("--compression applies to Arrow IPC output only, not {}",
                           connectors::fileFormatName(format));
  }
  if (!directory && fs::exists(output, error) && fs::equivalent(input, output, error)) {
    return Status::invalid("input and output are the same file '{}'", spec.output);
  }
  const bool overwrite = spec.force || !spec.checkpointing.restoreFrom.empty();
  SABOT_ASSIGN_OR_RAISE(auto sink, connectors::FileSink::make(output, format,
                                                              directory ? connectors::FileSink::Layout::kDirectory
                                                                        : connectors::FileSink::Layout::kSingleFile,
                                                              compression, overwrite));
  return std::shared_ptr<const runtime::Sink>(std::move(sink));
}

}  // namespace

Result<std::unique_ptr<RunFileJob>> RunFileJob::plan(const RunFileSpec& spec) {
  if (spec.input.empty()) return Status::invalid("no input: give --input PATH (a file or a directory)");
  if (spec.output.empty()) return Status::invalid("no output: give --output PATH (a file, a directory/ or -)");
  if (spec.parallelism < 0) return Status::invalid("--parallelism must be positive, got {}", spec.parallelism);
  auto state = std::make_unique<State>();
  const fs::path input = resolve(spec.baseDirectory, spec.input);

  std::optional<FileFormat> inputFormat;
  if (!spec.inputFormat.empty()) {
    SABOT_ASSIGN_OR_RAISE(inputFormat, connectors::parseFileFormat(spec.inputFormat));
  } else {
    std::error_code error;
    if (fs::is_regular_file(input, error)) {
      SABOT_ASSIGN_OR_RAISE(inputFormat, connectors::formatFromExtension(input));
    }
  }
  const bool textInput = !inputFormat || !isArrow(*inputFormat);
  SABOT_ASSIGN_OR_RAISE(connectors::ReadSettings settings, makeReadSettings(spec.text, textInput));
  if (!spec.text.deadLetter.empty()) {
    state->deadLetters = std::make_shared<DeferredDeadLetterSink>(resolve(spec.baseDirectory, spec.text.deadLetter));
    settings.text.deadLetterSink = state->deadLetters;
  }
  SABOT_ASSIGN_OR_RAISE(state->source, connectors::FileSource::make(input, inputFormat, settings));

  runtime::JobConfig config;
  SABOT_RETURN_NOT_OK(applyCheckpointOptions(spec.checkpointing, spec.baseDirectory, config));
  {
    auto restart = runtime::parseRestartStrategy(spec.restartStrategy);
    if (!restart.ok()) return restart.status().withContext("--restart-strategy");
    config.restart = *restart;
  }
  if (spec.checkpointing.checkpointing() && spec.output != "-" && spec.output.back() != '/' &&
      !fs::is_directory(resolve(spec.baseDirectory, spec.output))) {
    return Status::invalid(
        "a checkpointed job writes part files (made visible per checkpoint): give an output directory, e.g. '{}/'",
        spec.output);
  }
  config.parallelism =
      spec.parallelism > 0 ? spec.parallelism : static_cast<int32_t>(std::max(1u, std::thread::hardware_concurrency()));
  config.batchRows = spec.text.batchSize;
  state->env = api::StreamEnvironment::create(config);

  const std::string sourceName =
      "read " + (input.filename().empty() ? input.parent_path().filename().string() : input.filename().string());
  api::DataStream stream = state->env.fromSource(state->source, sourceName);
  if (!spec.where.empty()) {
    auto predicate = sql::parseExpression(spec.where);
    if (!predicate.ok()) return predicate.status().withContext("--where");
    stream = stream.filter(std::move(*predicate)).name("where");
  }
  if (!spec.select.empty()) {
    auto expressions = sql::parseSelectList(spec.select, *stream.schema());
    if (!expressions.ok()) return expressions.status().withContext("--select");
    stream = stream.select(std::move(*expressions)).name("select");
  }
  SABOT_RETURN_NOT_OK(state->env.status());
  SABOT_ASSIGN_OR_RAISE(auto sink, makeSink(spec, input));
  state->fileSink = std::dynamic_pointer_cast<const connectors::FileSink>(sink);
  stream.sinkTo(std::move(sink)).name(spec.output == "-" ? "print" : "write " + spec.output);
  SABOT_RETURN_NOT_OK(state->env.status());

  return std::unique_ptr<RunFileJob>(new RunFileJob(spec, std::move(state)));
}

std::string RunFileJob::describe() const { return state_->env.describe(); }

Result<RunFileReport> RunFileJob::run(const ProgressCallback& onProgress) {
  if (state_->deadLetters != nullptr) {
    SABOT_RETURN_NOT_OK(state_->deadLetters->open().withContext("the dead-letter file"));
  }
  // --force replaces the part files of an earlier run, unless this run
  // resumes it from a checkpoint.
  if (spec_.force && spec_.checkpointing.restoreFrom.empty() && state_->fileSink != nullptr) {
    SABOT_RETURN_NOT_OK(state_->fileSink->removeExistingParts());
  }
  SABOT_ASSIGN_OR_RAISE(auto job, state_->env.executeAsync(spec_.name));
  Result<runtime::JobResult> result = waitReportingProgress(*job, onProgress);
  if (state_->deadLetters != nullptr) {
    Status closed = state_->deadLetters->close();
    if (result.ok() && !closed.ok()) return closed.withContext("writing '{}'", spec_.text.deadLetter);
  }
  SABOT_RETURN_NOT_OK(result.status());
  RunFileReport report;
  report.result = std::move(*result);
  const connectors::FileSourceCounters& counters = state_->source->counters();
  report.filesRead = counters.filesRead.load();
  report.rowsSkipped = counters.rowsSkipped.load();
  report.rowsDeadLettered = counters.rowsDeadLettered.load();
  report.checkpoints = report.result.checkpoints.completed;
  return report;
}

}  // namespace sabot::cli
