#include "sabot/state/RocksDbKeyedStateBackend.h"

#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/table.h>
#include <rocksdb/utilities/checkpoint.h>
#include <rocksdb/write_batch.h>
#include <rocksdb/write_buffer_manager.h>

#include <deque>
#include <filesystem>
#include <mutex>
#include <shared_mutex>
#include <system_error>

#include "sabot/state/KeyedStateSnapshot.h"
#include "sabot/state/RocksDbListAppendOperator.h"
#include "sabot/state/RocksDbStatus.h"
#include "sabot/state/RocksDbTtlCompactionFilter.h"

namespace sabot::state {

namespace {

inline rocksdb::Slice toSlice(std::string_view bytes) { return rocksdb::Slice(bytes.data(), bytes.size()); }
inline std::string_view toView(const rocksdb::Slice& slice) { return std::string_view(slice.data(), slice.size()); }

/// Flushes a restore's write batch when it grows past this.
constexpr size_t kRestoreBatchBytes = 4 << 20;

}  // namespace

struct RocksDbKeyedStateBackend::Impl {
  struct ColumnFamily {
    std::string name;
    rocksdb::ColumnFamilyHandle* handle = nullptr;
    std::unique_ptr<RocksDbTtlCompactionFilter> ttlFilter;
  };

  RocksDbBackendOptions options;
  std::shared_ptr<rocksdb::Cache> cache;
  std::shared_ptr<rocksdb::WriteBufferManager> writeBufferManager;
  std::shared_ptr<rocksdb::MergeOperator> listAppend = std::make_shared<RocksDbListAppendOperator>();
  std::shared_ptr<rocksdb::TableFactory> tableFactory;
  std::unique_ptr<rocksdb::DB> db;
  /// A deque keeps elements in place as states are added.
  std::deque<ColumnFamily> families;
  /// Guards `families` against queryCell() on other threads while a state
  /// is registered.
  mutable std::shared_mutex familiesMutex;
  rocksdb::WriteOptions writeOptions;
  rocksdb::ReadOptions readOptions;
  rocksdb::WriteBatch restoreBatch;

  ~Impl() {
    if (db) {
      for (auto& family : families) {
        if (family.handle != nullptr) (void)db->DestroyColumnFamilyHandle(family.handle);
      }
      (void)db->Close();
      db.reset();
    }
    if (options.removeDirectoryOnClose) {
      std::error_code ignored;
      std::filesystem::remove_all(options.directory, ignored);
    }
  }

  rocksdb::ColumnFamilyHandle* handle(StateId id) const { return families[id.value()].handle; }
};

namespace {

/// A RocksDB snapshot plus the column families that existed when it was
/// taken; shares the DB with the backend so it stays valid while serialized.
class RocksDbSnapshot final : public KeyedStateSnapshot {
 public:
  RocksDbSnapshot(std::vector<StateSpec> specs, const KeyedStateBackendConfig& config,
                  std::shared_ptr<RocksDbKeyedStateBackend::Impl> impl,
                  std::vector<rocksdb::ColumnFamilyHandle*> handles)
      : KeyedStateSnapshot(std::move(specs), config.maxParallelism, config.keyGroups, config.clock),
        impl_(std::move(impl)),
        handles_(std::move(handles)),
        snapshot_(impl_->db->GetSnapshot()) {}
  ~RocksDbSnapshot() override { impl_->db->ReleaseSnapshot(snapshot_); }

 protected:
  Status forEachEntryInKeyGroup(StateId state, int32_t keyGroup, const StateEntryVisitor& visitor) const override {
    std::string lower;
    bytes::appendFixed16BigEndian(&lower, static_cast<uint16_t>(keyGroup));
    std::string upper;
    bytes::appendFixed16BigEndian(&upper, static_cast<uint16_t>(keyGroup + 1));
    rocksdb::Slice upperSlice(upper);
    rocksdb::ReadOptions readOptions;
    readOptions.snapshot = snapshot_;
    readOptions.fill_cache = false;  // a full scan would evict the working set
    if (keyGroup + 1 <= 0xFFFF) readOptions.iterate_upper_bound = &upperSlice;
    std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(readOptions, handles_[state.value()]));
    StateEntryView entry;
    entry.keyGroup = keyGroup;
    for (it->Seek(lower); it->Valid(); it->Next()) {
      const std::string_view key = toView(it->key());
      if (key.size() < 2 || bytes::readFixed16BigEndian(key.data()) != keyGroup) break;
      SABOT_ASSIGN_OR_RAISE(auto parts, splitKeyAndNamespace(key.substr(2)));
      entry.key = parts.key;
      entry.ns = parts.ns;
      entry.userKey = parts.rest;
      entry.value = toView(it->value());
      SABOT_RETURN_NOT_OK(visitor(entry));
    }
    return fromRocksDb(it->status(), "snapshot iteration", fmt::format("state '{}' in {}", specs()[state.value()].name,
                                                                       impl_->options.directory));
  }

