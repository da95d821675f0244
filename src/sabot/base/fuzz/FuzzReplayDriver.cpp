// A stand-in for libFuzzer's main() when the fuzz targets are built with g++:
// runs LLVMFuzzerTestOneInput on every file of the given corpus folders, then
// on random mutations of them (bit flips, truncations, byte insertions), so the
// ASan/UBSan test build exercises each deserializer with hostile input.
//
//   FooFuzz [--iterations=N] [--seed=S] CORPUS_DIR...
//
// Real coverage-guided fuzzing uses the clang preset: `make fuzz`.

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

std::vector<uint8_t> readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

void mutate(std::vector<uint8_t>& bytes, std::mt19937_64& rng) {
  const int numEdits = 1 + static_cast<int>(rng() % 4);
  for (int edit = 0; edit < numEdits; ++edit) {
    switch (rng() % 5) {
      case 0:  // flip a bit
        if (!bytes.empty()) bytes[rng() % bytes.size()] ^= static_cast<uint8_t>(1u << (rng() % 8));
        break;
      case 1:  // truncate
        if (!bytes.empty()) bytes.resize(rng() % bytes.size());
        break;
      case 2:  // insert a random byte
        bytes.insert(bytes.begin() + static_cast<long>(bytes.empty() ? 0 : rng() % bytes.size()),
                     static_cast<uint8_t>(rng()));
        break;
      case 3:  // overwrite with an "interesting" value
        if (bytes.size() >= 4) {
          static constexpr uint32_t kInteresting[] = {0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 8, 64};
          const uint32_t value = kInteresting[rng() % std::size(kInteresting)];
          std::memcpy(&bytes[rng() % (bytes.size() - 3)], &value, 4);
        }
        break;
      default:  // set a random byte
        if (!bytes.empty()) bytes[rng() % bytes.size()] = static_cast<uint8_t>(rng());
        break;
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  long iterations = 1000;
  uint64_t seed = 42;
  std::vector<std::vector<uint8_t>> corpus;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind("--iterations=", 0) == 0) {
      iterations = std::stol(arg.substr(13));
    } else if (arg.rfind("--seed=", 0) == 0) {
      seed = std::stoull(arg.substr(7));
    } else if (std::filesystem::is_directory(arg)) {
      for (const auto& entry : std::filesystem::directory_iterator(arg)) {
        if (entry.is_regular_file()) corpus.push_back(readFile(entry.path()));
      }
    } else if (std::filesystem::is_regular_file(arg)) {
      corpus.push_back(readFile(arg));
    } else {
      std::fprintf(stderr, "fuzz driver: no such corpus file or folder: %s\n", arg.c_str());
      return 2;
    }
  }
  if (corpus.empty()) corpus.emplace_back();
  for (const auto& input : corpus) LLVMFuzzerTestOneInput(input.data(), input.size());
  std::mt19937_64 rng(seed);
  for (long i = 0; i < iterations; ++i) {
    std::vector<uint8_t> input = corpus[rng() % corpus.size()];
    mutate(input, rng);
    LLVMFuzzerTestOneInput(input.data(), input.size());
  }
  std::printf("fuzz driver: %zu corpus inputs and %ld mutations ran clean\n", corpus.size(),
              iterations);
  return 0;
}
