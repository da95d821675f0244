#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <string>
#include <vector>

#include "sabot/compute/Expression.h"
#include "sabot/operators/BatchFunctionOperator.h"
#include "sabot/operators/KeyedProcessFunction.h"
#include "sabot/operators/ProcessFunction.h"
#include "sabot/operators/join/LookupJoinOperator.h"
#include "sabot/operators/window/Aggregate.h"
#include "sabot/operators/window/WindowSpec.h"
#include "sabot/runtime/JobGraph.h"
#include "sabot/runtime/Sink.h"

namespace sabot::api {

class JobBuilder;
class KeyedStream;
class WindowedStream;

using compute::Expression;
using operators::Aggregate;
using operators::FlatMapFunction;
using operators::KeyedProcessContext;
using operators::KeyedProcessFunction;
using operators::KeyedProcessFunctionFactory;
using operators::LookupJoinKind;
using operators::WindowSpec;
using operators::MapFunction;
using operators::OutputTag;
using operators::ProcessFunction;
using operators::ProcessFunctionFactory;

/// A bounded table for DataStream::lookupJoin(): its schema and its rows
/// (any number of batches of that schema, possibly none).
struct LookupTable {
  columnar::SchemaPtr schema;
  std::vector<columnar::RecordBatchPtr> rows;
};

/// A stream of batches in a job being described (Flink's DataStream). Each
/// call adds an operator to the job graph and returns the stream of its
/// output; nothing runs until StreamEnvironment::execute().
///
/// Mistakes (an unknown column, a non-boolean filter, mismatched union
/// schemas) do not throw: the stream records the error, later calls on it
/// do nothing, and execute() returns the first error, naming the operator.
class DataStream {
 public:
  /// Rows where `predicate` is true (null counts as false).
  DataStream filter(Expression predicate) const;
  /// One column per expression, named by its alias or column name.
  DataStream select(std::vector<Expression> expressions) const;
  /// select(): a map written as expressions.
  DataStream map(std::vector<Expression> expressions) const { return select(std::move(expressions)); }
  /// A user function per batch, returning batches of `outputSchema`. The
  /// function is shared by the subtasks and must be thread-safe.
  DataStream map(MapFunction function, columnar::SchemaPtr outputSchema) const;
  /// A user function per batch returning any number of batches.
  DataStream flatMap(FlatMapFunction function, columnar::SchemaPtr outputSchema) const;
  /// A ProcessFunction per subtask, with optional side outputs.
  DataStream process(ProcessFunctionFactory factory, columnar::SchemaPtr outputSchema,
                     std::vector<OutputTag> sideOutputs = {}) const;
  /// The rows a process function sent to side output `tag`.
  DataStream sideOutput(const std::string& tag) const;

  /// Joins every row with the rows of a bounded table whose key columns
  /// equal its own (Flink's lookup join against a table that does not
  /// change, e.g. a side input read from a file when the job is built; see
  /// docs/joins.md). No keyBy is needed: the table is hashed once and
  /// shared by every subtask. The result has this stream's columns, then the
  /// table's (renamed "right_<name>" where taken); with kLeftOuter, rows
  /// without a match are kept with nulls in the table's columns:
  ///   bids.lookupJoin(LookupTable{schema, rows}, {"auction_mod"}, {"key"})
  DataStream lookupJoin(const LookupTable& table, std::vector<std::string> streamKeys,
                        std::vector<std::string> tableKeys, LookupJoinKind kind = LookupJoinKind::kInner) const;

  /// Assigns event times and watermarks here instead of at the source.
  DataStream assignTimestampsAndWatermarks(time::WatermarkStrategy strategy) const;

  /// Partitions by the key columns (key -> key group -> subtask): every row
  /// of one key reaches the same subtask of the next operator.
  KeyedStream keyBy(std::vector<std::string> keyColumns) const;
  /// The next operator takes its input round robin / all of it in every
  /// subtask / from the subtask of the same index.
  DataStream rebalance() const;
  DataStream broadcast() const;
  DataStream forward() const;
  /// This stream and `others` merged (all must have the same schema).
  DataStream unionWith(std::vector<DataStream> others) const;

  /// Ends the stream in `sink`; returns the sink's stream so its
  /// parallelism and name can be set.
  DataStream sinkTo(std::shared_ptr<const runtime::Sink> sink) const;
  /// sinkTo() a sink printing CSV to stdout.
  DataStream print() const;

  /// Sets the parallelism of the operator that produces this stream.
  DataStream& setParallelism(int32_t parallelism);
  /// Names the operator that produces this stream (in metrics and errors).
  DataStream& name(std::string name);

  /// The schema of the rows (nullptr for a sink or a failed stream).
  columnar::SchemaPtr schema() const;
  /// OK, or the error that broke this stream.
  const Status& status() const { return status_; }
  runtime::NodeId nodeId() const { return node_; }

 protected:
  friend class StreamEnvironment;
  friend class WindowedStream;
  DataStream(std::shared_ptr<JobBuilder> builder, runtime::NodeId node, int32_t outputTag, Status status)
      : builder_(std::move(builder)), node_(node), outputTag_(outputTag), status_(std::move(status)) {}
  /// Adds an operator reading this stream; `outputSchema` nullptr for sinks.
  DataStream addOperator(std::string name, std::shared_ptr<const runtime::Operator> op,
                         columnar::SchemaPtr outputSchema, std::vector<columnar::SchemaPtr> sideOutputs = {},
                         int32_t maxParallelism = 1 << 15) const;
  DataStream withPartitioning(runtime::Partitioning partitioning) const;
  DataStream addProcessOperator(std::shared_ptr<const runtime::Operator> op, columnar::SchemaPtr outputSchema,
                                std::vector<columnar::SchemaPtr> sideSchemas, std::vector<std::string> sideNames) const;
  DataStream failed(Status status) const;
  /// This stream as is when it cannot take another operator (it failed, or
  /// it is a sink's), with the error recorded; nullopt when it can.
  std::optional<DataStream> cannotExtend() const;
  /// An error unless this stream is an operator's own output.
  Status checkOwnOperator(std::string_view what) const;
  runtime::JobEdge edgeTo(int32_t input) const;

