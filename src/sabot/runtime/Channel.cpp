#include "sabot/runtime/Channel.h"

#include <algorithm>

namespace sabot::runtime {

bool Channel::tryPush(StreamElement& element) {
  Wakeable* toWake = nullptr;
  {
    std::lock_guard lock(mutex_);
    int64_t bytes = 0;
    if (element.isBatch()) {
      if (fullLocked()) {
        producerWaiting_ = true;
        return false;
      }
      bytes = element.batchPtr()->referencedBytes();
      ++queuedBatches_;
      queuedBytes_ += bytes;
      ++pushedBatches_;
      peakQueuedBytes_ = std::max(peakQueuedBytes_, queuedBytes_);
    }
    queue_.push_back(Queued{std::move(element), bytes});
    if (consumerWaiting_) {
      consumerWaiting_ = false;
      toWake = consumer_;
    }
  }
  // Wake outside the lock: the woken task may run at once on another thread
  // and pop from this very channel.
  if (toWake != nullptr) toWake->wake();
  return true;
}

std::optional<StreamElement> Channel::tryPop() {
  Wakeable* toWake = nullptr;
  std::optional<StreamElement> element;
  {
    std::lock_guard lock(mutex_);
    if (queue_.empty()) {
      consumerWaiting_ = true;
      return std::nullopt;
    }
    Queued& front = queue_.front();
    if (front.element.isBatch()) {
      --queuedBatches_;
      queuedBytes_ -= front.bytes;
    }
    element.emplace(std::move(front.element));
    queue_.pop_front();
    if (producerWaiting_ && !fullLocked()) {
      producerWaiting_ = false;
      toWake = producer_;
    }
  }
  if (toWake != nullptr) toWake->wake();
  return element;
}

ChannelStats Channel::stats() const {
  std::lock_guard lock(mutex_);
  return ChannelStats{queuedBatches_, queuedBytes_, peakQueuedBytes_, pushedBatches_};
}

}  // namespace sabot::runtime
