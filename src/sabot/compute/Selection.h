#pragma once

#include <vector>

#include "sabot/base/Result.h"
#include "sabot/columnar/Array.h"
#include "sabot/columnar/RecordBatch.h"
#include "sabot/compute/Scalar.h"

namespace sabot::compute {

using columnar::RecordBatch;
using columnar::RecordBatchPtr;

/// The rows of `values` where `mask` (a bool array of the same length) is
/// true, in order. A null mask entry drops its row, as a SQL WHERE does.
/// Works for every type, nested and dictionary included (dictionaries are
/// kept, only the indices are filtered).
Result<Array> filter(const Array& values, const Array& mask,
                     MemoryPool* pool = MemoryPool::defaultPool());
/// filter() of every column of `batch`; the mask is scanned once.
Result<RecordBatchPtr> filter(const RecordBatch& batch, const Array& mask,
                              MemoryPool* pool = MemoryPool::defaultPool());

/// filter() of several equally long columns with one scan of the mask.
/// Entries that are not valid() Arrays are skipped (left empty in the
/// result), so callers can filter only the columns they will read.
Result<std::vector<Array>> filterColumns(const std::vector<Array>& columns, const Array& mask,
                                         MemoryPool* pool = MemoryPool::defaultPool());

/// Gathers `values[indices[i]]` for each i. `indices` is any integer array; a
/// null index gives a null row, an index outside [0, values.length()) is an
/// IndexError naming the index and its position. Every type is supported.
Result<Array> take(const Array& values, const Array& indices,
                   MemoryPool* pool = MemoryPool::defaultPool());
/// take() of every column of `batch`; the indices are checked once.
Result<RecordBatchPtr> take(const RecordBatch& batch, const Array& indices,
                            MemoryPool* pool = MemoryPool::defaultPool());

/// The arrays one after the other. They must all have the same type (an
/// empty list is Invalid). Dictionary arrays with different dictionaries get
/// the dictionaries appended and the indices shifted (Invalid if the index
/// type cannot address the combined dictionary).
Result<Array> concatenate(const std::vector<Array>& arrays,
                          MemoryPool* pool = MemoryPool::defaultPool());

/// The positions of the true, non-null entries of a bool array, as int64.
/// The selection vector that filter() gathers with.
Result<std::vector<int64_t>> selectionIndices(const Array& mask);

}  // namespace sabot::compute