  std::shared_ptr<JobBuilder> builder_;
  runtime::NodeId node_;
  int32_t outputTag_ = 0;
  runtime::Partitioning partitioning_;
  Status status_;
};

/// A stream partitioned by key (keyBy): the operator that reads it runs
/// each key in exactly one subtask. Keyed state, timers and windows build on
/// it (see the state and event-time issues).
class KeyedStream : public DataStream {
 public:
  const std::vector<std::string>& keyColumns() const { return partitioning_.keys; }
  /// A ProcessFunction that sees every row of a key in one subtask;
  /// ProcessContext::keyColumns() gives the key columns' indices.
  DataStream process(ProcessFunctionFactory factory, columnar::SchemaPtr outputSchema,
                     std::vector<OutputTag> sideOutputs = {}) const;
  /// A KeyedProcessFunction per subtask: keyed state (in the job's state
  /// backend) and event- and processing-time timers per key, checkpointed
  /// with the job. Key columns of any KeyEncoder type.
  DataStream process(KeyedProcessFunctionFactory factory, columnar::SchemaPtr outputSchema,
                     std::vector<OutputTag> sideOutputs = {}) const;
  /// Groups each key's rows into windows:
  ///   keyed.window(WindowSpec::tumbling("dateTime", std::chrono::seconds(10)))
  ///        .aggregate({Aggregate::countAll().as("bids"), Aggregate::max("price")});
  WindowedStream window(WindowSpec window) const;

  // ---- Joins (docs/joins.md) -------------------------------------------
  // Both sides must be keyed by the same number of columns with the same
  // types (a plan-time TypeError otherwise). The result has this stream's
  // columns, then `other`'s; an `other` column whose name this stream uses
  // too is called "right_<name>".

  /// Inner interval join on event time (Flink's
  /// intervalJoin(other).between(lower, upper)): a row of this stream at
  /// time l joins every row of `other` with an equal key at time r with
  /// l + lower <= r <= l + upper (both inclusive):
  ///   bids.keyBy({"auction"}).intervalJoin(auctions.keyBy({"id"}), "dateTime", "dateTime",
  ///                                         -std::chrono::seconds(10), std::chrono::seconds(0));
  DataStream intervalJoin(const KeyedStream& other, std::string leftTime, std::string rightTime,
                          std::chrono::milliseconds lower, std::chrono::milliseconds upper) const;
  /// Inner join of the rows of both streams with equal keys in the same
  /// tumbling or sliding window, emitted when the watermark passes the
  /// window's end; the result ends with window_start and window_end. The
  /// window's time column is this stream's; `rightTime` names `other`'s
  /// (empty: the same name).
  DataStream windowJoin(const KeyedStream& other, WindowSpec window, std::string rightTime = "") const;
  /// Inner join without a time bound (SQL's `a JOIN b ON a.k = b.k`): every
  /// row joins every row of `other` with an equal key, whichever comes
  /// first; each pair is emitted once, when its second row arrives. Rows
  /// are kept for the job's lifetime, or, with `stateTtl` > 0, dropped that
  /// long after they arrived (processing time; Flink's table.exec.state.ttl):
  ///   auctions.keyBy({"seller"}).join(persons.keyBy({"id"}), std::chrono::hours(1))
  DataStream join(const KeyedStream& other,
                  std::chrono::milliseconds stateTtl = std::chrono::milliseconds(0)) const;
  // ---- end of joins ----------------------------------------------------

 private:
  friend class DataStream;
  friend class WindowedStream;
  explicit KeyedStream(DataStream stream) : DataStream(std::move(stream)) {}
  /// Adds a two-input join operator, made by `make` from both schemas once
  /// both streams are known to be good, with `other` as input 1.
  using JoinMaker = std::function<Result<std::pair<std::shared_ptr<const runtime::Operator>, columnar::SchemaPtr>>(
      const columnar::SchemaPtr& left, const columnar::SchemaPtr& right)>;
  DataStream addJoin(const KeyedStream& other, const char* method, const char* name, const JoinMaker& make) const;
};

/// A keyed stream cut into windows, waiting for its aggregates (Flink's
/// WindowedStream).
class WindowedStream {
 public:
  /// Late rows up to `lateness` after a window's end update it and emit its
  /// result again.
  WindowedStream allowedLateness(std::chrono::milliseconds lateness) const;
  /// Rows too late for any window go to the side output "late" (same
  /// columns as the input) instead of being dropped; read it with
  /// sideOutput("late") on the aggregate's stream.
  WindowedStream sideOutputLateData() const;
  /// The windows' results: key columns, window_start, window_end (time
  /// windows), then one column per aggregate.
  DataStream aggregate(std::vector<Aggregate> aggregates) const;

 private:
  friend class KeyedStream;
  WindowedStream(KeyedStream keyed, WindowSpec window) : keyed_(std::move(keyed)), window_(std::move(window)) {}
  KeyedStream keyed_;
  WindowSpec window_;
  int64_t allowedLatenessMs_ = 0;
  bool lateSideOutput_ = false;
};

}  // namespace sabot::api
