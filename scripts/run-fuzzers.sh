#!/usr/bin/env bash
# Runs every libFuzzer target in the given folder for N seconds each, starting
# from its seed corpus; new interesting inputs are kept in build/fuzz-corpus.
#   scripts/run-fuzzers.sh build/fuzz/fuzz 60
set -euo pipefail
dir=${1:-build/fuzz/fuzz}
seconds=${2:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
for fuzzer in "$dir"/*Fuzz; do
  [ -x "$fuzzer" ] || continue
  name=$(basename "$fuzzer")
  seeds=$(find "$root/src" -type d -path "*/fuzz/corpus/$name" | head -n 1)
  work="$root/build/fuzz-corpus/$name"
  mkdir -p "$work"
  echo "== $name for ${seconds}s (seeds: ${seeds:-none})"
  "$fuzzer" -max_total_time="$seconds" -print_final_stats=1 "$work" ${seeds:+"$seeds"}
done
