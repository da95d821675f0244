#include "sabot/ipc/DictionaryTracker.h"

#include <cstring>

namespace sabot::ipc {

using columnar::Array;
using columnar::ArrayData;
using columnar::ArrayDataPtr;
using columnar::DataType;
using columnar::FieldPtr;
using columnar::TypeId;

namespace {

void collectPaths(const DataType& type, const std::string& path, std::vector<std::string>& out) {
  if (type.id() == TypeId::kDictionary) {
    out.push_back(path);
    return;  // writeSchema rejects dictionaries inside dictionary values
  }
  for (const FieldPtr& child : type.fields()) collectPaths(*child->type(), path + "." + child->name(), out);
}

void collectDictionaries(const ArrayData& data, std::vector<ArrayDataPtr>& out) {
  if (data.type->id() == TypeId::kDictionary) {
    out.push_back(data.dictionary);
    return;
  }
  for (const ArrayDataPtr& child : data.children) collectDictionaries(*child, out);
}

bool sameWindow(const ArrayData& left, const ArrayData& right) {
  if (left.type != right.type && !left.type->equals(*right.type)) return false;
  if (left.offset != right.offset || left.buffers != right.buffers) return false;
  if (left.children.size() != right.children.size()) return false;
  for (size_t i = 0; i < left.children.size(); ++i) {
    if (left.children[i] != right.children[i]) return false;
  }
  return true;
}

}  // namespace

bool dictionaryHasPrefix(const ArrayData& values, const ArrayData& prefix) {
  if (values.length < prefix.length || !values.type->equals(*prefix.type)) return false;
  // The same buffers viewed from the same offset hold the same values.
  if (sameWindow(values, prefix)) return true;
  const Array left(std::make_shared<const ArrayData>(values));
  const Array right(std::make_shared<const ArrayData>(prefix));
  const TypeId id = values.type->id();
  const bool fixedWidth = columnar::isFixedWidth(id) && id != TypeId::kBool;
  const bool binary = columnar::isBinaryLike(id) || columnar::isLargeBinaryLike(id);
  if (!fixedWidth && !binary && id != TypeId::kBool && id != TypeId::kNull) {
    return left.slice(0, prefix.length).equals(right);
  }
  const int width = fixedWidth ? values.type->byteWidth() : 0;
  for (int64_t i = 0; i < prefix.length; ++i) {
    const bool valid = left.isValid(i);
    if (valid != right.isValid(i)) return false;
    if (!valid) continue;
    if (fixedWidth) {
      const uint8_t* a = values.buffers[1]->data() + (values.offset + i) * width;
      const uint8_t* b = prefix.buffers[1]->data() + (prefix.offset + i) * width;
      if (std::memcmp(a, b, static_cast<size_t>(width)) != 0) return false;
    } else if (binary) {
      if (left.stringValue(i) != right.stringValue(i)) return false;
    } else if (id == TypeId::kBool) {
      if (left.boolValue(i) != right.boolValue(i)) return false;
    }
  }
  return true;
}

DictionaryTracker::DictionaryTracker(const columnar::Schema& schema) {
  for (const FieldPtr& field : schema.fields()) collectPaths(*field->type(), field->name(), paths_);
  sent_.resize(paths_.size());
}

Result<std::vector<DictionaryUpdate>> DictionaryTracker::update(const columnar::RecordBatch& batch,
                                                                bool allowReplacement,
                                                                bool emitDeltas) {
  std::vector<ArrayDataPtr> current;
  current.reserve(paths_.size());
  for (const Array& column : batch.columns()) collectDictionaries(*column.data(), current);
  if (current.size() != paths_.size()) {
    return Status::internal("batch has {} dictionaries, the schema {}", current.size(), paths_.size());
  }

  std::vector<DictionaryUpdate> updates;
  for (size_t id = 0; id < current.size(); ++id) {
    const ArrayDataPtr& now = current[id];
    if (!now) return Status::invalid("field '{}': dictionary array without a dictionary", paths_[id]);
    const ArrayDataPtr& before = sent_[id];
    const auto dictionaryId = static_cast<int64_t>(id);
    if (!before) {
      updates.push_back({dictionaryId, now, false});
      sent_[id] = now;
      continue;
    }
    if (before == now) continue;
    if (dictionaryHasPrefix(*now, *before)) {
      if (now->length == before->length) {
        sent_[id] = now;  // equal values: remember the new memory for the fast check
        continue;
      }
      if (emitDeltas) {
        updates.push_back({dictionaryId, now->slice(before->length, now->length - before->length), true});
        sent_[id] = now;
        continue;
      }
    }
    if (!allowReplacement) {
      return Status::invalid(
          "field '{}': the dictionary changed from {} to {} values without extending the previous "
          "one{}; the IPC file format allows one dictionary per field plus deltas (use the stream "
          "format to replace dictionaries)",
          paths_[id], before->length, now->length,
          emitDeltas ? "" : " (or deltas are switched off)");
    }
    updates.push_back({dictionaryId, now, false});
    sent_[id] = now;
  }
  return updates;
}

}  // namespace sabot::ipc
