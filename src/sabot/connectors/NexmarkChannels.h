#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "sabot/connectors/NexmarkConfig.h"

namespace sabot::connectors {

/// The channels bids come through and their URLs (nexmark-flink's
/// BidGenerator; Beam's bids have neither field). Queries q14-q17, q21 and
/// q22 read them.
///
/// Channel names are "Google", "Facebook", "Baidu", "Apple" (the hot
/// channels) and "channel-0" .. "channel-9999". Every channel has a URL
///   https://www.nexmark.com/<a>/<b>/<c>/item.htm?query=1
/// with <a>, <b>, <c> random strings of 3 or 4 letters or '_'; nine in ten
/// numbered channels append "&channel_id=" and Java's
/// Math.abs(Integer.reverse(n)) (the bit-reversed channel number; channel 1
/// gives -2147483648, as in Java).
///
/// nexmark-flink draws these URLs from an unseeded Random, so they change
/// from run to run; here they come from a fixed seed per channel, so they
/// are the same in every run, process and subtask.
class NexmarkChannels {
 public:
  /// The table, built on first use (thread-safe) and shared.
  static const NexmarkChannels& instance();

  /// Channels by index: the numbered channels 0 .. 9999, then the hot ones
  /// at kFirstHot + 0 .. 3.
  static constexpr int32_t kFirstHot = kNexmarkNumChannels;
  static constexpr int32_t kNumChannels = kNexmarkNumChannels + kNexmarkNumHotChannels;

  /// Every URL is at most kUrlBytes long, every name at most kNameBytes,
  /// and that many bytes can be read from the start of either, so they can
  /// be copied with fixed-size moves.
  static constexpr int64_t kUrlBytes = 96;
  static constexpr int64_t kNameBytes = 16;

  std::string_view name(int32_t index) const {
    const Record& record = records_[static_cast<size_t>(index)];
    return {record.name, record.nameLength};
  }
  std::string_view url(int32_t index) const {
    const Record& record = records_[static_cast<size_t>(index)];
    return {record.url, record.urlLength};
  }
  std::string_view hotName(int32_t hot) const { return name(kFirstHot + hot); }
  std::string_view hotUrl(int32_t hot) const { return url(kFirstHot + hot); }

  /// Starts loading a channel's record into the cache: the table (1.3 MB)
  /// does not stay in L2, so bid generation asks early for the channel it
  /// picked and does its other work meanwhile.
  void prefetch(int32_t index) const {
    const char* record = reinterpret_cast<const char*>(&records_[static_cast<size_t>(index)]);
    prefetchLine(record);
    prefetchLine(record + 64);
  }

  /// Java's Math.abs(Integer.reverse(number)), wrapping at INT32_MIN.
  static int32_t javaAbsReversed(int32_t number);

 private:
  static void prefetchLine(const char* address) {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    // g++ 12 drops __builtin_prefetch here as dead code (its result is
    // unused and it has no visible effect); an asm statement stays.
    asm volatile("prefetcht0 %0" : : "m"(*address));
#else
    __builtin_prefetch(address);
#endif
  }

  NexmarkChannels();

  // One channel in two cache lines: found by index without a pointer chase.
  struct alignas(64) Record {
    char url[kUrlBytes];
    char name[kNameBytes];
    uint8_t urlLength;
    uint8_t nameLength;
  };

  std::vector<Record> records_;
};

}  // namespace sabot::connectors