 private:
  std::shared_ptr<RocksDbKeyedStateBackend::Impl> impl_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  const rocksdb::Snapshot* snapshot_;
};

}  // namespace

Result<std::unique_ptr<RocksDbKeyedStateBackend>> RocksDbKeyedStateBackend::make(KeyedStateBackendConfig config,
                                                                                 RocksDbBackendOptions options) {
  SABOT_RETURN_NOT_OK(config.validate());
  SABOT_RETURN_NOT_OK_CONTEXT(options.validate(), "{}", config.name);
  namespace fs = std::filesystem;
  std::error_code error;
  const fs::path directory(options.directory);
  if (fs::exists(directory, error)) {
    if (!fs::is_directory(directory, error)) {
      return Status::ioError("{}: cannot use '{}' as the RocksDB state directory: it exists and is not a directory",
                             config.name, options.directory);
    }
    if (!fs::is_empty(directory, error)) {
      return Status::invalid(
          "{}: RocksDB state directory '{}' is not empty; a state backend starts from an empty directory and is "
          "filled by restore()",
          config.name, options.directory);
    }
  } else {
    fs::create_directories(directory, error);
    if (error) {
      return Status::ioError("{}: cannot create the RocksDB state directory '{}': {}", config.name,
                             options.directory, error.message());
    }
  }

  auto impl = std::make_shared<Impl>();
  impl->options = options;
  impl->cache = rocksdb::NewLRUCache(static_cast<size_t>(options.blockCacheBytes), -1, options.strictBlockCacheLimit);
  if (options.writeBufferManagerBytes > 0) {
    impl->writeBufferManager = std::make_shared<rocksdb::WriteBufferManager>(
        static_cast<size_t>(options.writeBufferManagerBytes),
        options.chargeWriteBuffersToBlockCache ? impl->cache : nullptr);
  }
  rocksdb::BlockBasedTableOptions tableOptions;
  tableOptions.block_cache = impl->cache;
  tableOptions.block_size = static_cast<size_t>(options.blockSizeBytes);
  tableOptions.cache_index_and_filter_blocks = options.cacheIndexAndFilterBlocks;
  tableOptions.pin_l0_filter_and_index_blocks_in_cache = options.cacheIndexAndFilterBlocks;
  if (options.bloomFilterBitsPerKey > 0) {
    tableOptions.filter_policy.reset(rocksdb::NewBloomFilterPolicy(options.bloomFilterBitsPerKey));
  }
  impl->tableFactory.reset(rocksdb::NewBlockBasedTableFactory(tableOptions));

  rocksdb::Options dbOptions;
  dbOptions.create_if_missing = true;
  dbOptions.error_if_exists = true;
  dbOptions.max_background_jobs = options.maxBackgroundJobs;
  dbOptions.max_open_files = options.maxOpenFiles;
  dbOptions.write_buffer_manager = impl->writeBufferManager;
  dbOptions.table_factory = impl->tableFactory;
  dbOptions.write_buffer_size = static_cast<size_t>(options.writeBufferBytes);
  rocksdb::DB* db = nullptr;
  SABOT_RETURN_NOT_OK(fromRocksDb(rocksdb::DB::Open(dbOptions, options.directory, &db), "open",
                                  fmt::format("{} in '{}'", config.name, options.directory)));
  impl->db.reset(db);
  impl->writeOptions.disableWAL = options.disableWriteAheadLog;
  return std::unique_ptr<RocksDbKeyedStateBackend>(new RocksDbKeyedStateBackend(std::move(config), std::move(impl)));
}

