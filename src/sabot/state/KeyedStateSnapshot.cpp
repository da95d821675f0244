#include "sabot/state/KeyedStateSnapshot.h"

#include <xxhash.h>

#include "sabot/state/ByteCodec.h"
#include "sabot/state/TtlFormat.h"

namespace sabot::state {

namespace {

/// Whether a snapshot leaves this entry out (TTL cleanup in full snapshots).
/// A list cell may instead be shortened into *kept.
enum class SnapshotFilter { kKeep, kDrop, kReplace };

SnapshotFilter filterForSnapshot(const StateSpec& spec, std::string_view value, int64_t nowMillis,
                                 std::string* kept) {
  if (!spec.ttl.enabled() || !spec.ttl.cleanupInFullSnapshot) return SnapshotFilter::kKeep;
  if (spec.storesListElements()) {
    switch (ttl::filterExpiredListElements(value, spec.ttl.ttlMillis, nowMillis, kept)) {
      case ttl::ListFilterResult::kUnchanged:
      case ttl::ListFilterResult::kMalformed:
        return SnapshotFilter::kKeep;
      case ttl::ListFilterResult::kChanged:
        return SnapshotFilter::kReplace;
      case ttl::ListFilterResult::kAllExpired:
        return SnapshotFilter::kDrop;
    }
  }
  return ttl::valueExpired(value, spec.ttl.ttlMillis, nowMillis) ? SnapshotFilter::kDrop : SnapshotFilter::kKeep;
}

void writeSpec(std::string* out, const StateSpec& spec) {
  bytes::appendLengthPrefixed(out, spec.name);
  out->push_back(static_cast<char>(spec.kind));
  bytes::appendLengthPrefixed(out, spec.keySignature);
  bytes::appendLengthPrefixed(out, spec.namespaceSignature);
  bytes::appendLengthPrefixed(out, spec.valueSignature);
  bytes::appendLengthPrefixed(out, spec.userKeySignature);
  bytes::appendFixedLittleEndian<int64_t>(out, spec.ttl.ttlMillis);
}

Result<StateSpec> readSpec(ByteReader& in) {
  StateSpec spec;
  SABOT_ASSIGN_OR_RAISE(auto name, in.readLengthPrefixed());
  spec.name = std::string(name);
  SABOT_ASSIGN_OR_RAISE(auto kind, in.readFixedLittleEndian<uint8_t>());
  spec.kind = static_cast<StateKind>(kind);
  if (stateKindName(spec.kind) == "unknown") return in.corrupt(fmt::format("unknown state kind {}", kind));
  SABOT_ASSIGN_OR_RAISE(auto keySignature, in.readLengthPrefixed());
  SABOT_ASSIGN_OR_RAISE(auto namespaceSignature, in.readLengthPrefixed());
  SABOT_ASSIGN_OR_RAISE(auto valueSignature, in.readLengthPrefixed());
  SABOT_ASSIGN_OR_RAISE(auto userKeySignature, in.readLengthPrefixed());
  spec.keySignature = std::string(keySignature);
  spec.namespaceSignature = std::string(namespaceSignature);
  spec.valueSignature = std::string(valueSignature);
  spec.userKeySignature = std::string(userKeySignature);
  SABOT_ASSIGN_OR_RAISE(spec.ttl.ttlMillis, in.readFixedLittleEndian<int64_t>());
  if (spec.ttl.ttlMillis < 0) return in.corrupt("negative TTL");
  return spec;
}

}  // namespace

Status KeyedStateSnapshot::writeTo(std::string* out) const {
  const size_t start = out->size();
  out->append(snapshot_format::kMagic);
  bytes::appendFixedLittleEndian<uint16_t>(out, snapshot_format::kVersion);
  bytes::appendFixedLittleEndian<uint32_t>(out, static_cast<uint32_t>(maxParallelism_));
  bytes::appendFixedLittleEndian<uint32_t>(out, static_cast<uint32_t>(keyGroups_.first));
  bytes::appendFixedLittleEndian<uint32_t>(out, static_cast<uint32_t>(keyGroups_.last));
  bytes::appendVarint(out, specs_.size());
  for (const auto& spec : specs_) writeSpec(out, spec);

  const int64_t nowMillis = clock_->nowMillis();
  std::string kept;
  for (int32_t keyGroup = keyGroups_.first; keyGroup <= keyGroups_.last; ++keyGroup) {
    bool groupStarted = false;
    for (uint32_t index = 0; index < specs_.size(); ++index) {
      const StateSpec& spec = specs_[index];
      SABOT_RETURN_NOT_OK(forEachEntryInKeyGroup(StateId(index), keyGroup, [&](const StateEntryView& entry) {
        std::string_view value = entry.value;
        switch (filterForSnapshot(spec, value, nowMillis, &kept)) {
          case SnapshotFilter::kDrop:
            return Status::OK();
          case SnapshotFilter::kReplace:
            value = kept;
            break;
          case SnapshotFilter::kKeep:
            break;
        }
        if (!groupStarted) {
          // Empty key groups take no bytes.
          out->push_back(static_cast<char>(snapshot_format::kKeyGroupTag));
          bytes::appendFixedLittleEndian<uint32_t>(out, static_cast<uint32_t>(keyGroup));
          groupStarted = true;
        }
        out->push_back(static_cast<char>(snapshot_format::kEntryTag));
        bytes::appendVarint(out, index);
        bytes::appendLengthPrefixed(out, entry.key);
        bytes::appendLengthPrefixed(out, entry.ns);
        bytes::appendLengthPrefixed(out, entry.userKey);
        bytes::appendLengthPrefixed(out, value);
        return Status::OK();
      }));
    }
  }
  out->push_back(static_cast<char>(snapshot_format::kEndTag));
  const uint64_t checksum = XXH3_64bits(out->data() + start, out->size() - start);
  bytes::appendFixedLittleEndian<uint64_t>(out, checksum);
  return Status::OK();
}

Result<std::string> KeyedStateSnapshot::toBytes() const {
  std::string out;
  SABOT_RETURN_NOT_OK(writeTo(&out));
  return out;
}

Result<KeyedStateSnapshotReader> KeyedStateSnapshotReader::make(std::string_view bytes) {
  constexpr size_t kMinimumSize = 4 + 2 + 12 + 1 + 1 + 8;
  if (bytes.size() < kMinimumSize) {
    return Status::corrupt("keyed state snapshot: {} bytes is too short to be a snapshot (at least {})",
                           bytes.size(), kMinimumSize);
  }
  if (bytes.substr(0, 4) != snapshot_format::kMagic) {
    return Status::corrupt("keyed state snapshot: does not start with the magic 'SBKS'");
  }
  const std::string_view content = bytes.substr(0, bytes.size() - 8);
  uint64_t stored;
  std::memcpy(&stored, bytes.data() + content.size(), sizeof stored);
  const uint64_t actual = XXH3_64bits(content.data(), content.size());
  if (stored != actual) {
    return Status::corrupt("keyed state snapshot: checksum mismatch (stored {:016x}, computed {:016x} over {} bytes)",
                           stored, actual, content.size());
  }

  ByteReader in(content.substr(4), "keyed state snapshot header");
  SABOT_ASSIGN_OR_RAISE(auto version, in.readFixedLittleEndian<uint16_t>());
  if (version > snapshot_format::kVersion) {
    return Status::unsupported("keyed state snapshot has format version {}; this Sabot reads up to {}", version,
                               snapshot_format::kVersion);
  }
  KeyedStateSnapshotReader reader;
  SABOT_ASSIGN_OR_RAISE(auto maxParallelism, in.readFixedLittleEndian<uint32_t>());
  SABOT_ASSIGN_OR_RAISE(auto first, in.readFixedLittleEndian<uint32_t>());
  SABOT_ASSIGN_OR_RAISE(auto last, in.readFixedLittleEndian<uint32_t>());
  if (maxParallelism < 1 || maxParallelism > 32768 || first > last || last >= maxParallelism) {
    return Status::corrupt("keyed state snapshot: key groups [{}, {}] of max parallelism {} are not valid", first,
                           last, maxParallelism);
  }
  reader.maxParallelism_ = static_cast<int32_t>(maxParallelism);
  reader.keyGroups_ = {static_cast<int32_t>(first), static_cast<int32_t>(last)};
  SABOT_ASSIGN_OR_RAISE(uint64_t numStates, in.readVarint());
  if (numStates > in.remaining()) return in.corrupt(fmt::format("state count {} exceeds the data", numStates));
  for (uint64_t i = 0; i < numStates; ++i) {
    SABOT_ASSIGN_OR_RAISE(auto spec, readSpec(in));
    reader.specs_.push_back(std::move(spec));
  }
  reader.body_ = in.readRest();
  return reader;
}

Status KeyedStateSnapshotReader::forEachEntry(
    const std::function<Status(size_t stateIndex, const StateEntryView& entry)>& visitor) const {
  ByteReader in(body_, "keyed state snapshot entries");
  int64_t keyGroup = -1;
  while (true) {
    SABOT_ASSIGN_OR_RAISE(auto tag, in.readFixedLittleEndian<uint8_t>());
    if (tag == snapshot_format::kEndTag) {
      if (!in.atEnd()) return in.corrupt("bytes after the end marker");
      return Status::OK();
    }
    if (tag == snapshot_format::kKeyGroupTag) {
      SABOT_ASSIGN_OR_RAISE(auto group, in.readFixedLittleEndian<uint32_t>());
      if (static_cast<int64_t>(group) <= keyGroup || !keyGroups_.contains(static_cast<int32_t>(group))) {
        return in.corrupt(fmt::format("key group {} is out of order or outside [{}, {}]", group, keyGroups_.first,
                                      keyGroups_.last));
      }
      keyGroup = group;
      continue;
    }
    if (tag != snapshot_format::kEntryTag) return in.corrupt(fmt::format("unknown record tag {}", tag));
    if (keyGroup < 0) return in.corrupt("entry before any key group");
    StateEntryView entry;
    entry.keyGroup = static_cast<int32_t>(keyGroup);
    SABOT_ASSIGN_OR_RAISE(uint64_t stateIndex, in.readVarint());
    if (stateIndex >= specs_.size()) {
      return in.corrupt(fmt::format("entry of state {} but the snapshot has {} states", stateIndex, specs_.size()));
    }
    SABOT_ASSIGN_OR_RAISE(entry.key, in.readLengthPrefixed());
    SABOT_ASSIGN_OR_RAISE(entry.ns, in.readLengthPrefixed());
    SABOT_ASSIGN_OR_RAISE(entry.userKey, in.readLengthPrefixed());
    SABOT_ASSIGN_OR_RAISE(entry.value, in.readLengthPrefixed());
    SABOT_RETURN_NOT_OK(visitor(static_cast<size_t>(stateIndex), entry));
  }
}

}  // namespace sabot::state
