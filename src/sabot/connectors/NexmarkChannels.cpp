#include "sabot/connectors/NexmarkChannels.h"

#include <array>
#include <cstring>
#include <limits>
#include <string>

#include "sabot/base/Check.h"
#include "sabot/connectors/NexmarkConfig.h"
#include "sabot/connectors/NexmarkRandom.h"
#include "sabot/connectors/NexmarkStrings.h"

namespace sabot::connectors {

namespace {

constexpr std::array<std::string_view, kNexmarkNumHotChannels> kHotChannelNames = {
    "Google", "Facebook", "Baidu", "Apple"};
constexpr uint64_t kUrlSeed = 0x75726c73ULL;  // "urls"

// nexmark-flink's getBaseUrl(): three path segments of nextString(5, '_').
std::string baseUrl(NexmarkRandom& random) {
  std::string url = "https://www.nexmark.com/";
  char segment[8];
  for (int i = 0; i < 3; ++i) {
    url += NexmarkStrings::nextString(random, 5, segment, '_');
    url += '/';
  }
  url += "item.htm?query=1";
  return url;
}

}  // namespace

int32_t NexmarkChannels::javaAbsReversed(int32_t number) {
  auto bits = static_cast<uint32_t>(number);
  uint32_t reversed = 0;
  for (int i = 0; i < 32; ++i) {
    reversed = (reversed << 1) | (bits & 1);
    bits >>= 1;
  }
  const auto value = static_cast<int32_t>(reversed);
  if (value == std::numeric_limits<int32_t>::min()) return value;  // Java's abs overflows
  return value < 0 ? -value : value;
}

const NexmarkChannels& NexmarkChannels::instance() {
  static const NexmarkChannels channels;
  return channels;
}

NexmarkChannels::NexmarkChannels() : records_(kNumChannels) {
  for (int32_t index = 0; index < kNumChannels; ++index) {
    NexmarkRandom random(NexmarkRandom::mix(kUrlSeed + static_cast<uint64_t>(index)));
    std::string url = baseUrl(random);
    std::string name;
    if (index < kFirstHot) {
      name = "channel-" + std::to_string(index);
      if (random.below(10) > 0) url += "&channel_id=" + std::to_string(javaAbsReversed(index));
    } else {
      name = std::string(kHotChannelNames[static_cast<size_t>(index - kFirstHot)]);
    }
    SABOT_CHECK(url.size() <= static_cast<size_t>(kUrlBytes) &&
                    name.size() <= static_cast<size_t>(kNameBytes),
                "channel {} exceeds the fixed copy sizes", index);
    Record& record = records_[static_cast<size_t>(index)];
    std::memset(&record, 0, sizeof(record));
    std::memcpy(record.url, url.data(), url.size());
    std::memcpy(record.name, name.data(), name.size());
    record.urlLength = static_cast<uint8_t>(url.size());
    record.nameLength = static_cast<uint8_t>(name.size());
  }
}

}  // namespace sabot::connectors
