#include "sabot/cli/NexmarkJob.h"

#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

#include "sabot/api/StreamEnvironment.h"
#include "sabot/cli/JobProgress.h"
#include "sabot/connectors/CollectSink.h"
#include "sabot/connectors/FileSink.h"
#include "sabot/connectors/NexmarkSource.h"

namespace sabot::cli {

connectors::NexmarkConfig nexmarkConfigFor(int64_t events, uint64_t seed) {
  connectors::NexmarkConfig config;
  config.numEvents = events;
  config.seed = seed;
  return config;
}

struct NexmarkJob::State {
  NexmarkJobSpec spec;
  connectors::NexmarkQuery query;
  api::StreamEnvironment env = api::StreamEnvironment::create();
  int32_t parallelism = 0;
};

NexmarkJob::NexmarkJob(std::unique_ptr<State> state) : state_(std::move(state)) {}
NexmarkJob::~NexmarkJob() = default;

namespace {

Result<std::shared_ptr<const runtime::Sink>> makeSink(const NexmarkJobSpec& spec) {
  if (spec.output.empty()) {
    return std::shared_ptr<const runtime::Sink>(std::make_shared<connectors::DiscardSink>());
  }
  const std::filesystem::path output(spec.output);
  std::error_code error;
  if (spec.output.back() == '/' || std::filesystem::is_directory(output, error)) {
    return Status::invalid("--output '{}' is a directory; give a file such as {}/q1.csv", spec.output,
                           output.string());
  }
  connectors::FileFormat format;
  if (spec.format.empty()) {
    auto byExtension = connectors::formatFromExtension(output);
    if (!byExtension.ok()) {
      return Status::invalid("cannot tell the format of --output '{}' from its extension: name it .csv, .jsonl, "
                             ".arrow or .arrows, or give --format",
                             spec.output);
    }
    format = *byExtension;
  } else {
    SABOT_ASSIGN_OR_RAISE(format, connectors::parseFileFormat(spec.format));
  }
  SABOT_ASSIGN_OR_RAISE(auto sink, connectors::FileSink::make(output, format, connectors::FileSink::Layout::kSingleFile,
                                                              ipc::Compression::kNone, spec.force));
  return std::shared_ptr<const runtime::Sink>(std::move(sink));
}

}  // namespace

Result<std::unique_ptr<NexmarkJob>> NexmarkJob::plan(const NexmarkJobSpec& spec) {
  if (spec.events <= 0) return Status::invalid("--events must be positive, got {}", spec.events);
  if (spec.batchRows <= 0) return Status::invalid("--batch-rows must be positive, got {}", spec.batchRows);
  if (spec.parallelism < 0) return Status::invalid("--parallelism must be positive, got {}", spec.parallelism);
  if (spec.format == "parquet") {
    return Status::unsupported("--format parquet is not supported yet: Sabot has no Parquet writer");
  }
  if (!spec.format.empty() && spec.output.empty()) {
    return Status::invalid("--format {} needs --output PATH (without it the results are discarded)", spec.format);
  }
  auto state = std::make_unique<State>();
  state->spec = spec;
  SABOT_ASSIGN_OR_RAISE(state->query, connectors::nexmarkQuery(spec.query));

  runtime::JobConfig config;
  state->parallelism =
      spec.parallelism > 0 ? spec.parallelism : static_cast<int32_t>(std::max(1u, std::thread::hardware_concurrency()));
  config.parallelism = state->parallelism;
  config.batchRows = spec.batchRows;
  state->env = api::StreamEnvironment::create(config);

  const connectors::NexmarkQuery& query = state->query;
  SABOT_ASSIGN_OR_RAISE(auto source,
                        connectors::NexmarkSource::make(nexmarkConfigFor(spec.events, spec.seed), query.input));
  api::DataStream stream = state->env.fromSource(std::move(source), "nexmark");
  if (query.filter) stream = stream.filter(*query.filter).name(query.name + " where");
  stream = stream.select(query.projection).name(query.name + " select");
  SABOT_ASSIGN_OR_RAISE(auto sink, makeSink(spec));
  stream.sinkTo(std::move(sink));
  SABOT_RETURN_NOT_OK(state->env.status());
  return std::unique_ptr<NexmarkJob>(new NexmarkJob(std::move(state)));
}

const connectors::NexmarkQuery& NexmarkJob::query() const { return state_->query; }

std::string NexmarkJob::describe() const { return state_->env.describe(); }

Result<NexmarkJobReport> NexmarkJob::run(const ProgressCallback& onProgress) {
  SABOT_ASSIGN_OR_RAISE(auto job, state_->env.executeAsync("nexmark " + state_->query.name));
  Result<runtime::JobResult> result = waitReportingProgress(*job, onProgress);
  SABOT_RETURN_NOT_OK(result.status());
  NexmarkJobReport report;
  report.rowsIn = result->recordsRead();
  report.rowsOut = result->recordsWritten();
  report.parallelism = result->metrics.totalOf(result->sourceIds.empty() ? 0 : result->sourceIds.front()).parallelism;
  report.result = std::move(*result);
  return report;
}

}  // namespace sabot::cli
