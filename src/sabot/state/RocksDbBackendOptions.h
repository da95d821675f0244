#pragma once

#include <cstdint>
#include <string>

#include "sabot/base/Status.h"

namespace sabot::state {

/// Options of the RocksDB keyed state backend. Memory is bounded by
/// blockCacheBytes (reads) plus writeBufferManagerBytes (memtables), and when
/// chargeWriteBuffersToBlockCache is on, both come out of the one block-cache
/// budget, as Flink's managed memory does.
struct RocksDbBackendOptions {
  /// The backend's own directory. It must not exist yet or be empty: a
  /// backend starts empty and is filled by restore().
  std::string directory;

  /// Capacity of the LRU block cache shared by all states (column families)
  /// of this backend: uncompressed data blocks, and index and filter blocks
  /// when cacheIndexAndFilterBlocks is on.
  int64_t blockCacheBytes = 64LL << 20;
  /// Fail reads that would push the block cache past its capacity instead of
  /// overshooting it briefly (RocksDB's strict_capacity_limit).
  bool strictBlockCacheLimit = false;
  /// Memtable size of each column family before it is flushed to an SST file
  /// (RocksDB's write_buffer_size).
  int64_t writeBufferBytes = 16LL << 20;
  /// How many memtables a column family keeps (one active, the rest flushing).
  int32_t maxWriteBuffers = 2;
  /// Limit of all memtables of all column families together (a RocksDB
  /// WriteBufferManager); 0 leaves only the per-family limits.
  int64_t writeBufferManagerBytes = 32LL << 20;
  /// Account the memtables in the block cache, so blockCacheBytes caps the
  /// backend's total memory.
  bool chargeWriteBuffersToBlockCache = true;
  /// Size of an SST data block (the unit of reading and caching).
  int64_t blockSizeBytes = 4096;
  /// Keep index and filter blocks in the block cache (bounded) instead of on
  /// the heap (unbounded, grows with the data).
  bool cacheIndexAndFilterBlocks = true;
  /// Bits per key of the bloom filter that lets point reads skip SST files
  /// without the key; 0 disables the filter.
  int32_t bloomFilterBitsPerKey = 10;
  /// Background flush and compaction threads.
  int32_t maxBackgroundJobs = 2;
  /// Open files RocksDB keeps open; -1 keeps all open.
  int32_t maxOpenFiles = -1;
  /// Skip RocksDB's write-ahead log. State is made durable by checkpoints
  /// (snapshots, native checkpoints), so the WAL only costs time — Flink runs
  /// RocksDB the same way.
  bool disableWriteAheadLog = true;
  /// Delete the directory when the backend is destroyed.
  bool removeDirectoryOnClose = false;

  Status validate() const;
};

}  // namespace sabot::state
