#pragma once

#include <cstdint>
#include <vector>

#include "sabot/base/Result.h"
#include "sabot/columnar/Array.h"
#include "sabot/columnar/MemoryPool.h"
#include "sabot/connectors/NexmarkChannels.h"
#include "sabot/connectors/NexmarkColumnWriters.h"
#include "sabot/connectors/NexmarkConfig.h"
#include "sabot/connectors/NexmarkEvents.h"

namespace sabot::connectors {

// Writers of the person, auction and bid columns (in the order of
// nexmarkPersonSchema() etc.). The generator appends one event view per row,
// padding the rows of other kinds in the event stream with filler values.
//
// Appending is unchecked: first hasRoomForOne() (or makeRoomForOne()), then
// generate the event with its `extra` written in place at extraSlot(), then
// append() the view. Views must come from NexmarkEventFactory (bid channels
// and URLs are copied with fixed-size moves from its padded channel table).

class NexmarkPersonWriter {
 public:
  /// Room for `capacity` rows, `expectedValid` of them persons (sizes the
  /// string buffers); generating an `extra` writes up to `extraSlotBytes`
  /// (NexmarkEventFactory::extraSlotBytes).
  Status start(int64_t capacity, int64_t expectedValid, int64_t extraSlotBytes,
               const NexmarkConfig& config, columnar::MemoryPool* pool);
  bool hasRoomForOne() const {
    return name_.hasRoom(kMaxName) && emailAddress_.hasRoom(kMaxEmail) &&
           creditCard_.hasRoom(kMaxCard) && city_.hasRoom(kMaxCity) && state_.hasRoom(kMaxState) &&
           extra_.hasRoom(extraSlotBytes_);
  }
  Status makeRoomForOne();
  char* extraSlot() { return extra_.tail(); }
  void append(const NexmarkPersonView& person);
  /// Pads every column with filler values up to `length` rows.
  void padTo(int64_t length);
  int64_t length() const { return id_.length(); }
  /// The columns; every one shares `validity` and `nullCount`.
  Result<std::vector<columnar::Array>> finish(const columnar::BufferPtr& validity,
                                              int64_t nullCount);

 private:
  // Longest values of the fixed-vocabulary strings ("Walter Spencer",
  // 6 + "@" + 4 + ".com", the card, "San Francisco", a state).
  static constexpr int64_t kMaxName = 14;
  static constexpr int64_t kMaxEmail = 15;
  static constexpr int64_t kMaxCard = 19;
  static constexpr int64_t kMaxCity = 13;
  static constexpr int64_t kMaxState = 2;

  int64_t extraSlotBytes_ = 0;
  NexmarkFixedColumn<int64_t> id_;
  NexmarkStringColumn name_;
  NexmarkStringColumn emailAddress_;
  NexmarkStringColumn creditCard_;
  NexmarkStringColumn city_;
  NexmarkStringColumn state_;
  NexmarkFixedColumn<int64_t> dateTime_;
  NexmarkStringColumn extra_;
};

class NexmarkAuctionWriter {
 public:
  Status start(int64_t capacity, int64_t expectedValid, int64_t extraSlotBytes,
               const NexmarkConfig& config, columnar::MemoryPool* pool);
  bool hasRoomForOne() const {
    return itemName_.hasRoom(kMaxItemName) && description_.hasRoom(kMaxDescription) &&
           extra_.hasRoom(extraSlotBytes_);
  }
  Status makeRoomForOne();
  char* extraSlot() { return extra_.tail(); }
  void append(const NexmarkAuctionView& auction);
  /// Pads every column with filler values up to `length` rows.
  void padTo(int64_t length);
  int64_t length() const { return id_.length(); }
  Result<std::vector<columnar::Array>> finish(const columnar::BufferPtr& validity,
                                              int64_t nullCount);

 private:
  // nextString(20) and nextString(100) are at most 19 and 99 long.
  static constexpr int64_t kMaxItemName = 19;
  static constexpr int64_t kMaxDescription = 99;

  int64_t extraSlotBytes_ = 0;
  NexmarkFixedColumn<int64_t> id_;
  NexmarkStringColumn itemName_;
  NexmarkStringColumn description_;
  NexmarkFixedColumn<int64_t> initialBid_;
  NexmarkFixedColumn<int64_t> reserve_;
  NexmarkFixedColumn<int64_t> dateTime_;
  NexmarkFixedColumn<int64_t> expires_;
  NexmarkFixedColumn<int64_t> seller_;
  NexmarkFixedColumn<int64_t> category_;
  NexmarkStringColumn extra_;
};

class NexmarkBidWriter {
 public:
  Status start(int64_t capacity, int64_t expectedValid, int64_t extraSlotBytes,
               const NexmarkConfig& config, columnar::MemoryPool* pool);
  bool hasRoomForOne() const {
    return channel_.hasRoom(NexmarkChannels::kNameBytes) &&
           url_.hasRoom(NexmarkChannels::kUrlBytes) && extra_.hasRoom(extraSlotBytes_);
  }
  Status makeRoomForOne();
  char* extraSlot() { return extra_.tail(); }
  void append(const NexmarkBidView& bid) {
    auction_.append(bid.auction);
    bidder_.append(bid.bidder);
    price_.append(bid.price);
    channel_.appendPadded<NexmarkChannels::kNameBytes>(bid.channel);
    url_.appendPadded<NexmarkChannels::kUrlBytes>(bid.url);
    dateTime_.append(bid.dateTime);
    extra_.append(bid.extra);
  }
  /// Pads every column with filler values up to `length` rows.
  void padTo(int64_t length);
  int64_t length() const { return auction_.length(); }
  Result<std::vector<columnar::Array>> finish(const columnar::BufferPtr& validity,
                                              int64_t nullCount);

 private:
  int64_t extraSlotBytes_ = 0;
  NexmarkFixedColumn<int64_t> auction_;
  NexmarkFixedColumn<int64_t> bidder_;
  NexmarkFixedColumn<int64_t> price_;
  NexmarkStringColumn channel_;
  NexmarkStringColumn url_;
  NexmarkFixedColumn<int64_t> dateTime_;
  NexmarkStringColumn extra_;
};

}  // namespace sabot::connectors
