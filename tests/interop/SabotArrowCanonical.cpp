// Reads an Arrow IPC file or stream with Sabot and prints its canonical JSON
// dump (format: canonical.mjs) to stdout:
//
//   sabot_arrow_canonical IN_FILE
//   sabot_arrow_canonical --dictionary-batches IN_FILE
//
// The second form prints instead how many dictionary batches (deltas
// included) the reader applied, so tests can check that a writer really sent
// deltas.
//
// Exits 1 with a message on stderr if the input cannot be read or holds a
// type the canonical format does not cover.

#include <cstdio>
#include <fstream>
#include <string>

#include "CanonicalJson.h"
#include "sabot/ipc/IpcFileReader.h"
#include "sabot/ipc/IpcFormat.h"
#include "sabot/ipc/IpcStreamReader.h"

namespace {

sabot::Result<std::string> dump(const char* path) {
  SABOT_ASSIGN_OR_RAISE(auto reader, sabot::ipc::openIpcReader(path));
  SABOT_ASSIGN_OR_RAISE(auto batches, reader->readAll());
  return sabot::interop::canonicalJson(*reader->schema(), batches);
}

sabot::Result<std::string> countDictionaryBatches(const char* path) {
  char head[8] = {};
  std::ifstream(path, std::ios::binary).read(head, 8);
  if (sabot::ipc::detectIpcFormat(std::string_view(head, 8)) == sabot::ipc::IpcFormat::kFile) {
    SABOT_ASSIGN_OR_RAISE(auto reader, sabot::ipc::IpcFileReader::make(path));
    SABOT_RETURN_NOT_OK(reader->readAll());
    return std::to_string(reader->numDictionaryBatches()) + "\n";
  }
  SABOT_ASSIGN_OR_RAISE(auto reader, sabot::ipc::IpcStreamReader::make(path));
  SABOT_RETURN_NOT_OK(reader->readAll());
  return std::to_string(reader->numDictionaryBatchesRead()) + "\n";
}

}  // namespace

int main(int argc, char** argv) {
  const bool count = argc == 3 && std::string(argv[1]) == "--dictionary-batches";
  if (argc != 2 && !count) {
    std::fprintf(stderr, "usage: sabot_arrow_canonical [--dictionary-batches] IN_FILE\n");
    return 2;
  }
  const char* path = argv[argc - 1];
  auto json = count ? countDictionaryBatches(path) : dump(path);
  if (!json.ok()) {
    std::fprintf(stderr, "sabot_arrow_canonical: %s: %s\n", path, json.status().toString().c_str());
    return 1;
  }
  std::fwrite(json->data(), 1, json->size(), stdout);
  return std::fflush(stdout) == 0 ? 0 : 1;
}
