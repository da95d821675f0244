#include "sabot/operators/window/BackendCountWindowState.h"

#include <unordered_map>

#include "sabot/operators/window/BackendWindowState.h"

namespace sabot::operators {

namespace {

class BackendCountWindowState final : public BackendWindowState {
 public:
  using BackendWindowState::BackendWindowState;
  WindowStateFormat format() const override { return WindowStateFormat::kBackendCounts; }

  Status add(const columnar::RecordBatch& batch, const std::vector<std::string>& keys, const columnar::Array*,
             const BoundAggregates::Inputs& inputs, std::vector<int64_t>&, WindowResultBuilder& updates) override {
    const size_t width = numAggregates();
    SABOT_ASSIGN_OR_RAISE(std::vector<int32_t> groups,
                          plan_->keys.keyGroups(batch, context_.maxParallelism, context_.pool));
    std::unordered_map<std::string_view, uint32_t> slots;
    std::vector<state::KeyRef> batchKeys;
    std::vector<uint32_t> rowSlots(static_cast<size_t>(batch.numRows()));
    for (int64_t row = 0; row < batch.numRows(); ++row) {
      const std::string_view key = keys[static_cast<size_t>(row)];
      auto [slot, inserted] = slots.try_emplace(key, static_cast<uint32_t>(batchKeys.size()));
      if (inserted) batchKeys.push_back(state::KeyRef{key, groups[static_cast<size_t>(row)]});
      rowSlots[static_cast<size_t>(row)] = slot->second;
    }
    if (batchKeys.empty()) return Status::OK();
    backend_->setCurrentNamespace({});
    SABOT_RETURN_NOT_OK(backend_->getCells(windows_, batchKeys, &cells_, &found_));
    std::vector<int64_t> counts(batchKeys.size(), 0);
    std::vector<Accumulator> accumulators(batchKeys.size() * width);
    for (size_t slot = 0; slot < batchKeys.size(); ++slot) {
      if (!found_[slot]) continue;
      checkpoint::SnapshotReader in(cells_[slot], "a key's count window");
      SABOT_ASSIGN_OR_RAISE(counts[slot], in.read<int64_t>());
      SABOT_RETURN_NOT_OK(plan_->aggregates.restore(&accumulators[slot * width], in));
      SABOT_RETURN_NOT_OK(in.expectEnd());
    }
    // In row order, so each key's windows close exactly every `count` rows.
    for (int64_t row = 0; row < batch.numRows(); ++row) {
      const uint32_t slot = rowSlots[static_cast<size_t>(row)];
      Accumulator* accs = &accumulators[slot * width];
      plan_->aggregates.add(accs, inputs, row);
      if (++counts[slot] == options_->window.count) {
        SABOT_RETURN_NOT_OK(updates.add(batchKeys[slot].key, 0, 0, accs));
        counts[slot] = 0;
        std::fill(accs, accs + width, Accumulator{});
      }
    }
    // Keys whose window is open are written back; those whose window just
    // closed are deleted.
    std::vector<state::KeyRef> open;
    written_.clear();
    for (size_t slot = 0; slot < batchKeys.size(); ++slot) {
      if (counts[slot] == 0) {
        if (!found_[slot]) continue;
        SABOT_RETURN_NOT_OK(backend_->setCurrentKey(batchKeys[slot].key, batchKeys[slot].keyGroup));
        backend_->setCurrentNamespace({});
        SABOT_RETURN_NOT_OK(backend_->removeCell(windows_));
        continue;
      }
      checkpoint::SnapshotWriter out;
      out.write<int64_t>(counts[slot]);
      plan_->aggregates.snapshot(&accumulators[slot * width], out);
      written_.push_back(out.release());
      open.push_back(batchKeys[slot]);
    }
    views_.assign(written_.begin(), written_.end());
    backend_->setCurrentNamespace({});
    return backend_->putCells(windows_, open, views_);
  }

 protected:
  Status onTimer(const state::TimerView&, WindowResultBuilder&) override { return Status::OK(); }
};

}  // namespace

Result<std::unique_ptr<WindowState>> makeBackendCountWindowState(const WindowAggregateOperator::Plan* plan,
                                                                 const WindowOptions* options,
                                                                 columnar::SchemaPtr output,
                                                                 const runtime::OperatorContext& context) {
  return openBackendWindowState<BackendCountWindowState>(plan, options, std::move(output), context,
                                                         "_window.counts", "none");
}

}  // namespace sabot::operators
