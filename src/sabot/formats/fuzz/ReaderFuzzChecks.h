#pragma once

// Checks shared by the CSV and JSON-lines reader fuzz targets: the reader
// contract every batch must keep, and the comparison of a writer -> reader
// round trip that ignores batch boundaries.

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "sabot/columnar/Array.h"
#include "sabot/columnar/RecordBatch.h"
#include "sabot/formats/BadRecordPolicy.h"
#include "sabot/formats/ReadOptions.h"

namespace sabot::formats::fuzz {

inline void require(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "reader fuzz: %s\n", what);
    std::abort();
  }
}

/// `reread` must hold the same rows as `written`, whatever the batch sizes.
/// `text` (the written form) is printed when they differ.
inline void requireSameRows(const std::vector<columnar::RecordBatchPtr>& written,
                            const std::vector<columnar::RecordBatchPtr>& reread,
                            int numFields, const std::string& text) {
  size_t batchIndex = 0;
  int64_t offset = 0;
  auto skipExhausted = [&] {
    while (batchIndex < written.size() && offset == written[batchIndex]->numRows()) {
      ++batchIndex;
      offset = 0;
    }
  };
  for (const auto& batch : reread) {
    for (int64_t row = 0; row < batch->numRows(); ++row) {
      skipExhausted();
      require(batchIndex < written.size(), "re-read more rows than were written");
      for (int i = 0; i < numFields; ++i) {
        const bool same =
            written[batchIndex]->column(i).slice(offset, 1).equals(batch->column(i).slice(row, 1));
        if (!same) std::fprintf(stderr, "column %d differs after a round trip:\n%s\n", i, text.c_str());
        require(same, "round trip changed a value");
      }
      ++offset;
    }
  }
  skipExhausted();
  require(batchIndex == written.size(), "re-read fewer rows than were written");
}

struct CheckedRead {
  std::vector<columnar::RecordBatchPtr> batches;
  bool failed = false;  ///< the reader stopped with an error
};

/// Reads everything from `reader`, checking that errors are sticky, batches
/// are non-empty, within batchSize, of the reader's schema and valid Arrow,
/// and that the bad-record counters agree with the rows and the policy.
template <typename Reader>
CheckedRead readAllChecked(Reader& reader, const ReadOptions& options) {
  CheckedRead result;
  int64_t rows = 0;
  for (int guard = 0; guard < 100000; ++guard) {
    auto batch = reader.next();
    if (!batch.ok()) {
      result.failed = true;
      require(!reader.next().ok(), "a reader error was not sticky");
      break;
    }
    if (!*batch) break;
    require((*batch)->numRows() > 0, "an empty batch before the end");
    require((*batch)->numRows() <= options.batchSize, "a batch larger than batchSize");
    require((*batch)->schema()->equals(*reader.schema()), "a batch with another schema");
    for (const auto& column : (*batch)->columns()) {
      require(columnar::validateArray(*column.data(), /*full=*/true).ok(), "an invalid array");
    }
    rows += (*batch)->numRows();
    result.batches.push_back(*batch);
  }
  const ReadCounters& counters = reader.counters();
  require(counters.rowsRead == rows, "rowsRead differs from the rows returned");
  if (options.onError != OnError::kSkip) {
    require(counters.rowsSkipped == 0, "rows skipped under another policy");
  }
  if (options.onError != OnError::kDeadLetter) {
    require(counters.rowsDeadLettered == 0, "rows dead-lettered");
  } else {
    auto* sink = static_cast<MemoryDeadLetterSink*>(options.deadLetterSink.get());
    require(static_cast<int64_t>(sink->entries().size()) == counters.rowsDeadLettered,
            "dead-letter count differs from the sink");
  }
  return result;
}

}  // namespace sabot::formats::fuzz
