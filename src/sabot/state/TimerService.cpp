#include "sabot/state/TimerService.h"

#include <algorithm>
#include <limits>
#include <set>
#include <tuple>

#include "sabot/state/ByteCodec.h"
#include "sabot/state/StateKey.h"

namespace sabot::state {

namespace {

constexpr int64_t kNoTimer = std::numeric_limits<int64_t>::max();
/// Timers read ahead per round of firing.
constexpr size_t kTimersPerRound = 1024;

/// Big-endian with the sign bit flipped: byte order is numeric order, so a
/// sorted backend keeps timers in timestamp order.
void appendSortableTimestamp(std::string* out, int64_t timestamp) {
  const uint64_t bits = static_cast<uint64_t>(timestamp) ^ (uint64_t{1} << 63);
  for (int shift = 56; shift >= 0; shift -= 8) out->push_back(static_cast<char>((bits >> shift) & 0xFF));
}

Result<int64_t> readSortableTimestamp(std::string_view bytes) {
  if (bytes.size() != 8) return Status::corrupt("a stored timer has a timestamp of {} bytes, not 8", bytes.size());
  uint64_t bits = 0;
  for (char byte : bytes) bits = (bits << 8) | static_cast<uint8_t>(byte);
  return static_cast<int64_t>(bits ^ (uint64_t{1} << 63));
}

/// The state namespace of a stored timer: varint(len) key, then the
/// timer's namespace.
void appendTimerNamespace(std::string* out, std::string_view key, std::string_view ns) {
  bytes::appendLengthPrefixed(out, key);
  out->append(ns);
}

struct TimerRecord {
  int64_t timestamp = 0;
  int32_t keyGroup = 0;
  std::string key;
  std::string ns;

  auto tie() const { return std::tie(timestamp, keyGroup, key, ns); }
  bool operator<(const TimerRecord& other) const { return tie() < other.tie(); }
};

Result<TimerRecord> decodeTimer(const StateEntryView& entry) {
  TimerRecord record;
  SABOT_ASSIGN_OR_RAISE(record.timestamp, readSortableTimestamp(entry.key));
  ByteReader reader(entry.ns, "a stored timer");
  SABOT_ASSIGN_OR_RAISE(std::string_view key, reader.readLengthPrefixed());
  record.key.assign(key);
  record.ns.assign(reader.readRest());
  record.keyGroup = entry.keyGroup;
  return record;
}

}  // namespace

std::string_view timeDomainName(TimeDomain domain) {
  return domain == TimeDomain::kEventTime ? "event time" : "processing time";
}

/// Which timers fire next. The backend holds the timers; the index only
/// orders them.
class TimerService::Index {
 public:
  virtual ~Index() = default;
  virtual void added(const TimerRecord& timer) = 0;
  virtual void removed(const TimerRecord& timer) = 0;
  virtual Result<std::optional<int64_t>> earliest() = 0;
  /// Up to `max` of the earliest timers with timestamp <= time, in
  /// timestamp order; empty when none is due.
  virtual Status collect(int64_t time, size_t max, std::vector<TimerRecord>* out) = 0;
  /// Rebuilds the index from the backend; returns the number of timers.
  virtual Result<int64_t> reload() = 0;

  int64_t size = 0;
};

namespace {

/// Every timer in an ordered set: for the heap backend, whose memory holds
/// the timers anyway.
class OrderedSetIndex final : public TimerService::Index {
 public:
  OrderedSetIndex(KeyedStateBackend* backend, StateId state) : backend_(backend), state_(state) {}

  void added(const TimerRecord& timer) override { timers_.insert(timer); }
  void removed(const TimerRecord& timer) override { timers_.erase(timer); }
  Result<std::optional<int64_t>> earliest() override {
    if (timers_.empty()) return std::optional<int64_t>();
    return std::optional<int64_t>(timers_.begin()->timestamp);
  }
  Status collect(int64_t time, size_t max, std::vector<TimerRecord>* out) override {
    out->clear();
    for (auto it = timers_.begin(); it != timers_.end() && it->timestamp <= time && out->size() < max; ++it) {
      out->push_back(*it);
    }
    return Status::OK();
  }
  Result<int64_t> reload() override {
    timers_.clear();
    const auto& groups = backend_->config().keyGroups;
    SABOT_RETURN_NOT_OK(backend_->forEachEntry(state_, groups.first, groups.last, [&](const StateEntryView& entry) {
      SABOT_ASSIGN_OR_RAISE(TimerRecord timer, decodeTimer(entry));
      timers_.insert(std::move(timer));
      return Status::OK();
    }));
    return static_cast<int64_t>(timers_.size());
  }