RocksDbKeyedStateBackend::RocksDbKeyedStateBackend(KeyedStateBackendConfig config, std::shared_ptr<Impl> impl)
    : KeyedStateBackend(std::move(config)), impl_(std::move(impl)) {}

RocksDbKeyedStateBackend::~RocksDbKeyedStateBackend() = default;

const RocksDbBackendOptions& RocksDbKeyedStateBackend::options() const { return impl_->options; }

std::string RocksDbKeyedStateBackend::where(StateId id) const {
  return fmt::format("{} in '{}'", describeState(id), impl_->options.directory);
}

Status RocksDbKeyedStateBackend::createStorage(StateId id, const StateSpec& spec) {
  Impl::ColumnFamily family;
  family.name = "s:" + spec.name;
  rocksdb::ColumnFamilyOptions options;
  options.table_factory = impl_->tableFactory;
  options.write_buffer_size = static_cast<size_t>(impl_->options.writeBufferBytes);
  options.max_write_buffer_number = impl_->options.maxWriteBuffers;
  if (spec.storesListElements()) options.merge_operator = impl_->listAppend;
  if (spec.ttl.enabled()) {
    // Always installed for TTL states, configured (possibly off) from the
    // spec: re-registration after a restore may change the options.
    family.ttlFilter = std::make_unique<RocksDbTtlCompactionFilter>(spec.kind, config_.clock);
    family.ttlFilter->configure(spec.ttl.ttlMillis, spec.ttl.cleanupInRocksDbCompaction);
    options.compaction_filter = family.ttlFilter.get();
  }
  SABOT_RETURN_NOT_OK(fromRocksDb(impl_->db->CreateColumnFamily(options, family.name, &family.handle),
                                  "create column family", where(id)));
  std::unique_lock lock(impl_->familiesMutex);
  impl_->families.push_back(std::move(family));
  return Status::OK();
}

void RocksDbKeyedStateBackend::specUpdated(StateId id) {
  auto& filter = impl_->families[id.value()].ttlFilter;
  if (filter) filter->configure(spec(id).ttl.ttlMillis, spec(id).ttl.cleanupInRocksDbCompaction);
}

const std::string& RocksDbKeyedStateBackend::currentDbKey(std::string_view userKey) {
  dbKey_.clear();
  bytes::appendFixed16BigEndian(&dbKey_, static_cast<uint16_t>(currentKeyGroup()));
  dbKey_.append(currentKeyAndNamespace());
  dbKey_.append(userKey);
  return dbKey_;
}

Result<bool> RocksDbKeyedStateBackend::getCell(StateId id, std::string* out) {
  const rocksdb::Status status = impl_->db->Get(impl_->readOptions, impl_->handle(id), currentDbKey(), out);
  if (status.IsNotFound()) return false;
  SABOT_RETURN_NOT_OK(fromRocksDb(status, "get", where(id)));
  return true;
}

Status RocksDbKeyedStateBackend::putCell(StateId id, std::string_view value) {
  return fromRocksDb(impl_->db->Put(impl_->writeOptions, impl_->handle(id), currentDbKey(), toSlice(value)), "put",
                     where(id));
}

Status RocksDbKeyedStateBackend::appendToCell(StateId id, std::string_view bytes) {
  if (!spec(id).storesListElements()) {
    return Status::internal("{}: append to a {} state", where(id), stateKindName(spec(id).kind));
  }
  return fromRocksDb(impl_->db->Merge(impl_->writeOptions, impl_->handle(id), currentDbKey(), toSlice(bytes)),
                     "merge", where(id));
}

Status RocksDbKeyedStateBackend::removeCell(StateId id) {
  return fromRocksDb(impl_->db->Delete(impl_->writeOptions, impl_->handle(id), currentDbKey()), "delete", where(id));
}

Result<bool> RocksDbKeyedStateBackend::getMapEntry(StateId id, std::string_view userKey, std::string* out) {
  const rocksdb::Status status = impl_->db->Get(impl_->readOptions, impl_->handle(id), currentDbKey(userKey), out);
  if (status.IsNotFound()) return false;
  SABOT_RETURN_NOT_OK(fromRocksDb(status, "get", where(id)));
  return true;
}

