#include <cstdio>

#include "sabot/cli/Cli.h"
#include "sabot/cli/Command.h"

namespace sabot::cli {

void registerVersionCommand(CLI::App& app, CommandAction& chosen) {
  auto* command = app.add_subcommand("version", "Print Sabot's version and build");
  command->callback([&chosen] {
    chosen.action = [] {
      std::printf("sabot %s (C++20, %s build, Arrow columnar format 1.x)\n", SABOT_VERSION,
#ifdef NDEBUG
                  "release"
#else
                  "debug"
#endif
      );
      return static_cast<int>(kExitSuccess);
    };
  });
}

}  // namespace sabot::cli