 private:
  KeyedStateBackend* backend_;
  StateId state_;
  std::set<TimerRecord> timers_;
};

/// The earliest timestamp of each key group, for a backend that keeps each
/// group's timers sorted by timestamp (RocksDB): memory per key group, not
/// per timer. A group's head is exact after refresh(); deleting its
/// earliest timer marks it stale, to be refreshed (one seek) when needed.
class KeyGroupHeadIndex final : public TimerService::Index {
 public:
  KeyGroupHeadIndex(KeyedStateBackend* backend, StateId state) : backend_(backend), state_(state) {
    const auto& groups = backend->config().keyGroups;
    first_ = groups.first;
    heads_.assign(static_cast<size_t>(groups.last - groups.first + 1), kNoTimer);
    stale_.assign(heads_.size(), false);
  }

  void added(const TimerRecord& timer) override {
    const size_t group = slot(timer.keyGroup);
    // A stale head is a lower bound of the real one, so a smaller timestamp
    // is exact.
    if (timer.timestamp < heads_[group]) setHead(group, timer.timestamp, false);
  }
  void removed(const TimerRecord& timer) override {
    const size_t group = slot(timer.keyGroup);
    if (timer.timestamp == heads_[group]) stale_[group] = true;
  }
  Result<std::optional<int64_t>> earliest() override {
    while (!order_.empty()) {
      const auto [head, keyGroup] = *order_.begin();
      const size_t group = slot(keyGroup);
      if (!stale_[group]) return std::optional<int64_t>(head);
      SABOT_RETURN_NOT_OK(refresh(group));
    }
    return std::optional<int64_t>();
  }
  /// Reads up to kPerGroup due timers from every key group that has some
  /// (one seek each) and merges them. A group cut short at timestamp T may
  /// hold more timers at T or later, so the batch ends at the smallest such
  /// T: everything earlier is complete, and the order holds across rounds.
  Status collect(int64_t time, size_t max, std::vector<TimerRecord>* out) override {
    out->clear();
    const size_t perGroup = std::max<size_t>(16, max / std::max<size_t>(1, order_.size()));
    int64_t limit = time;
    std::vector<size_t> emptyGroups;
    for (auto it = order_.begin(); it != order_.end() && it->first <= time; ++it) {
      const int32_t keyGroup = it->second;
      size_t found = 0;
      bool cutShort = false;
      int64_t last = 0;
      SABOT_RETURN_NOT_OK(backend_->forEachSortedEntry(
          state_, keyGroup,
          [&](const StateEntryView& entry, bool* stop) {
        SABOT_ASSIGN_OR_RAISE(TimerRecord timer, decodeTimer(entry));
        if (timer.timestamp > time) {
          *stop = true;
          return Status::OK();
        }
        if (found == perGroup) {
          cutShort = true;
          *stop = true;
          return Status::OK();
        }
        last = timer.timestamp;
        out->push_back(std::move(timer));
        ++found;
        return Status::OK();
          },
          seekTarget(slot(keyGroup))));
      if (cutShort) limit = std::min(limit, last);
      // The head was stale (its timers deleted): re-read it below.
      if (found == 0) emptyGroups.push_back(slot(keyGroup));
    }
    for (size_t group : emptyGroups) SABOT_RETURN_NOT_OK(refresh(group));
    std::erase_if(*out, [limit](const TimerRecord& timer) { return timer.timestamp > limit; });
    std::sort(out->begin(), out->end());
    if (out->empty() && !emptyGroups.empty()) return collect(time, max, out);
    return Status::OK();
  }
  Result<int64_t> reload() override {
    order_.clear();
    std::fill(heads_.begin(), heads_.end(), kNoTimer);
    int64_t count = 0;
    for (size_t group = 0; group < heads_.size(); ++group) {
      SABOT_RETURN_NOT_OK(refresh(group));
    }
    const auto& groups = backend_->config().keyGroups;
    SABOT_RETURN_NOT_OK(backend_->forEachEntry(state_, groups.first, groups.last, [&](const StateEntryView&) {
      ++count;
      return Status::OK();
    }));
    return count;
  }