Status RocksDbKeyedStateBackend::putMapEntry(StateId id, std::string_view userKey, std::string_view value) {
  return fromRocksDb(impl_->db->Put(impl_->writeOptions, impl_->handle(id), currentDbKey(userKey), toSlice(value)),
                     "put", where(id));
}

Status RocksDbKeyedStateBackend::removeMapEntry(StateId id, std::string_view userKey) {
  return fromRocksDb(impl_->db->Delete(impl_->writeOptions, impl_->handle(id), currentDbKey(userKey)), "delete",
                     where(id));
}

Status RocksDbKeyedStateBackend::forEachMapEntry(StateId id, const MapEntryVisitor& visitor) {
  const std::string prefix = currentDbKey();
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(impl_->readOptions, impl_->handle(id)));
  bool stop = false;
  for (it->Seek(prefix); it->Valid() && !stop; it->Next()) {
    const std::string_view key = toView(it->key());
    // The length-prefixed key and namespace make the prefix exact: no other
    // key's entries can start with it.
    if (!key.starts_with(prefix)) break;
    SABOT_RETURN_NOT_OK(visitor(key.substr(prefix.size()), toView(it->value()), &stop));
  }
  return fromRocksDb(it->status(), "map iteration", where(id));
}

Status RocksDbKeyedStateBackend::clearMap(StateId id) {
  const std::string prefix = currentDbKey();
  rocksdb::WriteBatch batch;
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(impl_->readOptions, impl_->handle(id)));
  for (it->Seek(prefix); it->Valid(); it->Next()) {
    if (!toView(it->key()).starts_with(prefix)) break;
    SABOT_RETURN_NOT_OK(fromRocksDb(batch.Delete(impl_->handle(id), it->key()), "batch delete", where(id)));
  }
  SABOT_RETURN_NOT_OK(fromRocksDb(it->status(), "map iteration", where(id)));
  return fromRocksDb(impl_->db->Write(impl_->writeOptions, &batch), "write", where(id));
}

Status RocksDbKeyedStateBackend::getCells(StateId id, const std::vector<KeyRef>& keys,
                                          std::vector<std::string>* values, std::vector<uint8_t>* found) {
  values->resize(keys.size());
  found->assign(keys.size(), 0);
  if (keys.empty()) return Status::OK();
  // All keys in one buffer first (the slices point into it afterwards).
  batchKeys_.clear();
  std::vector<size_t> ends;
  ends.reserve(keys.size());
  for (const KeyRef& key : keys) {
    SABOT_RETURN_NOT_OK(checkKeyGroup(key.keyGroup));
    bytes::appendFixed16BigEndian(&batchKeys_, static_cast<uint16_t>(key.keyGroup));
    appendKeyAndNamespace(&batchKeys_, key.key, currentNamespace());
    ends.push_back(batchKeys_.size());
  }
  std::vector<rocksdb::Slice> slices;
  slices.reserve(keys.size());
  size_t start = 0;
  for (size_t end : ends) {
    slices.emplace_back(batchKeys_.data() + start, end - start);
    start = end;
  }
  std::vector<rocksdb::PinnableSlice> results(keys.size());
  std::vector<rocksdb::Status> statuses(keys.size());
  impl_->db->MultiGet(impl_->readOptions, impl_->handle(id), keys.size(), slices.data(), results.data(),
                      statuses.data());
  for (size_t i = 0; i < keys.size(); ++i) {
    if (statuses[i].IsNotFound()) continue;
    SABOT_RETURN_NOT_OK(fromRocksDb(statuses[i], "multi-get", where(id)));
    (*values)[i].assign(results[i].data(), results[i].size());
    (*found)[i] = 1;
  }
  return Status::OK();
}

