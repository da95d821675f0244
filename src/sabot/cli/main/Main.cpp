#include "sabot/cli/Cli.h"

int main(int argc, char** argv) { return sabot::cli::runMain(argc, argv); }