 private:
  size_t slot(int32_t keyGroup) const { return static_cast<size_t>(keyGroup - first_); }

  /// Where reading a group's timers starts: at its head, a lower bound of
  /// every timer it holds (added() lowers it for earlier timers). The
  /// timers fired before lie below it, deleted; starting at the group's
  /// first entry would step over all their tombstones on every read.
  const std::string& seekTarget(size_t group) {
    seek_.clear();
    if (heads_[group] == kNoTimer) return seek_;
    std::string timestamp;
    appendSortableTimestamp(&timestamp, heads_[group]);
    bytes::appendLengthPrefixed(&seek_, timestamp);
    return seek_;
  }

  void setHead(size_t group, int64_t head, bool stale) {
    const int32_t keyGroup = first_ + static_cast<int32_t>(group);
    if (heads_[group] != kNoTimer) order_.erase({heads_[group], keyGroup});
    heads_[group] = head;
    stale_[group] = stale;
    if (head != kNoTimer) order_.insert({head, keyGroup});
  }

  Status refresh(size_t group) {
    int64_t head = kNoTimer;
    SABOT_RETURN_NOT_OK(backend_->forEachSortedEntry(
        state_, first_ + static_cast<int32_t>(group),
        [&](const StateEntryView& entry, bool* stop) {
          SABOT_ASSIGN_OR_RAISE(head, readSortableTimestamp(entry.key));
          *stop = true;
          return Status::OK();
        },
        seekTarget(group)));
    setHead(group, head, false);
    return Status::OK();
  }

