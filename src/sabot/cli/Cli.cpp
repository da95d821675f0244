#include "sabot/cli/Cli.h"

#include <cstdio>

#include "sabot/base/Logging.h"
#include "sabot/cli/Command.h"

namespace sabot::cli {

int runMain(int argc, char** argv) {
  CLI::App app{
      "Sabot: a stream processing engine with Flink's guarantees on an Arrow-columnar core.\n"
      "Run 'sabot <command> --help' for a command's options.",
      "sabot"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Show the help of every command");
  std::string logLevel = "warn";
  bool jsonLogs = false;
  app.add_option("--log-level", logLevel, "trace, debug, info, warn, error or off")
      ->capture_default_str();
  app.add_flag("--log-json", jsonLogs, "Write logs as one JSON object per line");

  CommandAction chosen;
  registerVersionCommand(app, chosen);
  registerConvertCommand(app, chosen);
  registerRunFileCommand(app, chosen);
  registerDemoCommand(app, chosen);
  registerNexmarkCommand(app, chosen);
  registerNexmarkGenCommand(app, chosen);
  registerCheckpointCommand(app, chosen);

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& success) {
    return app.exit(success);  // --help
  } catch (const CLI::ParseError& error) {
    app.exit(error);
    return kExitUsage;
  }
  if (Status status = logging::initialize(logLevel, jsonLogs); !status.ok()) {
    std::fprintf(stderr, "sabot: %s\n", status.message().c_str());
    return kExitUsage;
  }
  if (!chosen.action) {
    std::fprintf(stderr, "sabot: no command given; see 'sabot --help'\n");
    return kExitUsage;
  }
  return chosen.action();
}

}  // namespace sabot::cli