Status RocksDbKeyedStateBackend::putCells(StateId id, const std::vector<KeyRef>& keys,
                                          const std::vector<std::string_view>& values) {
  if (keys.size() != values.size()) {
    return Status::invalid("{}: putCells got {} keys but {} values", where(id), keys.size(), values.size());
  }
  rocksdb::WriteBatch batch;
  std::string key;
  for (size_t i = 0; i < keys.size(); ++i) {
    SABOT_RETURN_NOT_OK(checkKeyGroup(keys[i].keyGroup));
    key.clear();
    bytes::appendFixed16BigEndian(&key, static_cast<uint16_t>(keys[i].keyGroup));
    appendKeyAndNamespace(&key, keys[i].key, currentNamespace());
    SABOT_RETURN_NOT_OK(fromRocksDb(batch.Put(impl_->handle(id), key, toSlice(values[i])), "batch put", where(id)));
  }
  return fromRocksDb(impl_->db->Write(impl_->writeOptions, &batch), "write", where(id));
}

Status RocksDbKeyedStateBackend::forEachEntry(StateId id, int32_t firstKeyGroup, int32_t lastKeyGroup,
                                              const StateEntryVisitor& visitor) {
  const int32_t first = std::max(firstKeyGroup, config_.keyGroups.first);
  const int32_t last = std::min(lastKeyGroup, config_.keyGroups.last);
  if (first > last) return Status::OK();
  std::string lower;
  bytes::appendFixed16BigEndian(&lower, static_cast<uint16_t>(first));
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(impl_->readOptions, impl_->handle(id)));
  StateEntryView entry;
  for (it->Seek(lower); it->Valid(); it->Next()) {
    const std::string_view key = toView(it->key());
    if (key.size() < 2) return Status::corrupt("{}: stored key of {} bytes has no key group", where(id), key.size());
    entry.keyGroup = bytes::readFixed16BigEndian(key.data());
    if (entry.keyGroup > last) break;
    auto parts = splitKeyAndNamespace(key.substr(2));
    if (!parts.ok()) return parts.status().withContext("{}", where(id));
    entry.key = parts->key;
    entry.ns = parts->ns;
    entry.userKey = parts->rest;
    entry.value = toView(it->value());
    SABOT_RETURN_NOT_OK(visitor(entry));
  }
  return fromRocksDb(it->status(), "iteration", where(id));
}

Status RocksDbKeyedStateBackend::forEachSortedEntry(StateId id, int32_t keyGroup, const OrderedEntryVisitor& visitor,
                                                   std::string_view from) {
  SABOT_RETURN_NOT_OK(checkKeyGroup(keyGroup));
  std::string lower;
  bytes::appendFixed16BigEndian(&lower, static_cast<uint16_t>(keyGroup));
  lower.append(from);
  std::string upper;
  bytes::appendFixed16BigEndian(&upper, static_cast<uint16_t>(keyGroup + 1));
  rocksdb::Slice upperSlice(upper);
  rocksdb::ReadOptions readOptions = impl_->readOptions;
  if (keyGroup + 1 <= 0xFFFF) readOptions.iterate_upper_bound = &upperSlice;
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(readOptions, impl_->handle(id)));
  StateEntryView entry;
  entry.keyGroup = keyGroup;
  bool stop = false;
  for (it->Seek(lower); it->Valid() && !stop; it->Next()) {
    const std::string_view key = toView(it->key());
    if (key.size() < 2 || bytes::readFixed16BigEndian(key.data()) != keyGroup) break;
    auto parts = splitKeyAndNamespace(key.substr(2));
    if (!parts.ok()) return parts.status().withContext("{}", where(id));
    entry.key = parts->key;
    entry.ns = parts->ns;
    entry.userKey = parts->rest;
    entry.value = toView(it->value());
    SABOT_RETURN_NOT_OK(visitor(entry, &stop));
  }
  return fromRocksDb(it->status(), "ordered iteration", where(id));
}

Result<bool> RocksDbKeyedStateBackend::queryCell(StateId id, std::string_view key, int32_t keyGroup,
                                                 std::string_view ns, std::string* out) const {
  SABOT_RETURN_NOT_OK(checkKeyGroup(keyGroup));
  std::string dbKey;
  bytes::appendFixed16BigEndian(&dbKey, static_cast<uint16_t>(keyGroup));
  appendKeyAndNamespace(&dbKey, key, ns);
  rocksdb::ColumnFamilyHandle* handle;
  {
    std::shared_lock lock(impl_->familiesMutex);
    if (id.value() >= impl_->families.size()) return Status::keyError("{}: no state {}", config_.name, id.value());
    handle = impl_->handle(id);
  }
  const rocksdb::Status status = impl_->db->Get(rocksdb::ReadOptions(), handle, dbKey, out);
  if (status.IsNotFound()) return false;
  SABOT_RETURN_NOT_OK(fromRocksDb(status, "query", fmt::format("{} in '{}'", config_.name, impl_->options.directory)));
  return true;
}

