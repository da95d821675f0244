#include "sabot/state/RocksDbListAppendOperator.h"

namespace sabot::state {

bool RocksDbListAppendOperator::Merge(const rocksdb::Slice& /*key*/, const rocksdb::Slice* existingValue,
                                      const rocksdb::Slice& value, std::string* newValue,
                                      rocksdb::Logger* /*logger*/) const {
  newValue->clear();
  if (existingValue != nullptr) {
    newValue->reserve(existingValue->size() + value.size());
    newValue->assign(existingValue->data(), existingValue->size());
  }
  newValue->append(value.data(), value.size());
  return true;
}

}  // namespace sabot::state