  KeyedStateBackend* backend_;
  StateId state_;
  int32_t first_ = 0;
  std::vector<int64_t> heads_;
  std::string seek_;  ///< scratch of seekTarget()
  std::vector<bool> stale_;
  std::set<std::pair<int64_t, int32_t>> order_;
};

}  // namespace

Result<std::unique_ptr<TimerService>> TimerService::make(KeyedStateBackend* backend) {
  std::unique_ptr<TimerService> service(new TimerService(backend));
  for (TimeDomain domain : {TimeDomain::kEventTime, TimeDomain::kProcessingTime}) {
    StateSpec spec;
    spec.name = domain == TimeDomain::kEventTime ? "_timers.event" : "_timers.processing";
    spec.kind = StateKind::kValue;
    spec.keySignature = "timer-timestamp";
    spec.namespaceSignature = "timer-key-namespace";
    spec.valueSignature = "empty";
    const auto index = static_cast<size_t>(domain);
    SABOT_ASSIGN_OR_RAISE(service->stateIds_[index], backend->registerState(spec));
    if (backend->keepsEntriesSorted()) {
      service->indexes_[index] = std::make_unique<KeyGroupHeadIndex>(backend, service->stateIds_[index]);
    } else {
      service->indexes_[index] = std::make_unique<OrderedSetIndex>(backend, service->stateIds_[index]);
    }
  }
  SABOT_RETURN_NOT_OK(service->reload());
  return service;
}

TimerService::TimerService(KeyedStateBackend* backend) : backend_(backend) {}

TimerService::~TimerService() = default;

Status TimerService::reload() {
  for (auto& index : indexes_) {
    SABOT_ASSIGN_OR_RAISE(index->size, index->reload());
  }
  return Status::OK();
}

Status TimerService::store(TimeDomain domain, int64_t timestamp, std::string_view key, int32_t keyGroup,
                           std::string_view ns, bool add, bool* changed) {
  const auto index = static_cast<size_t>(domain);
  // The timer is written through the backend's current key, so the user's
  // current key and namespace are put back afterwards.
  savedKey_.assign(backend_->currentKey());
  savedNamespace_.assign(backend_->currentNamespace());
  const int32_t savedKeyGroup = backend_->currentKeyGroup();
  timerKey_.clear();
  appendSortableTimestamp(&timerKey_, timestamp);
  timerNamespace_.clear();
  appendTimerNamespace(&timerNamespace_, key, ns);
  Status status = backend_->setCurrentKey(timerKey_, keyGroup);
  if (status.ok()) {
    backend_->setCurrentNamespace(timerNamespace_);
    auto exists = backend_->getCell(stateIds_[index], &scratch_);
    if (!exists.ok()) {
      status = exists.status();
    } else if (*exists != add) {
      status = add ? backend_->putCell(stateIds_[index], {}) : backend_->removeCell(stateIds_[index]);
      *changed = status.ok();
    }
  }
  backend_->setCurrentNamespace(savedNamespace_);
  SABOT_RETURN_NOT_OK(backend_->setCurrentKey(savedKey_, savedKeyGroup));
  return status;
}

Status TimerService::registerTimerFor(TimeDomain domain, int64_t timestamp, std::string_view key, int32_t keyGroup,
                                      std::string_view ns) {
  bool changed = false;
  SABOT_RETURN_NOT_OK(store(domain, timestamp, key, keyGroup, ns, /*add=*/true, &changed));
  if (!changed) return Status::OK();
  Index& index = *indexes_[static_cast<size_t>(domain)];
  index.added(TimerRecord{timestamp, keyGroup, std::string(key), std::string(ns)});
  ++index.size;
  noteChange(domain, timestamp);
  return Status::OK();
}

Status TimerService::deleteTimerFor(TimeDomain domain, int64_t timestamp, std::string_view key, int32_t keyGroup,
                                    std::string_view ns) {
  bool changed = false;
  SABOT_RETURN_NOT_OK(store(domain, timestamp, key, keyGroup, ns, /*add=*/false, &changed));
  if (!changed) return Status::OK();
  Index& index = *indexes_[static_cast<size_t>(domain)];
  index.removed(TimerRecord{timestamp, keyGroup, std::string(key), std::string(ns)});
  --index.size;
  noteChange(domain, timestamp);
  return Status::OK();
}

void TimerService::noteChange(TimeDomain domain, int64_t timestamp) {
  // Only a change within the batch being fired can make it out of date.
  const auto index = static_cast<size_t>(domain);
  if (firing_[index] && timestamp <= horizon_[index]) ++changes_[index];
}

Status TimerService::registerTimer(TimeDomain domain, int64_t timestamp) {
  return registerTimerFor(domain, timestamp, std::string(backend_->currentKey()), backend_->currentKeyGroup(),
                          std::string(backend_->currentNamespace()));
}

Status TimerService::deleteTimer(TimeDomain domain, int64_t timestamp) {
  return deleteTimerFor(domain, timestamp, std::string(backend_->currentKey()), backend_->currentKeyGroup(),
                        std::string(backend_->currentNamespace()));
}

Status TimerService::advance(TimeDomain domain, int64_t time, const TimerCallback& onTimer) {
  const auto index = static_cast<size_t>(domain);
  if (firing_[index]) {
    return Status::invalid("{} timers: advance() called from a timer callback", timeDomainName(domain));
  }
  firing_[index] = true;
  std::vector<TimerRecord> due;
  Status status;
  while (status.ok()) {
    status = indexes_[index]->collect(time, kTimersPerRound, &due);
    if (!status.ok() || due.empty()) break;
    horizon_[index] = due.back().timestamp;
    for (const TimerRecord& timer : due) {
      // Remove first, so the callback may register the same timer again.
      status = deleteTimerFor(domain, timer.timestamp, timer.key, timer.keyGroup, timer.ns);
      if (!status.ok()) break;
      const uint64_t changesBefore = changes_[index];
      status = backend_->setCurrentKey(timer.key, timer.keyGroup);
      if (!status.ok()) break;
      backend_->setCurrentNamespace(timer.ns);
      status = onTimer(TimerView{domain, timer.timestamp, timer.key, timer.keyGroup, timer.ns});
      if (!status.ok()) break;
      // The callback registered or deleted timers up to the batch's last
      // timestamp: what was read ahead may be out of date (deleted, or no
      // longer the earliest), so read again.
      if (changes_[index] != changesBefore) break;
    }
  }
  firing_[index] = false;
  return status;
}

Result<std::optional<int64_t>> TimerService::earliest(TimeDomain domain) {
  return indexes_[static_cast<size_t>(domain)]->earliest();
}

int64_t TimerService::numTimers(TimeDomain domain) const { return indexes_[static_cast<size_t>(domain)]->size; }

}  // namespace sabot::state
