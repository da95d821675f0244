#pragma once

namespace sabot::cli {

/// Process exit codes of the `sabot` binary.
enum ExitCode : int {
  kExitSuccess = 0,
  kExitFailure = 1,  ///< the job or the data failed (bad input data, I/O error)
  kExitUsage = 2,    ///< bad flags, unknown options, invalid configuration
};

/// Parses the command line and runs the chosen command.
int runMain(int argc, char** argv);

}  // namespace sabot::cli