Result<std::unique_ptr<KeyedStateSnapshot>> RocksDbKeyedStateBackend::snapshot() {
  std::vector<StateSpec> specs;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  for (int32_t index = 0; index < numStates(); ++index) {
    const StateId id(static_cast<uint32_t>(index));
    specs.push_back(spec(id));
    handles.push_back(impl_->handle(id));
  }
  return std::unique_ptr<KeyedStateSnapshot>(
      new RocksDbSnapshot(std::move(specs), config_, impl_, std::move(handles)));
}

Status RocksDbKeyedStateBackend::restoreEntry(StateId id, const StateEntryView& entry) {
  std::string key;
  bytes::appendFixed16BigEndian(&key, static_cast<uint16_t>(entry.keyGroup));
  appendKeyAndNamespace(&key, entry.key, entry.ns);
  key.append(entry.userKey);
  SABOT_RETURN_NOT_OK(
      fromRocksDb(impl_->restoreBatch.Put(impl_->handle(id), key, toSlice(entry.value)), "restore put", where(id)));
  if (impl_->restoreBatch.GetDataSize() >= kRestoreBatchBytes) return finishRestore();
  return Status::OK();
}

Status RocksDbKeyedStateBackend::finishRestore() {
  if (impl_->restoreBatch.Count() == 0) return Status::OK();
  Status status = fromRocksDb(impl_->db->Write(impl_->writeOptions, &impl_->restoreBatch), "restore write",
                              fmt::format("{} in '{}'", config_.name, impl_->options.directory));
  impl_->restoreBatch.Clear();
  return status;
}

Status RocksDbKeyedStateBackend::createCheckpoint(const std::string& directory) {
  const std::string where = fmt::format("{}: checkpoint of '{}' into '{}'", config_.name, impl_->options.directory,
                                        directory);
  // With the WAL off, memtables exist only in memory: flush them first.
  SABOT_RETURN_NOT_OK(flush());
  rocksdb::Checkpoint* checkpoint = nullptr;
  SABOT_RETURN_NOT_OK(fromRocksDb(rocksdb::Checkpoint::Create(impl_->db.get(), &checkpoint), "checkpoint", where));
  std::unique_ptr<rocksdb::Checkpoint> owned(checkpoint);
  return fromRocksDb(owned->CreateCheckpoint(directory), "checkpoint", where);
}

Status RocksDbKeyedStateBackend::flush() {
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  for (const auto& family : impl_->families) handles.push_back(family.handle);
  if (handles.empty()) return Status::OK();
  return fromRocksDb(impl_->db->Flush(rocksdb::FlushOptions(), handles), "flush",
                     fmt::format("{} in '{}'", config_.name, impl_->options.directory));
}

Status RocksDbKeyedStateBackend::compact(StateId id) {
  rocksdb::CompactRangeOptions options;
  options.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  SABOT_RETURN_NOT_OK(fromRocksDb(impl_->db->Flush(rocksdb::FlushOptions(), impl_->handle(id)), "flush", where(id)));
  return fromRocksDb(impl_->db->CompactRange(options, impl_->handle(id), nullptr, nullptr), "compaction", where(id));
}

RocksDbKeyedStateBackend::MemoryUsage RocksDbKeyedStateBackend::memoryUsage() const {
  MemoryUsage usage;
  usage.blockCacheCapacity = static_cast<int64_t>(impl_->cache->GetCapacity());
  usage.blockCacheUsage = static_cast<int64_t>(impl_->cache->GetUsage());
  uint64_t memtables = 0;
  for (const auto& family : impl_->families) {
    uint64_t bytes = 0;
    if (impl_->db->GetIntProperty(family.handle, rocksdb::DB::Properties::kSizeAllMemTables, &bytes)) {
      memtables += bytes;
    }
  }
  usage.memtableBytes = static_cast<int64_t>(memtables);
  return usage;
}

}  // namespace sabot::state
